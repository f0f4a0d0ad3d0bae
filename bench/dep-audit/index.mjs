// Benchmark of the dep-audit action, run by bench/run.mjs (npm run bench), never by npm test.
//
// 1. A report of about 10,000 vulnerabilities end to end. ./synthetic-report.mjs replicates the real
//    large npm audit v2 report (test/fixtures/audit/npm-audit-v2-large.json) with renamed packages and
//    advisories until it holds at least FINDINGS findings. The bundle evaluates it as a saved report
//    (npm-audit-report, outdated false, fail-on none, a working directory with no npm or Python
//    project, so no scanner runs), alternating with the same run on the clean report
//    (npm-audit-v2-clean.json). Reported: wall time (spawn to exit, median of RUNS); the evaluation
//    cost, median large minus median clean (the process start, module load and input reading are the
//    same in both); the peak RSS of the node process (/proc/<pid>/status every 20 ms, and VmHWM read
//    inside the process at exit by ../hwm-probe.mjs); the step summary's size (GitHub's limit is 1 MiB)
//    and the findings in the `report` JSON. Then one more run under `node --cpu-prof` (./profile.mjs)
//    tells where the time goes.
// 2. Scanners run concurrently. A workspace (./workspace.mjs) with frontend/ (a lockfile, npm audit
//    against a loopback fake registry whose bulk advisory endpoint answers `{}` after DELAY_MS),
//    backend/requirements.txt (pip-audit SIMULATED: PyPI is unreachable here, so a script on PATH sleeps
//    DELAY_MS and prints an empty pip-audit report) and backend/app (the python-app fixture plus
//    generated clean modules, sized by a calibration run so that real bandit takes about BANDIT_MS).
//    The action with all three (outdated false) against each scanner alone (`npm audit --json
//    --omit=dev` with the same registry settings, the fake pip-audit, `bandit -r backend/app -f json
//    -q`), order rotating per round, medians of SCAN_RUNS; goal: action / slowest alone <= 1.10. As a
//    reference for what concurrency costs on this host, the three commands started together by the
//    shell (`a & b & c; wait`), with no action around them.
//
// Part 1 last measured with `BENCH_DEP_AUDIT_SCANNERS=0 node bench/run.mjs dep-audit` (Node 24, this
// project's 2-core machine at load 6 to 7): evaluation cost 339 to 650 ms wall (median 489) and 372 ms
// of CPU in four runs of 5, each alternating with a run of the previous bundle (544 to 991 ms, median
// 670; 438 ms of CPU); in a quieter hour 227 to 423 ms (median 347) against 322 to 566 (median 404).
// Goal: 300 ms.
//
// Everything goes to 127.0.0.1, every child process is bounded, the temp dir is removed at the end.
// Knobs (environment):
//   BENCH_DEP_AUDIT_FINDINGS   findings in the synthetic report, at least (default 10000)
//   BENCH_DEP_AUDIT_RUNS       runs of each report in part 1 (default 5)
//   BENCH_DEP_AUDIT_SCAN_RUNS  runs of each command in part 2 (default 3)
//   BENCH_DEP_AUDIT_DELAY_MS   delay of the fake advisory endpoint and the fake pip-audit (default 2000)
//   BENCH_DEP_AUDIT_BANDIT_MS  bandit's target time alone (default 3000)
//   BENCH_DEP_AUDIT_PROFILE    0 to skip the --cpu-prof run of part 1
//   BENCH_DEP_AUDIT_SCANNERS   0 to skip part 2 (the scanners), for measuring the large report alone
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'

import {
  SAMPLE_MS,
  actionDefaults,
  hasGnuTime,
  runDepAudit,
  runTimed,
  runWithCpu,
  snapshotBundle,
  tail,
} from './action-run.mjs'
import { profileRun } from './profile.mjs'
import { buildLargeReport } from './synthetic-report.mjs'
import { npmEnv, startFakeRegistry, writeFakePipAudit, writeProjects, writePythonTree } from './workspace.mjs'

import {
  actionPaths,
  hostInfo,
  loadAverages,
  max,
  median,
  pad,
  positiveInt,
  requireBundle,
  writeResults,
} from '../lib.mjs'

const { root, dist: DIST, bundle: BUNDLE, actionYml: ACTION_YML, results: RESULTS } = actionPaths('dep-audit')
const LARGE_FIXTURE = join(root, 'test', 'fixtures', 'audit', 'npm-audit-v2-large.json')
const CLEAN_FIXTURE = join(root, 'test', 'fixtures', 'audit', 'npm-audit-v2-clean.json')
const PYTHON_APP = join(root, 'test', 'fixtures', 'python-app', 'app')

const FINDINGS = positiveInt(process.env.BENCH_DEP_AUDIT_FINDINGS, 10_000)
const RUNS = positiveInt(process.env.BENCH_DEP_AUDIT_RUNS, 5)
const SCAN_RUNS = positiveInt(process.env.BENCH_DEP_AUDIT_SCAN_RUNS, 3)
const DELAY_MS = positiveInt(process.env.BENCH_DEP_AUDIT_DELAY_MS, 2000)
const BANDIT_MS = positiveInt(process.env.BENCH_DEP_AUDIT_BANDIT_MS, 3000)
const PROFILE = process.env.BENCH_DEP_AUDIT_PROFILE !== '0'
const SCANNERS = process.env.BENCH_DEP_AUDIT_SCANNERS !== '0'
const GOALS = { evaluationMs: 300, summaryBytes: 1024 * 1024, concurrencyRatio: 1.1 }
/** Generated modules bandit scans in the calibration run. */
const CALIBRATION_MODULES = 8
const TIMEOUT_MS = 60_000

const round = (value, digits = 1) =>
  value === undefined ? undefined : Math.round(value * 10 ** digits) / 10 ** digits
const fmt = (value, digits = 1) => (value === undefined ? '-' : value.toFixed(digits))
const mb = (kb) => (kb === undefined ? undefined : kb / 1024)
const spread = (values) => ({
  medianMs: round(median(values)),
  minMs: round(Math.min(...values)),
  maxMs: round(Math.max(...values)),
  runsMs: values.map((v) => round(v)),
})

// ---------------------------------------------------------------------------------------------------
// 1. A report of about 10,000 vulnerabilities

/** The peak of one run: the larger of the sampled VmHWM and the VmHWM read at exit. */
const peakKb = (run) => max([run.memory.sampledHwmKb, run.memory.sampledMaxRssKb, run.memory.exitHwmKb])

async function largeReport(snapshot, work, defaults, log) {
  const started = performance.now()
  const built = buildLargeReport(LARGE_FIXTURE, { minFindings: FINDINGS })
  const reportPath = join(work, 'npm-audit-synthetic.json')
  writeFileSync(reportPath, built.text)
  const buildMs = performance.now() - started
  log(
    `synthetic report: ${built.copies} copies, ${built.packages} packages, ${built.expectedFindings} findings, ${(built.bytes / 1024 / 1024).toFixed(1)} MiB (${buildMs.toFixed(0)} ms)`,
  )
  const empty = join(work, 'empty-project')
  mkdirSync(empty)
  const inputs = (report) => ({
    'working-directory': empty,
    'npm-audit-report': report,
    outdated: 'false',
    'fail-on': 'none',
  })
  const cases = {
    large: { inputs: inputs(reportPath), expected: built.expectedFindings, runs: [] },
    clean: { inputs: inputs(CLEAN_FIXTURE), expected: 0, runs: [] },
  }
  const once = async (name) => {
    const run = await runDepAudit(snapshot.script, work, defaults, cases[name].inputs, {
      probe: true,
      timeoutMs: TIMEOUT_MS,
    })
    const findings = run.report?.data?.findings?.length
    if (
      run.status !== 0 ||
      Number(run.outputs.vulnerabilities) !== cases[name].expected ||
      findings !== cases[name].expected
    ) {
      throw new Error(
        `dep-audit on the ${name} report: exit ${run.status ?? run.signal}, vulnerabilities ${run.outputs.vulnerabilities}, ${findings} findings in the report (expected ${cases[name].expected})\n${tail(run)}`,
      )
    }
    return run
  }

  log('part 1: one untimed warm-up on the clean report')
  await once('clean')
  for (let i = 0; i < RUNS; i++) {
    log(`part 1: round ${i + 1}/${RUNS} (large and clean report, alternating)`)
    for (const name of i % 2 ? ['clean', 'large'] : ['large', 'clean'])
      cases[name].runs.push(await once(name))
  }

  let profile
  if (PROFILE) {
    log('part 1: one more run of the large report under node --cpu-prof')
    profile = await profileRun(snapshot.script, work, defaults, cases.large.inputs)
  }

  const summarise = (name) => {
    const { runs } = cases[name]
    const last = runs.at(-1)
    const auditMs = runs.map((r) => Date.parse(r.report.finishedAt) - Date.parse(r.report.startedAt))
    return {
      wall: spread(runs.map((r) => r.wallMs)),
      auditPhaseMedianMs: median(auditMs),
      cpuMedianMs: round(median(runs.map((r) => r.cpuMs))),
      peakRssMb: {
        median: round(mb(median(runs.map(peakKb)))),
        max: round(mb(max(runs.map(peakKb)))),
        exitVmHwmMedian: round(mb(median(runs.map((r) => r.memory.exitHwmKb)))),
        sampledMaxVmRss: round(mb(max(runs.map((r) => r.memory.sampledMaxRssKb)))),
        samplesPerRun: median(runs.map((r) => r.memory.samples)),
      },
      status: last.outputs.status,
      vulnerabilitiesOutput: Number(last.outputs.vulnerabilities),
      reportFindings: last.report.data.findings.length,
      reportJsonBytes: last.reportBytes,
      summaryBytes: last.summaryBytes,
      summaryCut: last.summaryCut,
      summaryUnder1MiB: last.summaryBytes < GOALS.summaryBytes,
    }
  }
  const large = summarise('large')
  const clean = summarise('clean')
  const evaluationMs = large.wall.medianMs - clean.wall.medianMs
  return {
    synthetic: {
      source: 'test/fixtures/audit/npm-audit-v2-large.json',
      copies: built.copies,
      packages: built.packages,
      advisories: built.advisories,
      findings: built.expectedFindings,
      bytes: built.bytes,
      buildMs: round(buildMs),
    },
    large,
    clean,
    evaluationMs: round(evaluationMs),
    evaluationWithinGoal: evaluationMs <= GOALS.evaluationMs,
    pairedDifferencesMs: cases.large.runs.map((r, i) => round(r.wallMs - cases.clean.runs[i].wallMs)),
    // The same difference in CPU time (user + system of the node process): steadier on a busy machine.
    evaluationCpuMs: round(large.cpuMedianMs - clean.cpuMedianMs),
    profile: profile && {
      wallMs: round(profile.wallMs),
      profiledMs: round(profile.totalMs),
      stages: profile.stages.map((s) => ({ ...s, inclusiveMs: round(s.inclusiveMs) })),
      topSelf: profile.topSelf.map((s) => ({ ...s, selfMs: round(s.selfMs) })),
    },
  }
}

// ---------------------------------------------------------------------------------------------------
// 2. Scanners run concurrently

/**
 * Whether a scanner printed its JSON report: npm audit v2, pip-audit's `dependencies`, bandit's `results`.
 * bandit exits 1 when it finds something (the python-app fixture has 4 findings); the others exit 0 here.
 */
function validTool(name, status, stdout) {
  let json
  try {
    json = JSON.parse(stdout)
  } catch {
    return false
  }
  if (name === 'npm') return status === 0 && json?.auditReportVersion === 2
  if (name === 'pip') return status === 0 && Array.isArray(json?.dependencies)
  return (status === 0 || status === 1) && Array.isArray(json?.results)
}

/** The scanners' check details say `N …, in 3.2s`: the time the action measured for each. */
function toolChecks(report) {
  return (report?.checks ?? [])
    .filter((c) => c.id.startsWith('tool:'))
    .map((c) => ({
      id: c.id,
      status: c.status,
      detail: c.detail,
      seconds: Number(/in ([\d.]+)s$/.exec(c.detail)?.[1]) || undefined,
    }))
}

async function scanners(snapshot, work, defaults, log) {
  const ws = join(work, 'workspace')
  mkdirSync(ws)
  writeProjects(ws)
  const bin = join(work, 'bin')
  const fakePipAudit = writeFakePipAudit(bin, DELAY_MS)
  const registry = await startFakeRegistry(DELAY_MS)
  try {
    const env = {
      ...process.env,
      PATH: `${bin}:${process.env.PATH}`,
      ...npmEnv(registry.url, join(work, 'npm-cache')),
    }
    for (const name of Object.keys(env)) if (name.startsWith('INPUT_')) delete env[name]
    const tools = {
      npm: { command: 'npm', args: ['audit', '--json', '--omit=dev'], cwd: join(ws, 'frontend') },
      pip: {
        command: fakePipAudit,
        args: ['-r', 'backend/requirements.txt', '-f', 'json', '--progress-spinner', 'off'],
        cwd: ws,
      },
      bandit: { command: 'bandit', args: ['-r', 'backend/app', '-f', 'json', '-q'], cwd: ws },
    }
    const runTool = async (name) => {
      const { command, args, cwd } = tools[name]
      const before = registry.state.bulkRequests
      const run = await runWithCpu(command, args, { env, cwd, work, timeoutMs: TIMEOUT_MS })
      if (
        !validTool(name, run.status, run.stdout) ||
        registry.state.bulkRequests !== before + (name === 'npm' ? 1 : 0)
      )
        throw new Error(`${command} ${args.join(' ')}: exit ${run.status ?? run.signal}\n${tail(run)}`)
      return { wallMs: run.wallMs, cpuSeconds: run.cpuSeconds }
    }
    // The reference for concurrency on this host: the same three commands started together by the
    // shell (`a & b & c; wait`), each report to a file, with no action around them.
    const shellOut = Object.fromEntries(
      ['npm', 'pip', 'bandit'].map((name) => [name, join(work, `${name}.json`)]),
    )
    const shellScript = [
      `(cd frontend && npm ${tools.npm.args.join(' ')} > "$1") &`,
      `"$2" ${tools.pip.args.join(' ')} > "$3" &`,
      `bandit ${tools.bandit.args.join(' ')} > "$4" &`,
      'wait',
    ].join(' ')
    const runShell = async () => {
      const before = registry.state.bulkRequests
      const args = ['-c', shellScript, 'sh', shellOut.npm, fakePipAudit, shellOut.pip, shellOut.bandit]
      const run = await runWithCpu('sh', args, { env, cwd: ws, work, timeoutMs: TIMEOUT_MS })
      const bad = Object.entries(shellOut).filter(
        ([name, file]) => !validTool(name, name === 'bandit' ? 1 : 0, readFileSync(file, 'utf8')),
      )
      if (run.status !== 0 || bad.length || registry.state.bulkRequests !== before + 1)
        throw new Error(`sh -c '${shellScript}': exit ${run.status}, no report from ${bad.map(([n]) => n)}`)
      return { wallMs: run.wallMs, cpuSeconds: run.cpuSeconds }
    }

    // Calibration: bandit's start-up, then a few generated modules, to size the tree for BANDIT_MS.
    // bandit is CPU-bound, so its CPU seconds (when /usr/bin/time gives them) size the tree: they do
    // not grow with other work on the host the way wall time does.
    const version = await runWithCpu('bandit', ['--version'], { env, work, timeoutMs: TIMEOUT_MS })
    if (version.status !== 0) throw new Error(`bandit --version: exit ${version.status}\n${tail(version)}`)
    writePythonTree(ws, PYTHON_APP, CALIBRATION_MODULES)
    const calibration = await runTool('bandit')
    const byCpu = version.cpuSeconds !== undefined && calibration.cpuSeconds !== undefined
    const startupMs = byCpu ? version.cpuSeconds * 1000 : version.wallMs
    const perModuleMs = Math.max(
      ((byCpu ? calibration.cpuSeconds * 1000 : calibration.wallMs) - startupMs) / CALIBRATION_MODULES,
      1,
    )
    const modules = Math.min(60, Math.max(4, Math.round((BANDIT_MS - startupMs) / perModuleMs)))
    const tree = writePythonTree(ws, PYTHON_APP, modules)
    log(
      `part 2: bandit start-up ${startupMs.toFixed(0)} ms, ${perModuleMs.toFixed(0)} ms per generated module (${byCpu ? 'CPU' : 'wall'} time): ${modules} modules (${tree.generatedLines} lines) for about ${BANDIT_MS} ms`,
    )

    const inputs = {
      'working-directory': ws,
      outdated: 'false',
      'fail-on': 'none',
      'bandit-fail-on': 'none',
    }
    const runAction = async () => {
      const before = registry.state.bulkRequests
      const run = await runDepAudit(snapshot.script, work, defaults, inputs, {
        env,
        cpu: true,
        timeoutMs: TIMEOUT_MS,
      })
      const checks = toolChecks(run.report)
      const tools = checks.map((c) => c.id).sort()
      const expected = [
        'tool:bandit:backend/app',
        'tool:npm audit:frontend',
        'tool:pip-audit:backend/requirements.txt',
      ]
      if (
        run.status !== 0 ||
        JSON.stringify(tools) !== JSON.stringify(expected) ||
        checks.some((c) => c.status !== 'pass') ||
        registry.state.bulkRequests !== before + 1
      ) {
        throw new Error(
          `dep-audit on the workspace: exit ${run.status ?? run.signal}, status ${run.outputs.status}, tools ${JSON.stringify(checks)}, ${registry.state.bulkRequests - before} bulk advisory request(s)\n${tail(run)}`,
        )
      }
      return {
        wallMs: run.wallMs,
        cpuSeconds: run.cpuSeconds,
        checks,
        codeIssues: Number(run.outputs['code-issues']),
      }
    }
    const commands = [
      { key: 'action', label: 'dep-audit (all three)', run: runAction },
      { key: 'npm', label: 'npm audit alone', run: () => runTool('npm') },
      { key: 'pip', label: 'pip-audit alone (sim.)', run: () => runTool('pip') },
      { key: 'bandit', label: 'bandit alone', run: () => runTool('bandit') },
      { key: 'shell', label: 'all three, sh & + wait', run: runShell },
    ]

    // npm's first audit in a fresh cache folder is slower; the others were warmed by the calibration
    // (bandit) and part 1 (the bundle), and the stand-in pip-audit only sleeps.
    log('part 2: one untimed warm-up of npm audit')
    await runTool('npm')
    const results = Object.fromEntries(commands.map((c) => [c.key, []]))
    for (let r = 0; r < SCAN_RUNS; r++) {
      log(`part 2: round ${r + 1}/${SCAN_RUNS}`)
      for (let i = 0; i < commands.length; i++) {
        const command = commands[(i + r) % commands.length]
        results[command.key].push(await command.run())
      }
    }
    const medians = Object.fromEntries(
      commands.map((c) => [c.key, median(results[c.key].map((x) => x.wallMs))]),
    )
    const alone = ['npm', 'pip', 'bandit']
    const slowest = alone.reduce((a, b) => (medians[b] > medians[a] ? b : a))
    const inAction = Object.fromEntries(
      results.action.at(-1).checks.map((c) => [c.id.split(':')[1], c.seconds]),
    )
    const ratio = medians.action / medians[slowest]
    const shellRatio = medians.shell / medians[slowest]
    // The same ratio within each round (the host's other work changes from round to round).
    const roundRatios = results.action.map(
      (x, r) => x.wallMs / Math.max(...alone.map((key) => results[key][r].wallMs)),
    )
    // What the action adds around its slowest scanner: node start-up, finding the projects, the
    // `pip-audit --version` probe, parsing, judging and publishing (tool durations are rounded to 0.1 s).
    const overheadMs = median(
      results.action.map((x) => x.wallMs - 1000 * Math.max(...x.checks.map((c) => c.seconds ?? 0))),
    )
    return {
      delayMs: DELAY_MS,
      pipAudit:
        'SIMULATED: a shell script on PATH sleeps delayMs and prints {"dependencies": [], "fixes": []} (PyPI is unreachable); its --version answers at once',
      npm: `npm ${(await runTimed('npm', ['--version'], { env })).stdout.trim()} against a loopback registry whose bulk advisory endpoint answers {} after delayMs`,
      bandit: version.stdout.trim().split('\n')[0],
      pythonTree: {
        path: tree.path,
        generatedModules: modules,
        generatedLines: tree.generatedLines,
        plusFixture: 'test/fixtures/python-app/app',
        calibration: {
          by: byCpu ? 'CPU time' : 'wall time',
          banditVersionMs: round(startupMs),
          modules: CALIBRATION_MODULES,
          banditWallMs: round(calibration.wallMs),
          banditCpuMs: round(
            calibration.cpuSeconds === undefined ? undefined : calibration.cpuSeconds * 1000,
          ),
          perModuleMs: round(perModuleMs),
        },
        codeIssues: results.action.at(-1).codeIssues,
      },
      commands: commands.map((c) => ({
        command: c.label,
        ...spread(results[c.key].map((x) => x.wallMs)),
        cpuSecondsMedian: round(median(results[c.key].map((x) => x.cpuSeconds)), 2),
      })),
      cpuTime: hasGnuTime()
        ? '/usr/bin/time -f "%U %S": user + system of the command and its waited-for children'
        : 'unavailable',
      slowestAlone: commands.find((c) => c.key === slowest).label,
      sumAloneMs: round(alone.reduce((sum, key) => sum + medians[key], 0)),
      ratio: round(ratio, 3),
      withinGoal: ratio <= GOALS.concurrencyRatio,
      roundRatios: roundRatios.map((x) => round(x, 3)),
      shellRatio: round(shellRatio, 3),
      actionToShell: round(medians.action / medians.shell, 3),
      insideActionSeconds: inAction,
      actionOverheadMs: round(overheadMs),
    }
  } finally {
    await registry.close()
  }
}

// ---------------------------------------------------------------------------------------------------
// The benchmark

export default async function depAuditBench({ log = console.error } = {}) {
  requireBundle(BUNDLE)
  for (const [tool, args] of [
    ['bandit', ['--version']],
    ['npm', ['--version']],
  ]) {
    const run = await runTimed(tool, args, { timeoutMs: 30_000 }).catch((error) => ({ error }))
    if (run.error || run.status !== 0) throw new Error(`${tool} is not on PATH`)
  }

  const work = mkdtempSync(join(tmpdir(), 'bench-dep-audit-'))
  try {
    const snapshot = snapshotBundle(DIST, work)
    const defaults = actionDefaults(ACTION_YML)
    const loadAtStart = loadAverages()
    const part1 = await largeReport(snapshot, work, defaults, log)
    const part2 = SCANNERS ? await scanners(snapshot, work, defaults, log) : undefined

    const results = {
      generatedAt: new Date().toISOString(),
      host: hostInfo(loadAtStart),
      node: process.version,
      bundle: { path: 'dist/dep-audit/index.js', bytes: snapshot.bytes },
      config: {
        findings: FINDINGS,
        runs: RUNS,
        scanRuns: SCAN_RUNS,
        delayMs: DELAY_MS,
        banditTargetMs: BANDIT_MS,
        memorySampleMs: SAMPLE_MS,
        goals: GOALS,
      },
      notes: [
        'Wall times are spawn to exit of the process, in ms.',
        'Part 1: every run is `node --import bench/hwm-probe.mjs dist/…/index.js`; the probe only registers an exit handler that reads /proc/self/status, in the large and the clean runs alike.',
        'Evaluation cost = median wall (large report) - median wall (clean report): reading, parsing and judging the report, writing the report JSON, the step summary and outputs. auditPhaseMedianMs is the report’s own finishedAt - startedAt (read, parse, evaluate; not the publishing), at 1 ms resolution.',
        'evaluationCpuMs = median CPU time (large) - median CPU time (clean): user + system of the node process and all its threads (the garbage collector’s helpers too), read by the probe at exit; it grows less than wall time when other work shares the CPUs.',
        'Peak RSS is the node process alone: the largest of VmHWM/VmRSS sampled every 20 ms and VmHWM read at exit.',
        'The --cpu-prof run is slower than the timed ones; its shares tell where the time goes. Inclusive times overlap (fitSections is inside renderSummary inside publishReport).',
        'Part 2 runs every command under /usr/bin/time (for CPU seconds), the action and the scanners alike. With 2 CPUs and other work on the host, the scanners inside the action compete for CPU: compare the action’s CPU seconds with the sum of the scanners’.',
        'Part 2: pip-audit is SIMULATED (PyPI is unreachable from this machine); npm audit and bandit are real. The action also runs `pip-audit --version` before the audit (instant with the stand-in).',
      ],
      largeReport: part1,
      scanners: part2,
    }
    await writeResults(RESULTS, results)
    return { title: `dep-audit benchmark (${results.generatedAt})`, lines: render(results) }
  } finally {
    rmSync(work, { recursive: true, force: true })
  }
}

function render(results) {
  const { largeReport: p1, scanners: p2, config } = results
  const lines = []
  lines.push(
    `host: ${results.host.platform}, ${results.host.cpus} x ${results.host.cpu}, node ${results.node}; load ${results.host.loadAverage1_5_15.atStart.join(' ')} -> ${results.host.loadAverage1_5_15.atEnd.join(' ')}`,
  )
  lines.push('')
  const s = p1.synthetic
  lines.push(
    `1. saved npm audit v2 report: ${s.copies} copies of ${s.source}: ${s.packages} packages, ${s.findings} findings, ${fmt(s.bytes / 1024 / 1024)} MiB`,
  )
  lines.push(`   wall ms, median of ${config.runs} (alternating); peak RSS of the node process`)
  const w1 = [7, 8, 8, 8, 9, 9, 10, 9, 8]
  lines.push(
    pad(['report', 'median', 'min', 'max', 'audit ms', 'peak MB', 'findings', 'summary', 'json MB'], w1),
  )
  for (const [name, r] of [
    ['large', p1.large],
    ['clean', p1.clean],
  ]) {
    lines.push(
      pad(
        [
          name,
          fmt(r.wall.medianMs),
          fmt(r.wall.minMs),
          fmt(r.wall.maxMs),
          fmt(r.auditPhaseMedianMs, 0),
          fmt(r.peakRssMb.median),
          r.reportFindings,
          `${fmt(r.summaryBytes / 1024, 0)}K${r.summaryCut ? '*' : ''}`,
          fmt(r.reportJsonBytes / 1024 / 1024),
        ],
        w1,
      ),
    )
  }
  lines.push(
    `   evaluation cost (large - clean): ${fmt(p1.evaluationMs)} ms, goal <= ${config.goals.evaluationMs} ms: ${p1.evaluationWithinGoal ? 'ok' : 'MISS'} (paired: ${p1.pairedDifferencesMs.join(', ')})`,
  )
  lines.push(
    `   in CPU time: large ${fmt(p1.large.cpuMedianMs, 0)} ms, clean ${fmt(p1.clean.cpuMedianMs, 0)} ms, difference ${fmt(p1.evaluationCpuMs, 0)} ms (user + system, medians)`,
  )
  lines.push(
    `   summary ${p1.large.summaryBytes} bytes, < 1 MiB: ${p1.large.summaryUnder1MiB ? 'ok' : 'MISS'}${p1.large.summaryCut ? ' (* cut by the action to fit)' : ''}; peak RSS max ${fmt(p1.large.peakRssMb.max)} MB (exit VmHWM median ${fmt(p1.large.peakRssMb.exitVmHwmMedian)} MB)`,
  )
  if (p1.profile) {
    lines.push(
      `   --cpu-prof run (${fmt(p1.profile.wallMs, 0)} ms wall), inclusive ms: ${p1.profile.stages.map((x) => `${x.function} ${fmt(x.inclusiveMs, 0)}`).join(', ')}`,
    )
    lines.push(
      `   most self time: ${p1.profile.topSelf
        .slice(0, 4)
        .map((x) => `${x.function} ${fmt(x.selfMs, 0)}`)
        .join('; ')}`,
    )
  }
  lines.push('')
  if (p2) lines.push(...renderScanners(p2, p1, config), '')
  lines.push(`results: ${RESULTS.slice(root.length + 1)}`)
  return lines
}

function renderScanners(p2, p1, config) {
  const lines = []
  lines.push(
    `2. scanners concurrently: npm audit (fake registry, ${p2.delayMs} ms), pip-audit SIMULATED (sleeps ${p2.delayMs} ms: PyPI unreachable), bandit on ${p2.pythonTree.generatedModules} generated modules + fixture`,
  )
  lines.push(
    `   wall ms, medians of ${config.scanRuns}, order rotating; CPU s = user + system incl. children (/usr/bin/time)`,
  )
  const w2 = [24, 8, 8, 8, 8]
  lines.push(pad(['command', 'median', 'min', 'max', 'CPU s'], w2))
  for (const c of p2.commands)
    lines.push(pad([c.command, fmt(c.medianMs), fmt(c.minMs), fmt(c.maxMs), fmt(c.cpuSecondsMedian, 2)], w2))
  lines.push(
    `   action / slowest alone (${p2.slowestAlone}): ${fmt(p2.ratio, 3)}, goal <= ${config.goals.concurrencyRatio}: ${p2.withinGoal ? 'ok' : 'MISS'} (per round: ${p2.roundRatios.map((x) => fmt(x, 3)).join(', ')}); sum alone ${fmt(p2.sumAloneMs, 0)} ms`,
  )
  lines.push(
    `   reference, sh & + wait / slowest alone: ${fmt(p2.shellRatio, 3)} (host contention); action / sh: ${fmt(p2.actionToShell, 3)}`,
  )
  lines.push(
    `   inside the action (last run, s): ${Object.entries(p2.insideActionSeconds)
      .map(([tool, sec]) => `${tool} ${sec}`)
      .join(
        ', ',
      )}; action wall - its slowest scanner: ${fmt(p2.actionOverheadMs, 0)} ms (median; clean-report run of part 1: ${fmt(p1.clean.wall.medianMs, 0)} ms)`,
  )
  return lines
}
