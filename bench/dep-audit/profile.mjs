// Where the dep-audit bundle's time goes on the large report: one extra run under `node --cpu-prof`,
// the profile read back and summed per function (the ncc bundle keeps the source's function names).
// Profiling slows the run down somewhat; the shares matter, not the absolute figures.
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'

import { childEnv, runTimed } from './action-run.mjs'

/** The functions whose inclusive time is reported, in the order the action calls them. */
export const STAGES = [
  'audit',
  'parseNpmAudit',
  'dedupe',
  'applyAllowlist',
  'evaluate',
  'fingerprints',
  'publishReport',
  'redactDeep',
  'renderSummary',
  'fitSections',
  'annotate',
  'annotateLocations',
]

/**
 * Runs the bundle once under --cpu-prof and returns the wall time, the profile's total, the inclusive
 * milliseconds of each STAGES function (a sample counts once per function however deep it recurses)
 * and the functions with the most self time.
 */
export async function profileRun(script, work, defaults, inputs) {
  const dir = mkdtempSync(join(work, 'profile-'))
  const files = {
    GITHUB_OUTPUT: join(dir, 'output'),
    GITHUB_STATE: join(dir, 'state'),
    GITHUB_STEP_SUMMARY: join(dir, 'summary.md'),
  }
  for (const file of Object.values(files)) writeFileSync(file, '')
  const env = childEnv({ ...files, RUNNER_TEMP: dir })
  for (const [name, value] of Object.entries({ ...defaults, ...inputs }))
    env[`INPUT_${name.toUpperCase()}`] = String(value)
  const out = join(dir, 'cpu')
  mkdirSync(out)
  const run = await runTimed(process.execPath, ['--cpu-prof', '--cpu-prof-dir', out, script], { env })
  const name = readdirSync(out).find((f) => f.endsWith('.cpuprofile'))
  if (!name) throw new Error('node --cpu-prof wrote no profile')
  return {
    wallMs: run.wallMs,
    status: run.status,
    ...summarise(JSON.parse(readFileSync(join(out, name), 'utf8')), pathToFileURL(script).href),
  }
}

/** Sums the profile; only frames of `bundleUrl` count as STAGES (node's ESM loader has an `evaluate` too). */
function summarise(profile, bundleUrl) {
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]))
  const parent = new Map()
  for (const n of profile.nodes) for (const child of n.children ?? []) parent.set(child, n.id)
  const label = (n) => {
    const { functionName, url, lineNumber } = n.callFrame
    const file = url ? url.split('/').pop() : ''
    return `${functionName || '(anonymous)'}${file ? ` ${file}:${lineNumber + 1}` : ''}`
  }
  const inclusive = new Map()
  const self = new Map()
  let totalMs = 0
  for (let i = 0; i < profile.samples.length; i++) {
    const ms = (profile.timeDeltas[i] ?? 0) / 1000
    totalMs += ms
    const leaf = nodes.get(profile.samples[i])
    // Native code (Buffer.byteLength's C++ side, JSON.parse) has no name: name it by its JS caller.
    const caller = nodes.get(parent.get(leaf.id))
    const where =
      !leaf.callFrame.functionName && !leaf.callFrame.url && caller
        ? `(native) in ${label(caller)}`
        : label(leaf)
    self.set(where, (self.get(where) ?? 0) + ms)
    const seen = new Set()
    for (let id = profile.samples[i]; id !== undefined; id = parent.get(id)) {
      const { functionName: fn, url } = nodes.get(id).callFrame
      if (url !== bundleUrl || !STAGES.includes(fn) || seen.has(fn)) continue
      seen.add(fn)
      inclusive.set(fn, (inclusive.get(fn) ?? 0) + ms)
    }
  }
  return {
    totalMs,
    stages: STAGES.filter((fn) => inclusive.has(fn)).map((fn) => ({
      function: fn,
      inclusiveMs: inclusive.get(fn),
    })),
    topSelf: [...self]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 8)
      .map(([fn, ms]) => ({ function: fn, selfMs: ms })),
  }
}
