// Child processes for the db-maintain benchmark: a timed, bounded spawn; the action bundle run the way the
// runner runs it (INPUT_* environment, GITHUB_OUTPUT/GITHUB_STATE/GITHUB_STEP_SUMMARY files); pgbench's
// output parsed.
import { readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'

import { readRunnerFiles, runTimed, runnerEnv } from '../lib.mjs'
export { childEnv, runTimed, snapshotBundle, tail } from '../lib.mjs'

/**
 * Runs `node <bundle>` once with the given action inputs (names as in action.yml) and resolves with its
 * wall time, exit, outputs and the JSON report it wrote. Every run gets fresh, empty runner files.
 */
export async function runDbMaintain(script, work, inputs, { timeoutMs = 180_000, onSpawn } = {}) {
  const { files, env } = runnerEnv(work, inputs)
  const run = await runTimed(process.execPath, [script], { env, timeoutMs, onSpawn })
  const { outputs, report } = readRunnerFiles(files)
  return { ...run, outputs, report }
}

/**
 * pgbench's summary (stdout) and its -P progress lines (stderr). PostgreSQL 15 prints
 * `number of failed transactions: N (x%)`, `latency average = X ms`, `tps = X (without initial
 * connection time)` and `progress: 5.0 s, 1700.1 tps, lat 2.3 ms stddev 1.0, 0 failed`.
 */
export function parsePgbench(run) {
  const num = (pattern, text = run.stdout) => {
    const match = text.match(pattern)
    return match ? Number(match[1]) : undefined
  }
  const progress = [
    ...run.stderr.matchAll(/^progress: ([\d.]+) s, ([\d.]+) tps, lat ([\d.]+) ms(.*)$/gm),
  ].map((m) => ({
    atS: Number(m[1]),
    tps: Number(m[2]),
    latencyMs: Number(m[3]),
    failed: Number(m[4].match(/(\d+) failed/)?.[1] ?? 0),
  }))
  return {
    exitStatus: run.status,
    processed: num(/number of transactions actually processed: (\d+)/),
    failed: num(/number of failed transactions: (\d+)/),
    latencyAverageMs: num(/latency average = ([\d.]+) ms/),
    latencyStddevMs: num(/latency stddev = ([\d.]+) ms/),
    tps: num(/tps = ([\d.]+) \(without initial connection time\)/),
    abortedClients: [...`${run.stdout}\n${run.stderr}`.matchAll(/client \d+ aborted/g)].length,
    progress,
  }
}

/**
 * pgbench's per-second aggregate logs (`-l --aggregate-interval=1 --log-prefix=<dir>/pgbench`, one file
 * per thread), merged: `[{ epochS, transactions, latencyMs }]`. A line starts `interval_start
 * num_transactions sum_latency sum_latency_2 min_latency max_latency ...`, latencies in microseconds.
 */
export function readAggregateLogs(dir) {
  const seconds = new Map()
  for (const file of readdirSync(dir).filter((name) => name.startsWith('pgbench.'))) {
    for (const line of readFileSync(join(dir, file), 'utf8').split('\n')) {
      const [start, count, sumLatency] = line.trim().split(/\s+/).map(Number)
      if (!Number.isFinite(start) || !Number.isFinite(count) || !Number.isFinite(sumLatency)) continue
      const entry = seconds.get(start) ?? { epochS: start, transactions: 0, sumUs: 0 }
      entry.transactions += count
      entry.sumUs += sumLatency
      seconds.set(start, entry)
    }
  }
  return [...seconds.values()]
    .sort((a, b) => a.epochS - b.epochS)
    .map((e) => ({
      epochS: e.epochS,
      transactions: e.transactions,
      latencyMs: e.transactions ? e.sumUs / e.transactions / 1000 : undefined,
    }))
}
