// Runs the backup-verify bundle the way the runner runs it, for the backup-verify benchmark: every input
// set (its default from action.yml unless given), fresh GITHUB_OUTPUT / GITHUB_STATE / GITHUB_STEP_SUMMARY
// files and RUNNER_TEMP (runnerEnv in ../lib.mjs), under `/usr/bin/time -v` when it exists, with the node
// process's own memory sampled from /proc/<pid>/status every 50 ms.
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'

import { GNU_TIME, hasGnuTime, readRunnerFiles, runSampled, runnerEnv } from '../lib.mjs'
export { actionDefaults, hasGnuTime, snapshotBundle } from '../lib.mjs'

const SAMPLE_MS = 50

/** The first child of `pid` (node under /usr/bin/time), from /proc/<pid>/task/<pid>/children. */
function firstChild(pid) {
  try {
    const pids = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/)
    return pids[0] ? Number(pids[0]) : undefined
  } catch {
    return undefined
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
  const { dir, files, env } = runnerEnv(work, { ...defaults, ...inputs })
  const timeFile = join(dir, 'gnu-time.txt')
  const wrapped = hasGnuTime()
  const [command, args] = wrapped
    ? [GNU_TIME, ['-v', '-o', timeFile, process.execPath, script]]
    : [process.execPath, [script]]
  const { run, memory } = await runSampled(command, args, {
    env,
    timeoutMs,
    sampleMs: SAMPLE_MS,
    pidOf: (child) => (wrapped ? firstChild(child.pid) : child.pid),
  })
  const { outputs, report } = readRunnerFiles(files)
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
