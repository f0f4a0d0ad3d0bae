// The first thing an action's bundle runs. It loads nothing heavy itself (no @actions/*, no action
// logic): it turns on V8's compile cache, then imports the action and the runner, which ncc emits as
// separate chunks next to index.js, so their compiled code comes from the cache on the next run.
import { existsSync, mkdirSync } from 'node:fs'
import { enableCompileCache } from 'node:module'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'

import type { ActionDefinition, CommonInputs } from '../core/action.js'

/**
 * Where the compiled code is kept: the runner's tool cache, which outlives the job on a self-hosted
 * runner, else the job's temporary folder (a later step of the same job still gains), else the OS's.
 */
export function compileCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  const root = env.RUNNER_TOOL_CACHE || env.RUNNER_TEMP || tmpdir()
  return join(root, 'runbook-actions', 'compile-cache')
}

/**
 * Turns the compile cache on, or silently leaves it off: the cache only saves time, so no failure
 * here may fail the action. The folder is made here first, a level at a time, because Node 24's
 * recursive mkdir (which enableCompileCache uses too) spins without end where a level cannot be made
 * (a path under /proc); a folder we cannot make is skipped.
 */
export function startCompileCache(dir = compileCacheDir()): boolean {
  try {
    makeFolder(dir)
    enableCompileCache(dir)
    return true
  } catch {
    return false
  }
}

/** mkdir -p, one level at a time: a level that cannot be made throws instead of looping. */
function makeFolder(dir: string): void {
  if (existsSync(dir)) return
  const parent = dirname(dir)
  if (parent !== dir) makeFolder(parent)
  try {
    mkdirSync(dir)
  } catch (error) {
    // Another step of the job made it at the same moment.
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
  }
}

/**
 * Runs an action: the compile cache first, then the action's definition (loaded by `load`, a dynamic
 * import in the action's index.ts) and the runner, both chunks compiled after the cache is on.
 */
export async function startAction<Inputs extends CommonInputs, Data>(
  load: () => Promise<ActionDefinition<Inputs, Data>>,
): Promise<void> {
  startCompileCache()
  const [{ runActionDefinition }, definition] = await Promise.all([import('./run-action.js'), load()])
  await runActionDefinition(definition)
}
