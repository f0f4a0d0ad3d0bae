import { readFileSync } from 'node:fs'
import { join } from 'node:path'

import { beforeEach, describe, expect, it } from 'vitest'
import { parse } from 'yaml'

import {
  DbMaintainInputs,
  TablePattern,
  inScope,
  matchesTable,
  parseTablePattern,
  readInputs,
} from '../../src/db-maintain/inputs.js'
import { InputReader, objectInputGetter } from '../../src/core/inputs.js'
import { redact } from '../../src/core/secrets.js'
import { ROOT } from '../support/runner.js'
import { configError, freshSecrets } from '../support/assertions.js'

const PASSWORD = 's3cr3t-Pa55'
const DATABASE_URL = `postgres://maint:${PASSWORD}@db.example.com:6543/app`

function inputs(values: Record<string, string>): DbMaintainInputs {
  return readInputs(new InputReader(objectInputGetter({ 'database-url': DATABASE_URL, ...values })))
}

const pattern = (text: string) => parseTablePattern('tables', text)
const scope = (tables: string[], excludeTables: string[] = []) => ({
  tables: tables.map((t) => parseTablePattern('tables', t)),
  excludeTables: excludeTables.map((t) => parseTablePattern('exclude-tables', t)),
})

beforeEach(freshSecrets)

describe('readInputs', () => {
  it('uses the documented defaults', () => {
    const read = inputs({})
    expect(read).toEqual({
      database: expect.objectContaining({
        host: 'db.example.com',
        port: 6543,
        database: 'app',
        user: 'maint',
      }),
      mode: 'report',
      operations: ['vacuum-analyze'],
      tables: [],
      excludeTables: [],
      deadTupleRatio: 0.1,
      minDeadTuples: 1000,
      indexBloatRatio: 0.3,
      minIndexSize: 10_485_760,
      lockTimeoutMs: 5000,
      statementTimeoutMs: 30 * 60_000,
      window: undefined,
      force: false,
      dryRun: false,
      jobs: 1,
      maxDurationMs: 3_600_000,
      top: 10,
      maxConnectionsPercent: 80,
      maxXidAgePercent: 50,
      minCacheHitRatio: 0.95,
      reportPath: undefined,
    })
  })

  it('reads the defaults written in action.yml exactly as it reads no input at all', () => {
    const metadata = parse(readFileSync(join(ROOT, 'actions/db-maintain/action.yml'), 'utf8')) as {
      inputs: Record<string, { default?: string }>
    }
    const defaults = Object.fromEntries(
      Object.entries(metadata.inputs)
        .filter(([name, spec]) => name !== 'database-url' && spec.default !== undefined)
        .map(([name, spec]) => [name, String(spec.default)]),
    )
    expect(Object.keys(defaults)).toContain('min-index-size')
    expect(inputs(defaults)).toEqual(inputs({}))
  })

  it('reads every input when given', () => {
    const read = inputs({
      mode: 'Maintain',
      operations: 'vacuum-analyze, reindex',
      tables: 'public.*\nbilling.invoices',
      'exclude-tables': 'public.audit_*',
      'dead-tuple-ratio': '0.2',
      'min-dead-tuples': '50',
      'index-bloat-ratio': '0.5',
      'min-index-size': '1GB',
      'lock-timeout': '2s',
      'statement-timeout': '1h',
      window: 'Sun 02:00-05:00 UTC',
      force: 'true',
      'dry-run': 'TRUE',
      jobs: '16',
      'max-duration': '90m',
      top: '3',
      'max-connections-percent': '90',
      'max-xid-age-percent': '40',
      'min-cache-hit-ratio': '0.99',
      'report-path': '/tmp/report.json',
    })
    expect(read).toMatchObject({
      mode: 'maintain',
      operations: ['vacuum-analyze', 'reindex'],
      deadTupleRatio: 0.2,
      minDeadTuples: 50,
      indexBloatRatio: 0.5,
      minIndexSize: 1024 ** 3,
      lockTimeoutMs: 2000,
      statementTimeoutMs: 3_600_000,
      force: true,
      dryRun: true,
      jobs: 16,
      maxDurationMs: 90 * 60_000,
      top: 3,
      maxConnectionsPercent: 90,
      maxXidAgePercent: 40,
      minCacheHitRatio: 0.99,
      reportPath: '/tmp/report.json',
    })
    expect(read.tables.map((t) => t.text)).toEqual(['public.*', 'billing.invoices'])
    expect(read.excludeTables.map((t) => t.text)).toEqual(['public.audit_*'])
    expect(read.window).toMatchObject({ startMinute: 120, endMinute: 300, timeZone: 'UTC' })
  })

  describe('database-url', () => {
    it('is required', () => {
      const message = configError(() => readInputs(new InputReader(objectInputGetter({}))))
      expect(message).toContain(`input 'database-url' is required`)
    })

    it('registers the password as a secret and keeps it out of the display form', () => {
      expect(redact(PASSWORD)).toBe(PASSWORD)
      const { database } = inputs({})
      expect(redact(PASSWORD)).toBe('***')
      expect(redact(`connecting with ${PASSWORD}`)).toBe('connecting with ***')
      expect(database.display).not.toContain(PASSWORD)
      expect(database.display).toContain('***')
      expect(database.url).toBe(DATABASE_URL)
    })

    it('accepts the postgresql: scheme too', () => {
      expect(inputs({ 'database-url': 'postgresql://u:pw123@localhost/db1' }).database.database).toBe('db1')
    })

    it('rejects a scheme that is not PostgreSQL without echoing the password', () => {
      const message = configError(() =>
        inputs({ 'database-url': `mysql://maint:${PASSWORD}@db.example.com/app` }),
      )
      expect(message).toContain(`input 'database-url'`)
      expect(message).toContain('postgres://user:password@host:5432/database')
      expect(message).not.toContain(PASSWORD)
      expect(redact(PASSWORD)).toBe('***')
    })

    it('rejects text that is not a URL without echoing the password', () => {
      const message = configError(() =>
        inputs({ 'database-url': `postgres://maint:${PASSWORD}@db.example.com:99999/app` }),
      )
      expect(message).toContain(`input 'database-url'`)
      expect(message).toContain('postgres://user:password@host:5432/database')
      expect(message).not.toContain(PASSWORD)
    })

    // Fixed bug: src/core/postgres.ts parseDatabaseUrl (via maskUrl in src/core/secrets.ts): a URL written
    // without its scheme, `maint:<password>@db.example.com:5432/app`, parses as a URL whose scheme is
    // `maint:` and whose password is empty, so maskUrl returns the text unchanged and the "use
    // postgres://..." error (line 35) echoes the password verbatim. Expected: the error shows no password.
    it('rejects a URL without its scheme without echoing the password', () => {
      const message = configError(() =>
        inputs({ 'database-url': `maint:${PASSWORD}@db.example.com:5432/app` }),
      )
      expect(message).toContain(`input 'database-url'`)
      expect(message).not.toContain(PASSWORD)
    })

    it.each([
      `postgres://maint:${PASSWORD}@db.example.com:5432/`,
      `postgres://maint:${PASSWORD}@db.example.com`,
    ])('rejects a URL without a database name: %s', (url) => {
      const message = configError(() => inputs({ 'database-url': url }))
      expect(message).toContain(`input 'database-url'`)
      expect(message).toContain('name the database')
      expect(message).not.toContain(PASSWORD)
    })
  })

  describe('operations', () => {
    it('reads a list separated by commas or new lines, in any case, without repeats', () => {
      expect(inputs({ operations: 'analyze' }).operations).toEqual(['analyze'])
      expect(inputs({ operations: 'vacuum-analyze,reindex' }).operations).toEqual([
        'vacuum-analyze',
        'reindex',
      ])
      expect(inputs({ operations: 'Reindex\nANALYZE\n' }).operations).toEqual(['reindex', 'analyze'])
      expect(inputs({ operations: 'reindex, reindex, analyze' }).operations).toEqual(['reindex', 'analyze'])
    })

    it.each(['vacuum', 'vacuum-analyze, vacuum-full', 'reindex; drop'])('rejects %j', (text) => {
      const message = configError(() => inputs({ operations: text }))
      expect(message).toContain(`input 'operations'`)
      expect(message).toContain('use one or more of vacuum-analyze, analyze, reindex')
    })
  })

  it('rejects an unknown mode', () => {
    const message = configError(() => inputs({ mode: 'repair' }))
    expect(message).toContain(`input 'mode' is 'repair'`)
    expect(message).toContain('report, maintain')
  })

  it.each(['0', '17', '-1', '2.5', 'many'])('rejects jobs %j', (jobs) => {
    const message = configError(() => inputs({ jobs }))
    expect(message).toContain(`input 'jobs' is '${jobs}'`)
  })

  it('accepts jobs from 1 to 16', () => {
    expect(inputs({ jobs: '1' }).jobs).toBe(1)
    expect(inputs({ jobs: '16' }).jobs).toBe(16)
  })

  it.each([
    ['dead-tuple-ratio', '1.5'],
    ['index-bloat-ratio', '-0.1'],
    ['min-dead-tuples', '-1'],
    ['min-index-size', 'ten megabytes'],
    ['lock-timeout', '0'],
    ['lock-timeout', 'soon'],
    ['statement-timeout', '500ms'],
    ['max-duration', '2d'],
    ['top', '0'],
    ['max-connections-percent', '101'],
    ['max-xid-age-percent', '0'],
    ['min-cache-hit-ratio', '95%'],
    ['force', 'yes'],
    ['dry-run', '1'],
  ])('rejects %s %j', (name, value) => {
    expect(configError(() => inputs({ [name]: value }))).toContain(`input '${name}' is '${value}'`)
  })

  it('rejects a bad window through the window input', () => {
    const message = configError(() => inputs({ window: 'Sunday night' }))
    expect(message).toContain(`input 'window' is 'Sunday night'`)
  })

  it('names the input a bad table pattern came from', () => {
    expect(configError(() => inputs({ tables: 'a.b.c' }))).toContain(`input 'tables' is 'a.b.c'`)
    expect(configError(() => inputs({ 'exclude-tables': 'a.b.c' }))).toContain(
      `input 'exclude-tables' is 'a.b.c'`,
    )
  })
})

describe('baseline and max-database-size', () => {
  const withWorkspace = (values: Record<string, string>) =>
    readInputs(
      new InputReader(objectInputGetter({ 'database-url': DATABASE_URL, ...values })),
      '/home/runner/work/app',
    )

  it('resolves a relative baseline from the workspace and keeps an absolute one', () => {
    expect(withWorkspace({ baseline: '.runbook/db-maintain.json' }).baseline).toBe(
      '/home/runner/work/app/.runbook/db-maintain.json',
    )
    expect(withWorkspace({ baseline: '/tmp/last.json' }).baseline).toBe('/tmp/last.json')
  })

  it('reads max-database-size as bytes, and names the input when it is not a size', () => {
    expect(inputs({ 'max-database-size': '50GB' }).maxDatabaseSize).toBe(50 * 1024 ** 3)
    expect(inputs({}).maxDatabaseSize).toBeUndefined()
    expect(configError(() => inputs({ 'max-database-size': 'half the disk' }))).toContain(
      `input 'max-database-size' is 'half the disk'`,
    )
  })
})

describe('parseTablePattern and matchesTable', () => {
  it('matches schema.table exactly', () => {
    const p = pattern('public.users')
    expect(p.exact).toBe(true)
    expect(matchesTable(p, 'public', 'users')).toBe(true)
    expect(matchesTable(p, 'public', 'users2')).toBe(false)
    expect(matchesTable(p, 'public', 'my_users')).toBe(false)
    expect(matchesTable(p, 'other', 'users')).toBe(false)
    expect(matchesTable(p, 'Public', 'users')).toBe(false)
  })

  it('matches every table of a schema with schema.*', () => {
    const p = pattern('public.*')
    expect(p.exact).toBe(false)
    expect(matchesTable(p, 'public', 'users')).toBe(true)
    expect(matchesTable(p, 'public', 'orders')).toBe(true)
    expect(matchesTable(p, 'billing', 'users')).toBe(false)
    expect(matchesTable(p, 'publicity', 'users')).toBe(false)
  })

  it('matches a table name without a schema in any schema', () => {
    const p = pattern('users')
    expect(p.exact).toBe(true)
    expect(p.schema).toBeUndefined()
    expect(matchesTable(p, 'public', 'users')).toBe(true)
    expect(matchesTable(p, 'billing', 'users')).toBe(true)
    expect(matchesTable(p, 'public', 'users_old')).toBe(false)
  })

  it('keeps dots and wildcards literal inside quotes, and a quoted pattern is exact', () => {
    const p = pattern('"my.schema"."odd*name"')
    expect(p.exact).toBe(true)
    expect(matchesTable(p, 'my.schema', 'odd*name')).toBe(true)
    expect(matchesTable(p, 'my.schema', 'oddXname')).toBe(false)
    expect(matchesTable(p, 'my.schema', 'oddname')).toBe(false)
    expect(matchesTable(p, 'myXschema', 'odd*name')).toBe(false)
    expect(matchesTable(p, 'my', 'schema')).toBe(false)
  })

  it('reads a doubled quote inside quotes as one quote', () => {
    const p = pattern('"we""ird"."Mixed Case?"')
    expect(p.exact).toBe(true)
    expect(matchesTable(p, 'we"ird', 'Mixed Case?')).toBe(true)
    expect(matchesTable(p, 'we"ird', 'Mixed CaseX')).toBe(false)
  })

  it('mixes a quoted part with a wildcard part', () => {
    const p = pattern('"my.schema".*')
    expect(p.exact).toBe(false)
    expect(matchesTable(p, 'my.schema', 'anything')).toBe(true)
    expect(matchesTable(p, 'myXschema', 'anything')).toBe(false)
  })

  it('reads * as any run of characters and ? as exactly one', () => {
    const p = pattern('*.audit_?')
    expect(p.exact).toBe(false)
    expect(matchesTable(p, 'public', 'audit_1')).toBe(true)
    expect(matchesTable(p, 'billing', 'audit_x')).toBe(true)
    expect(matchesTable(p, 'public', 'audit_')).toBe(false)
    expect(matchesTable(p, 'public', 'audit_12')).toBe(false)
    expect(matchesTable(p, 'public', 'audit-1')).toBe(false)
    expect(matchesTable(p, 'public', 'xaudit_1')).toBe(false)
  })

  it('escapes regular-expression characters in names', () => {
    const p = pattern('public.a+b(c)')
    expect(matchesTable(p, 'public', 'a+b(c)')).toBe(true)
    expect(matchesTable(p, 'public', 'aab(c)')).toBe(false)
    expect(matchesTable(p, 'public', 'aabc')).toBe(false)
  })

  it.each(['a.b.c', '"a"."b"."c"', '', '...'])('rejects %j', (text) => {
    const message = configError(() => parseTablePattern('tables', text))
    expect(message).toContain(`input 'tables' is '${text}'`)
    expect(message).toContain('use schema.table names or patterns such as public.users or public.*')
  })

  // Fixed bug: src/db-maintain/inputs.ts parseTablePattern collects the matches of
  // /"((?:[^"]|"")*)"|([^."]+)/g and silently skips whatever text matches neither, so a pattern with an
  // unbalanced quote or stray dots is misread instead of rejected: '"my.schema' (closing quote missing)
  // becomes schema `my`, table `schema`; 'public..users' and 'public.users.' become public.users.
  // Expected: a ConfigurationError naming input 'tables', like 'a.b.c'.
  for (const text of ['"my.schema', 'public..users', 'public.users.']) {
    it(`rejects a malformed pattern instead of misreading it: ${text}`, () => {
      configError(() => parseTablePattern('tables', text))
    })
  }
})

describe('inScope', () => {
  it('takes every table when no tables are listed', () => {
    expect(inScope(scope([]), 'public', 'users')).toBe(true)
    expect(inScope(scope([]), 'anything', 'else')).toBe(true)
  })

  it('takes only the listed tables when some are', () => {
    const s = scope(['public.users', 'billing.*'])
    expect(inScope(s, 'public', 'users')).toBe(true)
    expect(inScope(s, 'billing', 'invoices')).toBe(true)
    expect(inScope(s, 'public', 'orders')).toBe(false)
  })

  it('leaves out excluded tables', () => {
    const s = scope([], ['*.audit_?', 'public.sessions'])
    expect(inScope(s, 'public', 'users')).toBe(true)
    expect(inScope(s, 'public', 'audit_1')).toBe(false)
    expect(inScope(s, 'public', 'sessions')).toBe(false)
  })

  it('lets exclude-tables win over tables', () => {
    const s = scope(['public.*', 'public.users'], ['public.users'])
    expect(inScope(s, 'public', 'users')).toBe(false)
    expect(inScope(s, 'public', 'orders')).toBe(true)
  })

  it('reads patterns through readInputs the same way', () => {
    const read = inputs({ tables: 'public.*', 'exclude-tables': 'public.audit_*' })
    const patterns: TablePattern[] = read.tables
    expect(patterns[0].exact).toBe(false)
    expect(inScope(read, 'public', 'orders')).toBe(true)
    expect(inScope(read, 'public', 'audit_log')).toBe(false)
    expect(inScope(read, 'billing', 'orders')).toBe(false)
  })
})
