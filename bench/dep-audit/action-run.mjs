// Runs the dep-audit bundle the way the runner runs it, for the dep-audit benchmark: every input set (its
// default from action.yml unless given), fresh empty GITHUB_OUTPUT / GITHUB_STATE / GITHUB_STEP_SUMMARY
// files and RUNNER_TEMP, with the node process's memory sampled from /proc/<pid>/status every 20 ms and,
// optionally, its VmHWM read at exit by hwm-probe.mjs (preloaded with --import). Also a bounded, timed
// spawn for running the scanners alone.
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { clearInterval, setInterval } from 'node:timers'
import { fileURLToPath, pathToFileURL } from 'node:url'

import { childEnv, parseOutputs, readStatus, runTimed } from '../lib.mjs'
export { actionDefaults, childEnv, parseOutputs, runTimed, snapshotBundle, tail } from '../lib.mjs'

const here = dirname(fileURLToPath(import.meta.url))
const PROBE = pathToFileURL(join(here, 'hwm-probe.mjs')).href
export const SAMPLE_MS = 20

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
