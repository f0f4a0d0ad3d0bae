// Benchmark of the db-maintain action, run by bench/run.mjs (npm run bench), never by npm test.
//
// One disposable PostgreSQL cluster (./cluster.mjs: initdb + pg_ctl on 127.0.0.1, autovacuum off so dead
// tuples stay put) holds three databases, built concurrently at the start:
//   bench_report     10,000 tables `(id int primary key, v int)` with an index on v (20,000 indexes),
//                    10 rows each, ANALYZEd.
//   bench_vacuum_t   40 tables of 100,000 rows with 30% of the rows deleted (dead tuples), never read again:
//                    every vacuum run starts from `CREATE DATABASE ... TEMPLATE bench_vacuum_t`.
//   bench_pgbench_t  pgbench -i -s 10, then a 5 s pgbench run and an UPDATE of half of the accounts
//                    (dead tuples), likewise copied before each load run.
//
// 1. Report at scale: the wall time of `node dist/db-maintain/index.js` (mode report) on bench_report,
//    process start to exit; one untimed first run, then the median of BENCH_DBM_RUNS.
// 2. maintain against vacuumdb: `mode: maintain, tables: public.*, jobs: J` against
//    `vacuumdb --analyze --jobs=J`, J = 1 and 2, each run on a fresh copy of bench_vacuum_t (checkpointed),
//    the order alternating per round. Median wall times and the ratio db-maintain / vacuumdb.
// 3. Under load: `pgbench -n -c 4 -j 2 -T 20 -P 5` on a fresh copy of bench_pgbench_t, alone, then with
//    db-maintain maintain (`tables: public.pgbench_*`) started 3 s in, then alone again (the noise floor).
//    Failed transactions and the change in average latency, overall and while maintain runs.
//
// Everything goes to 127.0.0.1, every loop and child process is bounded, and the cluster and its temp dir
// are removed at the end whatever happens. Knobs (environment):
//   BENCH_DBM_RUNS            timed runs per measurement (default 3)
//   BENCH_DBM_REPORT_TABLES   tables in bench_report (default 10000; each has 2 indexes)
//   BENCH_DBM_VACUUM_TABLES   tables in bench_vacuum_t (default 40)
//   BENCH_DBM_VACUUM_ROWS     rows per table before the 30% delete (default 100000)
//   BENCH_DBM_PGBENCH_SECONDS length of each pgbench run (default 20)
import { mkdtempSync } from 'node:fs'
import { loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'

import pg from 'pg'

import { startCluster } from './cluster.mjs'
import {
  childEnv,
  parsePgbench,
  readAggregateLogs,
  runDbMaintain,
  runTimed,
  snapshotBundle,
  tail,
} from './processes.mjs'

import {
  actionPaths,
  guardCleanup,
  hostInfo,
  median,
  pad,
  positiveInt,
  requireBundle,
  writeResults,
} from '../lib.mjs'

const { root, dist: DIST, bundle: BUNDLE, results: RESULTS } = actionPaths('db-maintain')

const RUNS = positiveInt(process.env.BENCH_DBM_RUNS, 3)
const REPORT_TABLES = positiveInt(process.env.BENCH_DBM_REPORT_TABLES, 10_000)
const VACUUM_TABLES = positiveInt(process.env.BENCH_DBM_VACUUM_TABLES, 40)
const VACUUM_ROWS = positiveInt(process.env.BENCH_DBM_VACUUM_ROWS, 100_000)
const PGBENCH_SECONDS = positiveInt(process.env.BENCH_DBM_PGBENCH_SECONDS, 20)
const PGBENCH_SCALE = 10
const DELETE_SHARE = 0.3
const JOBS = [1, 2]
/** When db-maintain starts after pgbench, in the load run. */
const MAINTAIN_DELAY_MS = 3000
const GOALS = { reportMs: 5000, maintainRatio: 1.1, failedTransactions: 0 }

const CLUSTER_SETTINGS = [
  `shared_preload_libraries = 'pg_stat_statements'`,
  `max_connections = 60`,
  // Dead tuples stay where the benchmark put them.
  `autovacuum = off`,
  // Setup creates 1,000 tables (3,000 relations) per transaction.
  `max_locks_per_transaction = 256`,
  // No checkpoint starts on its own in a timed run: each run is preceded by an explicit CHECKPOINT.
  `max_wal_size = 8GB`,
  `checkpoint_timeout = 30min`,
  `track_io_timing = on`,
]

const round = (value, digits = 1) =>
  value === undefined || value === null ? undefined : Math.round(value * 10 ** digits) / 10 ** digits
const fmt = (value, digits = 1) => (value === undefined || value === null ? '-' : value.toFixed(digits))
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms))

// ---------------------------------------------------------------------------------------------------
// Database helpers

async function withClient(url, fn) {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 10_000 })
  await client.connect()
  try {
    return await fn(client)
  } finally {
    await client.end().catch(() => {})
  }
}

/**
 * `sync`: the cluster runs with fsync off, so the files a copy or a vacuum wrote sit dirty in the page
 * cache; without this, their writeback would land in whichever run comes next.
 */
async function flushToDisk() {
  const run = await runTimed('sync', [], { timeoutMs: 120_000 })
  if (run.status !== 0) throw new Error(`sync failed: ${tail(run)}`)
}

/**
 * A fresh copy of `template` as `name` (FILE_COPY: a file copy, no WAL), then a checkpoint and `sync`,
 * so every timed run starts from the same tuples and a clean page cache.
 */
async function copyDatabase(admin, name, template) {
  const started = performance.now()
  await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
  await admin.query(`CREATE DATABASE ${name} TEMPLATE ${template} STRATEGY FILE_COPY`)
  await admin.query('CHECKPOINT')
  await flushToDisk()
  return performance.now() - started
}

/**
 * bench_report: `tables` tables, each with a primary key and an index on v, 10 rows, ANALYZEd. Batches of
 * 1,000 tables, one DO block (one transaction) each, on two connections.
 */
async function buildReportDatabase(cluster, tables, log) {
  const started = performance.now()
  const url = cluster.url('bench_report')
  await withClient(url, (db) => db.query('CREATE EXTENSION pg_stat_statements'))
  const batch = 1000
  const batches = []
  for (let first = 1; first <= tables; first += batch)
    batches.push([first, Math.min(tables, first + batch - 1)])
  const build = (mine) =>
    withClient(url, async (db) => {
      for (const [first, last] of mine) {
        await db.query(`DO $$
          BEGIN
            FOR i IN ${first}..${last} LOOP
              EXECUTE format('CREATE TABLE r%s (id int PRIMARY KEY, v int)', i);
              EXECUTE format('CREATE INDEX r%s_v_idx ON r%s (v)', i, i);
              EXECUTE format('INSERT INTO r%s SELECT g, g %% 7 FROM generate_series(1, 10) g', i);
              EXECUTE format('ANALYZE r%s', i);
            END LOOP;
          END $$`)
      }
    })
  await Promise.all([0, 1].map((k) => build(batches.filter((_, i) => i % 2 === k))))
  return withClient(url, async (db) => {
    const { rows } = await db.query(`
      SELECT (SELECT count(*) FROM pg_class WHERE relkind = 'r' AND relnamespace = 'public'::regnamespace)::int AS tables,
             (SELECT count(*) FROM pg_class WHERE relkind = 'i' AND relnamespace = 'public'::regnamespace)::int AS indexes,
             (SELECT count(*) FROM pg_stat_user_tables WHERE last_analyze IS NOT NULL)::int AS analyzed,
             pg_database_size(current_database())::bigint AS bytes`)
    const r = rows[0]
    log(`bench_report: ${r.tables} tables, ${r.indexes} indexes, ${r.analyzed} analyzed in ${fmtS(started)}`)
    return {
      tables: r.tables,
      indexes: r.indexes,
      analyzed: r.analyzed,
      bytes: Number(r.bytes),
      setupS: secondsSince(started),
    }
  })
}

/** bench_vacuum_t: `tables` tables of `rows` rows, 30% deleted; built on two connections. */
async function buildVacuumTemplate(cluster, tables, rows, log) {
  const started = performance.now()
  await withClient(cluster.url('bench_vacuum_t'), (db) => db.query('CREATE EXTENSION pg_stat_statements'))
  const build = (ids) =>
    withClient(cluster.url('bench_vacuum_t'), async (db) => {
      for (const i of ids) {
        // Rows first, indexes after (quicker), then the delete: 3 of every 10 rows become dead tuples.
        await db.query(`
          CREATE TABLE m${i} (id int, v int, pad text);
          INSERT INTO m${i} SELECT g, g % 1000, md5(g::text) FROM generate_series(1, ${rows}) g;
          ALTER TABLE m${i} ADD PRIMARY KEY (id);
          CREATE INDEX m${i}_v_idx ON m${i} (v);
          DELETE FROM m${i} WHERE id % 10 < ${Math.round(DELETE_SHARE * 10)};`)
      }
    })
  const ids = Array.from({ length: tables }, (_, i) => i + 1)
  await Promise.all([build(ids.filter((i) => i % 2 === 1)), build(ids.filter((i) => i % 2 === 0))])
  // Only the statistics views are read afterwards: reading the tables could prune the dead tuples.
  const facts = await withClient(cluster.url('bench_vacuum_t'), async (db) => {
    const { rows: r } = await db.query(`
      SELECT sum(n_dead_tup)::bigint AS dead, sum(n_live_tup)::bigint AS live,
             pg_database_size(current_database())::bigint AS bytes
        FROM pg_stat_user_tables WHERE schemaname = 'public'`)
    return { deadTuples: Number(r[0].dead), liveTuples: Number(r[0].live), bytes: Number(r[0].bytes) }
  })
  log(
    `bench_vacuum_t: ${tables} tables, ${facts.deadTuples} dead tuples, ${(facts.bytes / 2 ** 20).toFixed(0)} MiB in ${fmtS(started)}`,
  )
  return { tables, rowsPerTable: rows, deleteShare: DELETE_SHARE, ...facts, setupS: secondsSince(started) }
}

/** bench_pgbench_t: pgbench -i, a short pgbench run and an UPDATE of half of the accounts. */
async function buildPgbenchTemplate(cluster, log) {
  const started = performance.now()
  const init = await runTimed(
    pgbenchBin(cluster),
    ['-i', '-s', String(PGBENCH_SCALE), '-I', 'dtGvp', '-q', ...connArgs(cluster), 'bench_pgbench_t'],
    { env: pgEnv(cluster), timeoutMs: 180_000 },
  )
  if (init.status !== 0) throw new Error(`pgbench -i failed (exit ${init.status}):\n${tail(init)}`)
  const short = await runTimed(
    pgbenchBin(cluster),
    ['-n', '-c', '4', '-j', '2', '-T', '5', ...connArgs(cluster), 'bench_pgbench_t'],
    { env: pgEnv(cluster), timeoutMs: 60_000 },
  )
  if (short.status !== 0)
    throw new Error(`the short pgbench run failed (exit ${short.status}):\n${tail(short)}`)
  const facts = await withClient(cluster.url('bench_pgbench_t'), async (db) => {
    await db.query('UPDATE pgbench_accounts SET abalance = abalance WHERE aid % 2 = 0')
    const { rows } = await db.query(`
      SELECT sum(n_dead_tup)::bigint AS dead, pg_database_size(current_database())::bigint AS bytes
        FROM pg_stat_user_tables WHERE relname LIKE 'pgbench\\_%'`)
    return { deadTuples: Number(rows[0].dead), bytes: Number(rows[0].bytes) }
  })
  log(`bench_pgbench_t: scale ${PGBENCH_SCALE}, ${facts.deadTuples} dead tuples in ${fmtS(started)}`)
  return {
    scale: PGBENCH_SCALE,
    shortRunTransactions: parsePgbench(short).processed,
    ...facts,
    setupS: secondsSince(started),
  }
}

const secondsSince = (started) => round((performance.now() - started) / 1000)
const fmtS = (started) => `${((performance.now() - started) / 1000).toFixed(1)} s`
const connArgs = (cluster) => ['-h', cluster.host, '-p', String(cluster.port), '-U', cluster.user]
const pgEnv = (cluster) => childEnv({ PGPASSWORD: cluster.password, PGCONNECT_TIMEOUT: '10' })
const pgbenchBin = (cluster) => join(cluster.binDir, 'pgbench')

/**
 * What a vacuum run did, read from the run's copy: pg_stat_statements first (before this connection's own
 * queries are in it), then the statistics views.
 */
async function vacuumEffect(cluster, database) {
  return withClient(cluster.url(database), async (db) => {
    const { rows: statements } = await db.query(`
      SELECT query, calls::int AS calls, total_exec_time AS ms FROM pg_stat_statements
       WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())`)
    const { rows: t } = await db.query(`
      SELECT count(*) FILTER (WHERE last_vacuum IS NOT NULL)::int AS vacuumed,
             count(*) FILTER (WHERE last_analyze IS NOT NULL)::int AS analyzed,
             coalesce(sum(n_dead_tup), 0)::bigint AS dead
        FROM pg_stat_user_tables WHERE schemaname = 'public'`)
    const vacuums = statements.filter((r) => /^\s*VACUUM/i.test(r.query))
    const user = vacuums.filter((r) => /public/.test(r.query))
    const catalogs = vacuums.filter((r) => !/public/.test(r.query))
    const others = statements.filter((r) => !/^\s*VACUUM/i.test(r.query))
    const calls = (list) => list.reduce((acc, r) => acc + r.calls, 0)
    const ms = (list) => round(list.reduce((acc, r) => acc + r.ms, 0))
    return {
      tablesVacuumed: t[0].vacuumed,
      tablesAnalyzed: t[0].analyzed,
      deadTuplesLeft: Number(t[0].dead),
      userVacuumStatements: calls(user),
      userVacuumMs: ms(user),
      catalogVacuumStatements: calls(catalogs),
      catalogVacuumMs: ms(catalogs),
      otherStatements: calls(others),
      otherStatementsMs: ms(others),
    }
  })
}

// ---------------------------------------------------------------------------------------------------
// The measurements

/** The bundle's start-up alone: no database-url, so it fails at once (exit 1) before any connection. */
async function measureStartup(script, work) {
  const walls = []
  for (let i = 0; i < RUNS; i++) {
    const run = await runDbMaintain(script, work, {}, { timeoutMs: 30_000 })
    if (run.status !== 1) throw new Error(`db-maintain without inputs: exit ${run.status}\n${tail(run)}`)
    walls.push(run.wallMs)
  }
  return { medianMs: round(median(walls)), runsMs: walls.map((w) => round(w)) }
}

async function measureReport(cluster, script, work, log) {
  const inputs = { 'database-url': cluster.url('bench_report'), mode: 'report' }
  const once = async (label) => {
    const run = await runDbMaintain(script, work, inputs, { timeoutMs: 120_000 })
    log(`report ${label}: ${run.wallMs.toFixed(0)} ms, exit ${run.status}, status ${run.outputs.status}`)
    if (run.timedOut || !run.outputs.status || run.outputs.status === 'fail') {
      throw new Error(
        `db-maintain report on bench_report: exit ${run.status ?? run.signal}, status ${run.outputs.status}\n${tail(run)}`,
      )
    }
    return run
  }
  const url = cluster.url('bench_report')
  await withClient(url, (db) => db.query('SELECT pg_stat_statements_reset()'))
  const runs = []
  for (let i = 0; i < RUNS; i++) runs.push(await once(`run ${i + 1}/${RUNS}`))
  const last = runs[runs.length - 1]
  const checks = last.report?.checks ?? []
  // Where the server spent its time: every statement since the reset is db-maintain's.
  const statements = await withClient(url, async (db) => {
    const { rows } = await db.query(`
      SELECT calls::int AS calls, total_exec_time AS total_ms, mean_exec_time AS mean_ms,
             rows::bigint AS rows, left(regexp_replace(query, '\\s+', ' ', 'g'), 120) AS query
        FROM pg_stat_statements
       WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
         AND query !~ 'pg_stat_statements_reset'
       ORDER BY total_exec_time DESC`)
    return rows
  })
  return {
    database: 'bench_report',
    medianMs: round(median(runs.map((r) => r.wallMs))),
    minMs: round(Math.min(...runs.map((r) => r.wallMs))),
    maxMs: round(Math.max(...runs.map((r) => r.wallMs))),
    runsMs: runs.map((r) => round(r.wallMs)),
    serverMsPerRun: round(statements.reduce((acc, r) => acc + r.total_ms, 0) / RUNS),
    statementsPerRun: round(statements.reduce((acc, r) => acc + r.calls, 0) / RUNS),
    slowestStatements: statements.slice(0, 5).map((r) => ({
      meanMs: round(r.mean_ms),
      calls: r.calls,
      rows: Number(r.rows),
      query: r.query,
    })),
    exitStatus: last.status,
    outputs: Object.fromEntries(Object.entries(last.outputs).filter(([name]) => name !== 'report')),
    reportStartedToFinishedMs: last.report
      ? Date.parse(last.report.finishedAt) - Date.parse(last.report.startedAt)
      : undefined,
    unreadableSections: checks.filter((c) => c.id.startsWith('unreadable:')).map((c) => c.id),
    checks: checks.map((c) => ({ id: c.id, status: c.status, detail: String(c.detail ?? '').slice(0, 160) })),
    withinGoal: median(runs.map((r) => r.wallMs)) < GOALS.reportMs,
  }
}

async function measureVacuum(cluster, admin, script, work, log) {
  const database = 'bench_vacuum'
  const tools = (jobs) => [
    {
      tool: 'db-maintain',
      command: `db-maintain mode: maintain, tables: public.*, jobs: ${jobs}`,
      run: async () => {
        const run = await runDbMaintain(
          script,
          work,
          { 'database-url': cluster.url(database), mode: 'maintain', tables: 'public.*', jobs },
          { timeoutMs: 180_000 },
        )
        const o = run.outputs
        if (run.status !== 0 || Number(o.vacuumed) !== VACUUM_TABLES || Number(o.skipped) !== 0) {
          throw new Error(
            `db-maintain maintain jobs ${jobs}: exit ${run.status ?? run.signal}, status ${o.status}, vacuumed ${o.vacuumed}, skipped ${o.skipped}\n${tail(run)}`,
          )
        }
        return { wallMs: run.wallMs, outputs: { status: o.status, vacuumed: o.vacuumed, skipped: o.skipped } }
      },
    },
    {
      tool: 'vacuumdb',
      command: `vacuumdb --analyze --jobs=${jobs}`,
      run: async () => {
        const run = await runTimed(
          join(cluster.binDir, 'vacuumdb'),
          ['--analyze', `--jobs=${jobs}`, ...connArgs(cluster), '-d', database],
          { env: pgEnv(cluster), timeoutMs: 180_000 },
        )
        if (run.status !== 0) throw new Error(`vacuumdb --jobs=${jobs}: exit ${run.status}\n${tail(run)}`)
        return { wallMs: run.wallMs }
      },
    },
  ]

  const samples = {}
  const copiesMs = []
  for (let r = 0; r < RUNS; r++) {
    for (const [j, jobs] of JOBS.entries()) {
      const list = tools(jobs)
      // The order alternates, so neither tool always runs first.
      const order = (r + j) % 2 === 0 ? list : [...list].reverse()
      for (const tool of order) {
        copiesMs.push(await copyDatabase(admin, database, 'bench_vacuum_t'))
        const result = await tool.run()
        const effect = await vacuumEffect(cluster, database)
        if (effect.tablesVacuumed !== VACUUM_TABLES || effect.tablesAnalyzed !== VACUUM_TABLES) {
          throw new Error(
            `${tool.command}: ${effect.tablesVacuumed} tables vacuumed, ${effect.tablesAnalyzed} analyzed of ${VACUUM_TABLES}`,
          )
        }
        log(
          `vacuum round ${r + 1}/${RUNS} jobs ${jobs} ${tool.tool}: ${result.wallMs.toFixed(0)} ms (server time in VACUUM of public tables ${effect.userVacuumMs} ms, of catalogs ${effect.catalogVacuumMs} ms)`,
        )
        const key = `${tool.tool}/${jobs}`
        ;(samples[key] ??= { tool: tool.tool, command: tool.command, jobs, runs: [] }).runs.push({
          wallMs: round(result.wallMs),
          ...effect,
          ...(result.outputs ? { outputs: result.outputs } : {}),
        })
      }
    }
  }
  await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`)

  const summary = (key) => {
    const s = samples[key]
    const walls = s.runs.map((x) => x.wallMs)
    return {
      tool: s.tool,
      command: s.command,
      jobs: s.jobs,
      medianMs: round(median(walls)),
      minMs: round(Math.min(...walls)),
      maxMs: round(Math.max(...walls)),
      medianUserVacuumMs: round(median(s.runs.map((x) => x.userVacuumMs))),
      medianCatalogVacuumMs: round(median(s.runs.map((x) => x.catalogVacuumMs))),
      medianOtherStatementsMs: round(median(s.runs.map((x) => x.otherStatementsMs))),
      // Wall time not spent inside VACUUM on the server: start-up, connections, catalog reads, round trips.
      // Only meaningful with jobs 1 (with more, VACUUM time is summed over connections).
      ...(s.jobs === 1
        ? {
            medianWallMinusVacuumMs: round(
              median(s.runs.map((x) => x.wallMs - x.userVacuumMs - x.catalogVacuumMs)),
            ),
          }
        : {}),
      catalogVacuumStatements: s.runs[0].catalogVacuumStatements,
      runs: s.runs,
    }
  }
  return {
    database: `${database} (a fresh copy of bench_vacuum_t before every run)`,
    medianCopyMs: round(median(copiesMs)),
    comparisons: JOBS.map((jobs) => {
      const dbm = summary(`db-maintain/${jobs}`)
      const vdb = summary(`vacuumdb/${jobs}`)
      const ratio = round(dbm.medianMs / vdb.medianMs, 3)
      return {
        jobs,
        dbMaintain: dbm,
        vacuumdb: vdb,
        ratio,
        ratioPublicVacuumOnly: round(dbm.medianUserVacuumMs / vdb.medianUserVacuumMs, 3),
        withinGoal: ratio <= GOALS.maintainRatio,
      }
    }),
  }
}

/** (value - reference) / reference in percent. */
const change = (value, reference) =>
  Number.isFinite(value) && Number.isFinite(reference) && reference !== 0
    ? round(((value - reference) / reference) * 100)
    : undefined

/** Transaction-weighted mean latency of the whole seconds in [fromS, toS) after `spawnEpochMs`. */
function phaseLatency(series, spawnEpochMs, fromS, toS) {
  const inside = series.filter((e) => {
    const at = e.epochS - spawnEpochMs / 1000
    return at >= fromS && at + 1 <= toS && e.transactions > 0
  })
  const transactions = inside.reduce((acc, e) => acc + e.transactions, 0)
  if (transactions === 0) return { seconds: 0 }
  return {
    seconds: inside.length,
    transactions,
    latencyMs: round(inside.reduce((acc, e) => acc + e.latencyMs * e.transactions, 0) / transactions, 3),
  }
}

async function measureLoad(cluster, admin, script, work, log) {
  const database = 'bench_pgbench'
  const pgbenchArgs = ['-n', '-c', '4', '-j', '2', '-T', String(PGBENCH_SECONDS), '-P', '5']
  const pgbench = async () => {
    // Per-second aggregates besides -P 5, to see the latency while maintain runs.
    const logDir = mkdtempSync(join(work, 'pgbench-'))
    const run = await runTimed(
      pgbenchBin(cluster),
      [
        ...pgbenchArgs,
        '-l',
        '--aggregate-interval=1',
        `--log-prefix=${join(logDir, 'pgbench')}`,
        ...connArgs(cluster),
        database,
      ],
      { env: pgEnv(cluster), timeoutMs: (PGBENCH_SECONDS + 60) * 1000 },
    )
    return { run, perSecond: readAggregateLogs(logDir) }
  }
  const check = (label, { run }) => {
    const parsed = parsePgbench(run)
    log(
      `pgbench ${label}: exit ${run.status}, ${parsed.processed} transactions, ${parsed.failed} failed, latency average ${parsed.latencyAverageMs} ms, tps ${fmt(parsed.tps)}`,
    )
    if (parsed.processed === undefined || parsed.latencyAverageMs === undefined)
      throw new Error(`pgbench ${label} printed no summary (exit ${run.status}):\n${tail(run)}`)
    return parsed
  }

  await copyDatabase(admin, database, 'bench_pgbench_t')
  const alone = await pgbench()
  const baseline = check('alone', alone)

  await copyDatabase(admin, database, 'bench_pgbench_t')
  const bench = pgbench()
  await sleep(MAINTAIN_DELAY_MS)
  const maintain = await runDbMaintain(
    script,
    work,
    { 'database-url': cluster.url(database), mode: 'maintain', tables: 'public.pgbench_*', jobs: 1 },
    { timeoutMs: (PGBENCH_SECONDS + 60) * 1000 },
  )
  const withMaintain = await bench
  const loaded = check('with maintain', withMaintain)
  // The same run alone once more, after: how far two runs alone differ is the noise floor here.
  await copyDatabase(admin, database, 'bench_pgbench_t')
  const aloneAgain = await pgbench()
  const baselineAgain = check('alone again', aloneAgain)
  const m = maintain.outputs
  log(
    `maintain during pgbench: ${maintain.wallMs.toFixed(0)} ms, exit ${maintain.status}, status ${m.status}, vacuumed ${m.vacuumed}, skipped ${m.skipped}`,
  )
  if (maintain.status !== 0 || Number(m.vacuumed) !== 4)
    throw new Error(
      `db-maintain maintain during pgbench: exit ${maintain.status ?? maintain.signal}, vacuumed ${m.vacuumed}\n${tail(maintain)}`,
    )
  await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`)

  // Seconds since each pgbench was spawned; the same windows are read from the run alone.
  const spawnedAlone = alone.run.startedEpochMs
  const spawnedLoaded = withMaintain.run.startedEpochMs
  const fromS = (maintain.startedEpochMs - spawnedLoaded) / 1000
  const toS = fromS + maintain.wallMs / 1000
  const phases = [
    ['before', 0, fromS],
    ['during', fromS, toS],
    ['after', toS, PGBENCH_SECONDS + 1],
  ].map(([phase, from, to]) => ({
    phase,
    fromS: round(from, 2),
    toS: round(to, 2),
    alone: phaseLatency(alone.perSecond, spawnedAlone, from, to),
    withMaintain: phaseLatency(withMaintain.perSecond, spawnedLoaded, from, to),
    aloneAgain: phaseLatency(aloneAgain.perSecond, aloneAgain.run.startedEpochMs, from, to),
  }))
  for (const p of phases) p.latencyChangePercent = change(p.withMaintain.latencyMs, p.alone.latencyMs)
  const perSecond = (series, spawned) =>
    series.map((e) => [round(e.epochS - spawned / 1000, 1), e.transactions, round(e.latencyMs, 3)])
  return {
    database: `${database} (a fresh copy of bench_pgbench_t before each run)`,
    command: `pgbench ${pgbenchArgs.join(' ')}`,
    maintain: {
      inputs: 'mode: maintain, tables: public.pgbench_*, jobs: 1',
      startedAtS: round(fromS, 2),
      endedAtS: round(toS, 2),
      wallMs: round(maintain.wallMs),
      exitStatus: maintain.status,
      outputs: { status: m.status, vacuumed: m.vacuumed, analyzed: m.analyzed, skipped: m.skipped },
      notPassing: (maintain.report?.checks ?? [])
        .filter((c) => c.status !== 'pass')
        .map((c) => ({ id: c.id, status: c.status, detail: String(c.detail ?? '').slice(0, 160) })),
      statements: (maintain.report?.tables?.[0]?.rows ?? []).map((row) => ({
        sql: row[0],
        result: row[1],
        deadTuples: row[2],
        duration: row[4],
      })),
    },
    baseline,
    withMaintain: loaded,
    baselineAgain,
    latencyChangePercent: change(loaded.latencyAverageMs, baseline.latencyAverageMs),
    tpsChangePercent: change(loaded.tps, baseline.tps),
    latencyChangeVsMeanOfAlonePercent: change(
      loaded.latencyAverageMs,
      (baseline.latencyAverageMs + baselineAgain.latencyAverageMs) / 2,
    ),
    aloneToAloneLatencyChangePercent: change(baselineAgain.latencyAverageMs, baseline.latencyAverageMs),
    phases,
    perSecond: {
      columns: ['seconds after spawn', 'transactions', 'mean latency ms'],
      alone: perSecond(alone.perSecond, spawnedAlone),
      withMaintain: perSecond(withMaintain.perSecond, spawnedLoaded),
      aloneAgain: perSecond(aloneAgain.perSecond, aloneAgain.run.startedEpochMs),
    },
    withinGoal:
      loaded.failed === GOALS.failedTransactions &&
      baseline.failed === GOALS.failedTransactions &&
      baselineAgain.failed === GOALS.failedTransactions &&
      loaded.abortedClients === 0 &&
      loaded.exitStatus === 0,
  }
}

// ---------------------------------------------------------------------------------------------------
// The benchmark

export default async function dbMaintainBench({ log = console.error } = {}) {
  requireBundle(BUNDLE)
  const work = mkdtempSync(join(tmpdir(), 'bench-db-maintain-'))
  let cluster
  let admin
  // Ctrl-C or a kill still stops the server and removes its files.
  const cleanup = guardCleanup(work, () => cluster?.stop())
  const started = performance.now()
  // The 1-minute load average as each part starts: other work on the machine skews every figure here.
  const loadAverage = { start: round(loadavg()[0], 2) }
  try {
    const snapshot = snapshotBundle(DIST, work)
    cluster = await startCluster({ settings: CLUSTER_SETTINGS, log })
    log(`PostgreSQL on 127.0.0.1:${cluster.port} (${cluster.binDir}); building the databases ...`)
    admin = new pg.Client({ connectionString: cluster.url('postgres'), connectionTimeoutMillis: 10_000 })
    await admin.connect()
    const { rows: versionRows } = await admin.query('SHOW server_version')
    for (const name of ['bench_report', 'bench_vacuum_t', 'bench_pgbench_t'])
      await admin.query(`CREATE DATABASE ${name}`)
    // The three builders run at once, each on connections of its own.
    const [reportDb, vacuumDb, pgbenchDb] = await Promise.all([
      buildReportDatabase(cluster, REPORT_TABLES, log),
      buildVacuumTemplate(cluster, VACUUM_TABLES, VACUUM_ROWS, log),
      buildPgbenchTemplate(cluster, log),
    ])
    await admin.query('CHECKPOINT')
    await flushToDisk()
    const setupS = secondsSince(started)

    log(`1. report on ${reportDb.tables} tables, ${reportDb.indexes} indexes (setup took ${setupS} s)`)
    loadAverage.report = round(loadavg()[0], 2)
    let mark = performance.now()
    const startup = await measureStartup(snapshot.script, work)
    const report = { ...(await measureReport(cluster, snapshot.script, work, log)), bundleStartup: startup }
    const reportS = secondsSince(mark)
    log(`2. maintain vs vacuumdb, jobs ${JOBS.join(' and ')}, ${RUNS} runs each (part 1 took ${reportS} s)`)
    loadAverage.vacuum = round(loadavg()[0], 2)
    mark = performance.now()
    const vacuum = await measureVacuum(cluster, admin, snapshot.script, work, log)
    const vacuumS = secondsSince(mark)
    log(`3. pgbench ${PGBENCH_SECONDS} s alone, with maintain, alone again (part 2 took ${vacuumS} s)`)
    loadAverage.load = round(loadavg()[0], 2)
    mark = performance.now()
    const load = await measureLoad(cluster, admin, snapshot.script, work, log)
    const loadS = secondsSince(mark)
    loadAverage.end = round(loadavg()[0], 2)

    const results = {
      generatedAt: new Date().toISOString(),
      host: hostInfo(),
      node: process.version,
      postgres: {
        version: versionRows[0].server_version,
        binDir: cluster.binDir,
        settings: CLUSTER_SETTINGS,
      },
      bundle: { path: 'dist/db-maintain/index.js', bytes: snapshot.bytes },
      config: {
        runs: RUNS,
        reportTables: REPORT_TABLES,
        vacuumTables: VACUUM_TABLES,
        vacuumRows: VACUUM_ROWS,
        pgbenchSeconds: PGBENCH_SECONDS,
        pgbenchScale: PGBENCH_SCALE,
        maintainDelayMs: MAINTAIN_DELAY_MS,
        goals: GOALS,
      },
      notes: [
        'Wall times are from spawning the process to its exit, in ms; medians over the timed runs.',
        'report.serverMsPerRun and slowestStatements: server time of the report’s own statements, from pg_stat_statements in bench_report.',
        'Every vacuum run starts from CREATE DATABASE ... TEMPLATE (STRATEGY FILE_COPY) of the same never-read template, then CHECKPOINT, so each run finds the same dead tuples; the copy is not timed.',
        'A copied database starts with empty statistics (n_dead_tup 0), so db-maintain is given tables: public.* (every listed table is vacuumed whatever its dead tuples), as vacuumdb vacuums every table.',
        'vacuumdb also vacuums and analyzes the system catalogs of the database (catalogVacuumStatements, catalogVacuumMs); db-maintain does not. db-maintain also reads the catalog before and after maintaining (its report).',
        'userVacuumMs / catalogVacuumMs: server time inside VACUUM statements from pg_stat_statements (summed over connections, so with jobs 2 it can exceed the wall time); otherStatementsMs: every other statement of the run (db-maintain’s catalog reads; vacuumdb’s table list).',
        'Before every timed vacuum and pgbench run: CHECKPOINT and sync, so writeback of earlier runs does not land in it (fsync is off in this cluster).',
        'Part 3 runs pgbench three times (alone, with maintain, alone again); with one run each, run-to-run noise on this host is of the same order as the effect, see aloneToAloneLatencyChangePercent. Per-second latencies come from pgbench -l --aggregate-interval=1; phases are the whole seconds before, during and after maintain, the same windows in every run.',
        'pgbench runs with -n (no vacuum of its own before the run) on a fresh copy of a template that has dead tuples from a 5 s pgbench run and an UPDATE of half of pgbench_accounts (so its VACUUM takes a few seconds). The copy starts with empty statistics, so db-maintain is given tables: public.pgbench_*.',
        'loadAverage1m: the machine’s 1-minute load average as each part starts; above about the CPU count, other work was competing for the CPUs and the figures are skewed accordingly.',
        'The cluster runs with fsync, synchronous_commit and full_page_writes off and autovacuum off (a throwaway benchmark cluster); absolute times on durable storage are longer.',
      ],
      partSeconds: { setup: setupS, report: reportS, vacuum: vacuumS, load: loadS },
      loadAverage1m: loadAverage,
      setup: {
        seconds: setupS,
        reportDatabase: reportDb,
        vacuumTemplate: vacuumDb,
        pgbenchTemplate: pgbenchDb,
      },
      report,
      vacuum,
      load,
    }
    await writeResults(RESULTS, results)
    return { title: `db-maintain benchmark (${results.generatedAt})`, lines: render(results) }
  } catch (error) {
    const serverLog = cluster?.serverLogTail(15)
    if (serverLog) log(`server log (last lines):\n${serverLog}`)
    throw error
  } finally {
    await admin?.end().catch(() => {})
    cleanup()
  }
}

function render(results) {
  const lines = []
  const { report, vacuum, load, setup } = results
  const ok = (within) => (within ? 'ok' : 'MISS')
  lines.push(`PostgreSQL ${results.postgres.version}, node ${results.node}`)
  const la = results.loadAverage1m
  lines.push(
    `host: ${results.host.platform}, ${results.host.cpus} x ${results.host.cpu}; setup ${setup.seconds} s`,
    `load average (1 min) as each part starts: setup ${la.start}, 1. ${la.report}, 2. ${la.vacuum}, 3. ${la.load}, end ${la.end}`,
  )
  lines.push('')
  lines.push(
    `1. report on ${setup.reportDatabase.tables} tables / ${setup.reportDatabase.indexes} indexes: median ${fmt(report.medianMs, 0)} ms of ${report.runsMs.length} (min ${fmt(report.minMs, 0)}, max ${fmt(report.maxMs, 0)}) goal < ${GOALS.reportMs} ms: ${ok(report.withinGoal)}`,
  )
  const slowest = report.slowestStatements[0]
  lines.push(
    `   server time ${fmt(report.serverMsPerRun, 0)} ms per run in ${fmt(report.statementsPerRun, 0)} statements; slowest ${fmt(slowest?.meanMs, 0)} ms: ${String(slowest?.query ?? '-').slice(0, 60)}`,
  )
  const o = report.outputs
  lines.push(
    `   status ${o.status}, warnings ${o.warnings}, dead-tuples ${o['dead-tuples']}, tables-over-threshold ${o['tables-over-threshold']}; unreadable sections: ${report.unreadableSections.length ? report.unreadableSections.join(', ') : 'none'}`,
  )
  lines.push('')
  const v = setup.vacuumTemplate
  lines.push(
    `2. maintain vs vacuumdb --analyze: ${v.tables} tables x ${v.rowsPerTable} rows, ${v.deadTuples} dead tuples, fresh copy per run; medians of ${RUNS} (ms)`,
  )
  const w = [4, 12, 12, 7, 14, 14, 5]
  lines.push(pad(['jobs', 'db-maintain', 'vacuumdb', 'ratio', 'srv dbm+other', 'srv vdb+cat', 'goal'], w))
  for (const c of vacuum.comparisons) {
    lines.push(
      pad(
        [
          c.jobs,
          fmt(c.dbMaintain.medianMs, 0),
          fmt(c.vacuumdb.medianMs, 0),
          fmt(c.ratio, 3),
          `${fmt(c.dbMaintain.medianUserVacuumMs, 0)}+${fmt(c.dbMaintain.medianOtherStatementsMs, 0)}`,
          `${fmt(c.vacuumdb.medianUserVacuumMs, 0)}+${fmt(c.vacuumdb.medianCatalogVacuumMs, 0)}`,
          ok(c.withinGoal),
        ],
        w,
      ),
    )
  }
  lines.push(
    `   srv: server ms inside VACUUM of the public tables (pg_stat_statements, summed over connections);`,
    `   +other: db-maintain's catalog reads; +cat: vacuumdb also vacuums ${vacuum.comparisons[0].vacuumdb.catalogVacuumStatements} catalog tables. goal: ratio <= ${GOALS.maintainRatio}.`,
  )
  const one = vacuum.comparisons.find((c) => c.jobs === 1)
  if (one)
    lines.push(
      `   jobs 1, wall minus server VACUUM time: db-maintain ${fmt(one.dbMaintain.medianWallMinusVacuumMs, 0)} ms, vacuumdb ${fmt(one.vacuumdb.medianWallMinusVacuumMs, 0)} ms (bundle start-up alone ${fmt(report.bundleStartup.medianMs, 0)} ms)`,
    )
  lines.push('')
  lines.push(
    `3. ${load.command} (scale ${setup.pgbenchTemplate.scale}); maintain jobs 1 on public.pgbench_* from ${fmt(load.maintain.startedAtS)} s to ${fmt(load.maintain.endedAtS)} s`,
  )
  const w3 = [14, 8, 7, 9, 10, 10, 10, 10]
  lines.push(pad(['run', 'xacts', 'failed', 'tps', 'lat avg', 'before', 'during', 'after'], w3))
  const phase = (name, run) => load.phases.find((p) => p.phase === name)?.[run]?.latencyMs
  for (const [label, run, key] of [
    ['alone', load.baseline, 'alone'],
    ['with maintain', load.withMaintain, 'withMaintain'],
    ['alone again', load.baselineAgain, 'aloneAgain'],
  ]) {
    lines.push(
      pad(
        [
          label,
          run.processed,
          run.failed,
          fmt(run.tps),
          `${fmt(run.latencyAverageMs, 3)} ms`,
          fmt(phase('before', key), 3),
          fmt(phase('during', key), 3),
          fmt(phase('after', key), 3),
        ],
        w3,
      ),
    )
  }
  const sign = (x) => (x === undefined ? '-' : `${x >= 0 ? '+' : ''}${fmt(x)}%`)
  const during = load.phases.find((p) => p.phase === 'during')
  lines.push(
    `   before/during/after: mean latency (ms) over the whole seconds before, during and after maintain, the same windows in every run`,
    `   with maintain vs alone: latency average ${sign(load.latencyChangePercent)} (during maintain ${sign(during?.latencyChangePercent)}), tps ${sign(load.tpsChangePercent)};`,
    `   vs the mean of both runs alone ${sign(load.latencyChangeVsMeanOfAlonePercent)}; alone again vs alone ${sign(load.aloneToAloneLatencyChangePercent)} (noise)`,
    `   maintain ${fmt(load.maintain.wallMs, 0)} ms, vacuumed ${load.maintain.outputs.vacuumed}, skipped ${load.maintain.outputs.skipped}; goal 0 failed transactions: ${ok(load.withinGoal)}`,
  )
  lines.push('')
  lines.push(`results: ${RESULTS.slice(root.length + 1)}`)
  return lines
}
