// The runbook action's bundle (the repository's root action.yml) on Node 24, run as the GitHub runner runs
// it, over a runbook file in a temp folder: checks against loopback servers and a log file, the outputs,
// the combined summary, the failed list, the exit code, and no secret anywhere a user could see.
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import { afterEach, describe, expect, inject, it } from 'vitest'

import { ROOT, RunResult, runBundle, visibleText } from '../support/runner.js'
import { LoopbackServer, json, startServer } from '../support/servers.js'

const node = inject('node24')
const runs: RunResult[] = []
const dirs: string[] = []
const servers: LoopbackServer[] = []
afterEach(async () => {
  runs.splice(0).forEach((r) => r.cleanup())
  dirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true }))
  await Promise.all(servers.splice(0).map((s) => s.close()))
})

async function serve(...args: Parameters<typeof startServer>) {
  const server = await startServer(...args)
  servers.push(server)
  return server
}

/** A folder holding a log file and the runbook file `lines(folder)` writes; the bundle's workspace is its own. */
function folder(lines: (dir: string) => string[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'runbook-e2e-'))
  dirs.push(dir)
  writeFileSync(
    join(dir, 'app.log'),
    ['2026-12-01 10:00:01 ERROR db connection lost id=1', '2026-12-01 10:00:02 INFO ok'].join('\n') + '\n',
  )
  writeFileSync(join(dir, 'runbook.yml'), lines(dir).join('\n') + '\n')
  return dir
}

async function run(inputs: Record<string, string>, env: Record<string, string> = {}) {
  const result = await runBundle('runbook', { node, inputs, env, timeoutMs: 60_000 })
  runs.push(result)
  return result
}

/** A `schedule` event whose payload names the cron that fired, as GitHub writes GITHUB_EVENT_PATH. */
function scheduleEvent(dir: string, cron: string): Record<string, string> {
  const path = join(dir, 'event.json')
  writeFileSync(path, JSON.stringify({ schedule: cron }))
  return { GITHUB_EVENT_NAME: 'schedule', GITHUB_EVENT_PATH: path }
}

interface CombinedReport {
  action: string
  status: string
  title: string
  data: {
    schedule: string
    checks: { id: string; status: string; keyFigure: string; report: { action: string } }[]
  }
}

const PASSWORD = 'runbook-e2e-password-7c1f'
const TOKEN = 'ghs_runbookE2eTokenNeverShown0123456789'

describe('runbook bundle on Node 24', () => {
  it('runs the schedule the cron chose; a failing check fails the step with one line and the failed list', async () => {
    const good = await serve(json(200, { status: 'healthy', uptime: 3600, checks: { database: 'ok' } }))
    const bad = await serve(json(503, { status: 'unhealthy' }))
    const goodUrl = `http://monitor:${PASSWORD}@127.0.0.1:${good.port}/health`
    const dir = folder((dir) => [
      'defaults:',
      '  url: ${{ env.HEALTH_URL }}',
      '  retries: 0',
      'schedules:',
      '  daily:',
      "    cron: '17 6 * * *'",
      '    checks:',
      '      - health-gate: { samples: 2 }',
      `      - log-review: { paths: '${join(dir, 'app.log')}', since: all }`,
      `      - health-gate: { url: '${bad.url}/health' }`,
      '  weekly:',
      "    cron: '23 7 * * 1'",
      '    checks:',
      `      - health-gate: { url: '${bad.url}/weekly' }`,
    ])
    const result = await run(
      { runbook: join(dir, 'runbook.yml'), token: TOKEN },
      { HEALTH_URL: goodUrl, ...scheduleEvent(dir, '17 6 * * *') },
    )

    expect(result.exitCode).toBe(1)
    expect(result.outputs.status).toBe('fail')
    expect(result.outputs.failed).toBe('health-gate#2')
    const errors = result.annotations.filter((a) => a.kind === 'error').map((a) => a.message)
    expect(errors).toContain('runbook daily: 1 of 3 checks failed: health-gate#2')
    // The cron picked the daily checks only: the weekly URL was never asked.
    expect(bad.requests.map((r) => r.url)).not.toContain('/weekly')

    const report = JSON.parse(readFileSync(result.outputs.report, 'utf8')) as CombinedReport
    expect(report.action).toBe('runbook')
    // A warning is not a pass: the log's one error makes log-review warn.
    expect(report.title).toBe('Runbook daily: 1 of 3 checks passed')
    expect(report.data.checks.map((c) => [c.id, c.status, c.report.action])).toEqual([
      ['health-gate', 'pass', 'health-gate'],
      ['log-review', 'warn', 'log-review'],
      ['health-gate#2', 'fail', 'health-gate'],
    ])
    expect(report.data.checks[1].keyFigure).toBe('1 error group, 1 error line')

    // One combined summary: the overview, then each check's section under it.
    expect(result.summary).toMatch(/^## ❌ Runbook daily: 1 of 3 checks passed/)
    expect(result.summary).toContain(
      '<td>log-review</td><td>⚠️ warn</td><td>1 error group, 1 error line</td>',
    )
    expect(result.summary.match(/^### [✅❌⚠️]/gmu)?.length).toBeGreaterThanOrEqual(3)
    // Each check's log lines carry its id, in a log group per check.
    expect(result.stdout).toContain('::group::log-review')
    expect(result.stdout).toMatch(/^\[3\/3\] health-gate#2 ❌ fail/m)

    const visible = visibleText(result)
    expect(visible).not.toContain(PASSWORD)
    expect(visible).not.toContain(TOKEN)
    expect(result.masks).toContain(PASSWORD)
  })

  it('passes with an empty failed list when every check passes; the schedule input picks the set', async () => {
    const good = await serve(json(200, { status: 'healthy', checks: { database: 'ok' } }))
    const dir = folder(() => [
      'schedules:',
      '  weekly:',
      '    checks:',
      `      - health-gate: { url: '${good.url}/health', samples: 1, retries: 0 }`,
      '  daily:',
      '    checks:',
      "      - health-gate: { url: 'http://127.0.0.1:9/never' }",
    ])
    const result = await run({ runbook: join(dir, 'runbook.yml'), schedule: 'weekly' })
    expect(result.exitCode).toBe(0)
    expect(result.outputs.status).toBe('pass')
    expect(result.outputs.failed).toBe('')
    expect(result.summary).toMatch(/^## ✅ Runbook weekly: 1 of 1 checks passed/)
  })

  it('a missing runbook file fails the step before any check, with one line naming the input', async () => {
    const result = await run({ runbook: 'no/such/runbook.yml' })
    expect(result.exitCode).toBe(1)
    const errors = result.annotations.filter((a) => a.kind === 'error').map((a) => a.message)
    expect(errors).toHaveLength(1)
    expect(errors[0]).toMatch(/^runbook: input 'runbook' is 'no\/such\/runbook.yml'/)
  })
})

describe('runbook-actions runbook (the CLI bundle)', () => {
  it('prints a progress line per check on stderr, the combined report on stdout, and exits 1 on a failure', () => {
    const dir = folder((dir) => [
      'schedules:',
      '  daily:',
      '    checks:',
      `      - log-review: { paths: '${join(dir, 'app.log')}', since: all }`,
      "      - health-gate: { url: 'http://127.0.0.1:9/health', retries: 0 }",
    ])
    const cli = spawnSync(
      node,
      [
        join(ROOT, 'dist/cli/index.js'),
        'runbook',
        '--runbook',
        'runbook.yml',
        '--summary',
        'summary.md',
        '--report-path',
        'report.json',
      ],
      { cwd: dir, encoding: 'utf8', env: { PATH: process.env.PATH ?? '', HOME: dir }, timeout: 60_000 },
    )
    expect(cli.status).toBe(1)
    expect(cli.stderr).toMatch(/^\[1\/2\] log-review ⚠️ warn \S+ {2}1 error group, 1 error line$/m)
    expect(cli.stderr).toMatch(/^\[2\/2\] health-gate ❌ fail \S+ {2}connection refused$/m)
    expect(cli.stdout).toMatch(/^❌ Runbook daily: 0 of 2 checks passed/)
    expect(readFileSync(join(dir, 'summary.md'), 'utf8')).toMatch(
      /^## ❌ Runbook daily: 0 of 2 checks passed/,
    )
    const report = JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')) as CombinedReport
    expect(report.data.checks.map((c) => c.id)).toEqual(['log-review', 'health-gate'])
  })
})
