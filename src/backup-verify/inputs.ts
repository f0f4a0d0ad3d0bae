import { existsSync, readFileSync, statSync } from 'node:fs'

import { ConfigurationError } from '../core/errors.js'
import { IncidentInputs, readIncidentInputs } from '../core/incident.js'
import { InputReader } from '../core/inputs.js'
import { DbTarget, parseDatabaseUrl } from '../core/postgres.js'
import { invalidInput } from '../core/units.js'

export const RESTORE_MODES = ['latest', 'none', 'all'] as const
export type RestoreMode = (typeof RESTORE_MODES)[number]

/** pg_dump's usual file names; directory-format dumps are found by their toc.dat, whatever their name. */
export const DEFAULT_PATTERNS = ['*.sql', '*.sql.gz', '*.dump', '*.backup', '*.tar']

export interface BackupVerifyInputs {
  backupDir: string
  patterns: string[]
  days: number
  timeZone: string
  maxAgeMs: number
  minSize: number
  /** The newest backup fails when it is smaller than (1 - maxSizeDrop) x the median of the ones before. */
  maxSizeDrop: number
  restore: RestoreMode
  database?: DbTarget
  jobs: number
  expectTables: string[]
  compare?: DbTarget
  compareTolerance: number
  validateSql?: { path: string; text: string }
  amcheck: boolean
  restoreTimeoutMs: number
  /** The longest line a plain dump may hold (psql keeps a whole line in memory): a gzip bomb fails early. */
  maxLineBytes: number
  /** The report file of an earlier run to compare size and restore time with; undefined: none. */
  baseline?: string
  /** Set when the run keeps an incident issue. */
  incident?: IncidentInputs
  reportPath?: string
}

export function readInputs(input: InputReader): BackupVerifyInputs {
  const backupDir = input.required('backup-dir')
  if (!existsSync(backupDir)) invalidInput('backup-dir', backupDir, 'the folder does not exist')
  if (!statSync(backupDir).isDirectory())
    invalidInput('backup-dir', backupDir, 'it is a file; give the folder that holds the backups')

  const databaseText = input.optional('database-url')
  const database = databaseText === undefined ? undefined : parseDatabaseUrl('database-url', databaseText)
  const compareText = input.optional('compare-url')
  const compare = compareText === undefined ? undefined : parseDatabaseUrl('compare-url', compareText)
  const restore = input.enum('restore', RESTORE_MODES, database ? 'latest' : 'none')
  if (restore !== 'none' && !database) {
    throw new ConfigurationError(
      `input 'restore' is '${restore}' but 'database-url' is not set: name a scratch server to restore into`,
    )
  }
  if (database && compare && sameDatabase(database, compare)) {
    throw new ConfigurationError(
      `input 'compare-url' names the same database as 'database-url' (${database.display}): restore into a scratch server, never the source`,
    )
  }
  const timeZone = input.timeZone('timezone')
  const validatePath = input.optional('validate-sql')
  let validateSql: BackupVerifyInputs['validateSql']
  if (validatePath !== undefined) {
    try {
      validateSql = { path: validatePath, text: readFileSync(validatePath, 'utf8') }
    } catch {
      invalidInput(
        'validate-sql',
        validatePath,
        'the file cannot be read; give the path of a .sql file of queries that each return true',
      )
    }
    if (!validateSql.text.trim()) invalidInput('validate-sql', validatePath, 'the file is empty')
  }

  return {
    backupDir,
    patterns: input.list('pattern', DEFAULT_PATTERNS),
    days: input.integer('days', 7, { min: 0, max: 366 }),
    timeZone,
    maxAgeMs: input.duration('max-age', 26 * 3_600_000, { min: 60_000 }),
    minSize: input.size('min-size', 1024),
    maxSizeDrop: input.fraction('max-size-drop', 0.5),
    restore,
    database,
    jobs: input.integer('jobs', 2, { min: 1, max: 32 }),
    expectTables: input.list('expect-tables'),
    compare,
    compareTolerance: input.fraction('compare-tolerance', 0.05),
    validateSql,
    amcheck: input.boolean('amcheck', true),
    restoreTimeoutMs: input.duration('restore-timeout', 2 * 3_600_000, { min: 1000 }),
    maxLineBytes: input.size('max-line-size', 64 * 1024 * 1024, { min: 1024 * 1024 }),
    baseline: input.optional('baseline'),
    incident: readIncidentInputs(input),
    reportPath: input.optional('report-path'),
  }
}

function sameDatabase(a: DbTarget, b: DbTarget): boolean {
  const host = (h: string) => (h === 'localhost' || h === '::1' ? '127.0.0.1' : h.toLowerCase())
  return host(a.host) === host(b.host) && a.port === b.port && a.database === b.database
}
