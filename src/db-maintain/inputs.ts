import { resolve } from 'node:path'

import { MaintenanceWindow, parseWindow } from './window.js'
import { IncidentInputs, readIncidentInputs } from '../core/incident.js'
import { InputReader } from '../core/inputs.js'
import { hasWildcard, wildcardToRegExp } from '../core/patterns.js'
import { DbTarget, parseDatabaseUrl } from '../core/postgres.js'
import { invalidInput } from '../core/units.js'

export const MODES = ['report', 'maintain'] as const
export const OPERATIONS = ['vacuum-analyze', 'analyze', 'reindex'] as const
export type Operation = (typeof OPERATIONS)[number]

export interface DbMaintainInputs {
  database: DbTarget
  mode: (typeof MODES)[number]
  operations: Operation[]
  tables: TablePattern[]
  excludeTables: TablePattern[]
  deadTupleRatio: number
  minDeadTuples: number
  indexBloatRatio: number
  minIndexSize: number
  lockTimeoutMs: number
  statementTimeoutMs: number
  window?: MaintenanceWindow
  force: boolean
  dryRun: boolean
  jobs: number
  maxDurationMs: number
  top: number
  maxConnectionsPercent: number
  maxXidAgePercent: number
  minCacheHitRatio: number
  /** Set when the run keeps an incident issue. */
  incident?: IncidentInputs
  reportPath?: string
  /** The report file of an earlier run to compare with (the capacity review); resolved to the workspace. */
  baseline?: string
  /** The size the database must stay under, in bytes: checked now, and projected with a baseline. */
  maxDatabaseSize?: number
}

/**
 * A `schema.table` name or pattern (`*` and `?` wildcards). Without a schema it matches the table in
 * any schema. `exact` patterns name one table, which must exist.
 */
export interface TablePattern {
  text: string
  schema?: RegExp
  table: RegExp
  exact: boolean
}

/** `workspace` is where a relative `baseline` path starts (the checked-out repository on a runner). */
export function readInputs(input: InputReader, workspace = process.cwd()): DbMaintainInputs {
  const database = parseDatabaseUrl('database-url', input.required('database-url'))
  const operations = input.list('operations', ['vacuum-analyze']).map((op) => {
    const match = OPERATIONS.find((o) => o === op.toLowerCase())
    return match ?? invalidInput('operations', op, `use one or more of ${OPERATIONS.join(', ')}`)
  })
  const windowText = input.optional('window')
  const baseline = input.optional('baseline')
  return {
    database,
    mode: input.enum('mode', MODES, 'report'),
    operations: [...new Set(operations)],
    tables: input.list('tables').map((t) => parseTablePattern('tables', t)),
    excludeTables: input.list('exclude-tables').map((t) => parseTablePattern('exclude-tables', t)),
    deadTupleRatio: input.number('dead-tuple-ratio', 0.1, { min: 0, max: 1 }),
    minDeadTuples: input.integer('min-dead-tuples', 1000, { min: 0 }),
    indexBloatRatio: input.number('index-bloat-ratio', 0.3, { min: 0, max: 1 }),
    minIndexSize: input.size('min-index-size', 10 * 1024 * 1024),
    lockTimeoutMs: input.duration('lock-timeout', 5000, { min: 1, max: 600_000 }),
    statementTimeoutMs: input.duration('statement-timeout', 30 * 60_000, { min: 1000, max: 24 * 3_600_000 }),
    window: windowText === undefined ? undefined : parseWindow('window', windowText),
    force: input.boolean('force', false),
    dryRun: input.boolean('dry-run', false),
    jobs: input.integer('jobs', 1, { min: 1, max: 16 }),
    maxDurationMs: input.duration('max-duration', 3_600_000, { min: 1000, max: 24 * 3_600_000 }),
    top: input.integer('top', 10, { min: 1, max: 1000 }),
    maxConnectionsPercent: input.number('max-connections-percent', 80, { min: 1, max: 100 }),
    maxXidAgePercent: input.number('max-xid-age-percent', 50, { min: 1, max: 100 }),
    minCacheHitRatio: input.number('min-cache-hit-ratio', 0.95, { min: 0, max: 1 }),
    incident: readIncidentInputs(input),
    reportPath: input.optional('report-path'),
    baseline: baseline === undefined ? undefined : resolve(workspace, baseline),
    maxDatabaseSize:
      input.optional('max-database-size') === undefined
        ? undefined
        : input.size('max-database-size', 0, { min: 1 }),
  }
}

export function parseTablePattern(input: string, text: string): TablePattern {
  // A quoted part keeps dots and wildcards literal: "my.schema"."odd*name". Anything that is not one or
  // two parts separated by a single dot is refused rather than guessed at.
  const refuse = () =>
    invalidInput(input, text, 'use schema.table names or patterns such as public.users or public.*')
  const parts: { value: string; quoted: boolean }[] = []
  const part = /"((?:[^"]|"")*)"|([^."]+)/y
  for (let i = 0; ; i++) {
    part.lastIndex = i
    const m = part.exec(text)
    if (!m) return refuse()
    parts.push(
      m[1] !== undefined ? { value: m[1].replace(/""/g, '"'), quoted: true } : { value: m[2], quoted: false },
    )
    i = part.lastIndex
    if (i === text.length) break
    if (text[i] !== '.') return refuse()
  }
  if (parts.length > 2) return refuse()
  // A quoted part is literal; an unquoted one may hold wildcards.
  const toRegExp = (part: { value: string; quoted: boolean }) =>
    part.quoted
      ? new RegExp(`^${part.value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`)
      : wildcardToRegExp(part.value)
  const table = parts[parts.length - 1]
  const schema = parts.length === 2 ? parts[0] : undefined
  const wild = (p?: { value: string; quoted: boolean }) => !!p && !p.quoted && hasWildcard(p.value)
  return {
    text,
    schema: schema ? toRegExp(schema) : undefined,
    table: toRegExp(table),
    exact: !wild(table) && !wild(schema),
  }
}

export function matchesTable(pattern: TablePattern, schema: string, table: string): boolean {
  return (!pattern.schema || pattern.schema.test(schema)) && pattern.table.test(table)
}

/** Whether a table is in scope: listed by `tables` (when given) and not by `exclude-tables`. */
export function inScope(
  inputs: Pick<DbMaintainInputs, 'tables' | 'excludeTables'>,
  schema: string,
  table: string,
): boolean {
  if (inputs.excludeTables.some((p) => matchesTable(p, schema, table))) return false
  return inputs.tables.length === 0 || inputs.tables.some((p) => matchesTable(p, schema, table))
}
