// Outside text that reaches a step's log must never become a workflow command. A directory whose name
// holds a new line and `::warning ...` (any user of a shared runner can make one) was printed as is by
// "reading <path>" and the runner turned it into an annotation. The bundle runs on Node 24 exactly as
// the runner runs it; the hostile name is made here, as an attacker would.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import { afterEach, describe, expect, inject, it } from 'vitest'

import { RunResult, runBundle } from '../support/runner.js'

const node = inject('node24')
const cleanups: (() => void)[] = []
afterEach(() => cleanups.splice(0).forEach((cleanup) => cleanup()))

describe('outside text in the log', () => {
  it('a file path holding a workflow command is printed inside a stop-commands fence', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'workflow-commands-'))
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }))
    const hostile = 'logs\n::warning title=Injected::this came from a directory name\n::add-mask::x'
    mkdirSync(join(dir, hostile), { recursive: true })
    writeFileSync(join(dir, hostile, 'app.log'), '2026-11-20 10:00:00,000 ERROR app: boom\n')

    const result: RunResult = await runBundle('log-review', {
      node,
      inputs: { paths: '*/app.log', since: 'all' },
      env: { GITHUB_WORKSPACE: dir },
    })
    cleanups.push(result.cleanup)

    // The file was read (one error), and the name reached the log only as text.
    expect(result.outputs.errors).toBe('1')
    expect(result.annotations.filter((a) => a.title === 'Injected')).toEqual([])
    expect(result.masks).not.toContain('x')
    const fence = /^::stop-commands::([0-9a-f-]{36})$/m.exec(result.stdout)
    expect(fence).not.toBeNull()
    const fenced = result.stdout.slice(fence!.index, result.stdout.indexOf(`::${fence![1]}::`))
    expect(fenced).toContain('::warning title=Injected::this came from a directory name')
  })
})
