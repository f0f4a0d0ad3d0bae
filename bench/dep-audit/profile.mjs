// Where the dep-audit bundle's time goes on the large report: one extra run under `node --cpu-prof`, the
// profile read back and summed per function by ../profile.mjs (the ncc bundle keeps the source's function
// names), the action's stages (STAGES) by inclusive time. Profiling slows the run down somewhat; the
// shares matter, not the absolute figures.
import { dirname } from 'node:path'
import { pathToFileURL } from 'node:url'

import { runnerEnv } from '../lib.mjs'
import { cpuProfileRun, summariseCpuProfile, topEntries } from '../profile.mjs'

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
  'writeReportJson',
  'renderSummary',
  'fitSections',
  'annotate',
  'annotateLocations',
]

/**
 * Runs the bundle once under --cpu-prof and returns the wall time, the profile's total, the inclusive
 * milliseconds of each STAGES function (a sample counts once per function however deep it recurses;
 * only frames of the bundle count, as node's ESM loader has an `evaluate` too) and the functions with
 * the most self time.
 */
export async function profileRun(script, work, defaults, inputs) {
  const { dir, env } = runnerEnv(work, { ...defaults, ...inputs }, { prefix: 'profile-' })
  const { wallMs, status, profile } = await cpuProfileRun(process.execPath, script, { dir, env })
  // The bundle is index.js and the chunks beside it (`<id>.index.js`): any file of its folder counts.
  const bundleDir = pathToFileURL(dirname(script)).href + '/'
  const { totalMs, self, inclusive } = summariseCpuProfile(profile, ({ functionName, url }) =>
    url.startsWith(bundleDir) && STAGES.includes(functionName) ? functionName : undefined,
  )
  return {
    wallMs,
    status,
    totalMs,
    stages: STAGES.filter((fn) => inclusive.has(fn)).map((fn) => ({
      function: fn,
      inclusiveMs: inclusive.get(fn),
    })),
    topSelf: topEntries(self, 8).map(([fn, ms]) => ({ function: fn, selfMs: ms })),
  }
}
