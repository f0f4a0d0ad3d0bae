// `npm run demo`, the README's first command: the stand-in backend and health-gate through the CLI bundle,
// on Node 24, with the login smoke flow of the health-gate README. It must stay true on a fresh machine.
import { execFile } from 'node:child_process'

import { describe, expect, inject, it } from 'vitest'

import { ROOT } from '../support/runner.js'

const node = inject('node24')

describe('npm run demo', () => {
  it('passes the daily health check and the whole login smoke flow, and shows no password', async () => {
    const { code, stdout } = await new Promise<{ code: number; stdout: string }>((resolve) => {
      const env = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '' }
      execFile(node, ['scripts/demo.mjs'], { cwd: ROOT, env, timeout: 120_000 }, (error, stdout) => {
        resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout })
      })
    })
    expect(code).toBe(0)
    expect(stdout).toMatch(/✅ health-gate/)
    expect(stdout).toMatch(/smoke-passed\s+7 steps/)
    expect(stdout).toMatch(/authz-failures\s+0 steps/)
    expect(stdout).toMatch(/the old token after logout\s+authz\s+passed\s+401/)
    // The made-up password goes to the CLI in SMOKE_PASSWORD only; the command line shows an ellipsis.
    expect(stdout).toContain('SMOKE_PASSWORD=… node dist/cli/index.js')
    expect(stdout).not.toContain('::')
  })
})
