// `npm run demo`, the README's first command: the demo target and the daily, weekly and monthly runbooks
// through the CLI bundle, on Node 24. It must stay true on a fresh machine: it finishes with exit 0
// although one check fails on purpose, writes reports/demo.html, and leaves nothing running, on Ctrl-C too.
import { ChildProcess, execFileSync, spawn } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { connect } from 'node:net'
import { join } from 'node:path'

import { describe, expect, inject, it } from 'vitest'

import { ROOT } from '../support/runner.js'

const node = inject('node24')

interface DemoRun {
  child: ChildProcess
  /** Everything printed so far. */
  output: () => string
  finished: Promise<number | null>
}

function startDemo(extraEnv: Record<string, string> = {}): DemoRun {
  const env = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...extraEnv }
  const child = spawn(node, ['scripts/demo.mjs'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] })
  let text = ''
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (text += chunk))
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (text += chunk))
  const finished = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)))
  return { child, output: () => text, finished }
}

function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port })
    socket.once('connect', () => {
      socket.destroy()
      resolve(true)
    })
    socket.once('error', () => resolve(false))
  })
}

/**
 * Nothing of this run is left: its target's folder (server files, PostgreSQL's data, backups, logs) is
 * gone, no process runs from it, and nothing listens on the backend's port. Found by what the demo printed,
 * so another test's demo target running beside it does not count.
 */
async function expectNothingLeft(output: string) {
  const port = Number(/backend\s+http:\/\/127\.0\.0\.1:(\d+)/.exec(output)?.[1])
  const dir = /logs\s+(\S+)\/logs\/app\.log/.exec(output)?.[1]
  expect(port).toBeGreaterThan(0)
  expect(dir).toBeDefined()
  expect(existsSync(dir!)).toBe(false)
  const processes = execFileSync('ps', ['-eo', 'args'], { encoding: 'utf8' }).split('\n')
  expect(processes.filter((line) => line.includes(dir!))).toEqual([])
  expect(await listening(port)).toBe(false)
}

describe('npm run demo', () => {
  it('runs the three schedules, fails one check on purpose, writes the page and leaves nothing running', async () => {
    const demo = startDemo()
    const code = await demo.finished
    const output = demo.output()
    expect(output).toContain('━━ daily')
    expect(output).toContain('━━ weekly')
    expect(output).toContain('━━ monthly')
    expect(output).toMatch(/daily health-gate failed ON PURPOSE/)
    expect(output).not.toMatch(/unexpected:/)
    expect(code).toBe(0)
    // The made-up password goes to the CLI in SMOKE_PASSWORD only, and no workflow command is printed.
    expect(output).not.toContain('::')

    expect(output).toContain(join(ROOT, 'reports', 'demo.html'))
    const page = readFileSync(join(ROOT, 'reports', 'demo.html'), 'utf8')
    expect(page).toContain('daily runbook')
    expect(page).toContain('weekly runbook')
    expect(page).toContain('monthly runbook')
    // The failing smoke step, as the summary shows it.
    expect(page).toContain('admin page as an ordinary user')
    expect(page).toMatch(/<table>/)
    expect(page).toMatch(/<script src="\.\.\/node_modules\/mermaid\/dist\/mermaid\.min\.js">/)
    expect(existsSync(join(ROOT, 'node_modules/mermaid/dist/mermaid.min.js'))).toBe(true)
    expect(page).not.toMatch(/<script src="https?:/)

    await expectNothingLeft(output)
  }, 120_000)

  it('without PostgreSQL still runs the checks that need none', async () => {
    // DEMO_POSTGRES=off runs it as where PostgreSQL is not installed.
    const demo = startDemo({ DEMO_POSTGRES: 'off' })
    const code = await demo.finished
    const output = demo.output()
    expect(output).toContain('backup-verify and db-maintain are left out of every schedule')
    expect(output).toMatch(/\[1\/2\] health-gate ❌ fail/)
    expect(output).toMatch(/log-review/)
    expect(output).not.toMatch(/\] (backup-verify|db-maintain) /)
    expect(output).toContain('━━ monthly ━━ skipped: every check of it needs PostgreSQL')
    expect(output).toMatch(/daily health-gate failed ON PURPOSE/)
    expect(code).toBe(0)
    const page = readFileSync(join(ROOT, 'reports', 'demo.html'), 'utf8')
    expect(page).toContain('sudo apt-get install postgresql')
    await expectNothingLeft(output)
  }, 120_000)

  async function interruptOnceItPrints(text: string) {
    const demo = startDemo()
    while (!demo.output().includes(text) && demo.child.exitCode === null)
      await new Promise((resolve) => setTimeout(resolve, 50))
    demo.child.kill('SIGINT')
    const code = await demo.finished
    expect(demo.output()).toContain('Ctrl-C: stopping the demo and cleaning up')
    expect(code).toBe(130)
    expect(demo.output()).not.toContain('reports/demo.html')
    return demo.output()
  }

  it('cleans up everything on Ctrl-C in the middle of a run', async () => {
    // Once a schedule runs, the server and PostgreSQL are up.
    await expectNothingLeft(await interruptOnceItPrints('━━ daily'))
  }, 120_000)

  it('cleans up everything on Ctrl-C while the target is starting', async () => {
    const output = await interruptOnceItPrints('Starting the stand-in')
    // The target finishes starting, then stops; no schedule runs.
    expect(output).not.toContain('━━ daily')
    await expectNothingLeft(output)
  }, 120_000)
})
