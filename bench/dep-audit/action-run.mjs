// Runs the dep-audit bundle the way the runner runs it, for the dep-audit benchmark: every input set (its
// default from action.yml unless given), fresh empty GITHUB_OUTPUT / GITHUB_STATE / GITHUB_STEP_SUMMARY
// files and RUNNER_TEMP (runnerEnv in ../lib.mjs), with the node process's memory sampled from
// /proc/<pid>/status every 20 ms and, optionally, its VmHWM read at exit by ../hwm-probe.mjs (preloaded
// with --import). Also a bounded, timed spawn for running the scanners alone.
import { existsSync, mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import { GNU_TIME, hasGnuTime, hwmProbe, readRunnerFiles, runSampled, runTimed, runnerEnv } from '../lib.mjs'
export { actionDefaults, hasGnuTime, runTimed, snapshotBundle, tail } from '../lib.mjs'

export const SAMPLE_MS = 20

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

/**
 * Runs `node <script>` once with `inputs` (names as in action.yml, over `defaults`) and resolves with its
 * wall time (spawn to exit), exit status, outputs, the JSON report, the step summary's size and memory:
 *   sampledMaxRssKb, sampledHwmKb  the largest VmRSS / VmHWM read from /proc every SAMPLE_MS (20 ms);
 *   exitHwmKb, exitMaxRssKb        VmHWM and maxRSS read inside the process at exit (only with `probe`),
 *                                  the true peak.
 * With `probe`, also `cpuMs`: the CPU time (user + system) the process had used at exit.
 * With `cpu`, it runs under /usr/bin/time instead (cpuSeconds, no memory sampling).
 */
export async function runDepAudit(
  script,
  work,
  defaults,
  inputs,
  { env = {}, probe = false, cpu = false, timeoutMs = 120_000 } = {},
) {
  const { dir, files, env: childVars } = runnerEnv(work, { ...defaults, ...inputs }, { extra: env })
  const hwm = probe ? hwmProbe(dir, childVars) : undefined
  const args = [...(hwm?.args ?? []), script]
  // Under /usr/bin/time the child is time, not node: its memory is not sampled then.
  const { run, memory } = cpu
    ? { run: await runWithCpu(process.execPath, args, { env: childVars, timeoutMs, work: dir }), memory: {} }
    : await runSampled(process.execPath, args, { env: childVars, timeoutMs, sampleMs: SAMPLE_MS })
  const { outputs, report, reportBytes, summary } = readRunnerFiles(files)
  const exit = hwm?.read()
  return {
    ...run,
    outputs,
    report,
    reportBytes,
    summaryBytes: Buffer.byteLength(summary),
    summaryCut: summary.includes('The summary was cut'),
    cpuMs: exit?.cpuMs,
    memory: {
      sampledMaxRssKb: memory.maxRssKb || undefined,
      sampledHwmKb: memory.hwmKb || undefined,
      samples: memory.samples ?? 0,
      exitHwmKb: exit?.vmHwmKb,
      exitMaxRssKb: exit?.maxRssKb,
    },
  }
}
