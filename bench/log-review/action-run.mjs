// Runs the log-review bundle the way the runner runs it, for the log-review benchmark: every input set
// (its default from action.yml unless given) as INPUT_<NAME> with the hyphens kept, fresh empty
// GITHUB_OUTPUT / GITHUB_STATE / GITHUB_STEP_SUMMARY files and RUNNER_TEMP (runnerEnv in ../lib.mjs),
// the log's folder as the workspace and working directory. The node process's memory is sampled from
// /proc/<pid>/status every SAMPLE_MS and its VmHWM read at exit by ../hwm-probe.mjs (preloaded with
// --import). Also: Node 24 resolved through npx, and a --cpu-prof run summed per function
// (../profile.mjs).
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'

import { hwmProbe, node24FromNpx, readRunnerFiles, runSampled, runnerEnv } from '../lib.mjs'
import { cpuProfileRun, frameLabel, summariseCpuProfile, topEntries } from '../profile.mjs'

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
  const { bin, version, error } = node24FromNpx(log)
  if (bin) return { bin, version, note: `resolved through npx: ${bin}` }
  return fallback(`npx -y node@24 failed (${error})`)
}

/**
 * The runner's files and environment for one run, in a fresh folder under `work`: `workspace` as
 * GITHUB_WORKSPACE, and `report-path` report.json in the run's folder unless `inputs` has one.
 */
function logReviewEnv(work, workspace, defaults, inputs) {
  const runner = runnerEnv(work, { ...defaults, ...inputs }, { extra: { GITHUB_WORKSPACE: workspace } })
  if (!inputs['report-path']) runner.env['INPUT_REPORT-PATH'] = join(runner.dir, 'report.json')
  return runner
}

/**
 * Runs `<node> --import hwm-probe.mjs <script>` once in `workspace` with `inputs` (names as in
 * action.yml, over `defaults`; `report-path` defaults to report.json in the run's folder) and resolves
 * with its wall time (spawn to exit), exit, outputs, the JSON report, the summary's size and memory:
 * sampledHwmKb / sampledMaxRssKb from /proc every SAMPLE_MS, exitHwmKb read inside the process at exit.
 */
export async function runLogReview(node, script, work, workspace, defaults, inputs, { timeoutMs }) {
  const { dir, files, env } = logReviewEnv(work, workspace, defaults, inputs)
  const probe = hwmProbe(dir, env)
  const { run, memory } = await runSampled(node, [...probe.args, script], {
    env,
    cwd: workspace,
    timeoutMs,
    sampleMs: SAMPLE_MS,
  })
  const { outputs, report, summary } = readRunnerFiles(files)
  const exit = probe.read()
  return {
    ...run,
    outputs,
    report,
    summaryBytes: Buffer.byteLength(summary),
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
 * `top` functions with the most self time and (bundle functions only) inclusive time, each with its
 * share of the total. The ncc bundle keeps the source's function names. Profiling slows the run
 * somewhat: the shares matter.
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
  const { dir, env } = logReviewEnv(work, workspace, defaults, inputs)
  const { wallMs, status, profile } = await cpuProfileRun(node, script, {
    dir,
    env,
    cwd: workspace,
    timeoutMs,
  })
  const bundleUrl = pathToFileURL(script).href
  const { totalMs, self, inclusive } = summariseCpuProfile(profile, (frame) =>
    frame.url === bundleUrl && frame.functionName ? frameLabel(frame) : undefined,
  )
  const ranked = (map) =>
    topEntries(map, top).map(([fn, ms]) => ({ function: fn, ms, share: totalMs ? ms / totalMs : undefined }))
  return { wallMs, status, totalMs, topSelf: ranked(self), topInclusive: ranked(inclusive) }
}
