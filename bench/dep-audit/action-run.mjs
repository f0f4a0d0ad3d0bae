// Runs the dep-audit bundle the way the runner runs it, for the dep-audit benchmark: every input set (its
// default from action.yml unless given), fresh empty GITHUB_OUTPUT / GITHUB_STATE / GITHUB_STEP_SUMMARY
// files and RUNNER_TEMP, with the node process's memory sampled from /proc/<pid>/status every 20 ms and,
// optionally, its VmHWM read at exit by hwm-probe.mjs (preloaded with --import). Also a bounded, timed
// spawn for running the scanners alone.
import { spawn } from 'node:child_process'
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  statSync,
  writeFileSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { clearInterval, setInterval } from 'node:timers'
import { fileURLToPath, pathToFileURL } from 'node:url'

import { parse } from 'yaml'

const here = dirname(fileURLToPath(import.meta.url))
const PROBE = pathToFileURL(join(here, 'hwm-probe.mjs')).href
export const SAMPLE_MS = 20

/** Every input of action.yml with its default (the runner applies defaults; a bare `node` run does not). */
export function actionDefaults(actionYml) {
  const { inputs = {} } = parse(readFileSync(actionYml, 'utf8'))
  return Object.fromEntries(Object.entries(inputs).map(([name, spec]) => [name, String(spec?.default ?? '')]))
}

/**
 * Copies the bundle (and its package.json, which makes it ESM) into the work folder, so that a rebuild
 * of dist/ during the run cannot change what is measured.
 */
export function snapshotBundle(distDir, work) {
  const dir = join(work, 'dep-audit-bundle')
  mkdirSync(dir)
  for (const file of ['index.js', 'package.json']) copyFileSync(join(distDir, file), join(dir, file))
  return { script: join(dir, 'index.js'), bytes: statSync(join(dir, 'index.js')).size }
}

/**
 * The environment for a child: this process's, without anything the runner would set that could steer
 * it (INPUT_*, STATE_*, GITHUB_* files), plus `extra`.
 */
export function childEnv(extra = {}) {
  const env = Object.fromEntries(
    Object.entries(process.env).filter(
      ([name]) =>
        !name.startsWith('INPUT_') &&
        !name.startsWith('STATE_') &&
        !['GITHUB_OUTPUT', 'GITHUB_STATE', 'GITHUB_STEP_SUMMARY', 'GITHUB_ENV', 'GITHUB_PATH'].includes(
          name,
        ) &&
        !name.startsWith('BENCH_DEP_AUDIT_'),
    ),
  )
  return { ...env, ...extra }
}

/**
 * Runs a command to its end (never longer than `timeoutMs`: SIGTERM, then SIGKILL 5 s later) and
 * resolves with its exit, output and wall time (spawn to close of its output).
 */
export function runTimed(command, args, { env = childEnv(), cwd, timeoutMs = 120_000, onSpawn } = {}) {
  return new Promise((resolve, reject) => {
    const startedAt = performance.now()
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
      const wallMs = performance.now() - startedAt
      clearTimeout(timer)
      clearTimeout(killTimer)
      resolve({ status, signal, stdout, stderr, timedOut, wallMs })
    })
    onSpawn?.(child)
  })
}

const GNU_TIME = '/usr/bin/time'
export const hasGnuTime = () => existsSync(GNU_TIME)

/**
 * runTimed under `/usr/bin/time -f '%U %S'` (when it exists): also the user and system CPU seconds of
 * the command and every descendant it waited for (`cpuSeconds`), to tell CPU contention from waiting.
 */
export async function runWithCpu(command, args, options = {}) {
  if (!hasGnuTime()) return runTimed(command, args, options)
  const file = join(mkdtempSync(join(options.work ?? tmpdir(), 'cpu-')), 'time.txt')
  const run = await runTimed(GNU_TIME, ['-f', '%U %S', '-o', file, command, ...args], options)
  const [user, system] = (existsSync(file) ? readFileSync(file, 'utf8') : '')
    .trim()
    .split('\n')
    .at(-1)
    .split(' ')
    .map(Number)
  return { ...run, cpuSeconds: Number.isFinite(user + system) ? user + system : undefined }
}

/** The last lines a command printed, for an error message. */
export function tail(run, lines = 8) {
  return `${run.stdout ?? ''}\n${run.stderr ?? ''}`.trim().split('\n').slice(-lines).join('\n')
}

/** Reads GITHUB_OUTPUT's `name<<DELIM\nvalue\nDELIM` entries. */
export function parseOutputs(text) {
  const outputs = {}
  const pattern = /^([^\n<]+)<<(\S+)\n([\s\S]*?)\n\2$/gm
  for (const match of text.matchAll(pattern)) outputs[match[1]] = match[3]
  return outputs
}

/** `{ rss, hwm }` in kB from /proc/<pid>/status, or undefined once the process is gone (or a zombie). */
function readStatus(pid) {
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

/** Samples a process's memory every SAMPLE_MS until stopped: the largest VmRSS and VmHWM seen. */
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

/**
 * Runs `node <script>` once with `inputs` (names as in action.yml, over `defaults`) and resolves with its
 * wall time (spawn to exit), exit status, outputs, the JSON report, the step summary's size and memory:
 *   sampledPeakKb  the largest VmRSS / VmHWM read from /proc every 20 ms;
 *   exitHwmKb      VmHWM read inside the process at exit (only with `probe`), the true peak.
 * With `cpu`, it runs under /usr/bin/time instead (cpuSeconds, no memory sampling).
 */
export async function runDepAudit(
  script,
  work,
  defaults,
  inputs,
  { env = {}, probe = false, cpu = false, timeoutMs = 120_000 } = {},
) {
  const dir = mkdtempSync(join(work, 'run-'))
  const files = {
    GITHUB_OUTPUT: join(dir, 'output'),
    GITHUB_STATE: join(dir, 'state'),
    GITHUB_STEP_SUMMARY: join(dir, 'summary.md'),
  }
  for (const file of Object.values(files)) writeFileSync(file, '')
  const probeFile = join(dir, 'probe.json')
  const childVars = childEnv({
    ...env,
    ...files,
    RUNNER_TEMP: dir,
    ...(probe ? { BENCH_DEP_AUDIT_PROBE: probeFile } : {}),
  })
  for (const [name, value] of Object.entries({ ...defaults, ...inputs }))
    childVars[`INPUT_${name.toUpperCase()}`] = String(value)
  let sampler
  const args = [...(probe ? ['--import', PROBE] : []), script]
  // Under /usr/bin/time the child is time, not node: its memory is not sampled then.
  const run = cpu
    ? await runWithCpu(process.execPath, args, { env: childVars, timeoutMs, work: dir })
    : await runTimed(process.execPath, args, {
        env: childVars,
        timeoutMs,
        onSpawn: (child) => {
          sampler = sampleMemory(child.pid)
        },
      })
  const memory = sampler?.stop() ?? {}
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
  let exit
  try {
    if (probe && existsSync(probeFile)) exit = JSON.parse(readFileSync(probeFile, 'utf8'))
  } catch {
    exit = undefined
  }
  const summary = readFileSync(files.GITHUB_STEP_SUMMARY, 'utf8')
  return {
    ...run,
    outputs,
    report,
    reportBytes,
    summaryBytes: Buffer.byteLength(summary),
    summaryCut: summary.includes('The summary was cut'),
    memory: {
      sampledMaxRssKb: memory.maxRssKb || undefined,
      sampledHwmKb: memory.hwmKb || undefined,
      samples: memory.samples ?? 0,
      exitHwmKb: exit?.vmHwmKb,
      exitMaxRssKb: exit?.maxRssKb,
    },
  }
}
