// What every benchmark shares: running a command with a timeout; running an action's bundle the way the
// runner runs it (its inputs and runner files, what it left in them, the bundle copied aside, Node 24);
// memory readings of a child process (sampled from /proc, and read at exit by ./hwm-probe.mjs); medians
// and text tables; the host; and results written as the repository's Prettier writes JSON. The
// --cpu-prof summary is in ./profile.mjs.
import { spawn, spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  statSync,
  writeFileSync,
  rmSync,
} from 'node:fs'
import { cpus, loadavg, platform, release } from 'node:os'
import { basename, dirname, join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { clearInterval, setInterval } from 'node:timers'
import { fileURLToPath, pathToFileURL } from 'node:url'

import { parse } from 'yaml'

const benchDir = dirname(fileURLToPath(import.meta.url))

/** A positive whole number from an environment variable, or the fallback. */
export function positiveInt(text, fallback) {
  const value = Number(text)
  return Number.isInteger(value) && value > 0 ? value : fallback
}

/** The median of the finite numbers among `values`; undefined when there are none. */
export function median(values) {
  const defined = values.filter((v) => typeof v === 'number' && Number.isFinite(v))
  if (defined.length === 0) return undefined
  const sorted = [...defined].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
}

/** The largest of the finite numbers among `values`; undefined when there are none. */
export function max(values) {
  const defined = values.filter((v) => typeof v === 'number' && Number.isFinite(v))
  return defined.length ? Math.max(...defined) : undefined
}

/** One row of a text table: each cell right-aligned to its width, two spaces apart. */
export function pad(cells, widths) {
  return cells.map((c, i) => String(c).padStart(widths[i])).join('  ')
}

/** The 1, 5 and 15-minute load averages, to 2 decimals. */
export function loadAverages() {
  return loadavg().map((x) => Math.round(x * 100) / 100)
}

/**
 * The host, for a results file: platform, CPU model and count and, given `loadAtStart` (loadAverages()
 * when the benchmark started), the load averages then and now.
 */
export function hostInfo(loadAtStart) {
  const host = { platform: `${platform()} ${release()}`, cpu: cpus()[0]?.model, cpus: cpus().length }
  if (loadAtStart) host.loadAverage1_5_15 = { atStart: loadAtStart, atEnd: loadAverages() }
  return host
}

/** JSON as the repository's Prettier writes it (falls back to plain JSON if Prettier is missing). */
export async function formatJson(value, path) {
  const text = `${JSON.stringify(value, null, 2)}\n`
  try {
    const prettier = await import('prettier')
    const options = (await prettier.resolveConfig(path)) ?? {}
    return await prettier.format(text, { ...options, filepath: path })
  } catch {
    return text
  }
}

/**
 * The environment for a child: this process's, without anything that could steer it elsewhere (INPUT_*
 * and STATE_* the runner would set, the runner's files, PG* connection defaults, the benchmarks' own
 * settings), plus `extra`.
 */
export function childEnv(extra = {}) {
  const runnerFiles = ['GITHUB_OUTPUT', 'GITHUB_STATE', 'GITHUB_STEP_SUMMARY', 'GITHUB_ENV', 'GITHUB_PATH']
  const env = Object.fromEntries(
    Object.entries(process.env).filter(
      ([name]) => !/^(INPUT_|STATE_|PG|BENCH_)/.test(name) && !runnerFiles.includes(name),
    ),
  )
  return { ...env, ...extra }
}

/**
 * Runs a command to its end (never longer than `timeoutMs`: SIGTERM, then SIGKILL 5 s later) and
 * resolves with its exit, output and wall time (spawn to close of its output). `startedAt` is
 * performance.now() at spawn.
 */
export function runTimed(command, args, { env = childEnv(), cwd, timeoutMs = 120_000, onSpawn } = {}) {
  return new Promise((resolve, reject) => {
    const startedAt = performance.now()
    const startedEpochMs = Date.now()
    const child = spawn(command, args, { env, cwd, stdio: ['ignore', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    let timedOut = false
    let killTimer
    child.stdout.setEncoding('utf8').on('data', (chunk) => (stdout += chunk))
    child.stderr.setEncoding('utf8').on('data', (chunk) => (stderr += chunk))
    const timer = setTimeout(() => {
      timedOut = true
      child.kill('SIGTERM')
      killTimer = setTimeout(() => child.kill('SIGKILL'), 5000)
    }, timeoutMs)
    child.once('error', (error) => {
      clearTimeout(timer)
      clearTimeout(killTimer)
      reject(new Error(`${command}: ${error.message}`))
    })
    child.once('close', (status, signal) => {
      const endedAt = performance.now()
      clearTimeout(timer)
      clearTimeout(killTimer)
      resolve({
        status,
        signal,
        stdout,
        stderr,
        timedOut,
        startedAt,
        endedAt,
        startedEpochMs,
        wallMs: endedAt - startedAt,
      })
    })
    onSpawn?.(child)
  })
}

/** The last lines a command printed, for an error message. */
export function tail(run, lines = 8) {
  return `${run.stdout ?? ''}\n${run.stderr ?? ''}`.trim().split('\n').slice(-lines).join('\n')
}

/** GNU time, which the benchmarks run a command under for its CPU seconds or maximum RSS. */
export const GNU_TIME = '/usr/bin/time'
export const hasGnuTime = () => existsSync(GNU_TIME)

/** Reads GITHUB_OUTPUT's `name<<DELIM\nvalue\nDELIM` entries. */
export function parseOutputs(text) {
  const outputs = {}
  const pattern = /^([^\n<]+)<<(\S+)\n([\s\S]*?)\n\2$/gm
  for (const match of text.matchAll(pattern)) outputs[match[1]] = match[3]
  return outputs
}

/**
 * The runner's side of one action run, in a fresh folder `<work>/<prefix>XXXXXX` (`dir`): empty
 * GITHUB_OUTPUT, GITHUB_STATE and GITHUB_STEP_SUMMARY files (`files`) and RUNNER_TEMP, and the child's
 * environment (`env`): childEnv() with `extra`, the runner's files and RUNNER_TEMP over it, and every one
 * of `inputs` (names as in action.yml; the caller merges in the defaults) as INPUT_<NAME>, upper case with
 * the hyphens kept, as the runner sets them.
 */
export function runnerEnv(work, inputs, { extra = {}, prefix = 'run-' } = {}) {
  const dir = mkdtempSync(join(work, prefix))
  const files = {
    GITHUB_OUTPUT: join(dir, 'output'),
    GITHUB_STATE: join(dir, 'state'),
    GITHUB_STEP_SUMMARY: join(dir, 'summary.md'),
  }
  for (const file of Object.values(files)) writeFileSync(file, '')
  const env = childEnv({ ...extra, ...files, RUNNER_TEMP: dir })
  for (const [name, value] of Object.entries(inputs)) env[`INPUT_${name.toUpperCase()}`] = String(value)
  return { dir, files, env }
}

/**
 * What a run left in its runner files (runnerEnv's `files`): the outputs; the JSON report that the
 * `report` output names and its size in bytes (report undefined when there is none or it does not
 * parse); the step summary's text.
 */
export function readRunnerFiles(files) {
  const outputs = parseOutputs(readFileSync(files.GITHUB_OUTPUT, 'utf8'))
  let report
  let reportBytes
  try {
    if (outputs.report) {
      const text = readFileSync(outputs.report, 'utf8')
      reportBytes = Buffer.byteLength(text)
      report = JSON.parse(text)
    }
  } catch {
    report = undefined
  }
  return { outputs, report, reportBytes, summary: readFileSync(files.GITHUB_STEP_SUMMARY, 'utf8') }
}

/** Every input of action.yml with its default (the runner applies defaults; a bare `node` run does not). */
export function actionDefaults(actionYml) {
  const { inputs = {} } = parse(readFileSync(actionYml, 'utf8'))
  return Object.fromEntries(Object.entries(inputs).map(([name, spec]) => [name, String(spec?.default ?? '')]))
}

/**
 * Copies a bundle (and its package.json, which makes it ESM) into the work folder, so that a rebuild of
 * dist/ during the run cannot change what is measured.
 */
export function snapshotBundle(distDir, work) {
  const dir = join(work, `${basename(distDir)}-bundle`)
  mkdirSync(dir)
  for (const file of bundleFiles(distDir)) copyFileSync(join(distDir, file), join(dir, file))
  const script = join(dir, 'index.js')
  const sha256 = createHash('sha256').update(readFileSync(script)).digest('hex')
  return { script, bytes: statSync(script).size, sha256 }
}

/**
 * What running a bundle needs: index.js, the chunks ncc emits beside it for dynamic imports
 * (`<id>.index.js`, loaded at run time) and the package.json that makes them ESM.
 */
export function bundleFiles(distDir) {
  return readdirSync(distDir).filter((file) => file.endsWith('.js') || file === 'package.json')
}

/**
 * Node 24 (what action.yml's `using: node24` means) through `npx -y node@24 -p process.execPath`:
 * `{ bin, version }`, or `{ error }` (the last line npx or node said) when that gives no Node 24.
 */
export function node24FromNpx(log) {
  log('resolving Node 24 with `npx -y node@24 -p process.execPath` ...')
  const found = spawnSync('npx', ['-y', 'node@24', '-p', 'process.execPath'], {
    encoding: 'utf8',
    timeout: 120_000,
  })
  const bin = found.status === 0 ? found.stdout.trim().split('\n').pop() : undefined
  const version = bin ? spawnSync(bin, ['-v'], { encoding: 'utf8', timeout: 10_000 }).stdout?.trim() : ''
  if (bin && version?.startsWith('v24.')) return { bin, version }
  return { error: (found.stderr || found.error?.message || version || '').trim().split('\n').pop() }
}

/** `{ rss, hwm }` in kB from /proc/<pid>/status, or undefined once the process is gone (or a zombie). */
export function readStatus(pid) {
  try {
    const text = readFileSync(`/proc/${pid}/status`, 'utf8')
    const kb = (field) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(text)?.[1])
    const rss = kb('VmRSS')
    const hwm = kb('VmHWM')
    return Number.isFinite(rss) && Number.isFinite(hwm) ? { rss, hwm } : undefined
  } catch {
    return undefined
  }
}

/**
 * Samples a process's memory from /proc every `intervalMs` (the first time at once) until stopped: the
 * largest VmRSS seen and the largest VmHWM (the kernel's own high-water mark, so growth between samples
 * is not missed, only growth in the last interval before exit). `pidOf()` names the process, and may
 * return undefined until it exists (node started under /usr/bin/time, say). stop() returns
 * `{ pid, samples, maxRssKb, hwmKb }`, 0 kB when no sample was read.
 */
function sampleMemory(pidOf, intervalMs) {
  const state = { pid: undefined, samples: 0, maxRssKb: 0, hwmKb: 0 }
  const tick = () => {
    state.pid ??= pidOf()
    if (state.pid === undefined) return
    const status = readStatus(state.pid)
    if (!status) return
    state.samples++
    state.maxRssKb = Math.max(state.maxRssKb, status.rss)
    state.hwmKb = Math.max(state.hwmKb, status.hwm)
  }
  tick()
  const timer = setInterval(tick, intervalMs)
  return {
    stop() {
      clearInterval(timer)
      return state
    },
  }
}

/**
 * runTimed with the memory of the child sampled every `sampleMs` (sampleMemory) from spawn to exit, or of
 * the process that `pidOf(child)` names (node started under /usr/bin/time: its first child). Resolves
 * with `{ run, memory }`: runTimed's result and sampleMemory's state (`{}` if nothing was spawned).
 */
export async function runSampled(command, args, { sampleMs, pidOf = (child) => child.pid, ...options }) {
  let sampler
  let memory = {}
  const run = await runTimed(command, args, {
    ...options,
    onSpawn: (child) => {
      sampler = sampleMemory(() => pidOf(child), sampleMs)
    },
  }).finally(() => {
    // Stopped when the spawn fails too: its timer would keep the benchmark alive.
    if (sampler) memory = sampler.stop()
  })
  return { run, memory }
}

/**
 * Preloads ./hwm-probe.mjs into a node run, so that the process's own VmHWM is read at its very exit:
 * sets BENCH_HWM_PROBE in `env` (the child's environment) to `<dir>/probe.json`, and returns `args`, the
 * node options that load the probe (before the script), and `read()`, which returns what the probe
 * wrote, `{ vmHwmKb, vmRssKb, maxRssKb }` in kB, or undefined when it wrote nothing.
 */
export function hwmProbe(dir, env) {
  const file = join(dir, 'probe.json')
  env.BENCH_HWM_PROBE = file
  return {
    args: ['--import', pathToFileURL(join(benchDir, 'hwm-probe.mjs')).href],
    read() {
      try {
        return existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : undefined
      } catch {
        return undefined
      }
    },
  }
}

/**
 * For a benchmark with a disposable PostgreSQL cluster and a temp folder: stops the cluster (`stop`) and
 * removes `dir` on Ctrl-C, a kill or exit, whatever the benchmark was doing. Returns the function that
 * does the same cleanup at the normal end and takes the guard off.
 */
export function guardCleanup(dir, stop) {
  const cleanup = () => {
    stop()
    rmSync(dir, { recursive: true, force: true })
  }
  const onSignal = (signal) => {
    cleanup()
    process.exit(signal === 'SIGINT' ? 130 : 143)
  }
  process.once('SIGINT', onSignal)
  process.once('SIGTERM', onSignal)
  process.once('exit', cleanup)
  return () => {
    cleanup()
    process.off('SIGINT', onSignal)
    process.off('SIGTERM', onSignal)
    process.off('exit', cleanup)
  }
}

/**
 * Where the benchmark of action `name` finds its bundle and metadata and writes its results, with the
 * repository root for showing paths.
 */
export function actionPaths(name) {
  const root = join(dirname(fileURLToPath(import.meta.url)), '..')
  const dist = join(root, 'dist', name)
  return {
    root,
    dist,
    bundle: join(dist, 'index.js'),
    actionYml: join(root, 'actions', name, 'action.yml'),
    results: join(root, 'bench', 'results', `${name}.json`),
  }
}

/** Fails at once, saying what to run, when the bundle a benchmark times was not built. */
export function requireBundle(bundle) {
  if (!existsSync(bundle)) throw new Error(`${bundle} is missing: run npm run bundle first`)
}

/** Writes a benchmark's results as the repository's Prettier writes JSON. */
export async function writeResults(path, value) {
  mkdirSync(dirname(path), { recursive: true })
  writeFileSync(path, await formatJson(value, path))
}
