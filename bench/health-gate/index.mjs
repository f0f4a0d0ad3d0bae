// Benchmark of the health-gate action, run by bench/run.mjs (npm run bench), never by npm test.
//
// 1. Latency accuracy: a loopback server (its own process) answers after a fixed delay; autocannon
//    (connections 1) and health-gate (concurrency 1) measure it, alternating, several rounds each.
//    health-gate's p50/p95 are compared with autocannon's over the same kind of traffic.
// 2. One check end to end: the wall time of `node dist/health-gate/index.js` (samples 1) against
//    the runbook's `curl -s URL | jq .status`, alternating.
// 3. The size of the bundle.
//
// Everything goes to 127.0.0.1 and every loop is bounded. Knobs (environment):
//   BENCH_ROUNDS   rounds per delay for the latency comparison (default 3)
//   BENCH_E2E_RUNS runs of each command end to end (default 15)
//   BENCH_NODE24   0 to skip resolving Node 24 through `npx -y node@24`
import autocannon from 'autocannon'
import { fork, spawnSync } from 'node:child_process'
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { fileURLToPath } from 'node:url'
import { gzipSync } from 'node:zlib'

import {
  actionPaths,
  bundleFiles,
  hostInfo,
  median,
  node24FromNpx,
  pad,
  parseOutputs,
  positiveInt,
  requireBundle,
  writeResults,
} from '../lib.mjs'

const here = dirname(fileURLToPath(import.meta.url))
const { root, dist: DIST, bundle: BUNDLE, results: RESULTS } = actionPaths('health-gate')

const ROUNDS = positiveInt(process.env.BENCH_ROUNDS, 3)
const E2E_RUNS = positiveInt(process.env.BENCH_E2E_RUNS, 15)
/** The delays measured, with samples per run sized to keep the whole bench under about two minutes. */
const DELAYS = [
  { delayMs: 20, samples: 200 },
  { delayMs: 100, samples: 50 },
]
/** health-gate p50/p95 should be within this share of autocannon's. */
const GOAL = 0.1
const SPAWN_TIMEOUT_MS = 60_000

/** Nearest-rank percentile, the definition health-gate uses (src/core/stats.ts). */
function percentile(values, p) {
  if (values.length === 0) return undefined
  const sorted = [...values].sort((a, b) => a - b)
  const rank = Math.ceil((p / 100) * sorted.length)
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))]
}

const round = (value, digits = 1) =>
  value === undefined ? undefined : Math.round(value * 10 ** digits) / 10 ** digits
const fmt = (value, digits = 1) => (value === undefined ? '-' : value.toFixed(digits))

// ---------------------------------------------------------------------------------------------------
// Processes

/** Starts the loopback server in its own process and resolves with its base URL. */
function startServer() {
  return new Promise((resolve, reject) => {
    const child = fork(join(here, 'server.mjs'), [], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] })
    const timer = setTimeout(() => {
      child.kill()
      reject(new Error('the bench server did not start within 10 s'))
    }, 10_000)
    child.once('message', ({ port }) => {
      clearTimeout(timer)
      resolve({ child, base: `http://127.0.0.1:${port}` })
    })
    child.once('error', (error) => {
      clearTimeout(timer)
      reject(error)
    })
    child.once('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`the bench server exited early (code ${code})`))
    })
  })
}

function stopServer(server) {
  if (!server || server.child.exitCode !== null) return
  server.child.removeAllListeners('exit')
  server.child.disconnect()
  server.child.kill()
}

/** The machine's node (the one running the bench) and, when `npx -y node@24` works, Node 24. */
function resolveNodes(log) {
  const nodes = [{ label: `node ${process.version}`, bin: process.execPath, version: process.version }]
  let node24Note
  if (process.env.BENCH_NODE24 === '0') {
    node24Note = 'skipped (BENCH_NODE24=0)'
  } else if (process.version.startsWith('v24.')) {
    node24Note = 'the machine node is Node 24'
  } else {
    const { bin, version, error } = node24FromNpx(log)
    if (bin) {
      nodes.push({ label: `node ${version}`, bin, version })
      node24Note = `resolved through npx: ${bin}`
    } else {
      node24Note = `unavailable (npx -y node@24 failed: ${error})`
    }
  }
  return { nodes, node24Note }
}

/**
 * Copies the bundle (and its package.json, which makes it ESM) into the work folder, so that a
 * rebuild of dist/ during the run cannot change or remove what is measured.
 */
function snapshotBundle(work) {
  const dir = join(work, 'health-gate')
  mkdirSync(dir)
  for (const file of bundleFiles(DIST)) copyFileSync(join(DIST, file), join(dir, file))
  // Every chunk counts: the size is what a run may load, not only index.js.
  const bytes = Buffer.concat(bundleFiles(DIST).map((file) => readFileSync(join(dir, file))))
  return { script: join(dir, 'index.js'), bytes: bytes.length, gzipBytes: gzipSync(bytes).length }
}

/**
 * Runs the bundle once against `url`, and returns its outputs and wall time. The action keeps V8's
 * compile cache under RUNNER_TEMP (no tool cache here): `cold` gives it a new, empty RUNNER_TEMP, as
 * on a hosted runner's first step; otherwise the cache the earlier runs left is used.
 */
function runHealthGate(node, script, url, samples, work, { cold = false } = {}) {
  const files = {
    GITHUB_OUTPUT: join(work, 'output'),
    GITHUB_STATE: join(work, 'state'),
    GITHUB_STEP_SUMMARY: join(work, 'summary.md'),
  }
  for (const file of Object.values(files)) writeFileSync(file, '')
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('INPUT_')))
  Object.assign(env, files, {
    RUNNER_TEMP: cold ? mkdtempSync(join(work, 'cold-')) : work,
    RUNNER_TOOL_CACHE: '',
    INPUT_URL: url,
    INPUT_SAMPLES: String(samples),
    INPUT_CONCURRENCY: '1',
    INPUT_RETRIES: '0',
  })
  const started = performance.now()
  const run = spawnSync(node.bin, [script], { env, encoding: 'utf8', timeout: SPAWN_TIMEOUT_MS })
  const wallMs = performance.now() - started
  const outputs = parseOutputs(readFileSync(files.GITHUB_OUTPUT, 'utf8'))
  if (run.status !== 0 || outputs.status !== 'healthy') {
    const said = `${run.stdout ?? ''}${run.stderr ?? ''}`.trim().split('\n').slice(-5).join('\n')
    throw new Error(
      `health-gate (${node.label}) against ${url}: exit ${run.status ?? run.signal}, status ${outputs.status}\n${said}`,
    )
  }
  return {
    wallMs,
    p50: Number(outputs['p50-ms']),
    p95: Number(outputs['p95-ms']),
    p99: Number(outputs['p99-ms']),
  }
}

/** The runbook's check: `sh -c "curl -s URL | jq .status"`. */
function runCurlJq(url) {
  const started = performance.now()
  const run = spawnSync('sh', ['-c', `curl -s ${url} | jq .status`], {
    encoding: 'utf8',
    timeout: SPAWN_TIMEOUT_MS,
  })
  const wallMs = performance.now() - started
  if (run.status !== 0 || run.stdout.trim() !== '"healthy"') {
    throw new Error(`curl | jq against ${url}: exit ${run.status}, printed ${JSON.stringify(run.stdout)}`)
  }
  return { wallMs }
}

/**
 * autocannon with one connection for exactly `amount` requests. Its result.latency is an HDR histogram
 * in whole milliseconds with p50, p90, p97_5 and p99 but no p95, so the per-request times of its
 * 'response' events (fractional ms, request written to response complete) give the exact percentiles.
 */
function runAutocannon(url, amount) {
  const durations = []
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      { url, connections: 1, pipelining: 1, amount, timeout: 10 },
      (error, result) => {
        if (error) return reject(error)
        if (result.errors || result.timeouts || result.non2xx || durations.length !== amount) {
          return reject(
            new Error(
              `autocannon against ${url}: ${result.errors} errors, ${result.timeouts} timeouts, ${result.non2xx} non-2xx, ${durations.length}/${amount} responses`,
            ),
          )
        }
        const { p50, p90, p97_5, p99 } = result.latency
        resolve({
          p50: percentile(durations, 50),
          p95: percentile(durations, 95),
          p99: percentile(durations, 99),
          histogram: { p50, p90, p97_5, p99 },
        })
      },
    )
    instance.on('response', (_client, statusCode, _bytes, responseTime) => {
      if (statusCode >= 200 && statusCode < 300) durations.push(responseTime)
    })
  })
}

// ---------------------------------------------------------------------------------------------------
// The benchmark

export default async function healthGateBench({ log = console.error } = {}) {
  requireBundle(BUNDLE)
  for (const tool of ['curl', 'jq']) {
    if (spawnSync(tool, ['--version'], { encoding: 'utf8' }).status !== 0)
      throw new Error(`${tool} is not on PATH`)
  }

  const { nodes, node24Note } = resolveNodes(log)
  const work = mkdtempSync(join(tmpdir(), 'bench-health-gate-'))
  let server
  try {
    const snapshot = snapshotBundle(work)
    server = await startServer()
    log(
      `server ${server.base} (pid ${server.child.pid}); health-gate on ${nodes.map((n) => n.label).join(', ')}`,
    )

    // 1. Latency accuracy: per round, each tool once, the order rotating so no tool always goes first.
    const latency = []
    for (const { delayMs, samples } of DELAYS) {
      const url = `${server.base}/delay/${delayMs}`
      const tools = [
        { label: 'autocannon', run: () => runAutocannon(url, samples) },
        ...nodes.map((node) => ({
          label: `health-gate ${node.label}`,
          node: node.version,
          run: async () => runHealthGate(node, snapshot.script, url, samples, work),
        })),
      ]
      const rounds = Object.fromEntries(tools.map((t) => [t.label, []]))
      for (let r = 0; r < ROUNDS; r++) {
        log(`latency ${delayMs} ms: round ${r + 1}/${ROUNDS} (${samples} requests per tool)`)
        for (let i = 0; i < tools.length; i++) {
          const tool = tools[(i + r) % tools.length]
          rounds[tool.label].push(await tool.run())
        }
      }
      const reference = medianOf(rounds.autocannon)
      latency.push({
        delayMs,
        samples,
        url,
        tools: tools.map((tool) => {
          const medians = medianOf(rounds[tool.label])
          const entry = { tool: tool.label, medians, rounds: rounds[tool.label] }
          if (tool.label !== 'autocannon') {
            entry.ratioP50 = round(medians.p50 / reference.p50, 3)
            entry.ratioP95 = round(medians.p95 / reference.p95, 3)
            entry.withinGoal = [entry.ratioP50, entry.ratioP95].every((x) => Math.abs(x - 1) <= GOAL)
          } else {
            entry.histogramMedians = {
              p50: median(rounds.autocannon.map((x) => x.histogram.p50)),
              p90: median(rounds.autocannon.map((x) => x.histogram.p90)),
              p97_5: median(rounds.autocannon.map((x) => x.histogram.p97_5)),
              p99: median(rounds.autocannon.map((x) => x.histogram.p99)),
            }
          }
          return entry
        }),
      })
    }

    // 2. One check end to end, alternating the commands; one untimed warm-up of each first.
    const url = `${server.base}/`
    const commands = [
      ...nodes.map((node) => ({
        label: `health-gate ${node.label}`,
        run: () => runHealthGate(node, snapshot.script, url, 1, work),
      })),
      ...nodes.map((node) => ({
        label: `health-gate ${node.label}, no compile cache yet`,
        run: () => runHealthGate(node, snapshot.script, url, 1, work, { cold: true }),
      })),
      { label: 'curl -s | jq .status', run: () => runCurlJq(url) },
    ]
    log(`end to end: ${E2E_RUNS} runs of each of ${commands.length} commands`)
    for (const command of commands) command.run()
    const walls = Object.fromEntries(commands.map((c) => [c.label, []]))
    for (let i = 0; i < E2E_RUNS; i++) {
      for (const command of commands) walls[command.label].push(command.run().wallMs)
    }
    const curlMedian = median(walls['curl -s | jq .status'])
    const endToEnd = commands.map((command) => {
      const values = walls[command.label]
      return {
        command: command.label,
        medianMs: round(median(values)),
        minMs: round(Math.min(...values)),
        maxMs: round(Math.max(...values)),
        ratioToCurlJq: round(median(values) / curlMedian, 2),
        runsMs: values.map((v) => round(v)),
      }
    })

    // 3. The bundle, as measured (the copy taken at the start).
    const bundle = {
      path: 'dist/health-gate/*.js',
      bytes: snapshot.bytes,
      kib: round(snapshot.bytes / 1024),
      gzipBytes: snapshot.gzipBytes,
    }

    const results = {
      generatedAt: new Date().toISOString(),
      host: hostInfo(),
      nodes: { machine: process.version, node24: node24Note, used: nodes.map((n) => n.version) },
      config: { rounds: ROUNDS, e2eRuns: E2E_RUNS, delays: DELAYS, goal: GOAL },
      notes: [
        'Latency figures are medians over rounds of each run’s nearest-rank percentile, in ms.',
        'autocannon p50/p95/p99 are computed the same way from its per-request response times (its own result.latency is an integer-ms HDR histogram with p50/p90/p97_5/p99 and no p95; shown as histogramMedians).',
        'health-gate outputs are rounded to 0.1 ms; autocannon times from request written to response complete, health-gate from request start to end of body.',
      ],
      latency,
      endToEnd,
      bundle,
    }
    await writeResults(RESULTS, results)

    return { title: `health-gate benchmark (${new Date().toISOString()})`, lines: render(results) }
  } finally {
    stopServer(server)
    rmSync(work, { recursive: true, force: true })
  }
}

function medianOf(rounds) {
  return {
    p50: round(median(rounds.map((x) => x.p50)), 2),
    p95: round(median(rounds.map((x) => x.p95)), 2),
    p99: round(median(rounds.map((x) => x.p99)), 2),
  }
}

function render(results) {
  const lines = []
  lines.push(`node: machine ${results.nodes.machine}; Node 24 ${results.nodes.node24}`)
  lines.push(`host: ${results.host.platform}, ${results.host.cpus} x ${results.host.cpu}`)
  lines.push('')
  lines.push(
    `1. latency accuracy, loopback server with a fixed delay, concurrency 1; medians of ${results.config.rounds} rounds (ms)`,
  )
  const widths = [6, 7, 26, 7, 7, 7, 8, 8, 5]
  lines.push(pad(['delay', 'samples', 'tool', 'p50', 'p95', 'p99', 'p50/ac', 'p95/ac', 'goal'], widths))
  for (const entry of results.latency) {
    for (const tool of entry.tools) {
      lines.push(
        pad(
          [
            `${entry.delayMs}ms`,
            entry.samples,
            tool.tool,
            fmt(tool.medians.p50, 2),
            fmt(tool.medians.p95, 2),
            fmt(tool.medians.p99, 2),
            tool.ratioP50 === undefined ? '' : fmt(tool.ratioP50, 3),
            tool.ratioP95 === undefined ? '' : fmt(tool.ratioP95, 3),
            tool.withinGoal === undefined ? '' : tool.withinGoal ? 'ok' : 'MISS',
          ],
          widths,
        ),
      )
    }
  }
  const hist = results.latency
    .map((e) => {
      const h = e.tools[0].histogramMedians
      return `${e.delayMs}ms p50 ${h.p50} p90 ${h.p90} p97.5 ${h.p97_5} p99 ${h.p99}`
    })
    .join('; ')
  lines.push(
    `   autocannon p50/p95/p99: nearest rank over its per-request 'response' times (it exposes no p95);`,
    `   its own integer-ms histogram (medians): ${hist}. goal: within ${results.config.goal * 100}%.`,
  )
  lines.push('')
  lines.push(
    `2. one check end to end (health-gate samples 1), ${results.config.e2eRuns} runs each, alternating; wall ms`,
  )
  const w2 = [48, 8, 8, 8, 9]
  lines.push(pad(['command', 'median', 'min', 'max', 'x curl'], w2))
  for (const e of results.endToEnd) {
    lines.push(
      pad([e.command, fmt(e.medianMs), fmt(e.minMs), fmt(e.maxMs), `${fmt(e.ratioToCurlJq, 2)}x`], w2),
    )
  }
  lines.push('')
  const b = results.bundle
  lines.push(
    `3. bundle ${b.path}: ${b.bytes} bytes (${fmt(b.kib)} KiB; gzip ${b.gzipBytes} bytes, ${fmt(b.gzipBytes / 1024)} KiB)`,
  )
  lines.push('')
  lines.push(`results: ${RESULTS.slice(root.length + 1)}`)
  return lines
}
