// `runbook-actions`, the package's bin, as a user runs it: the bundle (dist/cli/index.js) on Node 24,
// from a terminal with no GitHub runner variables, against a real server on 127.0.0.1.
import { execFile } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'

import { afterEach, describe, expect, inject, it } from 'vitest'

import { ROOT } from '../support/runner.js'
import { LoopbackServer, json, startServer } from '../support/servers.js'

const node = inject('node24')
const { bin } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  bin: Record<string, string>
}
const cli = join(ROOT, bin['runbook-actions'])

let server: LoopbackServer | undefined
afterEach(async () => {
  await server?.close()
  server = undefined
})

/** Runs the bin with only PATH and HOME set, as a shell outside GitHub would; never rejects. */
function runCli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const env = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '' }
    execFile(node, [cli, ...args], { cwd: ROOT, env, timeout: 60_000 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0
      resolve({ code, stdout, stderr })
    })
  })
}

describe('the runbook-actions bin', () => {
  it('is the CLI bundle, runnable as a command (a node shebang)', () => {
    expect(bin['runbook-actions']).toBe('dist/cli/index.js')
    expect(readFileSync(cli, 'utf8').split('\n')[0]).toBe('#!/usr/bin/env node')
  })

  it('--help lists the checks; <check> --help lists its flags from action.yml', async () => {
    const top = await runCli(['--help'])
    expect(top.code).toBe(0)
    expect(top.stderr).toMatch(
      /^usage: runbook-actions <health-gate\|db-maintain\|backup-verify\|dep-audit\|log-review\|change-gate>/,
    )
    const check = await runCli(['health-gate', '--help'])
    expect(check.code).toBe(0)
    expect(check.stdout).toMatch(/^usage: runbook-actions health-gate --input=value/)
    expect(check.stdout).toContain('--url (required)')
  })

  it('runs a check: the report as text, no workflow commands, no password; exit 1 when it fails', async () => {
    server = await startServer(json(200, { status: 'down' }))
    const url = server.url.replace('http://', 'http://ops:hunter2pw@')
    const { code, stdout, stderr } = await runCli(['health-gate', `--url=${url}`, '--samples', '1'])
    expect(code).toBe(1)
    expect(stdout).toMatch(/^❌ health-gate/)
    expect(stdout).toContain('status down at .status')
    expect(stdout + stderr).not.toContain('::')
    expect(stdout + stderr).not.toContain('hunter2pw')
  })

  it('exits 2 and runs nothing for a mistyped flag', async () => {
    server = await startServer(json(200, { status: 'healthy' }))
    const { code, stdout, stderr } = await runCli(['health-gate', `--url=${server.url}`, '--sampels=1'])
    expect(code).toBe(2)
    expect(stderr).toBe(
      'health-gate: unknown flag --sampels: did you mean --samples? (see: runbook-actions health-gate --help)\n',
    )
    expect(stdout).toBe('')
    expect(server.requests).toEqual([])
  })
})
