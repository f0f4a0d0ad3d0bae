// Benchmark of the log-review action, run by bench/run.mjs (npm run bench -- log-review), never by npm test.
//
// The issue's spec: on a generated log of about 1 GB (mixed formats, about 1% errors, some tracebacks),
// in the same run, the throughput in MB/s and the wall time against `grep -cE 'ERROR|WARN'` on the same
// file (goal: at most 3 x grep's time while parsing, grouping and timing everything), and the peak
// memory (goal: under 200 MB).
//
// 1. ./generate.mjs writes one log of MB MiB (seeded, so the same bytes every time): Python logging,
//    JSON lines, logfmt and gunicorn access lines mixed line by line over 6 days, ~1% errors, ~2%
//    warnings, Python tracebacks after some ERROR lines, timeouts, slow operations, one spike hour; and
//    returns the exact truth (errors, warnings, timeouts, slow, spikes, lines, and what grep counts).
//    With KEEP set the log stays in <tmp>/bench-log-review-cache/<MB>mb-seed<SEED>-v<version>/ and is
//    reused by the next run.
// 2. Nothing is dropped from the page cache: one untimed warm-up run of every command first, so all of
//    them read a warm file. Then RUNS rounds, the order of grep and the action alternating per round:
//      grep -cE 'ERROR|WARN' <file>                                    (the issue's reference)
//      the bundle under Node 24, as the runner runs it (INPUT_*, GITHUB_OUTPUT, ...; see
//        ./action-run.mjs), in the log's folder as the workspace: paths=app.log, since=all,
//        include-rotated=false, format=auto, report-path in the run's temp folder, every other input
//        at its action.yml default
//      the same action with jobs: 1 (one thread, no worker), for what the threads of the default gain,
//      wc -l <file>, Node 24 reading the file with fs.createReadStream, and Node 24 reading it with
//        fs.readSync into one reused 1 MiB buffer, the way log-review reads (reference floors: the
//        last is the limit of any single-threaded Node reader of the file).
//    Reported: medians of wall time (spawn to exit); action / grep (ratio of the medians, and per
//    round); action / the readSync floor; throughput = file MiB / action seconds; peak RSS of the node process (the larger of VmHWM
//    sampled from /proc/<pid>/status every 50 ms and VmHWM read inside the process at exit by
//    ../hwm-probe.mjs). Every run's outputs errors, warnings, timeouts, slow, spikes, the report's line
//    count, spike hours and span are checked against the generator's truth: a difference is printed
//    as MISMATCH and recorded, and the bench goes on. groups (next to the generator's estimate, its
//    own notion of distinct templates, not the action's fingerprint), events and records per format
//    are only shown, never a mismatch.
// 3. One more run under `node --cpu-prof` on a PROFILE_MB log: the functions with the most self time.
// 4. GoAccess against log-review format: access on an ACCESS_MB access-only log (./goaccess.mjs), when
//    `goaccess` is on PATH (else one line says how to install it).
//
// MB is 2^20 bytes throughout (file sizes, MB/s, memory). Every child process is bounded by a timeout;
// nothing goes to the network; the temp folder is removed at the end unless KEEP is set.
// Knobs (environment):
//   BENCH_LOG_REVIEW_MB          size of the log in MiB (default 1024)
//   BENCH_LOG_REVIEW_RUNS        timed rounds (default 3)
//   BENCH_LOG_REVIEW_SEED        the generator's seed (default 1)
//   BENCH_LOG_REVIEW_KEEP        1: keep (and reuse) the generated logs and the run folders
//   BENCH_LOG_REVIEW_PROFILE_MB  size of the --cpu-prof run's log (default 100; 0 skips the profile)
//   BENCH_LOG_REVIEW_ACCESS_MB   size of the access-only log for GoAccess (default 256; 0 skips it)
//   BENCH_LOG_REVIEW_TIMEOUT_S   limit of one child process (default max(120, 0.6 s per MiB); in the
//                                GoAccess part max(120, 1 s per MiB of the access-only log))
//   BENCH_NODE24                 0 to run the bundle on this node instead of Node 24
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { availableParallelism, tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'

import { SAMPLE_MS, profileLogReview, resolveNode24, runLogReview } from './action-run.mjs'
import { GENERATOR_VERSION, generateAccessLog, generateLog } from './generate.mjs'
import { goaccessBench, renderGoaccess } from './goaccess.mjs'

import {
  actionDefaults,
  actionPaths,
  hostInfo,
  loadAverages,
  max,
  median,
  pad,
  positiveInt,
  requireBundle,
  runTimed,
  snapshotBundle,
  tail,
  writeResults,
} from '../lib.mjs'

const {
  root,
  dist: DIST,
  bundle: BUNDLE,
  actionYml: ACTION_YML,
  results: RESULTS,
} = actionPaths('log-review')
const CACHE = join(tmpdir(), 'bench-log-review-cache')

const MB = positiveInt(process.env.BENCH_LOG_REVIEW_MB, 1024)
const RUNS = positiveInt(process.env.BENCH_LOG_REVIEW_RUNS, 3)
const SEED = positiveInt(process.env.BENCH_LOG_REVIEW_SEED, 1)
const KEEP = !['', '0', 'false', undefined].includes(process.env.BENCH_LOG_REVIEW_KEEP)
const PROFILE_MB =
  process.env.BENCH_LOG_REVIEW_PROFILE_MB === '0'
    ? 0
    : positiveInt(process.env.BENCH_LOG_REVIEW_PROFILE_MB, 100)
const TIMEOUT_MS =
  positiveInt(process.env.BENCH_LOG_REVIEW_TIMEOUT_S, Math.max(120, Math.ceil(MB * 0.6))) * 1000
const ACCESS_MB =
  process.env.BENCH_LOG_REVIEW_ACCESS_MB === '0'
    ? 0
    : positiveInt(process.env.BENCH_LOG_REVIEW_ACCESS_MB, 256)
const ACCESS_TIMEOUT_MS = positiveInt(process.env.BENCH_LOG_REVIEW_TIMEOUT_S, Math.max(120, ACCESS_MB)) * 1000
// Issue 15: at least 300 MB/s end to end on the 1 GiB log, peak RSS under 200 MB.
const GOALS = { actionToGrep: 3, peakRssMb: 200, throughputMBps: 300 }
const MIB = 1024 * 1024
const GREP_ARGS = ['-cE', 'ERROR|WARN']
/** Node's plain read of the file, the floor for any Node line reader: bytes counted, nothing parsed. */
const NODE_READ = `let n = 0
require('fs').createReadStream(process.argv[1]).on('data', (c) => (n += c.length)).on('end', () => console.log(n))`
/** The floor of a Node reader that reads as log-review does: fs.readSync into one reused 1 MiB buffer. */
const NODE_READ_SYNC = `const fs = require('fs')
const fd = fs.openSync(process.argv[1], 'r')
const buf = Buffer.allocUnsafe(1 << 20)
let n = 0
for (let r; (r = fs.readSync(fd, buf, 0, buf.length, null)) > 0; ) n += r
console.log(n)`

const round = (value, digits = 1) =>
  value === undefined || !Number.isFinite(value) ? undefined : Math.round(value * 10 ** digits) / 10 ** digits
const fmt = (value, digits = 1) =>
  value === undefined || !Number.isFinite(value) ? '-' : value.toFixed(digits)

// ---------------------------------------------------------------------------------------------------
// The log

/** The two logs: the mixed application log, and the access-only one for GoAccess. */
const LOGS = {
  mixed: { generate: generateLog, name: 'app.log', suffix: '' },
  access: { generate: generateAccessLog, name: 'access.log', suffix: '-access' },
}

/**
 * The log of `mb` MiB and its truth: generated into `work`, or with KEEP into the cache folder keyed by
 * size, seed, generator version and kind (reused when its truth.json is there and the size matches).
 */
async function logFile(work, mb, log, kind = 'mixed') {
  const { generate, name, suffix } = LOGS[kind]
  const dir = KEEP
    ? join(CACHE, `${mb}mb-seed${SEED}-v${GENERATOR_VERSION}${suffix}`)
    : join(work, `log-${mb}mb${suffix}`)
  const path = join(dir, name)
  const truthPath = join(dir, 'truth.json')
  if (KEEP && existsSync(truthPath) && existsSync(path)) {
    const truth = JSON.parse(readFileSync(truthPath, 'utf8'))
    if (statSync(path).size === truth.bytes) {
      log(`reusing ${path} (${mb} MiB, seed ${SEED})`)
      return { dir, path, truth, cached: true }
    }
  }
  mkdirSync(dir, { recursive: true })
  rmSync(truthPath, { force: true })
  log(`generating ${mb} MiB of log (seed ${SEED}) into ${path} ...`)
  const started = performance.now()
  const truth = await generate(path, { targetBytes: mb * MIB, seed: SEED })
  const generateMs = performance.now() - started
  // Written last: a log whose generation was cut short has no truth.json and is never reused.
  writeFileSync(truthPath, JSON.stringify(truth))
  log(
    `generated ${truth.lines} lines, ${truth.errors} errors, ${truth.warnings} warnings in ${(generateMs / 1000).toFixed(1)} s`,
  )
  return { dir, path, truth, cached: false, generateMs }
}

// ---------------------------------------------------------------------------------------------------
// Checks

/** The action's figures next to the truth; strict ones differing are mismatches. */
function compare(run, truth) {
  const counts = run.report?.data?.counts ?? {}
  const spikeHours = (run.report?.data?.spikes ?? []).map((s) => s.hour)
  const rows = [
    { field: 'errors', truth: truth.errors, action: Number(run.outputs.errors), strict: true },
    { field: 'warnings', truth: truth.warnings, action: Number(run.outputs.warnings), strict: true },
    { field: 'timeouts', truth: truth.timeouts, action: Number(run.outputs.timeouts), strict: true },
    { field: 'slow', truth: truth.slow, action: Number(run.outputs.slow), strict: true },
    { field: 'spikes', truth: truth.spikes.count, action: Number(run.outputs.spikes), strict: true },
    { field: 'report lines', truth: truth.lines, action: counts.lines, strict: true },
    {
      field: 'groups (estimate)',
      truth: truth.groupsEstimate,
      action: Number(run.outputs.groups),
      strict: false,
    },
    { field: 'report events', truth: truth.events, action: counts.events, strict: false },
  ]
  for (const row of rows) row.ok = row.truth === row.action
  const truthHours = truth.spikes.hours.map((h) => h.hour)
  const sameHours =
    spikeHours.length === truthHours.length &&
    spikeHours.every((hour) => truthHours.includes(new Date(hour).toISOString()))
  // The span: access lines carry whole seconds, so within a second is the same time.
  const span = run.report?.data?.span ?? {}
  for (const end of ['from', 'to']) {
    const near = Math.abs(Date.parse(span[end]) - Date.parse(truth[end])) < 1000
    rows.push({ field: `span ${end}`, truth: truth[end], action: span[end], strict: true, ok: near })
  }
  // Records (first lines of events) per format; the contract calls them lines, so only shown.
  const formats = run.report?.data?.files?.[0]?.formats ?? {}
  for (const [format, counted] of Object.entries(truth.byFormat)) {
    const action = formats[format]
    rows.push({
      field: `${format} records`,
      truth: counted.events,
      action,
      strict: false,
      ok: action === counted.events,
    })
  }
  rows.push({
    field: 'spike hours',
    truth: truthHours.join(' '),
    action: spikeHours.join(' '),
    strict: true,
    ok: sameHours,
  })
  return rows
}

// ---------------------------------------------------------------------------------------------------
// The benchmark

export default async function logReviewBench({ log = console.error } = {}) {
  requireBundle(BUNDLE)
  for (const [tool, args] of [
    ['grep', ['--version']],
    ['wc', ['--version']],
  ]) {
    const run = spawnSync(tool, args, { encoding: 'utf8', timeout: 10_000 })
    if (run.status !== 0) throw new Error(`${tool} is not on PATH`)
  }
  const node = resolveNode24(log)
  log(`bundle runs on ${node.version} (${node.note})`)

  const work = mkdtempSync(join(tmpdir(), 'bench-log-review-'))
  const cleanup = []
  try {
    const snapshot = snapshotBundle(DIST, work)
    const defaults = actionDefaults(ACTION_YML)
    const loadAtStart = loadAverages()
    const file = await logFile(work, MB, log)
    if (!KEEP) cleanup.push(file.dir)
    const { truth } = file
    // The log's folder is the workspace and working directory: paths is relative to it, as on a runner.
    const inputs = {
      paths: 'app.log',
      since: 'all',
      'include-rotated': 'false',
      format: 'auto',
    }

    /** One log-review run on `target` (a logFile) with `reviewInputs`, its counts checked against its truth. */
    const review = async (target, reviewInputs, timeoutMs = TIMEOUT_MS) => {
      const run = await runLogReview(node.bin, snapshot.script, work, target.dir, defaults, reviewInputs, {
        timeoutMs,
      })
      const peakKb = max([run.memory.sampledHwmKb, run.memory.sampledMaxRssKb, run.memory.exitHwmKb])
      const failed = run.status !== 0 || run.timedOut || !run.report
      return {
        wallMs: run.wallMs,
        failed: failed
          ? `exit ${run.status ?? run.signal}${run.timedOut ? ' (timed out)' : ''}${run.report ? '' : ', no report'}: ${tail(run, 4)}`
          : undefined,
        peakKb,
        memory: run.memory,
        outputs: run.outputs,
        summaryBytes: run.summaryBytes,
        reportMs:
          run.report?.startedAt && run.report?.finishedAt
            ? Date.parse(run.report.finishedAt) - Date.parse(run.report.startedAt)
            : undefined,
        files: run.report?.data?.files?.map(({ format, formats, lines, bytes, cutLines }) => ({
          format,
          formats,
          lines,
          bytes,
          cutLines,
        })),
        checks: compare(run, target.truth),
      }
    }

    const commands = {
      grep: async () => {
        const run = await runTimed('grep', [...GREP_ARGS, file.path], { timeoutMs: TIMEOUT_MS })
        const count = Number(run.stdout.trim())
        if (run.status !== 0 || count !== truth.grep)
          throw new Error(
            `grep -cE: exit ${run.status ?? run.signal}, ${count} lines (expected ${truth.grep})`,
          )
        return { wallMs: run.wallMs, count }
      },
      wc: async () => {
        const run = await runTimed('wc', ['-l', file.path], { timeoutMs: TIMEOUT_MS })
        const count = Number(run.stdout.trim().split(/\s+/)[0])
        if (run.status !== 0 || count !== truth.lines)
          throw new Error(`wc -l: exit ${run.status ?? run.signal}, ${count} lines (expected ${truth.lines})`)
        return { wallMs: run.wallMs, count }
      },
      nodeRead: async () => {
        const run = await runTimed(node.bin, ['-e', NODE_READ, file.path], { timeoutMs: TIMEOUT_MS })
        const bytes = Number(run.stdout.trim())
        if (run.status !== 0 || bytes !== truth.bytes)
          throw new Error(
            `node read: exit ${run.status ?? run.signal}, ${bytes} bytes (expected ${truth.bytes})`,
          )
        return { wallMs: run.wallMs, bytes }
      },
      nodeReadSync: async () => {
        const run = await runTimed(node.bin, ['-e', NODE_READ_SYNC, file.path], { timeoutMs: TIMEOUT_MS })
        const bytes = Number(run.stdout.trim())
        if (run.status !== 0 || bytes !== truth.bytes)
          throw new Error(
            `node readSync: exit ${run.status ?? run.signal}, ${bytes} bytes (expected ${truth.bytes})`,
          )
        return { wallMs: run.wallMs, bytes }
      },
      action: (extra = {}) => review(file, { ...inputs, ...extra }),
      // The same action in one thread (jobs: 1), to show what the threads of the default (this one and workers) gain.
      action1: () => commands.action({ jobs: '1' }),
    }

    log('warm-up: one untimed run of each command (the file and the binaries into the page cache)')
    const warm = {}
    for (const name of ['grep', 'wc', 'nodeRead', 'nodeReadSync', 'action', 'action1'])
      warm[name] = await commands[name]()
    if (warm.action.failed) throw new Error(`log-review failed on the warm-up run: ${warm.action.failed}`)

    const results = { grep: [], action: [], wc: [], nodeRead: [], nodeReadSync: [], action1: [] }
    for (let i = 0; i < RUNS; i++) {
      const order =
        i % 2
          ? ['action', 'grep', 'action1', 'wc', 'nodeRead', 'nodeReadSync']
          : ['grep', 'action1', 'action', 'wc', 'nodeRead', 'nodeReadSync']
      log(`round ${i + 1}/${RUNS}: ${order.join(', ')}`)
      for (const name of order) {
        const run = await commands[name]()
        results[name].push(run)
        if (name === 'action' || name === 'action1')
          log(
            `  ${name === 'action' ? 'action' : 'action jobs 1'} ${(run.wallMs / 1000).toFixed(2)} s, peak ${fmt(run.peakKb / 1024)} MB${run.failed ? `, FAILED ${run.failed}` : ''}`,
          )
        if (name === 'grep') log(`  grep ${(run.wallMs / 1000).toFixed(2)} s`)
      }
    }

    // Mismatches, each (field, truth, action) once, with the runs it occurred in.
    const mismatches = new Map()
    const checked = [warm.action, ...results.action, warm.action1, ...results.action1]
    for (const [i, run] of checked.entries()) {
      for (const row of run.checks.filter((r) => r.strict && !r.ok)) {
        const key = `${row.field}|${row.truth}|${row.action}`
        const seen = mismatches.get(key) ?? {
          field: row.field,
          truth: row.truth,
          action: row.action,
          runs: [],
        }
        const jobs1 = i > RUNS
        const n = jobs1 ? i - RUNS - 1 : i
        seen.runs.push(`${n === 0 ? 'warm-up' : n}${jobs1 ? ' (jobs 1)' : ''}`)
        mismatches.set(key, seen)
      }
    }

    let profile
    if (PROFILE_MB > 0) {
      const small = PROFILE_MB === MB ? file : await logFile(work, PROFILE_MB, log)
      if (!KEEP && small !== file) cleanup.push(small.dir)
      log(`one run under node --cpu-prof on the ${PROFILE_MB} MiB log`)
      profile = await profileLogReview(node.bin, snapshot.script, work, small.dir, defaults, inputs, {
        timeoutMs: TIMEOUT_MS,
      })
    }

    const seconds = (runs) => runs.map((r) => r.wallMs / 1000)
    const spread = (runs) => ({
      medianS: round(median(seconds(runs)), 3),
      minS: round(Math.min(...seconds(runs)), 3),
      maxS: round(Math.max(...seconds(runs)), 3),
      runsS: seconds(runs).map((s) => round(s, 3)),
    })
    // 4. GoAccess against log-review format: access on the access-only log ({ skipped } without goaccess).
    const goaccess = await goaccessBench({
      mb: ACCESS_MB,
      runs: RUNS,
      timeoutMs: ACCESS_TIMEOUT_MS,
      sampleMs: SAMPLE_MS,
      work,
      log,
      logFile: (mb) => logFile(work, mb, log, 'access'),
      review: (target) =>
        review(target, { ...inputs, paths: 'access.log', format: 'access' }, ACCESS_TIMEOUT_MS),
      spread,
      round,
    })
    const okActions = results.action.filter((r) => !r.failed)
    const okActions1 = results.action1.filter((r) => !r.failed)
    const grepS = median(seconds(results.grep))
    const actionS = median(seconds(okActions))
    const ratio = actionS / grepS
    const peakMb = max(okActions.map((r) => r.peakKb)) / 1024
    const mib = truth.bytes / MIB
    const last = okActions.at(-1) ?? results.action.at(-1)
    const output = {
      generatedAt: new Date().toISOString(),
      host: hostInfo(loadAtStart),
      node: { bench: process.version, bundle: node.version, bundleNote: node.note },
      bundle: { path: 'dist/log-review/index.js', bytes: snapshot.bytes, sha256: snapshot.sha256 },
      grep: spawnSync('grep', ['--version'], { encoding: 'utf8' }).stdout.split('\n')[0],
      locale: process.env.LC_ALL || process.env.LC_CTYPE || process.env.LANG || '(unset: C)',
      config: {
        mb: MB,
        runs: RUNS,
        seed: SEED,
        keep: KEEP,
        profileMb: PROFILE_MB,
        timeoutS: TIMEOUT_MS / 1000,
        memorySampleMs: SAMPLE_MS,
        inputs: { ...inputs, 'report-path': '<run folder>/report.json' },
        goals: GOALS,
      },
      notes: [
        'MB = 2^20 bytes. Wall times are spawn to exit of the process, in seconds; medians of the timed rounds (the warm-up runs are not timed).',
        'Page cache: nothing is dropped; every command had one untimed warm-up run, so all read a warm file.',
        `grep counts lines with ERROR or WARN in capitals: Python's ERROR and WARNING lines (${truth.byFormat.python.grep}); JSON and logfmt levels are lower case and CRITICAL, access-log 5xx and tracebacks are not matched, so grep sees ${truth.grep} lines where there are ${truth.errors} errors and ${truth.warnings} warnings.`,
        'Peak RSS is the node process alone: the largest of VmHWM/VmRSS sampled every 50 ms and VmHWM read at exit (hwm-probe.mjs).',
        'groups: the generator counts distinct (level, template) pairs, traceback (exception, in-app frame) pairs and access (status, route) triples; the action fingerprints the text, so the two need not agree.',
        'The --cpu-prof run is slower than the timed ones; its shares tell where the time goes.',
      ],
      log: {
        mib: round(mib, 2),
        bytes: truth.bytes,
        lines: truth.lines,
        cached: file.cached,
        generateS: round(file.generateMs === undefined ? undefined : file.generateMs / 1000, 1),
        truth: { ...truth, hours: undefined },
      },
      wall: {
        grep: spread(results.grep),
        action: spread(okActions.length ? okActions : results.action),
        wc: spread(results.wc),
        nodeRead: spread(results.nodeRead),
        nodeReadSync: spread(results.nodeReadSync),
        action1: spread(okActions1.length ? okActions1 : results.action1),
      },
      jobs: {
        default: 'the number of CPUs (action.yml: jobs empty)',
        cpus: availableParallelism(),
        speedupOverJobs1: round(median(seconds(okActions1)) / actionS, 2),
        peakRssMbJobs1: round(max(okActions1.map((r) => r.peakKb)) / 1024),
      },
      actionToGrep: round(ratio, 2),
      actionToGrepWithinGoal: ratio <= GOALS.actionToGrep,
      actionToNodeReadSync: round(actionS / median(seconds(results.nodeReadSync)), 2),
      actionToGrepPerRound: results.action.map((r, i) => round(r.wallMs / results.grep[i].wallMs, 2)),
      throughputMBps: round(mib / actionS, 1),
      referenceMBps: {
        grep: round(mib / grepS, 1),
        wc: round(mib / median(seconds(results.wc)), 1),
        nodeRead: round(mib / median(seconds(results.nodeRead)), 1),
        nodeReadSync: round(mib / median(seconds(results.nodeReadSync)), 1),
      },
      peakRssMb: {
        max: round(peakMb),
        median: round(median(okActions.map((r) => r.peakKb)) / 1024),
        exitVmHwm: okActions.map((r) => round(r.memory.exitHwmKb / 1024)),
        samplesPerRun: median(okActions.map((r) => r.memory.samples)),
      },
      peakWithinGoal: peakMb < GOALS.peakRssMb,
      failedRuns: [...results.action, ...results.action1].filter((r) => r.failed).map((r) => r.failed),
      action: {
        status: last?.outputs.status,
        outputs: last?.outputs && { ...last.outputs, report: undefined },
        reviewMs: last?.reportMs,
        summaryBytes: last?.summaryBytes,
        files: last?.files,
      },
      checks: last?.checks,
      mismatches: [...mismatches.values()],
      goaccess,
      profile: profile && {
        mb: PROFILE_MB,
        wallS: round(profile.wallMs / 1000, 2),
        status: profile.status,
        profiledMs: round(profile.totalMs, 0),
        topSelf: profile.topSelf.map((s) => ({ ...s, ms: round(s.ms, 0), share: round(s.share, 3) })),
        topInclusive: profile.topInclusive.map((s) => ({
          ...s,
          ms: round(s.ms, 0),
          share: round(s.share, 3),
        })),
      },
    }
    await writeResults(RESULTS, output)
    if (KEEP) log(`kept: ${work} (runs) and ${CACHE} (logs)`)
    return { title: `log-review benchmark (${output.generatedAt})`, lines: render(output) }
  } finally {
    if (!KEEP) {
      for (const dir of cleanup) rmSync(dir, { recursive: true, force: true })
      rmSync(work, { recursive: true, force: true })
    }
  }
}

function render(r) {
  const lines = []
  const t = r.log.truth
  lines.push(
    `host: ${r.host.platform}, ${r.host.cpus} x ${r.host.cpu}; bench node ${r.node.bench}, bundle on ${r.node.bundle}; load ${r.host.loadAverage1_5_15.atStart.join(' ')} -> ${r.host.loadAverage1_5_15.atEnd.join(' ')}`,
  )
  lines.push(
    `log: ${fmt(r.log.mib)} MiB, ${r.log.lines} lines (${t.tracebacks} tracebacks), ${t.errors} errors, ${t.warnings} warnings, ${t.timeouts} timeouts, ${t.slow} slow, ${t.spikes.count} spike hour; seed ${r.config.seed}${r.log.cached ? ', cached' : `, generated in ${fmt(r.log.generateS)} s`}`,
  )
  lines.push(`wall s, median of ${r.config.runs} rounds (min - max); MB = 2^20 bytes`)
  const w = [30, 8, 8, 8, 8]
  lines.push(pad(['command', 'median', 'min', 'max', 'MB/s'], w))
  const mb = r.log.mib
  for (const [label, key] of [
    [`grep -cE 'ERROR|WARN'`, 'grep'],
    [`log-review (node ${r.node.bundle})`, 'action'],
    ['log-review jobs: 1', 'action1'],
    ['wc -l', 'wc'],
    ['node createReadStream', 'nodeRead'],
    ['node readSync, 1 MiB buffer', 'nodeReadSync'],
  ]) {
    const s = r.wall[key]
    lines.push(pad([label, fmt(s.medianS, 2), fmt(s.minS, 2), fmt(s.maxS, 2), fmt(mb / s.medianS, 0)], w))
  }
  lines.push(
    `action / grep: ${fmt(r.actionToGrep, 2)}, goal <= ${r.config.goals.actionToGrep}: ${r.actionToGrepWithinGoal ? 'ok' : 'MISS'} (per round: ${r.actionToGrepPerRound.map((x) => fmt(x, 2)).join(', ')})`,
  )
  lines.push(
    `throughput: ${fmt(r.throughputMBps)} MB/s, goal >= ${r.config.goals.throughputMBps}: ${r.throughputMBps >= r.config.goals.throughputMBps ? 'ok' : 'MISS'}; action / node readSync floor: ${fmt(r.actionToNodeReadSync, 2)}`,
  )
  lines.push(
    `threads: jobs = ${r.jobs.cpus} CPUs is ${fmt(r.jobs.speedupOverJobs1, 2)}x jobs: 1 (peak RSS ${fmt(r.jobs.peakRssMbJobs1)} MB at jobs: 1)`,
  )
  lines.push(
    `peak RSS: ${fmt(r.peakRssMb.max)} MB (max of runs; median ${fmt(r.peakRssMb.median)}), goal < ${r.config.goals.peakRssMb}: ${r.peakWithinGoal ? 'ok' : 'MISS'}`,
  )
  if (r.failedRuns.length) lines.push(`FAILED action runs: ${r.failedRuns.length}: ${r.failedRuns[0]}`)
  lines.push(`counts (last run): status ${r.action.status}`)
  const wc = [18, 28, 28, 9]
  lines.push(pad(['field', 'truth', 'action', ''], wc))
  for (const c of r.checks ?? [])
    lines.push(pad([c.field, c.truth, c.action ?? '-', c.ok ? 'ok' : c.strict ? 'MISMATCH' : 'differs'], wc))
  for (const m of r.mismatches)
    lines.push(`MISMATCH ${m.field}: truth ${m.truth}, action ${m.action} (runs ${m.runs.join(', ')})`)
  if (r.profile) {
    lines.push(
      `--cpu-prof on ${r.profile.mb} MiB (${fmt(r.profile.wallS, 1)} s wall), most self time: ${r.profile.topSelf
        .slice(0, 5)
        .map((x) => `${x.function} ${fmt(x.share * 100, 0)}%`)
        .join('; ')}`,
    )
  }
  lines.push(...renderGoaccess(r.goaccess, fmt))
  lines.push(`results: ${RESULTS.slice(root.length + 1)}`)
  return lines
}
