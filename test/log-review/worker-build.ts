/**
 * The log-review worker built from the sources for tests: a worker thread loads a script of its own,
 * which in the actions is the bundled dist/<name>/log-review-worker.js. rolldown (vitest's bundler)
 * builds src/log-review/worker.ts into one ES module in a temp folder in a fraction of a second.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'

import { build } from 'rolldown'

/** Builds the worker; `remove` deletes it again. */
export async function buildWorker(): Promise<{ url: URL; remove: () => void }> {
  const dir = mkdtempSync(join(tmpdir(), 'log-review-worker-'))
  const file = join(dir, 'worker.mjs')
  await build({
    input: 'src/log-review/worker.ts',
    platform: 'node',
    logLevel: 'silent',
    output: { file, format: 'esm' },
  })
  return { url: pathToFileURL(file), remove: () => rmSync(dir, { recursive: true, force: true }) }
}
