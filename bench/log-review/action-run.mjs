// Runs the log-review bundle the way the runner runs it, for the log-review benchmark: every input set
// (its default from action.yml unless given) as INPUT_<NAME> with the hyphens kept, fresh empty
// GITHUB_OUTPUT / GITHUB_STATE / GITHUB_STEP_SUMMARY files and RUNNER_TEMP, the log's folder as the
// workspace and working directory. The node process's memory is sampled from /proc/<pid>/status every
// SAMPLE_MS and its VmHWM read at exit by ./hwm-probe.mjs (preloaded with --import). Also: Node 24
// resolved through npx, and a --cpu-prof run summed per function.
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { clearInterval, setInterval } from 'node:timers'
import { fileURLToPath, pathToFileURL } from 'node:url'

import { childEnv, parseOutputs, readStatus, runTimed } from '../lib.mjs'

const here = dirname(fileURLToPath(import.meta.url))
const PROBE = pathToFileURL(join(here, 'hwm-probe.mjs')).href
export const SAMPLE_MS = 50

/**
 * The node that runs the bundle: Node 24 (what action.yml's `using: node24` means), from
 * `npx -y node@24 -p process.execPath` unless this node is Node 24 already; the machine's node, with a
 * note saying so, when BENCH_NODE24=0 or npx fails.
 */
export function resolveNode24(log) {
  if (process.version.startsWith('v24.'))
    return { bin: process.execPath, version: process.version, note: 'the machine node is Node 24' }
  const fallback = (why) => ({
    bin: process.execPath,
    version: process.version,
    note: `NOT Node 24: ${why}; the machine's node ${process.version} runs the bundle`,
  })
  if (process.env.BENCH_NODE24 === '0') return fallback('BENCH_NODE24=0')
  log('resolving Node 24 with `npx -y node@24 -p process.execPath` ...')
  const found = spawnSync('npx', ['-y', 'node@24', '-p', 'process.execPath'], {
    encoding: 'utf8',
    timeout: 120_000,
  })
  const bin = found.status === 0 ? found.stdout.trim().split('\n').pop() : undefined
  const version = bin ? spawnSync(bin, ['-v'], { encoding: 'utf8', timeout: 10_000 }).stdout?.trim() : ''
  if (bin && version?.startsWith('v24.')) return { bin, version, note: `resolved through npx: ${bin}` }
  return fallback(
    `npx -y node@24 failed (${(found.stderr || found.error?.message || version || '').trim().split('\n').pop()})`,
  )
}

/**
 * Samples a process's memory every SAMPLE_MS until stopped: the largest VmRSS seen and the largest
 * VmHWM (the kernel's own high-water mark, so growth between samples is not missed).
 */
function sampleMemory(pid) {
  const state = { samples: 0, maxRssKb: 0, hwmKb: 0 }
  const tick = () => {
    const status = readStatus(pid)
    if (!status) return
    state.samples++
    state.maxRssKb = Math.max(state.maxRssKb, status.rss)
    state.hwmKb = Math.max(state.hwmKb, status.hwm)
  }
  tick()
  const timer = setInterval(tick, SAMPLE_MS)
  return {
    stop() {
      clearInterval(timer)
      return state
    },
  }
}

/** The runner's files and environment for one run, in a fresh folder under `work`. */
function runnerEnv(work, workspace, defaults, inputs, extra = {}) {
  const dir = mkdtempSync(join(work, 'run-'))
  const files = {
    GITHUB_OUTPUT: join(dir, 'output'),
    GITHUB_STATE: join(dir, 'state'),
    GITHUB_STEP_SUMMARY: join(dir, 'summary.md'),
  }
  for (const file of Object.values(files)) writeFileSync(file, '')
  const env = childEnv({ ...files, RUNNER_TEMP: dir, GITHUB_WORKSPACE: workspace, ...extra })
  for (const [name, value] of Object.entries({ ...defaults, ...inputs }))
    env[`INPUT_${name.toUpperCase()}`] = String(value)
  return { dir, files, env }
}

/**
 * Runs `<node> --import hwm-probe.mjs <script>` once in `workspace` with `inputs` (names as in
 * action.yml, over `defaults`; `report-path` defaults to report.json in the run's folder) and resolves
 * with its wall time (spawn to exit), exit, outputs, the JSON report, the summary's size and memory:
 * sampledHwmKb / sampledMaxRssKb from /proc every SAMPLE_MS, exitHwmKb read inside the process at exit.
 */
export async function runLogReview(node, script, work, workspace, defaults, inputs, { timeoutMs }) {
  const probeFile = join(work, `probe-${process.hrtime.bigint()}.json`)
  const { dir, files, env } = runnerEnv(work, workspace, defaults, inputs, {
    BENCH_LOG_REVIEW_PROBE: probeFile,
  })
  if (!inputs['report-path']) env['INPUT_REPORT-PATH'] = join(dir, 'report.json')
  let sampler
  const run = await runTimed(node, ['--import', PROBE, script], {
    env,
    cwd: workspace,
    timeoutMs,
    onSpawn: (child) => {
      sampler = sampleMemory(child.pid)
    },
  })
  const memory = sampler?.stop() ?? {}
  const outputs = parseOutputs(readFileSync(files.GITHUB_OUTPUT, 'utf8'))
  let report
  try {
    if (outputs.report) report = JSON.parse(readFileSync(outputs.report, 'utf8'))
  } catch {
    report = undefined
  }
  let exit
  try {
    if (existsSync(probeFile)) exit = JSON.parse(readFileSync(probeFile, 'utf8'))
  } catch {
    exit = undefined
  }
  return {
    ...run,
    outputs,
    report,
    summaryBytes: Buffer.byteLength(readFileSync(files.GITHUB_STEP_SUMMARY, 'utf8')),
    memory: {
      sampledHwmKb: memory.hwmKb || undefined,
      sampledMaxRssKb: memory.maxRssKb || undefined,
      samples: memory.samples ?? 0,
      exitHwmKb: exit?.vmHwmKb,
    },
  }
}

/**
 * Runs the bundle once under `node --cpu-prof` and returns the wall time, the profile's total and the
 * functions with the most self time and (bundle functions only) inclusive time. The ncc bundle keeps
 * the source's function names. Profiling slows the run somewhat: the shares matter.
 */
export async function profileLogReview(
  node,
  script,
  work,
  workspace,
  defaults,
  inputs,
  { timeoutMs, top = 10 },
) {
  const { dir, env } = runnerEnv(work, workspace, defaults, inputs)
  if (!inputs['report-path']) env['INPUT_REPORT-PATH'] = join(dir, 'report.json')
  const out = join(dir, 'cpu')
  mkdirSync(out)
  const run = await runTimed(node, ['--cpu-prof', '--cpu-prof-dir', out, script], {
    env,
    cwd: workspace,
    timeoutMs,
  })
  const name = readdirSync(out).find((f) => f.endsWith('.cpuprofile'))
  if (!name) throw new Error(`node --cpu-prof wrote no profile (exit ${run.status ?? run.signal})`)
  return {
    wallMs: run.wallMs,
    status: run.status,
    ...summariseProfile(JSON.parse(readFileSync(join(out, name), 'utf8')), pathToFileURL(script).href, top),
  }
}

function summariseProfile(profile, bundleUrl, top) {
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]))
  const parent = new Map()
  for (const n of profile.nodes) for (const child of n.children ?? []) parent.set(child, n.id)
  const label = (n) => {
    const { functionName, url, lineNumber } = n.callFrame
    const file = url ? url.split('/').pop() : ''
    return `${functionName || '(anonymous)'}${file ? ` ${file}:${lineNumber + 1}` : ''}`
  }
  const self = new Map()
  const inclusive = new Map()
  let totalMs = 0
  for (let i = 0; i < profile.samples.length; i++) {
    const ms = (profile.timeDeltas[i] ?? 0) / 1000
    totalMs += ms
    const leaf = nodes.get(profile.samples[i])
    // Native code (a regular expression, a string builtin) has no name: name it by its JS caller.
    const caller = nodes.get(parent.get(leaf.id))
    const where =
      !leaf.callFrame.functionName && !leaf.callFrame.url && caller
        ? `(native) in ${label(caller)}`
        : label(leaf)
    self.set(where, (self.get(where) ?? 0) + ms)
    const seen = new Set()
    for (let id = profile.samples[i]; id !== undefined; id = parent.get(id)) {
      const n = nodes.get(id)
      if (n.callFrame.url !== bundleUrl || !n.callFrame.functionName) continue
      const key = label(n)
      if (seen.has(key)) continue
      seen.add(key)
      inclusive.set(key, (inclusive.get(key) ?? 0) + ms)
    }
  }
  const ranked = (map) =>
    [...map]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([fn, ms]) => ({ function: fn, ms, share: totalMs ? ms / totalMs : undefined }))
  return { totalMs, topSelf: ranked(self), topInclusive: ranked(inclusive) }
}
