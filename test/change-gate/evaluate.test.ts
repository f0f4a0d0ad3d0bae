// The change-gate's judgement on real pull-request templates (test/fixtures/change-gate, SOURCES.md says
// where each came from): the template as it comes fails, naming each section; filled in, it passes.
import { readFileSync } from 'node:fs'

import { describe, expect, it } from 'vitest'

import { DEFAULT_TICKET_PATTERN, GateRules, evaluate } from '../../src/change-gate/evaluate.js'

const fixture = (name: string) =>
  readFileSync(new URL(`../fixtures/change-gate/${name}`, import.meta.url), 'utf8')

/** The template with some of its text replaced; a replacement that finds nothing is a broken test. */
function fill(template: string, replacements: [string, string][]): string {
  let body = template
  for (const [from, to] of replacements) {
    expect(body, `the template holds ${JSON.stringify(from)}`).toContain(from)
    body = body.replaceAll(from, to)
  }
  return body
}

/** Strikes through the open task items that start with one of `starts`, to the end of their line. */
function strikeThrough(body: string, starts: string[]): string {
  for (const start of starts) expect(body).toContain(`- [ ] ${start}`)
  return body
    .split('\n')
    .map((line) => {
      const item = starts.some((start) => line.startsWith(`- [ ] ${start}`))
      return item ? `- [ ] ~~${line.slice(6).trimEnd()}~~` : line
    })
    .join('\n')
}

const rules = (overrides: Partial<GateRules> = {}): GateRules => ({
  requiredSections: ['Rollback plan', 'Test evidence'],
  minWords: 3,
  ticketPattern: DEFAULT_TICKET_PATTERN,
  checklist: true,
  requiredLabels: [],
  templates: [],
  ...overrides,
})

const gate = (body: string, overrides: Partial<GateRules> = {}, labels: string[] = [], title = 'A change') =>
  evaluate({ title, body, labels }, rules(overrides))

const statusOf = (result: ReturnType<typeof evaluate>, id: string) =>
  result.checks.find((check) => check.id === id)?.status

describe('grafana/grafana template (bold labels, bracketed placeholder text, a task list)', () => {
  const template = fixture('grafana-pull_request_template.md')
  const grafana = {
    requiredSections: ['What is this feature?', 'Why do we need this feature?'],
    templates: [template],
  }
  const filled = fill(template, [
    [
      '[Add a brief description of what the feature or update does.]',
      'Adds a retry budget to the alerting scheduler.',
    ],
    [
      '[Add a description of the problem the feature is trying to solve.]',
      'Alert rules flapped when the datasource timed out once.',
    ],
    ['Fixes #\n', 'Fixes #48213\n'],
    ['- [ ] It works', '- [x] It works'],
    ['- [ ] If this is a pre-GA', '- [x] If this is a pre-GA'],
    ['- [ ] The docs are updated', '- [x] The docs are updated'],
  ])

  it('passes when filled in', () => {
    const result = gate(filled, grafana)
    expect(result.missing).toEqual([])
    expect(result.checks.map((c) => c.status)).toEqual(['pass', 'pass', 'pass', 'pass'])
  })

  it("fails the template as it comes, naming each section that holds only the template's text", () => {
    const result = gate(template, grafana)
    expect(result.missing).toEqual([
      'What is this feature?',
      'Why do we need this feature?',
      'ticket',
      'checklist',
    ])
    const section = result.checks.find((c) => c.id === 'section:what is this feature?')!
    expect(section.detail).toBe(`"What is this feature?" holds only the template's placeholder text`)
    expect(section.recommendation).toContain('## What is this feature?')
  })

  it('fails only the section left as the placeholder', () => {
    const body = fill(filled, [
      [
        'Alert rules flapped when the datasource timed out once.',
        '[Add a description of the problem the feature is trying to solve.]',
      ],
    ])
    expect(gate(body, grafana).missing).toEqual(['Why do we need this feature?'])
  })

  it("counts only the author's words when the placeholder was kept beside them", () => {
    const body = fill(filled, [
      [
        'Adds a retry budget',
        '[Add a brief description of what the feature or update does.] Adds a retry budget',
      ],
    ])
    expect(statusOf(gate(body, grafana), 'section:what is this feature?')).toBe('pass')
    const short = fill(template, [
      [
        '[Add a brief description of what the feature or update does.]',
        '[Add a brief description of what the feature or update does.] Retries.',
      ],
    ])
    expect(gate(short, grafana).checks[0].detail).toBe('"What is this feature?" has 1 word, fewer than 3')
  })

  it('finds the placeholder only through the template: without it, the bracketed text reads as words', () => {
    expect(statusOf(gate(template, { ...grafana, templates: [] }), 'section:what is this feature?')).toBe(
      'pass',
    )
  })

  it('reads "Fixes #" with no number as no ticket', () => {
    expect(gate(template, grafana).checks.find((c) => c.id === 'ticket')?.detail).toBe(
      'no ticket reference in the title or description (looked for a key such as ABC-123, #123 or an issue link)',
    )
  })
})

describe('home-assistant/core template (headings, guidance in HTML comments, task lists)', () => {
  const template = fixture('home-assistant-pull_request_template.md')
  const ha = { requiredSections: ['Proposed change', 'Breaking change'], templates: [template] }

  it('fails sections that hold only the comment: a comment is not shown and does not count', () => {
    const result = gate(template, ha)
    expect(result.checks[0].detail).toBe('"Proposed change" is empty (HTML comments do not count)')
    expect(result.missing).toEqual(['Proposed change', 'Breaking change', 'ticket', 'checklist'])
  })

  it('passes when filled in, with the items that do not apply struck through or marked N/A', () => {
    const body = fill(template, [
      ['## Breaking change\n', '## Breaking change\nNone: the option keeps its old name as an alias.\n'],
      [
        '## Proposed change\n',
        '## Proposed change\nThe integration polls the hub every 30 seconds instead of 10.\n',
      ],
      ['fixes #\n', 'fixes #123456\n'],
      ['- [ ] Bugfix', '- [x] Bugfix'],
      ['- [ ] The code change', '- [x] The code change'],
      ['- [ ] Local tests', '- [x] Local tests'],
      ['- [ ] There is no', '- [x] There is no'],
      ['- [ ] I have followed the [development', '- [x] I have followed the [development'],
      ['- [ ] I have followed the [perfect', '- [x] I have followed the [perfect'],
      ['- [ ] The code has been', '- [x] The code has been'],
      ['- [ ] Tests have been', '- [x] Tests have been'],
      ['- [ ] Documentation added', '- [ ] (N/A) Documentation added'],
      ['- [ ] The [manifest', '- [ ] N/A: The [manifest'],
      ['- [ ] New or updated', '- [ ] (optional) New or updated'],
      ['- [ ] Untested files', '- [ ] N/A Untested files'],
      ['- [ ] I have reviewed two', '- [x] I have reviewed two'],
    ])
    const struck = [
      'Dependency upgrade',
      'New integration',
      'New feature',
      'Deprecation',
      'Breaking change (',
    ]
    const result = gate(strikeThrough(body, [...struck, 'Code quality', 'For the updated dependencies']), ha)
    expect(result.missing).toEqual([])
    expect(result.checks.find((c) => c.id === 'checklist')?.detail).toBe(
      '9 of 9 items ticked (11 optional, N/A or struck through)',
    )
  })

  it('names the items left unticked', () => {
    const result = gate(template, { ...ha, requiredSections: [] })
    expect(result.checks.find((c) => c.id === 'checklist')?.detail).toMatch(
      /^20 of 20 items not ticked: "Dependency upgrade", .* and 15 more$/,
    )
  })

  it('does not count task items inside an HTML comment', () => {
    const body = template
      .replace('- [ ] I have reviewed two other', '<!--\n- [ ] I have reviewed two other')
      .replace('in this repository.\n', 'in this repository.\n-->\n')
    const open = (text: string) =>
      Number(/(\d+) of/.exec(gate(text, { requiredSections: [] }).checks[1].detail)?.[1])
    expect(open(body)).toBe(open(template) - 1)
  })
})

describe('kubernetes/kubernetes template (bold labels with the colon outside)', () => {
  const template = fixture('kubernetes-pull_request_template.md')
  const k8s = {
    requiredSections: ['What this PR does / why we need it', 'Release note'],
    templates: [template],
  }

  it('fails the empty labels, passes them filled', () => {
    expect(gate(template, k8s).missing).toEqual([
      'What this PR does / why we need it',
      'Release note',
      'ticket',
    ])
    const body = fill(template, [
      [
        '**What this PR does / why we need it**:\n',
        '**What this PR does / why we need it**: kubelet retries image pulls with backoff.\n',
      ],
      [
        'will close that issue when PR gets merged)*: fixes #',
        'will close that issue when PR gets merged)*: fixes #118802',
      ],
      ['```release-note\n```', '```release-note\nThe kubelet now backs off between image pull retries.\n```'],
    ])
    expect(gate(body, k8s).missing).toEqual([])
  })
})

describe('nodejs/node template (a checklist under an h5 heading)', () => {
  const template = fixture('nodejs-pull_request_template.md')

  it('fails unticked items and passes once they are ticked or struck through', () => {
    const result = gate(template, {
      requiredSections: ['Affected core subsystem(s)'],
      ticketPattern: undefined,
    })
    expect(result.missing).toEqual(['Affected core subsystem(s)', 'checklist'])
    const body = fill(template, [
      ['- [ ] `make', '- [x] `make'],
      ['- [ ] tests and/or benchmarks are included', '- [x] tests and/or benchmarks are included'],
      ['- [ ] documentation is changed or added', '- [ ] ~~documentation is changed or added~~'],
      ['- [ ] commit message', '- [X] commit message'],
      [
        '(like doc, cluster, crypto, etc). -->\n',
        '(like doc, cluster, crypto, etc). -->\nfs, stream and test\n',
      ],
    ])
    expect(
      gate(body, { requiredSections: ['Affected core subsystem(s)'], ticketPattern: undefined }).missing,
    ).toEqual([])
  })
})

describe('sections', () => {
  const body = (content: string) =>
    `## Rollback plan\n${content}\n\n**Test evidence:** ran the unit tests locally\n\nOPS-12`

  it('accepts headings of any level and bold labels, matched without case', () => {
    const result = gate(
      '# ROLLBACK PLAN\nRevert and redeploy v1.4.\n\n**test evidence**: ran the suite on staging\n\nOPS-12',
    )
    expect(result.missing).toEqual([])
  })

  it.each([
    ['N/A', '"Rollback plan" says only "N/A"'],
    ['TBD', '"Rollback plan" says only "TBD"'],
    // A lone '-' is an empty list item in Markdown: nothing is left to read.
    ['-', '"Rollback plan" is empty (HTML comments do not count)'],
    ['--', '"Rollback plan" says only "--"'],
    ['', '"Rollback plan" is empty (HTML comments do not count)'],
    ['<!-- describe how to undo the change -->', '"Rollback plan" is empty (HTML comments do not count)'],
    ['Revert it.', '"Rollback plan" has 2 words, fewer than 3'],
  ])('fails %j', (content, detail) => {
    const result = gate(body(content))
    expect(result.missing).toEqual(['Rollback plan'])
    expect(result.checks[0]).toMatchObject({ status: 'fail', detail })
  })

  it('fails filler words even under a min-words of 1', () => {
    expect(gate(body('N/A'), { minWords: 1 }).missing).toEqual(['Rollback plan'])
    expect(gate(body('Revert.'), { minWords: 1 }).missing).toEqual([])
  })

  it('names a missing section and shows what would pass', () => {
    const result = gate('**Test evidence:** ran the unit tests locally\n\nOPS-12')
    expect(result.checks[0]).toMatchObject({
      status: 'fail',
      detail: 'no heading or bold label "Rollback plan" in the description',
      recommendation: expect.stringContaining('"## Rollback plan" heading (or a "**Rollback plan:**" label)'),
    })
  })

  it('accepts a remark after the name, not another name that starts alike', () => {
    const body = (heading: string) =>
      `### ${heading}\nRevert and redeploy v1.4.\n\n## Test evidence\nran the suite on staging\n\nOPS-12`
    expect(gate(body('Rollback plan (how to undo it)')).missing).toEqual([])
    expect(gate(body('Rollback plan - required')).missing).toEqual([])
    expect(gate(body('Rollback planning notes')).missing).toEqual(['Rollback plan'])
  })

  it('keeps sub-headings in their section and counts code as content', () => {
    const result = gate(
      '## Test evidence\n### Unit\n```\n42 passed in 3.1s\n```\n## Rollback plan\nRevert the migration first.\n#7',
    )
    expect(result.missing).toEqual([])
  })

  it('reads no heading inside a code block', () => {
    expect(
      gate('```\n## Rollback plan\nrevert the change now\n```\n**Test evidence:** unit tests passed here #7')
        .missing,
    ).toEqual(['Rollback plan'])
  })
})

describe('ticket', () => {
  const sections = '## Rollback plan\nRevert and redeploy.\n## Test evidence\nUnit tests pass locally.\n'
  it.each([
    ['OPS-1234', 'OPS-1234'],
    ['Fixes #77', '#77'],
    ['See acme/api#12', 'acme/api#12'],
    ['[the issue](https://github.com/acme/api/issues/9)', 'https://github.com/acme/api/issues/9'],
  ])('finds %j', (text, found) => {
    expect(gate(sections + text).checks[2]).toMatchObject({ status: 'pass', detail: `names ${found}` })
  })

  it('reads the title too', () => {
    expect(gate(sections, {}, [], 'OPS-9: faster login').missing).toEqual([])
  })

  it.each(['UTF-8 and SHA-256 only', '<!-- OPS-1 -->', 'Fixes #', 'see &#123;'])(
    'finds no ticket in %j',
    (text) => {
      expect(gate(sections + text).missing).toEqual(['ticket'])
    },
  )

  it('takes a pattern of its own', () => {
    expect(gate(sections + 'CHG0012345', { ticketPattern: /CHG\d{7}/u }).missing).toEqual([])
    expect(gate(sections + 'OPS-1', { ticketPattern: /CHG\d{7}/u }).checks[2].detail).toContain('/CHG\\d{7}/')
  })
})

describe('labels', () => {
  const body = '## Rollback plan\nRevert and redeploy.\n## Test evidence\nUnit tests pass locally.\nOPS-1'
  it('requires each label, without case, one check each', () => {
    const result = gate(body, { requiredLabels: ['reviewed', 'risk:low'] }, ['Reviewed'])
    expect(result.missing).toEqual(['label risk:low'])
    expect(result.checks.slice(-2).map((c) => c.status)).toEqual(['pass', 'fail'])
  })
})
