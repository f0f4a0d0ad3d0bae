import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'

import { ConfigurationError } from '../../src/core/errors.js'
import { runAction } from '../../src/runner/run-action.js'
import { addSecret, clearSecretsForTests } from '../../src/core/secrets.js'

let dir: string
let statePath: string
let stdout: string[]

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'run-action-'))
  statePath = join(dir, 'state')
  const outputPath = join(dir, 'output')
  writeFileSync(statePath, '')
  writeFileSync(outputPath, '')
  vi.stubEnv('GITHUB_STATE', statePath)
  vi.stubEnv('GITHUB_OUTPUT', outputPath)
  vi.stubEnv('STATE_isPost', undefined)
  vi.stubEnv('RUNNER_DEBUG', undefined)
  clearSecretsForTests()
  stdout = []
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stdout.push(String(chunk))
    return true
  })
})

afterEach(() => {
  vi.restoreAllMocks()
  vi.unstubAllEnvs()
  process.exitCode = undefined
  rmSync(dir, { recursive: true, force: true })
})

const lines = () => stdout.join('').split(/\r?\n/)
/** The log as a reader sees it: the runner hides its own `::add-mask::` commands. */
const shown = () => stdout.join('').replace(/^::add-mask::.*$/gm, '')
const errorLines = () => lines().filter((line) => line.startsWith('::error::'))

describe('runAction', () => {
  it('runs main, leaves the exit code alone and tells the post step it is the post step', async () => {
    const main = vi.fn(async () => {})
    const post = vi.fn(async () => {})
    await runAction('health-gate', { main, post })
    expect(main).toHaveBeenCalledTimes(1)
    expect(post).not.toHaveBeenCalled()
    expect(process.exitCode).toBeUndefined()
    expect(errorLines()).toEqual([])
    const state = readFileSync(statePath, 'utf8')
    expect(state).toMatch(/^isPost<<(.+)\ntrue\n\1\n$/)
  })

  it('runs post instead of main when STATE_isPost is true', async () => {
    vi.stubEnv('STATE_isPost', 'true')
    const main = vi.fn(async () => {})
    const post = vi.fn(async () => {})
    await runAction('health-gate', { main, post })
    expect(post).toHaveBeenCalledTimes(1)
    expect(main).not.toHaveBeenCalled()
    expect(process.exitCode).toBeUndefined()
  })

  it('does nothing in the post step when the action has no post function', async () => {
    vi.stubEnv('STATE_isPost', 'true')
    const main = vi.fn(async () => {})
    await runAction('health-gate', { main })
    expect(main).not.toHaveBeenCalled()
    expect(process.exitCode).toBeUndefined()
  })

  it('reports a ConfigurationError as one line naming the action, without a stack', async () => {
    await runAction('health-gate', {
      main: async () => {
        throw new ConfigurationError("input 'samples' is '0': use a value from 1 to 10000")
      },
    })
    expect(process.exitCode).toBe(1)
    expect(errorLines()).toEqual([
      "::error::health-gate: input 'samples' is '0': use a value from 1 to 10000",
    ])
    expect(stdout.join('')).not.toMatch(/\n\s+at /)
    expect(stdout.join('')).not.toContain('unexpected error')
  })

  it('keeps only the first line of a multi-line message', async () => {
    await runAction('health-gate', {
      main: async () => {
        throw new ConfigurationError('first line\nsecond line')
      },
    })
    expect(errorLines()).toEqual(['::error::health-gate: first line'])
    expect(stdout.join('')).not.toContain('second line')
  })

  it('reports any other error as unexpected, without a stack when debug logging is off', async () => {
    await runAction('health-gate', {
      main: async () => {
        throw new TypeError('cannot read properties of undefined')
      },
    })
    expect(process.exitCode).toBe(1)
    expect(errorLines()).toEqual([
      '::error::health-gate: unexpected error: cannot read properties of undefined',
    ])
    expect(stdout.join('')).not.toMatch(/\n\s+at /)
  })

  it('prints the stack of an unexpected error when RUNNER_DEBUG=1', async () => {
    vi.stubEnv('RUNNER_DEBUG', '1')
    await runAction('health-gate', {
      main: async () => {
        throw new Error('a bug')
      },
    })
    expect(process.exitCode).toBe(1)
    expect(errorLines()).toEqual(['::error::health-gate: unexpected error: a bug'])
    const output = stdout.join('')
    expect(output).toContain('Error: a bug')
    expect(output).toMatch(/\n\s+at .*run-action\.test\.ts/)
  })

  it('does not print the stack of a ConfigurationError even when RUNNER_DEBUG=1', async () => {
    vi.stubEnv('RUNNER_DEBUG', '1')
    await runAction('health-gate', {
      main: async () => {
        throw new ConfigurationError('bad input')
      },
    })
    expect(errorLines()).toEqual(['::error::health-gate: bad input'])
    expect(stdout.join('')).not.toMatch(/\n\s+at /)
  })

  it('reports thrown non-Error values by their content', async () => {
    await runAction('health-gate', {
      main: async () => {
        throw 'a plain string'
      },
    })
    expect(errorLines()).toEqual(['::error::health-gate: unexpected error: a plain string'])
    stdout.length = 0
    process.exitCode = undefined
    await runAction('health-gate', {
      main: () => Promise.reject({ code: 42 }),
    })
    expect(errorLines()).toEqual(['::error::health-gate: unexpected error: {"code":42}'])
    expect(process.exitCode).toBe(1)
  })

  it('names the cleanup step when post fails', async () => {
    vi.stubEnv('STATE_isPost', 'true')
    await runAction('db-maintain', {
      main: async () => {},
      post: async () => {
        throw new ConfigurationError('could not drop the scratch schema')
      },
    })
    expect(process.exitCode).toBe(1)
    expect(errorLines()).toEqual(['::error::db-maintain (cleanup): could not drop the scratch schema'])
  })

  it('redacts secrets from the failure message', async () => {
    addSecret('hunter2-password')
    stdout.length = 0
    await runAction('backup-verify', {
      main: async () => {
        throw new ConfigurationError('password authentication failed for hunter2-password')
      },
    })
    expect(errorLines()).toEqual(['::error::backup-verify: password authentication failed for ***'])
    expect(shown()).not.toContain('hunter2-password')
  })

  it('redacts secrets from the stack printed in debug mode', async () => {
    vi.stubEnv('RUNNER_DEBUG', '1')
    addSecret('hunter2-password')
    stdout.length = 0
    await runAction('backup-verify', {
      main: async () => {
        throw new Error('login with hunter2-password failed')
      },
    })
    expect(errorLines()).toEqual(['::error::backup-verify: unexpected error: login with *** failed'])
    expect(stdout.join('')).toContain('Error: login with *** failed')
    expect(shown()).not.toContain('hunter2-password')
  })

  it('asks the runner to mask every secret the action registers', async () => {
    await runAction('health-gate', {
      main: async () => addSecret('s3cr3t-from-an-input'),
    })
    expect(lines()).toContain('::add-mask::s3cr3t-from-an-input')
  })
})
