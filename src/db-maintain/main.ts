import pg from 'pg'

import {
  CHECK_ONLY_SECTIONS,
  CheckOnlySection,
  REPORT_SETTINGS,
  Snapshot,
  marked,
  readSnapshot,
} from './catalog.js'
import { analyze, groupDigits, sizeOrUnknown } from './findings.js'
import { DbMaintainInputs, matchesTable } from './inputs.js'
import {
  APPLICATION_NAME,
  OperationResult,
  concurrentLeftovers,
  planMaintenance,
  runMaintenance,
  statementsFor,
} from './maintain.js'
import { isOpen, timeLeft } from './window.js'
import { ConfigurationError } from '../core/errors.js'
import { Logger } from '../core/logger.js'
import { closeQuietly, connect, qualified } from '../core/postgres.js'
import { Check, Report, Table, createReport } from '../core/report.js'
import { formatDuration, formatSize } from '../core/units.js'

export interface Hooks {
  signal: AbortSignal
  now?: () => Date
  onReindexStart?: Parameters<typeof runMaintenance>[1]['onReindexStart']
  onSessionStart?: Parameters<typeof runMaintenance>[1]['onSessionStart']
}

export interface DbMaintainResult {
  report: Report
  outputs: Record<string, string | number>
}

/** How long the catalog connection may sit idle (through the maintenance) and still be used again. */
const READER_MAX_IDLE_MS = 60_000

/**
 * Reads the catalog on one read-only connection with short timeouts, opened on first use. The read after
 * maintenance reuses it, so it needs no new connection and finds the backend's catalog caches warm; but a
 * connection the server closed, or one idle for over a minute (a firewall or idle_session_timeout may have
 * dropped it meanwhile), is replaced by a fresh one.
 */
export class CatalogReader {
  private readonly inputs: DbMaintainInputs
  private client: pg.Client | undefined
  private ended = false
  private lastUsed = 0

  constructor(inputs: DbMaintainInputs) {
    this.inputs = inputs
  }

  async read(skip: readonly CheckOnlySection[] = []): Promise<Snapshot> {
    if (this.client && (this.ended || performance.now() - this.lastUsed > READER_MAX_IDLE_MS)) {
      await this.close()
    }
    if (!this.client) {
      const client = await connect(this.inputs.database, {
        applicationName: APPLICATION_NAME,
        settings: REPORT_SETTINGS,
      })
      client.on('end', () => {
        if (this.client === client) this.ended = true
      })
      this.client = client
      this.ended = false
    }
    try {
      return await readSnapshot(this.client, this.inputs.top, { skip })
    } finally {
      this.lastUsed = performance.now()
    }
  }

  async close(): Promise<void> {
    const client = this.client
    this.client = undefined
    await closeQuietly(client)
  }
}

/**
 * What the first read may leave out: when maintenance is going to run, the checks shown are those of the
 * read after it, so the sections that feed only checks are not read first, except the indexes, their
 * bloat and the foreign keys when `reindex` needs them to plan. (If maintenance does not run after all, on a standby say, the
 * catalog is read again all the same.)
 */
function sectionsToSkip(inputs: DbMaintainInputs, now: Date): CheckOnlySection[] {
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

async function reportAndMaintain(
  reader: CatalogReader,
  inputs: DbMaintainInputs,
  logger: Logger,
  hooks: Hooks,
): Promise<DbMaintainResult> {
  const startedAt = new Date().toISOString()
  const now = hooks.now ?? (() => new Date())
  const before = await reader.read(sectionsToSkip(inputs, now()))
  for (const pattern of inputs.tables.filter((p) => p.exact)) {
    if (!before.tables.some((t) => matchesTable(pattern, t.schema, t.name))) {
      throw new ConfigurationError(
        `input 'tables' names ${pattern.text}, which does not exist in database ${before.server.database}`,
      )
    }
  }
  const found = analyze(before, inputs)
  let checks: Check[] = found.checks
  const tables: Table[] = [...found.tables]
  let results: OperationResult[] = []

  if (inputs.mode === 'maintain') {
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
    let maintenance: Check
    if (before.server.standby) {
      maintenance = {
        id: 'maintenance',
        title: 'Maintenance',
        status: 'fail',
        detail: 'maintain refuses to run on a standby: connect to the primary',
      }
    } else if (inputs.dryRun) {
      results = asResults('planned', 'dry run')
      maintenance = {
        id: 'maintenance',
        title: 'Maintenance (dry run)',
        status: 'pass',
        detail: `dry run: ${planned.length} statement(s) planned, none run`,
        fix: planned.map((p) => `${p.sql};`).join('\n') || undefined,
      }
    } else if (inputs.window && !isOpen(inputs.window, now()) && !inputs.force) {
      results = asResults('skipped', 'outside the maintenance window')
      maintenance = {
        id: 'maintenance',
        title: 'Maintenance',
        status: 'pass',
        detail: `outside the maintenance window ${inputs.window.text}: nothing done (${planned.length} statement(s) would run; force: true overrides)`,
      }
    } else {
      const budget =
        inputs.window && isOpen(inputs.window, now())
          ? Math.min(inputs.maxDurationMs, timeLeft(inputs.window, now()))
          : inputs.maxDurationMs
      logger.info(
        `maintaining ${items.length} table(s), ${planned.length} statement(s), within ${formatDuration(budget)}`,
      )
      results = await runMaintenance(items, {
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
      maintenance = summarize(results, hooks.signal.aborted)
    }
    // Read the catalog again so the checks describe the database as maintenance left it (and always when
    // the first read left sections out: its checks are never shown).
    if (results.some((r) => r.status === 'done') || before.skipped)
      checks = analyze(await reader.read(), inputs).checks
    checks = [maintenance, ...checks]
    tables.unshift(maintenanceTable(results))
  }

  const report = createReport({
    action: 'db-maintain',
    title: `db-maintain ${inputs.mode}: ${before.server.database} on ${inputs.database.host}:${inputs.database.port}`,
    checks,
    metrics: found.metrics,
    tables,
    ...(found.data ? { data: found.data } : {}),
    startedAt,
  })
  const count = (op: string[], status = 'done') =>
    results.filter((r) => op.includes(r.operation) && r.status === status).length
  const metric = (name: string) => found.metrics.find((m) => m.name === name)?.value ?? 0
  return {
    report,
    outputs: {
      status: report.status,
      'dead-tuples': metric('dead tuples'),
      'tables-over-threshold': metric('tables over threshold'),
      vacuumed: count(['vacuum-analyze']),
      analyzed: count(['vacuum-analyze', 'analyze']),
      reindexed: count(['reindex']),
      skipped: results.filter((r) => r.status === 'skipped').length,
      warnings: report.checks.filter((c) => c.status === 'warn').length,
    },
  }
}

function summarize(results: OperationResult[], cancelled: boolean): Check {
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

function maintenanceTable(results: OperationResult[]): Table {
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

/** State the post step needs: tables whose REINDEX started (with the leftovers there before), our pids. */
export const REINDEX_STATE = 'reindex-tables'
export const SESSIONS_STATE = 'sessions'

/**
 * The `post` step, for a main step that was killed: its statements may still run on the server (a backend
 * does not notice a vanished client while it waits), so cancel this run's own sessions (by the pids it
 * recorded, and only if they still carry its application_name), then drop the invalid `_ccnew`/`_ccold`
 * indexes its interrupted REINDEX CONCURRENTLY left (and only those it left).
 */
export async function cleanup(
  inputs: DbMaintainInputs,
  state: { reindex: Record<string, string[]>; pids: number[] },
  logger: Logger,
): Promise<number> {
  if (state.pids.length === 0 && Object.keys(state.reindex).length === 0) return 0
  const client = await connect(inputs.database, {
    applicationName: `${APPLICATION_NAME} (cleanup)`,
    settings: { lock_timeout: `${inputs.lockTimeoutMs}ms` },
  })
  let dropped = 0
  try {
    const ours = `SELECT pid FROM pg_stat_activity WHERE pid = ANY($1::int[]) AND application_name = $2 AND state <> 'idle'`
    const busy = (await client.query(marked(ours), [state.pids, APPLICATION_NAME])).rows.map(
      (r) => r.pid as number,
    )
    if (busy.length > 0) {
      logger.info(
        `cancelling ${busy.length} statement(s) the interrupted run left running (pids ${busy.join(', ')})`,
      )
      await client.query(marked('SELECT pg_cancel_backend(pid) FROM unnest($1::int[]) AS pid'), [busy])
      for (let i = 0; i < 50 && (await client.query(marked(ours), [busy, APPLICATION_NAME])).rowCount; i++) {
        await new Promise((resolve) => setTimeout(resolve, 200))
      }
    }
    const { rows } = await client.query(
      marked('SELECT index_relid::bigint::text AS oid FROM pg_stat_progress_create_index'),
    )
    const building = new Set(rows.map((r) => r.oid as string))
    for (const [oid, before] of Object.entries(state.reindex)) {
      for (const leftover of await concurrentLeftovers(client, Number(oid))) {
        if (before.includes(leftover.name) || building.has(leftover.oid)) continue
        await client.query(
          marked(`DROP INDEX CONCURRENTLY IF EXISTS ${qualified(leftover.schema, leftover.name)}`),
        )
        logger.info(
          `dropped ${leftover.schema}.${leftover.name}, left by an interrupted REINDEX CONCURRENTLY`,
        )
        dropped++
      }
    }
  } finally {
    await closeQuietly(client)
  }
  return dropped
}
