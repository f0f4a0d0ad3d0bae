// GoAccess against log-review on an access-only log, one part of the log-review benchmark (./index.mjs).
//
// Issue 15 keeps log-review's results on access logs next to GoAccess, the tool people know for them, so
// that no change makes log-review slower than it. On the access-only log of generate.mjs
// (generateAccessLog: gunicorn lines with a trailing response time), after one untimed warm-up run of
// each, RUNS rounds, the order alternating per round:
//   goaccess <file> --no-global-config --log-format=... -o <run folder>/report.json
//     JSON output, no real-time server, no GeoIP database, one thread (GoAccess 1.7 has no other);
//   the log-review bundle with format: access (every other input as for the mixed log, jobs default).
// Reported: medians of wall time (spawn to exit), MB/s, log-review / goaccess, peak RSS of each. Checked
// against the generator's truth, as MISMATCH (the bench goes on): GoAccess's total and failed requests
// and its 5xx hits; log-review's counts through the same compare() as the mixed log (5xx = errors,
// 504 = timeouts, response time >= 1 s = slow, spikes, lines, span).
//
// The bench installs nothing: without `goaccess` on PATH this part prints one line and is skipped.
import { spawnSync } from 'node:child_process'
import { mkdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'

import { childEnv, max, median, runSampled, tail } from '../lib.mjs'

/**
 * GoAccess's reading of the generator's lines, `10.1.2.3 - - [20/Nov/2026:12:00:03 +0000] "GET /api/x
 * HTTP/1.1" 200 13807 "-" "curl/8.5.0" 0.199`: the predefined COMBINED format plus %T, the time taken
 * in seconds with a fraction (gunicorn's %(L)s), so that GoAccess reads the response time log-review
 * reads. %^ skips the ident and the zone. Dates and months in English, so GoAccess runs with LC_ALL=C.
 */
export const GOACCESS_FORMAT = {
  log: '%h %^[%d:%t %^] "%r" %s %b "%R" "%u" %T',
  date: '%d/%b/%Y',
  time: '%H:%M:%S',
}
const INSTALL = 'on Debian or Ubuntu: apt-get install goaccess'

/** `GoAccess - 1.7.` or undefined when goaccess is not on PATH. */
export function goaccessVersion() {
  const run = spawnSync('goaccess', ['--version'], { encoding: 'utf8', timeout: 10_000 })
  return run.status === 0 ? run.stdout.split('\n')[0].trim() : undefined
}

/** The arguments after `goaccess`: the log, its format, no progress output, the JSON report. */
export function goaccessArgs(path, report) {
  return [
    path,
    '--no-global-config',
    `--log-format=${GOACCESS_FORMAT.log}`,
    `--date-format=${GOACCESS_FORMAT.date}`,
    `--time-format=${GOACCESS_FORMAT.time}`,
    '--no-progress',
    '--no-parsing-spinner',
    '-o',
    report,
  ]
}

/**
 * Runs goaccess once on `path`, the report in a fresh folder under `work`, and resolves with its wall
 * time, peak RSS (VmHWM sampled every `sampleMs`), the report's totals and its checks against `truth`.
 */
async function runGoaccess(path, truth, { work, run: n, timeoutMs, sampleMs }) {
  const dir = join(work, `goaccess-${n}`)
  mkdirSync(dir, { recursive: true })
  const report = join(dir, 'report.json')
  const { run, memory } = await runSampled('goaccess', goaccessArgs(path, report), {
    env: childEnv({ LC_ALL: 'C' }),
    timeoutMs,
    sampleMs,
  })
  let json
  try {
    json = JSON.parse(readFileSync(report, 'utf8'))
  } catch {
    // No report: failed below.
  }
  const failed =
    run.status !== 0 || run.timedOut || !json
      ? `exit ${run.status ?? run.signal}${run.timedOut ? ' (timed out)' : ''}${json ? '' : ', no report'}: ${tail(run, 4)}`
      : undefined
  const general = json?.general ?? {}
  const fiveXx = json?.status_codes?.data?.find((d) => d.data.startsWith('5xx'))?.hits?.count ?? 0
  const checks = [
    { field: 'total requests', truth: truth.requests, goaccess: general.total_requests },
    { field: 'failed requests', truth: 0, goaccess: general.failed_requests },
    { field: '5xx hits', truth: truth.errors, goaccess: json ? fiveXx : undefined },
  ].map((row) => ({ ...row, ok: row.truth === row.goaccess }))
  return { wallMs: run.wallMs, failed, peakKb: memory.hwmKb || undefined, checks }
}

/**
 * The GoAccess part: `logFile(mb)` gives the access-only log `{ dir, path, truth, cached, generateMs }`,
 * `review(file)` runs log-review on it (index.mjs's runner: `{ wallMs, failed, peakKb, checks }`),
 * `spread(runs)` summarises wall times and `round(value, digits)` rounds (index.mjs's). Resolves with the figures for the results file, or
 * `{ skipped }` saying why.
 */
export async function goaccessBench({
  mb,
  runs,
  timeoutMs,
  sampleMs,
  work,
  log,
  logFile,
  review,
  spread,
  round,
}) {
  if (mb === 0) return { skipped: 'BENCH_LOG_REVIEW_ACCESS_MB=0' }
  const version = goaccessVersion()
  if (!version) {
    log(`goaccess is not on PATH: the GoAccess comparison is skipped (${INSTALL})`)
    return { skipped: `goaccess not on PATH (${INSTALL})` }
  }
  const file = await logFile(mb)
  const { truth } = file
  let goaccessRuns = 0
  const commands = {
    goaccess: () => runGoaccess(file.path, truth, { work, run: goaccessRuns++, timeoutMs, sampleMs }),
    logReview: () => review(file),
  }

  log(`GoAccess (${version}) against log-review format: access on ${mb} MiB: one untimed warm-up run of each`)
  const warm = { goaccess: await commands.goaccess(), logReview: await commands.logReview() }
  const results = { goaccess: [], logReview: [] }
  for (let i = 0; i < runs; i++) {
    const order = i % 2 ? ['logReview', 'goaccess'] : ['goaccess', 'logReview']
    for (const name of order) results[name].push(await commands[name]())
    const [g, a] = [results.goaccess[i], results.logReview[i]]
    log(
      `  round ${i + 1}/${runs}: goaccess ${(g.wallMs / 1000).toFixed(2)} s${g.failed ? ` FAILED ${g.failed}` : ''}, log-review ${(a.wallMs / 1000).toFixed(2)} s${a.failed ? ` FAILED ${a.failed}` : ''}`,
    )
  }

  // Every strict difference from the truth, each (who, field, truth, found) once, with its runs.
  const mismatches = new Map()
  for (const [who, list] of Object.entries(results)) {
    for (const [i, run] of [warm[who], ...list].entries()) {
      for (const row of run.checks.filter((r) => (r.strict ?? true) && !r.ok)) {
        const found = row.goaccess ?? row.action
        const key = `${who}|${row.field}|${row.truth}|${found}`
        const seen = mismatches.get(key) ?? { who, field: row.field, truth: row.truth, found, runs: [] }
        seen.runs.push(i === 0 ? 'warm-up' : i)
        mismatches.set(key, seen)
      }
    }
  }

  const ok = (list) => list.filter((r) => !r.failed)
  const seconds = (list) => median(ok(list).map((r) => r.wallMs / 1000))
  const mib = truth.bytes / 2 ** 20
  const goaccessS = seconds(results.goaccess)
  const logReviewS = seconds(results.logReview)
  return {
    version,
    command: `LC_ALL=C goaccess ${goaccessArgs('access.log', '<run folder>/report.json')
      .map((a) => (a.includes(' ') ? `'${a}'` : a))
      .join(' ')}`,
    log: {
      mib: round(mib, 2),
      bytes: truth.bytes,
      requests: truth.requests,
      cached: file.cached,
      generateS: round(file.generateMs === undefined ? undefined : file.generateMs / 1000, 1),
      truth: { ...truth, hours: undefined },
    },
    wall: {
      goaccess: spread(ok(results.goaccess).length ? ok(results.goaccess) : results.goaccess),
      logReview: spread(ok(results.logReview).length ? ok(results.logReview) : results.logReview),
    },
    throughputMBps: { goaccess: round(mib / goaccessS, 1), logReview: round(mib / logReviewS, 1) },
    logReviewToGoaccess: round(logReviewS / goaccessS, 3),
    logReviewToGoaccessPerRound: results.logReview.map((r, i) =>
      round(r.wallMs / results.goaccess[i].wallMs, 3),
    ),
    peakRssMb: {
      goaccess: round(max(ok(results.goaccess).map((r) => r.peakKb)) / 1024),
      logReview: round(max(ok(results.logReview).map((r) => r.peakKb)) / 1024),
    },
    failedRuns: [...results.goaccess, ...results.logReview].filter((r) => r.failed).map((r) => r.failed),
    goaccessChecks: (results.goaccess.at(-1) ?? warm.goaccess).checks,
    checks: (results.logReview.at(-1) ?? warm.logReview).checks,
    mismatches: [...mismatches.values()],
  }
}

/** The GoAccess part's lines of the printed summary; `fmt(value, digits)` formats a number. */
export function renderGoaccess(g, fmt) {
  if (!g) return []
  if (g.skipped) return [`GoAccess comparison skipped: ${g.skipped}`]
  const t = g.log.truth
  const lines = [
    `access-only log: ${fmt(g.log.mib)} MiB, ${t.requests} requests, ${t.errors} 5xx (${t.timeouts} 504), ${t.slow} slow${g.log.cached ? ', cached' : ''}; ${g.version}, LC_ALL=C, JSON output`,
  ]
  for (const [label, key] of [
    ['goaccess', 'goaccess'],
    ['log-review format: access', 'logReview'],
  ]) {
    const s = g.wall[key]
    lines.push(
      `  ${label}: ${fmt(s.medianS, 2)} s median (${fmt(s.minS, 2)} - ${fmt(s.maxS, 2)}), ${fmt(g.throughputMBps[key], 0)} MB/s, peak RSS ${fmt(g.peakRssMb[key], 0)} MB`,
    )
  }
  lines.push(
    `  log-review / goaccess: ${fmt(g.logReviewToGoaccess, 2)} (per round: ${g.logReviewToGoaccessPerRound.map((x) => fmt(x, 2)).join(', ')})`,
  )
  const counted = (rows, who) =>
    rows
      .filter((r) => r.strict ?? true)
      .map((r) => `${r.field} ${r.ok ? 'ok' : `MISMATCH (truth ${r.truth}, ${who} ${r[who] ?? r.action})`}`)
      .join('; ')
  lines.push(`  goaccess counts: ${counted(g.goaccessChecks, 'goaccess')}`)
  lines.push(`  log-review counts: ${counted(g.checks, 'action')}`)
  if (g.failedRuns.length) lines.push(`  FAILED runs: ${g.failedRuns.length}: ${g.failedRuns[0]}`)
  for (const m of g.mismatches)
    lines.push(
      `  MISMATCH ${m.who} ${m.field}: truth ${m.truth}, found ${m.found} (runs ${m.runs.join(', ')})`,
    )
  return lines
}
