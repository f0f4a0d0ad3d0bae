import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import { afterEach, describe, expect, it } from 'vitest'

import { compileCacheDir, startCompileCache } from '../../src/runner/start.js'

const dirs: string[] = []
afterEach(() => dirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })))

describe('the compile cache an action starts with', () => {
  it('lives in the tool cache, which outlives the job on a self-hosted runner, else in RUNNER_TEMP', () => {
    expect(compileCacheDir({ RUNNER_TOOL_CACHE: '/opt/tools', RUNNER_TEMP: '/runner/tmp' })).toBe(
      join('/opt/tools', 'runbook-actions', 'compile-cache'),
    )
    expect(compileCacheDir({ RUNNER_TOOL_CACHE: '', RUNNER_TEMP: '/runner/tmp' })).toBe(
      join('/runner/tmp', 'runbook-actions', 'compile-cache'),
    )
    expect(compileCacheDir({})).toBe(join(tmpdir(), 'runbook-actions', 'compile-cache'))
  })

  it('is skipped, without throwing, where its folder cannot be made', () => {
    const dir = mkdtempSync(join(tmpdir(), 'compile-cache-'))
    dirs.push(dir)
    const file = join(dir, 'a-file')
    writeFileSync(file, '')
    // A folder under a regular file can never be made; the action must run on regardless.
    expect(startCompileCache(join(file, 'compile-cache'))).toBe(false)
    // Where Node 24's recursive mkdir would spin for ever (ENOENT on every try under /proc).
    expect(startCompileCache('/proc/self/no-such-folder/compile-cache')).toBe(false)
  })
})
