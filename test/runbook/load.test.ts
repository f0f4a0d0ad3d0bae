import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import { afterAll, afterEach, describe, expect, it } from 'vitest'

import ACTION_INPUTS from '../../src/cli/action-inputs.json' with { type: 'json' }
import { clearSecretsForTests, redact } from '../../src/core/secrets.js'
import { LoadOptions, loadRunbookPlan, parseRunbookPlan } from '../../src/runbook/load.js'
import { configError } from '../support/assertions.js'

const fixture = (name: string) => new URL(`../fixtures/runbook/${name}`, import.meta.url).pathname
/** The issue's block, verbatim. */
const ISSUE = readFileSync(fixture('issue.yml'), 'utf8')
const ENV = { DATABASE_URL: 'postgres://app:s3cret-pw@db.internal:5432/trusted_login_db' }

const plan = (text: string, options: Partial<LoadOptions> = {}) =>
  parseRunbookPlan(text, { file: '.github/runbook.yml', env: ENV, ...options })
const error = (text: string, options: Partial<LoadOptions> = {}) => configError(() => plan(text, options))

afterEach(() => clearSecretsForTests())

describe('the issue’s runbook file', () => {
  it('loads the weekly schedule into checks with the defaults their actions declare', () => {
    expect(plan(ISSUE, { schedule: 'weekly' })).toEqual({
      file: '.github/runbook.yml',
      schedule: 'weekly',
      maxParallel: 1,
      checks: [
        {
          id: 'backup-verify',
          action: 'backup-verify',
          // The shared database-url is production's: never backup-verify's restore target.
          inputs: { 'backup-dir': '/var/backups/trusted_login_db' },
          where: '.github/runbook.yml:13:9',
        },
        {
          id: 'db-maintain',
          action: 'db-maintain',
          inputs: { 'database-url': ENV.DATABASE_URL },
          where: '.github/runbook.yml:14:9',
        },
        // dep-audit has neither url nor database-url: no default reaches it.
        {
          id: 'dep-audit',
          action: 'dep-audit',
          inputs: { 'fail-on': 'high' },
          where: '.github/runbook.yml:15:9',
        },
      ],
    })
  })

  it('gives backup-verify a restore server only when the check names one itself', () => {
    const text = `defaults:
  database-url: \${{ env.DATABASE_URL }}
schedules:
  monthly:
    checks:
      - backup-verify: { backup-dir: /backups, database-url: postgres://postgres@127.0.0.1:5433/postgres }
      - db-maintain: {}
`
    const [restore, maintain] = plan(text).checks
    expect(restore?.inputs['database-url']).toBe('postgres://postgres@127.0.0.1:5433/postgres')
    expect(maintain?.inputs['database-url']).toBe(ENV.DATABASE_URL)
  })

  it('loads the daily schedule: health-gate gets url, log-review gets neither default', () => {
    const daily = plan(ISSUE, { schedule: 'daily' })
    expect(daily.checks).toEqual([
      {
        id: 'health-gate',
        action: 'health-gate',
        inputs: {
          url: 'https://login.example.com/health',
          'required-checks': 'database',
          smoke: '.github/smoke.yml',
        },
        where: '.github/runbook.yml:8:9',
      },
      {
        id: 'log-review',
        action: 'log-review',
        inputs: { paths: 'logs/app.log', since: '24h' },
        where: '.github/runbook.yml:9:9',
      },
    ])
  })

  it('reads the file relative to the workspace, and names the input runbook when it is missing', () => {
    const workspace = mkdtempSync(join(tmpdir(), 'runbook-'))
    try {
      writeFileSync(join(workspace, 'runbook.yml'), ISSUE)
      expect(
        loadRunbookPlan({ file: 'runbook.yml', workspace, env: ENV, schedule: 'daily' }).checks,
      ).toHaveLength(2)
      expect(configError(() => loadRunbookPlan({ file: '.github/runbook.yml', workspace, env: {} }))).toBe(
        "input 'runbook' is '.github/runbook.yml': there is no such file in the workspace: create it (start from examples/runbook.yml of runbook-actions) or set 'runbook' to its path relative to the workspace",
      )
      // A directory given as the file (a path that stops one folder short) says so.
      expect(configError(() => loadRunbookPlan({ file: '.', workspace, env: {} }))).toBe(
        "input 'runbook' is '.': that is a directory, not the runbook file: create it (start from examples/runbook.yml of runbook-actions) or set 'runbook' to its path relative to the workspace",
      )
    } finally {
      rmSync(workspace, { recursive: true })
    }
  })
})

describe('input values', () => {
  it('numbers and booleans become text, lists one item per line, null an empty value', () => {
    const text = `schedules:
  s:
    checks:
      - backup-verify: { backup-dir: /b, days: 7, amcheck: true, expect-tables: [users, sessions], pattern: }
`
    expect(plan(text).checks[0].inputs).toEqual({
      'backup-dir': '/b',
      days: '7',
      amcheck: 'true',
      'expect-tables': 'users\nsessions',
      pattern: '',
    })
  })

  it('a check’s own value wins over defaults and the inputs handed down; an empty hand-down is no value', () => {
    const text = `defaults: { token: from-defaults, incident-issue: 'false', url: https://a.example/health }
schedules:
  s:
    checks:
      - health-gate: { token: own }
      - db-maintain: { database-url: postgres://x@h/db }
      - log-review: {}
`
    const checks = plan(text, {
      handDown: { 'incident-issue': 'true', token: 'handed', 'notify-webhook': '' },
    }).checks
    expect(checks[0].inputs).toEqual({
      url: 'https://a.example/health',
      token: 'own',
      'incident-issue': 'true',
    })
    expect(checks[1].inputs).toEqual({
      token: 'handed',
      'incident-issue': 'true',
      'database-url': 'postgres://x@h/db',
    })
    // log-review declares none of them.
    expect(checks[2].inputs).toEqual({})
  })

  it('a repeated action gets #2, #3 and keeps its place', () => {
    const text = `schedules:
  s:
    max-parallel: 3
    checks:
      - log-review: { paths: a.log }
      - dep-audit: {}
      - log-review: { paths: b.log }
      - log-review:
`
    const result = plan(text)
    expect(result.maxParallel).toBe(3)
    expect(result.checks.map((c) => [c.id, c.where])).toEqual([
      ['log-review', '.github/runbook.yml:5:9'],
      ['dep-audit', '.github/runbook.yml:6:9'],
      ['log-review#2', '.github/runbook.yml:7:9'],
      ['log-review#3', '.github/runbook.yml:8:9'],
    ])
  })
})

describe('${{ env.NAME }}', () => {
  const text = (value: string) => `schedules:
  s:
    checks:
      - log-review: { paths: '${value}' }
`
  it('is filled from env, with spaces inside the braces or none; unset is empty as in a workflow', () => {
    const env = { LOG_DIR: '/var/log/app', HOST: 'web1' }
    expect(
      plan(text('${{env.LOG_DIR}}/${{   env.HOST }}.log ${{ env.UNSET }}'), { env }).checks[0].inputs.paths,
    ).toBe('/var/log/app/web1.log ')
  })

  it('masks the value of a variable whose name looks secret, not of others', () => {
    const env = { API_TOKEN: 'tok-123456', DATABASE_URL: ENV.DATABASE_URL, LOG_DIR: '/var/log/app' }
    const paths = plan(text('${{ env.API_TOKEN }} ${{ env.DATABASE_URL }} ${{ env.LOG_DIR }}'), { env })
      .checks[0].inputs.paths
    expect(paths).toBe(`tok-123456 ${ENV.DATABASE_URL} /var/log/app`)
    expect(redact(paths)).toBe('*** *** /var/log/app')
  })

  it.each([
    ['${{ secrets.DB_URL }}', 'DB_URL'],
    ['${{ vars.HOST }}', 'HOST'],
    ['x ${{ github.event.schedule }}', 'NAME'],
  ])('%s is an error at its line:col saying a runbook file is not a workflow', (value, name) => {
    const message = error(text(value))
    const col = 31 + value.indexOf('${{')
    expect(message).toMatch(new RegExp(`^runbook file \\.github/runbook\\.yml:4:${col}: `))
    expect(message).toContain('a runbook file is not a workflow')
    expect(message).toContain(`write \${{ env.${name} }}`)
  })

  it('is an error in defaults and in a schedule that is not the one chosen', () => {
    expect(
      error(
        `defaults:
  token: \${{ secrets.GITHUB_TOKEN }}
schedules:
  a: { checks: [ log-review: {} ] }
  b:
    checks:
      - log-review: { since: [ 24h, "\${{ secrets.X }}" ] }
`,
        { schedule: 'a' },
      ),
    ).toMatch(/^runbook file \.github\/runbook\.yml:2:10: \$\{\{ secrets\.GITHUB_TOKEN \}\} is not filled in/)
    expect(
      error(
        `schedules:
  a: { checks: [ log-review: {} ] }
  b:
    checks:
      - log-review: { since: [ 24h, "\${{ secrets.X }}" ] }
`,
        { schedule: 'a' },
      ),
    ).toMatch(/^runbook file \.github\/runbook\.yml:5:38: /)
  })
})

describe('mistakes, each at its line and column', () => {
  const cases: [string, string, string][] = [
    [
      'a misspelt input',
      ISSUE.replace('required-checks', 'requried-checks'),
      "runbook file .github/runbook.yml:8:24: health-gate has no input 'requried-checks': did you mean 'required-checks'?",
    ],
    [
      'an unknown input with nothing close',
      ISSUE.replace('db-maintain: {}', 'db-maintain: { colour: blue }'),
      "runbook file .github/runbook.yml:14:24: db-maintain has no input 'colour': see the inputs in actions/db-maintain/action.yml",
    ],
    [
      'an unknown action',
      ISSUE.replace('- log-review', '- log-reveiw'),
      "runbook file .github/runbook.yml:9:9: 'log-reveiw' is not an action: did you mean 'log-review'?",
    ],
    [
      'a default no action declares',
      ISSUE.replace('  url:', '  urll:'),
      "runbook file .github/runbook.yml:2:3: no action has an input 'urll': did you mean 'url'?",
    ],
    [
      'an unknown key of a schedule',
      ISSUE.replace("cron: '23", "crn: '23"),
      "runbook file .github/runbook.yml:11:5: unknown key 'crn' in schedule 'weekly': did you mean 'cron'?",
    ],
    [
      'an unknown top-level key',
      ISSUE.replace('defaults:', 'default:'),
      "runbook file .github/runbook.yml:1:1: unknown key 'default': did you mean 'defaults'?",
    ],
    [
      'two actions in one check',
      ISSUE.replace('db-maintain: {}', 'db-maintain: {}\n        log-review: {}'),
      'runbook file .github/runbook.yml:14:9: a check names exactly one action: write each as its own item, - <action>: { <inputs> }',
    ],
    [
      'an input indented no deeper than its action',
      ISSUE.replace('- db-maintain: {}', '- db-maintain:\n        mode: report'),
      "runbook file .github/runbook.yml:14:9: 'mode' is not an action: to give it to db-maintain, indent it under db-maintain (deeper than the action's name), or write - db-maintain: { mode: <value> }",
    ],
    [
      'checks: with nothing under it',
      'schedules:\n  daily:\n    checks:\n',
      "runbook file .github/runbook.yml:3:12: schedule 'daily' has no checks: list at least one under checks:, - <action>: { <inputs> }",
    ],
    [
      'a schedule that lists its checks without checks:',
      'schedules:\n  daily:\n    - log-review: {}\n',
      "runbook file .github/runbook.yml:3:5: schedule 'daily' lists its checks under checks:, indented under the schedule: daily: { checks: [ - <action>: { <inputs> } ] }",
    ],
    [
      'a check with no space after its dash',
      ISSUE.replace('- db-maintain: {}', '-db-maintain: {}').replace(/- (backup|dep)/g, '-$1'),
      "runbook file .github/runbook.yml:13:7: '-backup-verify' needs a space after the dash to be a list item: - backup-verify: { <inputs> }",
    ],
    [
      'a check that is a bare name',
      ISSUE.replace('- db-maintain: {}', '- db-maintain'),
      "runbook file .github/runbook.yml:14:9: a check is a mapping with the action's name: - <action>: { <inputs> }",
    ],
    [
      'an input value that is a mapping',
      ISSUE.replace('db-maintain: {}', 'db-maintain: { tables: { users: 1 } }'),
      'runbook file .github/runbook.yml:14:32: an input value is a string, a number, a boolean or a list of them: write it as text',
    ],
    [
      'a cron that is not text',
      ISSUE.replace("cron: '23 7 * * 1'", 'cron: { at: 7 }'),
      "runbook file .github/runbook.yml:11:11: cron must be a cron expression or a list of them, as in the workflow's on.schedule",
    ],
    [
      'max-parallel 0',
      ISSUE.replace("cron: '23 7 * * 1'", 'max-parallel: 0'),
      'runbook file .github/runbook.yml:11:19: max-parallel is how many checks may run at once: a whole number, 1 or more',
    ],
    [
      'an empty cron list',
      ISSUE.replace("cron: '23 7 * * 1'", 'cron: []'),
      "runbook file .github/runbook.yml:11:11: cron must be a cron expression or a list of them, as in the workflow's on.schedule",
    ],
    [
      'a required input given nowhere',
      ISSUE.replace('  url: https://login.example.com/health\n', ''),
      "runbook file .github/runbook.yml:7:9: health-gate needs the input 'url': give it here or in defaults",
    ],
    [
      'a YAML syntax error',
      ISSUE.replace('{ paths: logs/app.log, since: 24h }', '{ paths: logs/app.log, since: 24h'),
      'runbook file .github/runbook.yml:10:3: YAML syntax error:',
    ],
    [
      'an empty file',
      '# nothing yet\n',
      'runbook file .github/runbook.yml:1:1: the file is empty: add schedules: with the checks to run (see examples/runbook.yml)',
    ],
    [
      'no schedules',
      'defaults: { url: https://a.example }\n',
      "runbook file .github/runbook.yml:1:1: 'schedules' is missing: add schedules: { daily: { checks: [ ... ] } } (see examples/runbook.yml)",
    ],
  ]
  it.each(cases)('%s', (_, text, expected) => {
    const message = error(text, { schedule: 'daily' })
    expect(message.slice(0, expected.length)).toBe(expected)
    expect(message).not.toContain('\n')
  })

  it('YAML mistakes say how to fix them', () => {
    const cases: [string, string][] = [
      [
        'schedules:\n  daily:\n    checks:\n      - db-maintain: { database-url: ${{ env.DATABASE_URL }} }\n',
        "runbook file .github/runbook.yml:4:39: YAML syntax error: Unexpected flow-map-start at node end: inside { } or [ ], quote an expression: '${{ env.NAME }}'",
      ],
      [
        'schedules:\n\tdaily:\n',
        'runbook file .github/runbook.yml:2:1: YAML syntax error: Tabs are not allowed as indentation: indent with spaces',
      ],
      [
        'schedules:\n  daily:\n    checks: []\n  daily:\n    checks: []\n',
        "runbook file .github/runbook.yml:4:3: YAML syntax error: Map keys must be unique: 'daily' is written twice at this level: keep one",
      ],
      [
        'schedules:\n  daily:\n    checks: []\n   weekly:\n    checks: []\n',
        'runbook file .github/runbook.yml:4:1: YAML syntax error: All mapping items must start at the same column: indent this key by as many spaces as the keys beside it',
      ],
      [
        'schedules:\n  daily:\n    checks:\n      - log-review: {}\n      -db-maintain: {}\n',
        "runbook file .github/runbook.yml:5:1: YAML syntax error: All mapping items must start at the same column: a list item needs a space after its dash: '- '",
      ],
    ]
    for (const [text, expected] of cases) expect(error(text)).toBe(expected)
  })

  it('an empty list of checks', () => {
    expect(error('schedules:\n  daily:\n    checks: []\n')).toBe(
      "runbook file .github/runbook.yml:3:13: schedule 'daily' has no checks: add at least one, - <action>: { <inputs> }",
    )
  })
})

describe('choosing the schedule', () => {
  const text = `schedules:
  daily:
    cron: '17 6 * * *'
    checks: [ log-review: {} ]
  monthly:
    cron: ['30 2 1-7 * *', '0 4 15 * *']
    checks: [ dep-audit: {} ]
`
  it('by the schedule input, whatever the event', () => {
    expect(
      plan(text, { schedule: 'monthly', event: { name: 'schedule', schedule: '17 6 * * *' } }).schedule,
    ).toBe('monthly')
  })

  it('by the cron that fired, as a string or in a list, spacing aside', () => {
    expect(plan(text, { event: { name: 'schedule', schedule: '17 6 * * *' } }).schedule).toBe('daily')
    expect(
      plan(text, { schedule: '', event: { name: 'schedule', schedule: ' 0  4 15 * * ' } }).schedule,
    ).toBe('monthly')
  })

  it('the only schedule when the run was not started by a cron', () => {
    expect(
      plan('schedules:\n  weekly: { checks: [ dep-audit: {} ] }\n', { event: { name: 'workflow_dispatch' } }),
    ).toMatchObject({ schedule: 'weekly', maxParallel: 1 })
  })

  it('errors list the schedules and say what to do', () => {
    expect(error(text, { schedule: 'nightly' })).toBe(
      "input 'schedule' is 'nightly': the runbook file .github/runbook.yml has no such schedule: use one of daily, monthly",
    )
    expect(error(text, { event: { name: 'schedule', schedule: '0 3 * * *' } })).toBe(
      "runbook file .github/runbook.yml:1:1: no schedule has the cron '0 3 * * *' that triggered this run: add it to the `cron` of one of daily, monthly, or set the input 'schedule'",
    )
    expect(error(text, { event: { name: 'push' } })).toBe(
      "runbook file .github/runbook.yml:1:1: the run was not started by a cron (event 'push'), so the input 'schedule' must say which to run: one of daily, monthly",
    )
  })
})

describe('text from outside stays data', () => {
  it('a value holding a workflow command is kept as it is, in the plan only', () => {
    const text = `schedules:\n  s:\n    checks:\n      - log-review: { ignore: "x\\n::error::pwned\\n::add-mask::y" }\n`
    expect(plan(text).checks[0].inputs.ignore).toBe('x\n::error::pwned\n::add-mask::y')
  })

  it('a key with newlines is shown escaped on one line', () => {
    const message = error(`schedules:\n  s:\n    checks:\n      - log-review: { "a\\n::error::x": 1 }\n`)
    expect(message).toBe(
      "runbook file .github/runbook.yml:4:23: log-review has no input 'a\\n::error::x': see the inputs in actions/log-review/action.yml",
    )
    expect(message).not.toContain('\n')
  })

  it('a schedule input with a newline is shown escaped', () => {
    expect(error(ISSUE, { schedule: 'x\n::error::y' })).toBe(
      "input 'schedule' is 'x\\n::error::y': the runbook file .github/runbook.yml has no such schedule: use one of daily, weekly",
    )
  })
})

describe('examples/runbook.yml', () => {
  const example = readFileSync(new URL('../../examples/runbook.yml', import.meta.url), 'utf8')
  const env = {
    DATABASE_URL: 'postgres://app:pw-123@db:5432/trusted_login_db',
    SCRATCH_DATABASE_URL: 'postgres://postgres:pw-456@localhost:5432/postgres',
  }
  afterAll(() => clearSecretsForTests())

  it.each(['daily', 'weekly', 'monthly'])(
    'the %s schedule loads and every input it gives is declared',
    (schedule) => {
      const loaded = plan(example, { file: 'examples/runbook.yml', schedule, env })
      expect(loaded.checks.length).toBeGreaterThan(0)
      const declared: Record<string, Record<string, unknown>> = ACTION_INPUTS
      for (const check of loaded.checks) {
        for (const input of Object.keys(check.inputs))
          expect(Object.keys(declared[check.action])).toContain(input)
      }
    },
  )

  it('a schedule loads when only another schedule’s variables are unset; the one that runs says which is empty', () => {
    expect(plan(example, { schedule: 'daily', env: {} }).checks.map((c) => c.id)).toEqual([
      'health-gate',
      'log-review',
    ])
    expect(error(example, { schedule: 'weekly', env: {} })).toBe(
      "runbook file .github/runbook.yml:58:9: db-maintain's input 'database-url' is empty: set DATABASE_URL in the step's env: (from a secret)",
    )
  })

  it('is chosen by the crons a workflow would fire, and no restore ever gets the production database', () => {
    const chosen = (cron: string) => plan(example, { event: { name: 'schedule', schedule: cron }, env })
    expect(chosen('17 6 * * *').schedule).toBe('daily')
    expect(chosen('23 7 * * 1').schedule).toBe('weekly')
    const monthly = chosen('30 2 1-7 * *')
    expect(monthly.schedule).toBe('monthly')
    const restores = [...monthly.checks, ...chosen('23 7 * * 1').checks].filter(
      (c) => c.action === 'backup-verify',
    )
    expect(restores.map((c) => c.inputs['database-url'])).toEqual([env.SCRATCH_DATABASE_URL, ''])
  })
})
