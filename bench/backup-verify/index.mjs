// Benchmark of the backup-verify action, run by bench/run.mjs (npm run bench), never by npm test.
//
// One disposable PostgreSQL cluster (../db-maintain/cluster.mjs: initdb + pg_ctl on 127.0.0.1, fsync off,
// autovacuum off) holds bench_src, made by `pgbench -i -s SCALE` (scale 70 is about 1 GB). The real
// pg_dump of the cluster's version dumps it twice, each backup in a folder of its own and named
// backup_YYYYMMDD_HHMMSS with a time an hour ago (UTC): custom format (`pg_dump -Fc`) as .dump, and plain
// SQL through gzip (`pg_dump | gzip -6`) as .sql.gz.
//
// 1. Restore against the runbook's bare commands, wall time (spawn to exit), alternating per round,
//    medians of RUNS:
//    a. custom: backup-verify (days 1, jobs 2, amcheck false) vs `createdb` + `pg_restore -j 2 -d db file`
//       + `dropdb`; then one backup-verify run with amcheck on, its `amcheck time` metric read from the
//       JSON report;
//    b. .sql.gz: backup-verify vs `createdb` + `sh -c 'gunzip -c "$1" | psql -q -d "$2"'` + `dropdb`.
//    backup-verify's wall time also holds its readability check (for a backup it restores, the cheap part:
//    `pg_restore --list`, or the start of the .sql.gz; the restore is its full read), the scratch
//    database's create and drop and its validation; its own `restore-seconds` output is reported beside.
// 2. Readability of the .sql.gz alone: backup-verify without database-url (restore none) vs `gzip -t`,
//    alternating, medians of READ_RUNS.
// 3. Peak memory of the action process in every backup-verify run (see ./action-run.mjs).
//
// Before every timed restore: CHECKPOINT and sync, so WAL and writeback of an earlier run do not land in
// it. Everything goes to 127.0.0.1, every child process is bounded, and the cluster and temp dirs are
// removed at the end whatever happens. Knobs (environment):
//   BENCH_BV_SCALE       pgbench scale of the source database (default 70, about 1 GB)
//   BENCH_BV_RUNS        timed runs of each restore command (default 3)
//   BENCH_BV_READ_RUNS   timed runs of each readability command (default 3)
import { mkdirSync, mkdtempSync, statSync } from 'node:fs'
import { loadavg, tmpdir } from 'node:os'
import { basename, dirname, join } from 'node:path'
import { performance } from 'node:perf_hooks'

import pg from 'pg'

import { actionDefaults, hasGnuTime, reportMetric, runBackupVerify, snapshotBundle } from './action-run.mjs'
import { startCluster } from '../db-maintain/cluster.mjs'
import { childEnv, runTimed, tail } from '../db-maintain/processes.mjs'

import {
  actionPaths,
  guardCleanup,
  hostInfo,
  loadAverages,
  max,
  median,
  pad,
  positiveInt,
  requireBundle,
  writeResults,
} from '../lib.mjs'

const {
  root,
  dist: DIST,
  bundle: BUNDLE,
  actionYml: ACTION_YML,
  results: RESULTS,
} = actionPaths('backup-verify')

const SCALE = positiveInt(process.env.BENCH_BV_SCALE, 70)
const RUNS = positiveInt(process.env.BENCH_BV_RUNS, 3)
const READ_RUNS = positiveInt(process.env.BENCH_BV_READ_RUNS, 3)
const JOBS = 2
const GOALS = { restoreRatio: 1.1, readRatio: 1.2, nodePeakMb: 150 }
const RUN_TIMEOUT_MS = 300_000

const CLUSTER_SETTINGS = [
  // A throwaway cluster: no durability, no autovacuum (it would run during a timed restore).
  `autovacuum = off`,
  `fsync = off`,
  `synchronous_commit = off`,
  `full_page_writes = off`,
  // No checkpoint starts on its own in a timed run: each run is preceded by an explicit CHECKPOINT.
  `max_wal_size = 8GB`,
  `checkpoint_timeout = 30min`,
]

const round = (value, digits = 1) =>
  value === undefined || value === null ? undefined : Math.round(value * 10 ** digits) / 10 ** digits
const fmt = (value, digits = 1) => (value === undefined || value === null ? '-' : value.toFixed(digits))
const seconds = (ms) => round(ms / 1000, 2)
const mb = (kb) => (kb === undefined ? undefined : round(kb / 1024, 1))
const secondsSince = (started) => round((performance.now() - started) / 1000)

/** The runbook's commands find the server through libpq's environment, as a shell on the host would. */
const pgEnv = (cluster) =>
  childEnv({
    PGHOST: cluster.host,
    PGPORT: String(cluster.port),
    PGUSER: cluster.user,
    PGPASSWORD: cluster.password,
    PGCONNECT_TIMEOUT: '10',
  })

async function withClient(url, fn) {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 10_000 })
  await client.connect()
  try {
    return await fn(client)
  } finally {
    await client.end().catch(() => {})
  }
}

/** Runs a command and throws with its last lines unless it exits 0. */
async function mustRun(label, command, args, options) {
  const run = await runTimed(command, args, { timeoutMs: RUN_TIMEOUT_MS, ...options })
  if (run.status !== 0 || run.timedOut)
    throw new Error(
      `${label} failed (exit ${run.status ?? run.signal}${run.timedOut ? ', timed out' : ''}):\n${tail(run)}`,
    )
  return run
}

/** CHECKPOINT, then `sync` (fsync is off: dirty pages of the last run would otherwise be written in the next). */
async function settle(admin) {
  await admin.query('CHECKPOINT')
  await mustRun('sync', 'sync', [], { timeoutMs: 120_000 })
}

/** `YYYYMMDD_HHMMSS` in UTC. */
function stamp(date) {
  const p = (n) => String(n).padStart(2, '0')
  return `${date.getUTCFullYear()}${p(date.getUTCMonth() + 1)}${p(date.getUTCDate())}_${p(date.getUTCHours())}${p(date.getUTCMinutes())}${p(date.getUTCSeconds())}`
}

// ---------------------------------------------------------------------------------------------------
// Setup

async function buildSource(cluster, admin, log) {
  const started = performance.now()
  await admin.query('CREATE DATABASE bench_src')
  const init = await mustRun(
    `pgbench -i -s ${SCALE}`,
    join(cluster.binDir, 'pgbench'),
    ['-i', '-q', '-s', String(SCALE), 'bench_src'],
    { env: pgEnv(cluster) },
  )
  await settle(admin)
  const facts = await withClient(cluster.url('bench_src'), async (db) => {
    const { rows } = await db.query(`
      SELECT pg_database_size(current_database())::bigint AS bytes,
             (SELECT count(*) FROM pgbench_accounts)::bigint AS accounts,
             (SELECT count(*) FROM pgbench_branches)::bigint + (SELECT count(*) FROM pgbench_tellers)::bigint
               + (SELECT count(*) FROM pgbench_history)::bigint + (SELECT count(*) FROM pgbench_accounts)::bigint AS rows`)
    return { bytes: Number(rows[0].bytes), accounts: Number(rows[0].accounts), rows: Number(rows[0].rows) }
  })
  const done = /done in ([\d.]+) s/.exec(init.stderr)?.[1]
  log(
    `bench_src: pgbench -i -s ${SCALE}, ${(facts.bytes / 2 ** 20).toFixed(0)} MiB, ${facts.rows} rows in ${secondsSince(started)} s`,
  )
  return {
    scale: SCALE,
    ...facts,
    pgbenchInitS: done ? Number(done) : seconds(init.wallMs),
    setupS: secondsSince(started),
  }
}

/** The two backups, dumped at once (two cores), each in a folder of its own. */
async function dumpBackups(cluster, work, log) {
  const name = `backup_${stamp(new Date(Date.now() - 3_600_000))}`
  const customDir = join(work, 'backups-custom')
  const gzipDir = join(work, 'backups-sql-gz')
  mkdirSync(customDir)
  mkdirSync(gzipDir)
  const custom = join(customDir, `${name}.dump`)
  const gzip = join(gzipDir, `${name}.sql.gz`)
  const pgDump = join(cluster.binDir, 'pg_dump')
  const env = pgEnv(cluster)
  const [c, g] = await Promise.all([
    mustRun('pg_dump -Fc', pgDump, ['-Fc', '-f', custom, 'bench_src'], { env }),
    mustRun(
      'pg_dump | gzip',
      'bash',
      ['-o', 'pipefail', '-c', `"$1" -d "$2" | gzip -6 > "$3"`, 'bash', pgDump, 'bench_src', gzip],
      { env },
    ),
  ])
  const facts = {
    name,
    custom: {
      path: custom,
      bytes: statSync(custom).size,
      dumpS: seconds(c.wallMs),
      command: 'pg_dump -Fc -f <file> bench_src',
    },
    gzip: {
      path: gzip,
      bytes: statSync(gzip).size,
      dumpS: seconds(g.wallMs),
      command: 'pg_dump -d bench_src | gzip -6 > <file>',
    },
  }
  log(
    `dumps: ${name}.dump ${(facts.custom.bytes / 2 ** 20).toFixed(1)} MiB (${facts.custom.dumpS} s), ${name}.sql.gz ${(facts.gzip.bytes / 2 ** 20).toFixed(1)} MiB (${facts.gzip.dumpS} s), made concurrently`,
  )
  return facts
}

// ---------------------------------------------------------------------------------------------------
// The measured commands

/** One backup-verify run that must pass; the facts the benchmark keeps. */
async function actionRun(ctx, inputs, expectRows) {
  const run = await runBackupVerify(ctx.script, ctx.work, ctx.defaults, inputs, { timeoutMs: RUN_TIMEOUT_MS })
  const o = run.outputs
  if (run.status !== 0 || o.status !== 'pass') {
    const failed = (run.report?.checks ?? [])
      .filter((c) => c.status !== 'pass')
      .map((c) => `${c.id}: ${c.detail}`)
    throw new Error(
      `backup-verify did not pass (exit ${run.status ?? run.signal}, status ${o.status}):\n${failed.join('\n')}\n${tail(run)}`,
    )
  }
  if (expectRows !== undefined && Number(o.rows) !== expectRows)
    throw new Error(`backup-verify restored ${o.rows} rows, expected ${expectRows}`)
  return {
    wallS: seconds(run.wallMs),
    restoreSeconds:
      o['restore-seconds'] === '' || o['restore-seconds'] === undefined
        ? undefined
        : Number(o['restore-seconds']),
    rows: o.rows === undefined || o.rows === '' ? undefined : Number(o.rows),
    tables: o.tables === undefined || o.tables === '' ? undefined : Number(o.tables),
    amcheckS: reportMetric(run.report, 'amcheck time'),
    readable: (run.report?.checks ?? []).find((c) => c.id.startsWith('readable:'))?.detail,
    memory: {
      nodePeakMb: mb(run.memory.nodePeakKb),
      nodeMaxSampledRssMb: mb(run.memory.nodeMaxSampledRssKb),
      samples: run.memory.samples,
      gnuTimeMaxMb: mb(run.memory.gnuTimeMaxKb),
    },
  }
}

/**
 * The runbook's bare restore: `createdb db`, the restore command, `dropdb db`. Timed is the sum of the three
 * commands' wall times; between restore and dropdb (untimed) the restored pgbench_accounts is counted, so a
 * broken restore cannot pass as a fast one.
 */
async function bareRestore(ctx, restoreCommand, restoreArgs, label) {
  const env = pgEnv(ctx.cluster)
  const db = `bench_bare_${++ctx.bareCount}`
  const create = await mustRun('createdb', 'createdb', [db], { env })
  const restore = await runTimed(restoreCommand, restoreArgs(db), { env, timeoutMs: RUN_TIMEOUT_MS })
  let accounts
  try {
    if (restore.status !== 0 || restore.timedOut)
      throw new Error(`${label} failed (exit ${restore.status}):\n${tail(restore)}`)
    if (/ERROR/.test(restore.stderr)) throw new Error(`${label} reported errors:\n${tail(restore)}`)
    accounts = await withClient(ctx.cluster.url(db), async (c) =>
      Number((await c.query('SELECT count(*) AS n FROM pgbench_accounts')).rows[0].n),
    )
    if (accounts !== ctx.source.accounts)
      throw new Error(`${label} restored ${accounts} accounts, expected ${ctx.source.accounts}`)
  } catch (error) {
    await ctx.admin.query(`DROP DATABASE IF EXISTS ${db} WITH (FORCE)`).catch(() => {})
    throw error
  }
  const drop = await mustRun('dropdb', 'dropdb', [db], { env })
  return {
    wallS: seconds(create.wallMs + restore.wallMs + drop.wallMs),
    createdbS: seconds(create.wallMs),
    restoreS: seconds(restore.wallMs),
    dropdbS: seconds(drop.wallMs),
  }
}

/** RUNS rounds of two commands, alternating which goes first; `settle` before each timed run. */
async function alternate(ctx, rounds, a, b, log, label) {
  const runsA = []
  const runsB = []
  for (let i = 0; i < rounds; i++) {
    const order = i % 2 === 0 ? [a, b] : [b, a]
    for (const which of order) {
      if (ctx.settleBefore) await settle(ctx.admin)
      const load1 = round(loadavg()[0], 2)
      const result = { ...(await which.run()), load1AtStart: load1 }
      ;(which === a ? runsA : runsB).push(result)
      log(`${label} round ${i + 1}: ${which.name} ${result.wallS} s (load ${load1})`)
    }
  }
  return [runsA, runsB]
}

function summarizeAction(runs) {
  return {
    runs,
    medianWallS: round(median(runs.map((r) => r.wallS)), 2),
    medianRestoreSeconds: round(median(runs.map((r) => r.restoreSeconds)), 2),
    medianOutsideRestoreS: round(
      median(runs.map((r) => (r.restoreSeconds === undefined ? undefined : r.wallS - r.restoreSeconds))),
      2,
    ),
    nodePeakMb: max(runs.map((r) => r.memory.nodePeakMb)),
    gnuTimeMaxMb: max(runs.map((r) => r.memory.gnuTimeMaxMb)),
  }
}

async function measureRestore(ctx, format, log) {
  const backup = ctx.backups[format]
  const dir = dirname(backup.path)
  const inputs = {
    'backup-dir': dir,
    'database-url': ctx.cluster.url('postgres'),
    days: '1',
    jobs: String(JOBS),
    amcheck: 'false',
  }
  const bare =
    format === 'custom'
      ? {
          name: 'bare',
          command: `createdb <db> && pg_restore -j ${JOBS} -d <db> <file> && dropdb <db>`,
          run: () =>
            bareRestore(ctx, 'pg_restore', (db) => ['-j', String(JOBS), '-d', db, backup.path], 'pg_restore'),
        }
      : {
          name: 'bare',
          command: `createdb <db> && sh -c 'gunzip -c "$1" | psql -q -d "$2"' sh <file> <db> && dropdb <db>`,
          run: () =>
            bareRestore(
              ctx,
              'sh',
              (db) => ['-c', 'gunzip -c "$1" | psql -q -d "$2"', 'sh', backup.path, db],
              'gunzip | psql',
            ),
        }
  const action = { name: 'backup-verify', run: () => actionRun(ctx, inputs, ctx.source.rows) }
  const [actionRuns, bareRuns] = await alternate(
    { ...ctx, settleBefore: true },
    RUNS,
    action,
    bare,
    log,
    `restore ${format}`,
  )
  const a = summarizeAction(actionRuns)
  const b = {
    command: bare.command,
    runs: bareRuns,
    medianWallS: round(median(bareRuns.map((r) => r.wallS)), 2),
  }
  const ratio = a.medianWallS / b.medianWallS
  return {
    format,
    backup: basename(backup.path),
    backupVerify: { inputs: 'days: 1, jobs: 2, amcheck: false, restore: latest (default)', ...a },
    bare: b,
    ratio: round(ratio, 3),
    restoreSecondsRatio: round(a.medianRestoreSeconds / median(bareRuns.map((r) => r.restoreS)), 3),
    withinGoal: ratio <= GOALS.restoreRatio,
  }
}

async function measureAmcheck(ctx, log) {
  await settle(ctx.admin)
  const run = await actionRun(
    ctx,
    {
      'backup-dir': dirname(ctx.backups.custom.path),
      'database-url': ctx.cluster.url('postgres'),
      days: '1',
      jobs: String(JOBS),
      amcheck: 'true',
    },
    ctx.source.rows,
  )
  if (run.amcheckS === undefined)
    throw new Error('the report of the amcheck run has no "amcheck time" metric')
  log(`amcheck run: ${run.wallS} s, amcheck time ${run.amcheckS} s`)
  return { inputs: 'days: 1, jobs: 2, amcheck: true', ...run }
}

async function measureReadable(ctx, log) {
  const backup = ctx.backups.gzip
  const action = {
    name: 'backup-verify',
    run: () => actionRun(ctx, { 'backup-dir': dirname(backup.path), days: '1' }),
  }
  const gzipT = {
    name: 'gzip -t',
    run: async () => ({ wallS: seconds((await mustRun('gzip -t', 'gzip', ['-t', backup.path])).wallMs) }),
  }
  await settle(ctx.admin)
  const [actionRuns, gzipRuns] = await alternate(
    { ...ctx, settleBefore: false },
    READ_RUNS,
    action,
    gzipT,
    log,
    'read',
  )
  const a = summarizeAction(actionRuns)
  const g = {
    command: 'gzip -t <file>',
    runs: gzipRuns,
    medianWallS: round(median(gzipRuns.map((r) => r.wallS)), 2),
  }
  const ratio = a.medianWallS / g.medianWallS
  return {
    backup: basename(backup.path),
    backupVerify: { inputs: 'days: 1, no database-url (restore: none)', ...a },
    gzipT: g,
    ratio: round(ratio, 3),
    withinGoal: ratio <= GOALS.readRatio,
  }
}

// ---------------------------------------------------------------------------------------------------
// The benchmark

export default async function backupVerifyBench({ log = console.error } = {}) {
  requireBundle(BUNDLE)
  const work = mkdtempSync(join(tmpdir(), 'bench-backup-verify-'))
  let cluster
  let admin
  // Ctrl-C or a kill still stops the server and removes its files.
  const cleanup = guardCleanup(work, () => cluster?.stop())
  const started = performance.now()
  const loadAtStart = loadAverages()
  try {
    const snapshot = snapshotBundle(DIST, work)
    const defaults = actionDefaults(ACTION_YML)
    cluster = await startCluster({ settings: CLUSTER_SETTINGS, log })
    log(`PostgreSQL on 127.0.0.1:${cluster.port} (${cluster.binDir}); building bench_src ...`)
    admin = new pg.Client({ connectionString: cluster.url('postgres'), connectionTimeoutMillis: 10_000 })
    await admin.connect()
    const { rows: versionRows } = await admin.query('SHOW server_version')
    const source = await buildSource(cluster, admin, log)
    const backups = await dumpBackups(cluster, work, log)
    const setupS = secondsSince(started)
    const ctx = { cluster, admin, script: snapshot.script, work, defaults, source, backups, bareCount: 0 }

    log(`1a. custom restore: backup-verify vs createdb + pg_restore -j ${JOBS} + dropdb, ${RUNS} runs each`)
    const custom = await measureRestore(ctx, 'custom', log)
    const amcheck = await measureAmcheck(ctx, log)
    log(`1b. .sql.gz restore: backup-verify vs createdb + gunzip | psql + dropdb, ${RUNS} runs each`)
    const gzip = await measureRestore(ctx, 'gzip', log)
    log(`2. readability of the .sql.gz: backup-verify (restore none) vs gzip -t, ${READ_RUNS} runs each`)
    const readable = await measureReadable(ctx, log)

    const memoryRows = [
      ['restore custom', custom.backupVerify],
      [
        'restore custom, amcheck on',
        { nodePeakMb: amcheck.memory.nodePeakMb, gnuTimeMaxMb: amcheck.memory.gnuTimeMaxMb },
      ],
      ['restore .sql.gz', gzip.backupVerify],
      ['readability .sql.gz', readable.backupVerify],
    ].map(([run, m]) => ({ run, nodePeakMb: m.nodePeakMb, gnuTimeMaxMb: m.gnuTimeMaxMb }))
    const nodePeakMb = max(memoryRows.map((r) => r.nodePeakMb))
    const memory = {
      method: hasGnuTime()
        ? 'node run under /usr/bin/time -v; nodePeakMb = VmHWM of the node process from /proc/<pid>/status (sampled every 50 ms, the kernel’s high-water mark); gnuTimeMaxMb = /usr/bin/time -v maximum resident set size'
        : 'nodePeakMb = VmHWM of the node process from /proc/<pid>/status, sampled every 50 ms (/usr/bin/time not installed)',
      rows: memoryRows,
      nodePeakMb,
      withinGoal: nodePeakMb !== undefined && nodePeakMb < GOALS.nodePeakMb,
    }

    const results = {
      generatedAt: new Date().toISOString(),
      host: hostInfo(loadAtStart),
      node: process.version,
      postgres: {
        version: versionRows[0].server_version,
        binDir: cluster.binDir,
        settings: CLUSTER_SETTINGS,
      },
      bundle: { path: 'dist/backup-verify/index.js', bytes: snapshot.bytes, sha256: snapshot.sha256 },
      config: { scale: SCALE, runs: RUNS, readRuns: READ_RUNS, jobs: JOBS, goals: GOALS },
      notes: [
        'Wall times are from spawning the process to its exit, in seconds; medians over the timed runs, the two commands alternating which goes first in each round.',
        'backup-verify’s wall time holds more than the restore: node start-up, finding the backup, the cheap part of the readability check (custom: pg_restore --list; .sql.gz: the first KB of the stream; the restore itself is the full read, with no separate read before it), creating and dropping the scratch database, and validation (exact row counts of every table in one query, invalid indexes, NOT VALID constraints, sequences; amcheck off except in the amcheck run). restoreSeconds is its own `restore-seconds` output: the restore tool alone. Run 2 (no database-url, nothing restored) still reads the whole .sql.gz in node.',
        'The bare time is createdb + restore + dropdb, each a separate process found on PATH (as backup-verify finds its tools); the restored pgbench_accounts is counted between restore and dropdb, untimed.',
        'backup-verify restores custom dumps with pg_restore --exit-on-error --no-owner --no-privileges --jobs 2, and .sql.gz with gzip -dc piped (an OS pipe) into psql -a -X -q -v ON_ERROR_STOP=1 --single-transaction (-a: psql echoes the SQL it reads, COPY data left out, so node sees pg_dump’s trailer); the bare commands are the runbook’s pg_restore -j 2 -d and gunzip -c | psql -q -d.',
        'Before every timed restore: CHECKPOINT and sync (the cluster runs with fsync off, so WAL and dirty pages of one run would otherwise be written during the next). The backups sit in the page cache throughout (warm reads for both sides).',
        'load1AtStart on each run is the 1-minute load average when it started: anything else running on the host (a 2-core machine) shows there and widens the spread between rounds; medians damp it, they do not remove it.',
        'The two dumps were made concurrently (two cores), so their dump times are not those of a dump alone.',
        'Memory: nodePeakMb is the node process alone; the psql, pg_restore (and its --jobs workers) and gunzip processes are separate processes and not counted in it. /usr/bin/time -v’s figure (gnuTimeMaxMb) is, on Linux, the largest of node and every descendant it waited for, not their sum.',
        'The cluster runs with fsync, synchronous_commit and full_page_writes off and autovacuum off (a throwaway benchmark cluster); absolute times on durable storage are longer. The action ran on this process’s node, not the node24 the runner uses.',
      ],
      setup: {
        seconds: setupS,
        source,
        backups: { name: backups.name, custom: strip(backups.custom), gzip: strip(backups.gzip) },
      },
      restore: { custom, gzip },
      amcheck,
      readable,
      memory,
      totalSeconds: secondsSince(started),
    }
    await writeResults(RESULTS, results)
    return { title: `backup-verify benchmark (${results.generatedAt})`, lines: render(results) }
  } catch (error) {
    const serverLog = cluster?.serverLogTail(15)
    if (serverLog) log(`server log (last lines):\n${serverLog}`)
    throw error
  } finally {
    await admin?.end().catch(() => {})
    cleanup()
  }
}

/** A backup's facts without its temp path. */
function strip({ path, ...facts }) {
  return { file: path.split('/').pop(), ...facts }
}

function render(results) {
  const { setup, restore, amcheck, readable, memory } = results
  const ok = (within) => (within ? 'ok' : 'MISS')
  const lines = []
  lines.push(`PostgreSQL ${results.postgres.version}, node ${results.node}`)
  lines.push(
    `host: ${results.host.platform}, ${results.host.cpus} x ${results.host.cpu}; load avg at start ${results.host.loadAverage1_5_15.atStart.join(' ')}, at end ${results.host.loadAverage1_5_15.atEnd.join(' ')}; setup ${setup.seconds} s`,
  )
  lines.push(
    `source: pgbench -i -s ${setup.source.scale}: ${(setup.source.bytes / 2 ** 20).toFixed(0)} MiB, ${setup.source.rows.toLocaleString('en-US')} rows (init ${setup.source.pgbenchInitS} s)`,
  )
  lines.push(
    `backups: ${setup.backups.custom.file} ${(setup.backups.custom.bytes / 2 ** 20).toFixed(1)} MiB, ${setup.backups.gzip.file} ${(setup.backups.gzip.bytes / 2 ** 20).toFixed(1)} MiB`,
  )
  lines.push('')
  lines.push(`1. restore, backup-verify vs bare commands: medians of ${results.config.runs} (s)`)
  const w = [8, 13, 12, 8, 8, 6, 5]
  lines.push(pad(['format', 'backup-verify', 'restore-sec', 'other', 'bare', 'ratio', 'goal'], w))
  for (const r of [restore.custom, restore.gzip]) {
    lines.push(
      pad(
        [
          r.format === 'gzip' ? '.sql.gz' : 'custom',
          fmt(r.backupVerify.medianWallS, 2),
          fmt(r.backupVerify.medianRestoreSeconds, 2),
          fmt(r.backupVerify.medianOutsideRestoreS, 2),
          fmt(r.bare.medianWallS, 2),
          fmt(r.ratio, 3),
          ok(r.withinGoal),
        ],
        w,
      ),
    )
  }
  lines.push(
    `   custom bare: ${restore.custom.bare.command}`,
    `   .sql.gz bare: ${restore.gzip.bare.command}`,
    `   restore-sec: backup-verify's restore-seconds output (the restore tool alone); other: its wall minus that (node start-up,`,
    `   the cheap readability checks, scratch create/drop, validation); restore-sec / bare restore command alone: custom ${fmt(restore.custom.restoreSecondsRatio, 3)}, .sql.gz ${fmt(restore.gzip.restoreSecondsRatio, 3)}`,
    `   backup-verify inputs: days 1, jobs 2, amcheck false; goal: ratio <= ${GOALS.restoreRatio}`,
    `   amcheck on (custom, 1 run): wall ${fmt(amcheck.wallS, 2)} s, restore-seconds ${fmt(amcheck.restoreSeconds, 1)}, amcheck time ${fmt(amcheck.amcheckS, 1)} s`,
  )
  lines.push('')
  lines.push(
    `2. readability of ${readable.backup}: backup-verify ${fmt(readable.backupVerify.medianWallS, 2)} s vs gzip -t ${fmt(readable.gzipT.medianWallS, 2)} s, ratio ${fmt(readable.ratio, 3)} (medians of ${results.config.readRuns}); goal <= ${GOALS.readRatio}: ${ok(readable.withinGoal)}`,
  )
  lines.push('')
  lines.push(`3. peak memory of the action's node process (MB; children not counted)`)
  const w3 = [26, 9, 16]
  lines.push(pad(['run', 'node peak', 'time -v max RSS'], w3))
  for (const r of memory.rows) lines.push(pad([r.run, fmt(r.nodePeakMb), fmt(r.gnuTimeMaxMb)], w3))
  lines.push(
    `   node peak = VmHWM from /proc; time -v = the largest of node and its children (psql, pg_restore); goal < ${GOALS.nodePeakMb} MB: ${ok(memory.withinGoal)}`,
  )
  lines.push('')
  lines.push(`total ${results.totalSeconds} s; results: ${RESULTS.slice(root.length + 1)}`)
  return lines
}
