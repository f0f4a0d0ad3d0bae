// Where a bundle's time goes: one run under `node --cpu-prof`, the profile read back and summed per
// function (an ncc bundle keeps the source's function names). Profiling slows the run down somewhat; the
// shares matter, not the absolute figures.
import { mkdirSync, readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'

import { runTimed } from './lib.mjs'

/**
 * Runs `<node> --cpu-prof <script>` once (the profile in `<dir>/cpu`; `env`, `cwd` and `timeoutMs` as
 * for runTimed) and resolves with its wall time, exit status and the parsed .cpuprofile.
 */
export async function cpuProfileRun(node, script, { dir, env, cwd, timeoutMs }) {
  const out = join(dir, 'cpu')
  mkdirSync(out)
  const run = await runTimed(node, ['--cpu-prof', '--cpu-prof-dir', out, script], { env, cwd, timeoutMs })
  const name = readdirSync(out).find((f) => f.endsWith('.cpuprofile'))
  if (!name) throw new Error(`node --cpu-prof wrote no profile (exit ${run.status ?? run.signal})`)
  return {
    wallMs: run.wallMs,
    status: run.status,
    profile: JSON.parse(readFileSync(join(out, name), 'utf8')),
  }
}

/** A frame as `name file:line` (1-based), `(anonymous)` for a function without a name. */
export function frameLabel({ functionName, url, lineNumber }) {
  const file = url ? url.split('/').pop() : ''
  return `${functionName || '(anonymous)'}${file ? ` ${file}:${lineNumber + 1}` : ''}`
}

/**
 * Sums a --cpu-prof profile: `totalMs`, the milliseconds sampled; `self`, a Map of frameLabel() to self
 * time (native code, which has neither name nor URL, counts as `(native) in <its JS caller>`); and
 * `inclusive`, a Map of `inclusiveKey(callFrame)` to the time of the samples with that key anywhere on
 * their stack, each sample counted once per key however deep it recurses (frames whose key is undefined
 * are not counted).
 */
export function summariseCpuProfile(profile, inclusiveKey) {
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]))
  const parent = new Map()
  for (const n of profile.nodes) for (const child of n.children ?? []) parent.set(child, n.id)
  const self = new Map()
  const inclusive = new Map()
  let totalMs = 0
  for (let i = 0; i < profile.samples.length; i++) {
    const ms = (profile.timeDeltas[i] ?? 0) / 1000
    totalMs += ms
    const leaf = nodes.get(profile.samples[i])
    // Native code (a regular expression, a string builtin, JSON.parse) has no name: name it by its caller.
    const caller = nodes.get(parent.get(leaf.id))
    const where =
      !leaf.callFrame.functionName && !leaf.callFrame.url && caller
        ? `(native) in ${frameLabel(caller.callFrame)}`
        : frameLabel(leaf.callFrame)
    self.set(where, (self.get(where) ?? 0) + ms)
    const seen = new Set()
    for (let id = profile.samples[i]; id !== undefined; id = parent.get(id)) {
      const key = inclusiveKey(nodes.get(id).callFrame)
      if (key === undefined || seen.has(key)) continue
      seen.add(key)
      inclusive.set(key, (inclusive.get(key) ?? 0) + ms)
    }
  }
  return { totalMs, self, inclusive }
}

/** The `top` entries of a Map of milliseconds, largest first: `[[key, ms], ...]`. */
export function topEntries(map, top) {
  return [...map].sort((a, b) => b[1] - a[1]).slice(0, top)
}
