// The post step's cleanup of pip-audit's virtual environment: only this action's folder in the temp root.
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import { afterEach, beforeEach, describe, expect, it } from 'vitest'

import { removeLeftVenv } from '../../src/dep-audit/pip-audit-venv.js'

let runnerTemp: string
const saved = process.env.RUNNER_TEMP
beforeEach(() => {
  runnerTemp = mkdtempSync(join(tmpdir(), 'runner-temp-'))
  process.env.RUNNER_TEMP = runnerTemp
})
afterEach(() => {
  rmSync(runnerTemp, { recursive: true, force: true })
  if (saved === undefined) delete process.env.RUNNER_TEMP
  else process.env.RUNNER_TEMP = saved
})

describe('removeLeftVenv', () => {
  it("removes a venv a killed run left in RUNNER_TEMP, and nothing that is not one of this action's", () => {
    const left = mkdtempSync(join(runnerTemp, 'dep-audit-pip-audit-'))
    mkdirSync(join(left, 'bin'))
    expect(removeLeftVenv(left)).toBe(true)
    expect(existsSync(left)).toBe(false)

    const other = join(runnerTemp, 'project')
    mkdirSync(other)
    const nested = join(other, 'dep-audit-pip-audit-abc123')
    mkdirSync(nested)
    // The state is data: another name, another folder, or a path that climbs out are refused.
    for (const dir of [other, nested, join(runnerTemp, 'dep-audit-pip-audit-abc123', '..', 'project'), '/'])
      expect(removeLeftVenv(dir)).toBe(false)
    expect(existsSync(nested)).toBe(true)
  })
})
