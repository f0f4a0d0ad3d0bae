import { capacitySnapshot, reviewCapacity } from './capacity.js'
import { CatalogReader } from './catalog-reader.js'
import { CHECK_ONLY_SECTIONS, CheckOnlySection, Snapshot } from './catalog.js'
import { DbMaintainData } from './data.js'
import { Findings, analyze } from './findings.js'
import { groupDigits, sizeOrUnknown } from './format.js'
import { DbMaintainInputs, matchesTable } from './inputs.js'
import { OperationResult, RunOptions, planMaintenance, runMaintenance, statementsFor } from './maintain.js'
import { isOpen, timeLeft } from './window.js'
import { RunResult } from '../core/action.js'
import { ConfigurationError } from '../core/errors.js'
import { Logger } from '../core/logger.js'
import { Check, Report, Table, createReport } from '../core/report.js'
import { formatDuration, formatSize } from '../core/units.js'

/** What the host lends a run: cancellation, the clock (for the window), and the post step's records. */
export interface Hooks extends Partial<Pick<RunOptions, 'onReindexStart' | 'onSessionStart'>> {
  signal: AbortSignal
  clock: () => Date
}

/** The report (its data typed as db-maintain's) and the action's outputs. */
export type DbMaintainResult = RunResult<DbMaintainData>

/** The report, and in `maintain` mode the maintenance, then the report again to show the result. */
export async function dbMaintain(
  inputs: DbMaintainInputs,
  logger: Logger,
  hooks: Hooks,
): Promise<DbMaintainResult> {
  const reader = new CatalogReader(inputs)
  try {
    return await reportAndMaintain(reader, inputs, logger, hooks)
  } finally {
    await reader.close()
  }
}

/**
 * What the first read may leave out: when maintenance is going to run, the checks shown are those of the
 * read after it, so the sections that feed only checks are not read first, except the indexes, their
 * bloat and the foreign keys when `reindex` needs them to plan. (If maintenance does not run after all, on
 * a standby say, the catalog is read again all the same.)
 */
export function sectionsToSkip(inputs: DbMaintainInputs, now: Date): CheckOnlySection[] {
  const willRun =
    inputs.mode === 'maintain' &&
    !inputs.dryRun &&
    (!inputs.window || inputs.force || isOpen(inputs.window, now))
  if (!willRun) return []
  // What is rebuilt is planned with what is dropped (index-plan.ts), which needs the foreign keys too.
  const forReindex: readonly CheckOnlySection[] = ['indexes', 'index bloat', 'foreign keys']
  const reindex = inputs.operations.includes('reindex')
  return CHECK_ONLY_SECTIONS.filter((name) => !reindex || !forReindex.includes(name))
}

export async function reportAndMaintain(
  reader: CatalogReader,
  inputs: DbMaintainInputs,
  logger: Logger,
  hooks: Hooks,
): Promise<DbMaintainResult> {
  const startedAt = hooks.clock().toISOString()
  const before = await reader.read(sectionsToSkip(inputs, hooks.clock()))
  refuseMissingTables(inputs, before)
  const found = analyze(before, inputs)
  let checks: Check[] = found.checks
  const tables: Table[] = [...found.tables]
  let results: OperationResult[] = []

  if (inputs.mode === 'maintain') {
    const maintained = await maintain(before, found, inputs, logger, hooks)
    results = maintained.results
    // Read the catalog again so the checks describe the database as maintenance left it (and always when
    // the first read left sections out: its checks are never shown).
    if (results.some((r) => r.status === 'done') || before.skipped)
      checks = analyze(await reader.read(), inputs).checks
    checks = [maintained.check, ...checks]
    tables.unshift(maintenanceTable(results))
  }

  // The capacity review measures the catalog as first read, at the time of that read.
  const capacity = reviewCapacity(capacitySnapshot(before, checks, startedAt, inputs.top), inputs, logger)
  const report = createReport({
    action: 'db-maintain',
    title: `db-maintain ${inputs.mode}: ${before.server.database} on ${inputs.database.host}:${inputs.database.port}`,
    checks: [...capacity.checks, ...checks],
    metrics: found.metrics,
    tables: [...capacity.tables, ...tables],
    data: { ...found.data, capacity: capacity.snapshot },
    startedAt,
  })
  return { report, outputs: { ...outputsOf(report, found, results), ...capacity.outputs } }
}

/** A table named exactly in `tables` must exist: a typo would otherwise maintain nothing, silently. */
function refuseMissingTables(inputs: DbMaintainInputs, snapshot: Snapshot): void {
  for (const pattern of inputs.tables.filter((p) => p.exact)) {
    if (!snapshot.tables.some((t) => matchesTable(pattern, t.schema, t.name))) {
      throw new ConfigurationError(
        `input 'tables' names ${pattern.text}, which does not exist in database ${snapshot.server.database}`,
      )
    }
  }
}

/**
 * The maintenance the findings call for, or why none ran (a standby, a dry run, outside the window): what
 * each planned statement came to, and the check that sums it up.
 */
async function maintain(
  before: Snapshot,
  found: Findings,
  inputs: DbMaintainInputs,
  logger: Logger,
  hooks: Hooks,
): Promise<{ check: Check; results: OperationResult[] }> {
  const items = planMaintenance(before, found, inputs)
  const planned = items.flatMap(statementsFor)
  const asResults = (status: OperationResult['status'], reason?: string) =>
    planned.map((p) => ({
      operation: p.operation,
      target: p.target,
      sql: p.sql,
      status,
      reason,
      before: p.before,
    }))
  if (before.server.standby) {
    return {
      results: [],
      check: {
        id: 'maintenance',
        title: 'Maintenance',
        status: 'fail',
        detail: 'maintain refuses to run on a standby: connect to the primary',
      },
    }
  }
  if (inputs.dryRun) {
    return {
      results: asResults('planned', 'dry run'),
      check: {
        id: 'maintenance',
        title: 'Maintenance (dry run)',
        status: 'pass',
        detail: `dry run: ${planned.length} statement(s) planned, none run`,
        fix: planned.map((p) => `${p.sql};`).join('\n') || undefined,
      },
    }
  }
  if (inputs.window && !isOpen(inputs.window, hooks.clock()) && !inputs.force) {
    return {
      results: asResults('skipped', 'outside the maintenance window'),
      check: {
        id: 'maintenance',
        title: 'Maintenance',
        status: 'pass',
        detail: `outside the maintenance window ${inputs.window.text}: nothing done (${planned.length} statement(s) would run; force: true overrides)`,
      },
    }
  }
  const budget =
    inputs.window && isOpen(inputs.window, hooks.clock())
      ? Math.min(inputs.maxDurationMs, timeLeft(inputs.window, hooks.clock()))
      : inputs.maxDurationMs
  logger.info(
    `maintaining ${items.length} table(s), ${planned.length} statement(s), within ${formatDuration(budget)}`,
  )
  const results = await runMaintenance(items, {
    database: inputs.database,
    jobs: inputs.jobs,
    lockTimeoutMs: inputs.lockTimeoutMs,
    statementTimeoutMs: inputs.statementTimeoutMs,
    deadline: performance.now() + budget,
    signal: hooks.signal,
    logger,
    serverVersionNum: before.server.versionNum,
    onReindexStart: hooks.onReindexStart,
    onSessionStart: hooks.onSessionStart,
  })
  return { results, check: summarize(results, hooks.signal.aborted) }
}

/** The action's outputs: the report's status and counts, and what maintenance did. */
function outputsOf(
  report: Report<DbMaintainData>,
  found: Findings,
  results: OperationResult[],
): DbMaintainResult['outputs'] {
  const count = (op: string[], status = 'done') =>
    results.filter((r) => op.includes(r.operation) && r.status === status).length
  const metric = (name: string) => found.metrics.find((m) => m.name === name)?.value ?? 0
  return {
    status: report.status,
    'dead-tuples': metric('dead tuples'),
    'tables-over-threshold': metric('tables over threshold'),
    vacuumed: count(['vacuum-analyze']),
    analyzed: count(['vacuum-analyze', 'analyze']),
    reindexed: count(['reindex']),
    skipped: results.filter((r) => r.status === 'skipped').length,
    warnings: report.checks.filter((c) => c.status === 'warn').length,
  }
}

/** The maintenance check: how many statements were done, which were skipped or failed and why. */
export function summarize(results: OperationResult[], cancelled: boolean): Check {
  const done = results.filter((r) => r.status === 'done').length
  const skipped = results.filter((r) => r.status === 'skipped')
  const failed = results.filter((r) => r.status === 'failed')
  const parts = [`${done} of ${results.length} statement(s) done`]
  if (skipped.length) parts.push(`skipped ${skipped.map((r) => `${r.target} (${r.reason})`).join(', ')}`)
  if (failed.length) parts.push(`failed ${failed.map((r) => `${r.target} (${r.reason})`).join(', ')}`)
  if (cancelled) parts.unshift('cancelled')
  return {
    id: 'maintenance',
    title: 'Maintenance',
    status: failed.length || cancelled ? 'fail' : skipped.length ? 'warn' : 'pass',
    detail: parts.join('; '),
  }
}

/** The Maintenance table: each statement, its result, and the figures before → after. */
export function maintenanceTable(results: OperationResult[]): Table {
  // A planned statement has no figures after; the others show before → after.
  const dead = (r: OperationResult) =>
    r.before.deadTuples === undefined
      ? '—'
      : r.status === 'planned'
        ? groupDigits(r.before.deadTuples)
        : `${groupDigits(r.before.deadTuples)} → ${r.after?.deadTuples === undefined ? '—' : groupDigits(r.after.deadTuples)}`
  return {
    title: 'Maintenance',
    columns: ['Statement', 'Result', 'Dead tuples', 'Size', 'Duration', 'Note'],
    rows: results.map((r) => [
      r.sql,
      r.status,
      dead(r),
      r.status === 'planned'
        ? sizeOrUnknown(r.before.bytes)
        : `${sizeOrUnknown(r.before.bytes)} → ${r.after ? formatSize(r.after.bytes) : '—'}`,
      r.durationMs === undefined ? '—' : formatDuration(r.durationMs),
      r.reason ?? '',
    ]),
  }
}
