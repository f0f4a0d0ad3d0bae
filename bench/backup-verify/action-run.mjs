// Runs the backup-verify bundle the way the runner runs it, for the backup-verify benchmark: every input
// set (its default from action.yml unless given), fresh GITHUB_OUTPUT / GITHUB_STATE / GITHUB_STEP_SUMMARY
// files and RUNNER_TEMP, under `/usr/bin/time -v` when it exists, with the node process's own memory
// sampled from /proc/<pid>/status every 50 ms.
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { clearInterval, setInterval } from 'node:timers'

import { childEnv, parseOutputs, runTimed } from '../db-maintain/processes.mjs'

import { readStatus } from '../lib.mjs'
export { actionDefaults, snapshotBundle } from '../lib.mjs'

const GNU_TIME = '/usr/bin/time'
const SAMPLE_MS = 50

export const hasGnuTime = () => existsSync(GNU_TIME)

/** The first child of `pid` (node under /usr/bin/time), from /proc/<pid>/task/<pid>/children. */
function firstChild(pid) {
  try {
    const pids = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/)
    return pids[0] ? Number(pids[0]) : undefined
  } catch {
    return undefined
  }
}

/**
 * Samples one process's memory until stopped: the largest VmRSS seen and the last VmHWM read (the
 * kernel's own high-water mark of the process, so growth between samples is not missed, only growth in
 * the last < 50 ms before exit). `pidOf()` may return undefined until the process exists.
 */
function sampleMemory(pidOf) {
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
  const timer = setInterval(tick, SAMPLE_MS)
  return {
    stop() {
      clearInterval(timer)
      return state
    },
    tick,
  }
}

/** GNU time's `Maximum resident set size (kbytes): N`. */
function parseGnuTime(text) {
  const match = /Maximum resident set size \(kbytes\): (\d+)/.exec(text)
  return match ? Number(match[1]) : undefined
}

/**
 * Runs `node <script>` once with `inputs` (names as in action.yml, over `defaults`), and resolves with
 * its wall time (spawn to exit), exit status, outputs, JSON report and memory:
 *   nodePeakKb     the node process's own peak RSS (VmHWM, sampled from /proc), children not included;
 *   gnuTimeMaxKb   /usr/bin/time -v's maximum resident set size: on Linux the largest of node and every
 *                  descendant it waited for (psql, pg_restore and its workers), not their sum.
 */
export async function runBackupVerify(script, work, defaults, inputs, { timeoutMs = 300_000 } = {}) {
  const dir = mkdtempSync(join(work, 'run-'))
  const files = {
    GITHUB_OUTPUT: join(dir, 'output'),
    GITHUB_STATE: join(dir, 'state'),
    GITHUB_STEP_SUMMARY: join(dir, 'summary.md'),
  }
  for (const file of Object.values(files)) writeFileSync(file, '')
  const env = childEnv({ ...files, RUNNER_TEMP: dir })
  for (const [name, value] of Object.entries({ ...defaults, ...inputs }))
    env[`INPUT_${name.toUpperCase()}`] = String(value)
  const timeFile = join(dir, 'gnu-time.txt')
  const wrapped = hasGnuTime()
  const [command, args] = wrapped
    ? [GNU_TIME, ['-v', '-o', timeFile, process.execPath, script]]
    : [process.execPath, [script]]
  let sampler
  const run = await runTimed(command, args, {
    env,
    timeoutMs,
    onSpawn: (child) => {
      sampler = sampleMemory(() => (wrapped ? firstChild(child.pid) : child.pid))
      sampler.tick()
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
  const gnuTimeMaxKb =
    wrapped && existsSync(timeFile) ? parseGnuTime(readFileSync(timeFile, 'utf8')) : undefined
  return {
    ...run,
    outputs,
    report,
    memory: {
      nodePeakKb: memory.hwmKb || undefined,
      nodeMaxSampledRssKb: memory.maxRssKb || undefined,
      samples: memory.samples ?? 0,
      gnuTimeMaxKb,
    },
  }
}

/** A metric of the JSON report by name (`amcheck time`, `restore time`), or undefined. */
export function reportMetric(report, name) {
  return report?.metrics?.find((m) => m.name === name)?.value
}
