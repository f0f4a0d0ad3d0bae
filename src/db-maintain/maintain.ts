import pg from 'pg'

import { IndexRow, Snapshot, TableRow, catalogSize, marked } from './catalog.js'
import { Findings } from './findings.js'
import { DbMaintainInputs, Operation, inScope } from './inputs.js'
import { getErrorMessage } from '../core/errors.js'
import { Logger } from '../core/logger.js'
import { DbTarget, closeQuietly, connect, qualified, sqlState } from '../core/postgres.js'
import { formatDuration } from '../core/units.js'

export const APPLICATION_NAME = 'runbook-actions/db-maintain'

/** One table's work: VACUUM (ANALYZE) or ANALYZE, then its bloated indexes, one at a time. */
export interface WorkItem {
  table: TableRow
  vacuum: boolean
  analyze: boolean
  reindex: IndexRow[]
}

export type ResultStatus = 'done' | 'skipped' | 'failed' | 'planned'

export interface OperationResult {
  operation: Operation
  /** `schema.table` or `schema.index`. */
  target: string
  sql: string
  status: ResultStatus
  reason?: string
  durationMs?: number
  /** bytes undefined: not measured (the catalog has no size for a table never vacuumed or analyzed). */
  before: { deadTuples?: number; bytes?: number }
  after?: { deadTuples?: number; bytes: number }
}

/** What one statement will do, as it will be sent, with the figures of its relation before. */
export interface PlannedStatement {
  operation: Operation
  target: string
  sql: string
  index?: IndexRow
  before: OperationResult['before']
}

/**
 * What `maintain` will do: the listed tables (when `tables` is given) or those over the thresholds, and
 * the bloated indexes, grouped by table so one table never has two operations at once.
 */
export function planMaintenance(
  snapshot: Snapshot,
  findings: Findings,
  inputs: Pick<DbMaintainInputs, 'operations' | 'tables' | 'excludeTables'>,
): WorkItem[] {
  const ops = new Set(inputs.operations)
  const listed = inputs.tables.length > 0
  const scoped = snapshot.tables.filter((t) => inScope(inputs, t.schema, t.name))
  const items = new Map<number, WorkItem>()
  const item = (table: TableRow) => {
    if (!items.has(table.oid)) items.set(table.oid, { table, vacuum: false, analyze: false, reindex: [] })
    return items.get(table.oid)!
  }
  if (ops.has('vacuum-analyze'))
    for (const t of listed ? scoped : findings.vacuumCandidates) item(t).vacuum = true
  if (ops.has('analyze')) {
    for (const t of listed ? scoped : findings.analyzeCandidates) if (!item(t).vacuum) item(t).analyze = true
  }
  if (ops.has('reindex')) {
    const byOid = new Map(snapshot.tables.map((t) => [t.oid, t]))
    for (const { index } of findings.reindexCandidates) {
      const table = byOid.get(index.tableOid)
      if (table) item(table).reindex.push(index)
    }
  }
  // Biggest first: if the budget runs out, what is left undone is the small stuff.
  return [...items.values()].sort(
    (a, b) => b.table.deadTuples - a.table.deadTuples || b.table.totalBytes - a.table.totalBytes,
  )
}

/** The exact statements, as they will be sent (each on its own, never in a transaction). */
export function statementsFor(item: WorkItem): PlannedStatement[] {
  const table = qualified(item.table.schema, item.table.name)
  const out: PlannedStatement[] = []
  const name = `${item.table.schema}.${item.table.name}`
  const before = { deadTuples: item.table.deadTuples, bytes: catalogSize(item.table) }
  if (item.vacuum)
    out.push({
      operation: 'vacuum-analyze',
      target: name,
      sql: `VACUUM (ANALYZE, SKIP_LOCKED) ${table}`,
      before,
    })
  else if (item.analyze)
    out.push({ operation: 'analyze', target: name, sql: `ANALYZE (SKIP_LOCKED) ${table}`, before })
  for (const index of item.reindex) {
    out.push({
      operation: 'reindex',
      target: `${index.schema}.${index.name}`,
      sql: `REINDEX INDEX CONCURRENTLY ${qualified(index.schema, index.name)}`,
      index,
      before: { bytes: index.bytes },
    })
  }
  return out
}

export interface RunOptions {
  database: DbTarget
  jobs: number
  lockTimeoutMs: number
  statementTimeoutMs: number
  /** performance.now() past which nothing new starts and statements are cut short. */
  deadline: number
  /** Aborted when the runner cancels the job. */
  signal: AbortSignal
  logger: Logger
  /** server_version_num, when the catalog read already has it (before 15 the figures after wait). */
  serverVersionNum?: number
  /** Called before a REINDEX starts, so a `post` step can clean up if this process is killed. */
  onReindexStart?: (table: TableRow, leftoversBefore: string[]) => void
  /** Called with each worker's backend pid, so a `post` step can cancel it if this process is killed. */
  onSessionStart?: (pid: number) => void
}

/**
 * A lock that could not be had: SKIP_LOCKED's notice (it skips at once, without waiting), or lock_timeout's
 * error (after waiting lock-timeout).
 */
class LockNotGranted extends Error {
  readonly waited: boolean
  constructor(message: string, waited: boolean) {
    super(message)
    this.waited = waited
  }
}

/** A worker session: its connection, its backend pid, and the statement_timeout last set on it. */
interface Worker {
  client: pg.Client
  pid: number
  busy: boolean
  timeout?: string
}

/** A statement that was done, and the relation whose figures after the run it shows. */
export interface Done {
  result: OperationResult
  table: TableRow
  index?: IndexRow
}

/**
 * Runs the plan on `jobs` connections of its own. Every statement is sent alone with session-level
 * lock_timeout and statement_timeout; a table whose lock is not granted is retried once at the end, then
 * skipped. Cancelling cancels only this run's own statements (pg_cancel_backend of its own backends).
 * The figures after (dead tuples, sizes) are read once at the end, for every statement that was done.
 */
export async function runMaintenance(items: WorkItem[], options: RunOptions): Promise<OperationResult[]> {
  const results: OperationResult[] = []
  const done: Done[] = []
  // The control connection cancels and measures; it never waits long for a lock either.
  const { control, workers } = await openSessions(options, Math.min(options.jobs, Math.max(items.length, 1)))
  const startedAt = await collectorStart(control, options.serverVersionNum).catch(() => undefined)
  const onAbort = () => {
    for (const w of workers)
      if (w.busy) control.query(marked('SELECT pg_cancel_backend($1)'), [w.pid]).catch(() => {})
  }
  options.signal.addEventListener('abort', onAbort)
  try {
    // A table whose lock was not granted goes to the back of the line once, from the statement that waited.
    const retry: { item: WorkItem; start: number }[] = []
    const runQueue = async (queue: { item: WorkItem; start: number }[], lastTry: boolean) => {
      let next = 0
      await Promise.all(
        workers.map(async (worker) => {
          while (next < queue.length) {
            const { item, start } = queue[next++]
            const outcome = await runItem(worker, item, start, options, done, lastTry)
            if (outcome.lockedAt !== undefined) retry.push({ item, start: outcome.lockedAt })
            results.push(...outcome.results)
          }
        }),
      )
    }
    await runQueue(
      items.map((item) => ({ item, start: 0 })),
      false,
    )
    if (retry.length > 0) {
      options.logger.info(`retrying ${retry.length} table(s) whose lock was not granted`)
      await runQueue(retry.splice(0), true)
    }
  } finally {
    options.signal.removeEventListener('abort', onAbort)
    await Promise.all(workers.map((w) => closeQuietly(w.client)))
  }
  try {
    if (startedAt) await awaitCollector(control, done, startedAt, options.signal)
    await measureAfter(control, done, options.signal)
  } finally {
    await closeQuietly(control)
  }
  return results
}

/**
 * The control connection and `jobs` worker connections, all opened at once; if one cannot be opened, the
 * others are closed and its error is thrown.
 */
async function openSessions(
  options: RunOptions,
  jobs: number,
): Promise<{ control: pg.Client; workers: Worker[] }> {
  const controlOpening = connect(options.database, {
    applicationName: `${APPLICATION_NAME} (control)`,
    settings: { lock_timeout: `${options.lockTimeoutMs}ms`, statement_timeout: '30s' },
  })
  const openWorker = async (): Promise<Worker> => {
    const client = await connect(options.database, {
      applicationName: APPLICATION_NAME,
      settings: {
        lock_timeout: `${options.lockTimeoutMs}ms`,
        statement_timeout: `${options.statementTimeoutMs}ms`,
        idle_in_transaction_session_timeout: '60s',
      },
    })
    try {
      const { rows } = await client.query<{ pid: number }>(marked('SELECT pg_backend_pid() AS pid'))
      return { client, pid: rows[0].pid, busy: false }
    } catch (error) {
      await closeQuietly(client)
      throw error
    }
  }
  const workersOpening = Array.from({ length: jobs }, openWorker)
  const opened = await Promise.allSettled([controlOpening, ...workersOpening])
  const failed = opened.find((o): o is PromiseRejectedResult => o.status === 'rejected')
  if (failed) {
    await Promise.all([
      controlOpening.then(closeQuietly, () => {}),
      ...workersOpening.map((w) =>
        w.then(
          (worker) => closeQuietly(worker.client),
          () => {},
        ),
      ),
    ])
    throw failed.reason
  }
  const workers = await Promise.all(workersOpening)
  for (const worker of workers) options.onSessionStart?.(worker.pid)
  return { control: await controlOpening, workers }
}

async function runItem(
  worker: Worker,
  item: WorkItem,
  start: number,
  options: RunOptions,
  done: Done[],
  lastTry: boolean,
): Promise<{ results: OperationResult[]; lockedAt?: number }> {
  const results: OperationResult[] = []
  const statements = statementsFor(item)
  for (let k = start; k < statements.length; k++) {
    const st = statements[k]
    const base = { operation: st.operation, target: st.target, sql: st.sql, before: st.before }
    const left = options.deadline - performance.now()
    if (options.signal.aborted) {
      results.push({ ...base, status: 'skipped', reason: 'the run was cancelled' })
      continue
    }
    if (left < 1000) {
      results.push({ ...base, status: 'skipped', reason: 'did not fit in max-duration' })
      continue
    }
    const started = performance.now()
    try {
      worker.busy = true
      // The budget caps every statement too, so the last one cannot run far past max-duration; the
      // setting is sent only when it changes (while the budget is not the limit, it never does).
      const timeout = `${Math.floor(Math.min(options.statementTimeoutMs, left))}ms`
      if (timeout !== worker.timeout) {
        worker.timeout = undefined
        await worker.client.query(marked('SELECT set_config($1, $2, false)'), ['statement_timeout', timeout])
        worker.timeout = timeout
      }
      if (st.index) await reindex(worker, item.table, st.index, st.sql, options)
      else await vacuumOrAnalyze(worker.client, item.table, st.sql)
      const durationMs = performance.now() - started
      const result: OperationResult = { ...base, status: 'done', durationMs }
      results.push(result)
      done.push({ result, table: item.table, index: st.index })
      options.logger.info(`${st.sql}: done in ${formatDuration(durationMs)}`)
    } catch (error) {
      const durationMs = performance.now() - started
      if (error instanceof LockNotGranted && !lastTry) return { results, lockedAt: k }
      results.push({
        ...base,
        status: error instanceof LockNotGranted ? 'skipped' : 'failed',
        durationMs,
        reason: describeFailure(error, options),
      })
      options.logger.warning(`${st.sql}: ${describeFailure(error, options)}`)
    } finally {
      worker.busy = false
    }
  }
  return { results }
}

async function vacuumOrAnalyze(client: pg.Client, table: TableRow, sql: string): Promise<void> {
  // SKIP_LOCKED does not wait: it skips the table with a WARNING notice, which is caught here.
  const notices: string[] = []
  const listen = (notice: { message?: string }) => notices.push(notice.message ?? '')
  client.on('notice', listen)
  try {
    await client.query(marked(sql))
  } finally {
    client.off('notice', listen)
  }
  if (notices.some((m) => /lock not available/i.test(m)))
    throw new LockNotGranted(`lock on ${table.schema}.${table.name} not available`, false)
  // A role that may not maintain the table gets a WARNING and a skipped table, not an error: fail closed.
  const refused = notices.find((m) => /permission denied|skipping/i.test(m))
  if (refused)
    throw new Error(
      `${refused}: the role needs to own the table (or, on PostgreSQL 17+, the MAINTAIN privilege)`,
    )
}

/** Invalid `<name>_ccnew`/`_ccold` indexes on a table: what a failed REINDEX CONCURRENTLY leaves behind. */
export async function concurrentLeftovers(
  client: pg.Client,
  tableOid: number,
): Promise<{ oid: string; schema: string; name: string }[]> {
  const { rows } = await client.query<{ oid: string; schema: string; name: string }>(
    marked(`SELECT c.oid::bigint::text AS oid, n.nspname AS schema, c.relname AS name
       FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE i.indrelid = $1 AND NOT i.indisvalid AND c.relname ~ '_cc(new|old)[0-9]*$'`),
    [tableOid],
  )
  return rows
}

async function reindex(
  worker: Worker,
  table: TableRow,
  index: IndexRow,
  sql: string,
  options: RunOptions,
): Promise<void> {
  const { client } = worker
  const before = await concurrentLeftovers(client, table.oid)
  options.onReindexStart?.(
    table,
    before.map((l) => l.name),
  )
  try {
    await client.query(marked(sql))
  } catch (error) {
    // Drop only what this statement left; leftovers that were there before are reported, not touched.
    const known = new Set(before.map((l) => l.name))
    for (const leftover of await concurrentLeftovers(client, table.oid).catch(() => [])) {
      if (known.has(leftover.name)) continue
      worker.timeout = undefined
      await client
        .query(marked('SELECT set_config($1, $2, false)'), ['statement_timeout', '0'])
        .then(() =>
          client.query(
            marked(`DROP INDEX CONCURRENTLY IF EXISTS ${qualified(leftover.schema, leftover.name)}`),
          ),
        )
        .then(() =>
          options.logger.info(
            `dropped ${leftover.schema}.${leftover.name}, left by the failed rebuild of ${index.name}`,
          ),
        )
        .catch((e) =>
          options.logger.warning(
            `could not drop ${leftover.schema}.${leftover.name}: ${getErrorMessage(e)}; drop it by hand`,
          ),
        )
    }
    if (sqlState(error) === '55P03') throw new LockNotGranted(getErrorMessage(error), true)
    throw error
  }
}

/**
 * Before PostgreSQL 15 only: the server's clock at the start of the run, which awaitCollector compares
 * with the tables' last vacuum. No query at all on 15+ when the version is already known.
 */
async function collectorStart(client: pg.Client, versionNum?: number): Promise<string | undefined> {
  if (versionNum !== undefined && versionNum >= 150000) return undefined
  const { rows } = await client.query<{ version: number; now: string }>(
    marked(`SELECT current_setting('server_version_num')::int AS version, clock_timestamp()::text AS now`),
  )
  return Number(rows[0].version) < 150000 ? String(rows[0].now) : undefined
}

/**
 * Before PostgreSQL 15, statistics travel through the stats collector and arrive up to ~0.5 s late: read
 * at once after a VACUUM, n_dead_tup still counts what it removed ("10,000 -> 10,000"). There, wait a
 * little (at most ~2 s, polling) until every table this run vacuumed shows a vacuum later than the run's
 * start, by the server's own clock. If they never do, the figures are read anyway.
 */
async function awaitCollector(
  client: pg.Client,
  done: Done[],
  startedAt: string,
  signal?: AbortSignal,
): Promise<void> {
  const vacuumed = [
    ...new Set(done.filter((d) => d.result.operation === 'vacuum-analyze').map((d) => d.table.oid)),
  ]
  if (vacuumed.length === 0) return
  for (let attempt = 0; attempt < 10 && !signal?.aborted; attempt++) {
    const { rows } = await client
      // count(*) is a bigint: pg hands it over as a string.
      .query<{ behind: string | number }>(
        marked(`SELECT count(*) AS behind FROM pg_stat_user_tables
                 WHERE relid = ANY($1::oid[])
                   AND coalesce(greatest(last_vacuum, last_autovacuum), '-infinity') < $2::timestamptz`),
        [vacuumed, startedAt],
      )
      .catch(() => ({ rows: [{ behind: 0 }] }))
    if (Number(rows[0].behind) === 0) return
    await new Promise((resolve) => setTimeout(resolve, 200))
  }
}

/**
 * Every relation's figures after the run, in one query: a table's dead tuples and total size (with its
 * TOAST and indexes), an index's size; by name for an index, whose oid a REINDEX CONCURRENTLY changes. Each
 * size function takes and releases its relation's lock on its own, so the query holds at most one lock at
 * a time. A relation gone by now counts 0, as before.
 */
export const AFTER_SQL = `
SELECT 'table' AS kind, t.oid::bigint::text AS key, coalesce(s.n_dead_tup, 0) AS dead,
       coalesce(pg_total_relation_size(t.oid), 0) AS bytes
FROM unnest($1::oid[]) AS t(oid)
LEFT JOIN pg_stat_user_tables s ON s.relid = t.oid
UNION ALL
SELECT 'index', i.name, NULL, coalesce(pg_relation_size(to_regclass(i.name)), 0)
FROM unnest($2::text[]) AS i(name)`

/** A row of AFTER_SQL: `key` is a table's oid or an index's qualified name; sizes are bigints (strings). */
type AfterSqlRow = { kind: 'table' | 'index'; key: string; dead: string | null; bytes: string }

/**
 * Fills in `after` of every statement that was done, as the run left its relation, with one query on the
 * control connection. If that fails (a lock not granted within lock_timeout on one relation, say), each
 * relation is read on its own (unless the run was cancelled: then it ends at once), and one that still
 * cannot be read shows no figure after; it never turns the statement into a failure.
 */
export async function measureAfter(client: pg.Client, done: Done[], signal?: AbortSignal): Promise<void> {
  if (done.length === 0) return
  const indexName = (index: IndexRow) => qualified(index.schema, index.name)
  const tableOids = [...new Set(done.filter((d) => !d.index).map((d) => d.table.oid))]
  const indexNames = [...new Set(done.flatMap((d) => (d.index ? [indexName(d.index)] : [])))]
  try {
    const { rows } = await client.query<AfterSqlRow>(marked(AFTER_SQL), [tableOids, indexNames])
    const found = new Map(rows.map((r) => [`${r.kind}:${r.key}`, r]))
    for (const d of done) {
      const row = d.index ? found.get(`index:${indexName(d.index)}`) : found.get(`table:${d.table.oid}`)
      if (!row) continue
      d.result.after = d.index
        ? { bytes: Number(row.bytes) }
        : { deadTuples: Number(row.dead), bytes: Number(row.bytes) }
    }
  } catch {
    if (signal?.aborted) return
    for (const d of done) d.result.after = await measure(client, d.table, d.index).catch(() => undefined)
  }
}

/** Dead tuples and size of one relation now (read on the control connection, outside the worker's session). */
async function measure(
  client: pg.Client,
  table: TableRow,
  index?: IndexRow,
): Promise<{ deadTuples?: number; bytes: number }> {
  if (index) {
    const { rows } = await client.query<{ bytes: string | null }>(
      marked(`SELECT pg_relation_size(to_regclass($1)) AS bytes`),
      [qualified(index.schema, index.name)],
    )
    return { bytes: Number(rows[0]?.bytes ?? 0) }
  }
  const { rows } = await client.query<{ dead: string; bytes: string | null }>(
    marked(`SELECT coalesce(s.n_dead_tup, 0) AS dead, pg_total_relation_size(c.oid) AS bytes
       FROM pg_class c LEFT JOIN pg_stat_user_tables s ON s.relid = c.oid WHERE c.oid = $1`),
    [table.oid],
  )
  return { deadTuples: Number(rows[0]?.dead ?? 0), bytes: Number(rows[0]?.bytes ?? 0) }
}

function describeFailure(error: unknown, options: RunOptions): string {
  // Only the retry at the end reports a lock not granted, so it is the second time.
  if (error instanceof LockNotGranted)
    return error.waited
      ? `lock not granted within ${formatDuration(options.lockTimeoutMs)}, on the first try and when retried at the end: another session holds it`
      : 'another session holds a conflicting lock: SKIP_LOCKED skipped it at once, and again when retried at the end'
  const state = sqlState(error)
  if (state === '57014') {
    if (options.signal.aborted) return 'cancelled with the run'
    return 'stopped by statement-timeout or the max-duration budget'
  }
  if (state === '42501')
    return `${getErrorMessage(error)}: the role needs to own the table (or, on PostgreSQL 17+, the MAINTAIN privilege)`
  return getErrorMessage(error)
}
