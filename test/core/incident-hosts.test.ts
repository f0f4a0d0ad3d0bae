// What each action's incident is about, and the CLI keeping the issue as the runner does (the runner's
// side is test/e2e/incident.test.ts): after run, before the report is shown, and never changing it.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'

import { backupVerifyAction } from '../../src/backup-verify/action.js'
import { helpText } from '../../src/cli/help.js'
import { runInProcess } from '../../src/cli/run-in-process.js'
import { InputReader, objectInputGetter } from '../../src/core/inputs.js'
import { recordingLogger } from '../../src/core/logger.js'
import { redact } from '../../src/core/secrets.js'
import { dbMaintainAction } from '../../src/db-maintain/action.js'
import { healthGateAction } from '../../src/health-gate/action.js'
import { freshSecrets } from '../support/assertions.js'
import { GitHubApi, startGitHubApi } from '../support/github-api.js'
import { LoopbackServer, json, startServer } from '../support/servers.js'

const readContext = { now: new Date(), workspace: process.cwd() }
const reader = (values: Record<string, string>) => new InputReader(objectInputGetter(values))

beforeEach(freshSecrets)

describe("each action's incident subject", () => {
  it('health-gate: its URLs, passwords masked', () => {
    const inputs = healthGateAction.readInputs(
      reader({ url: 'https://ops:hunter22@a.example/health, https://b.example/health' }),
      readContext,
    )
    const subject = healthGateAction.incident!(inputs)
    expect(subject.name).toBe('https://ops:***@a.example/health and 1 more')
    expect(subject.key).not.toContain('hunter22')
  })

  it('db-maintain: host, port and database, never the password', () => {
    const inputs = dbMaintainAction.readInputs(
      reader({ 'database-url': 'postgres://maint:pa55word@db.example.com:6543/app' }),
      readContext,
    )
    expect(dbMaintainAction.incident!(inputs)).toEqual({
      key: 'db.example.com:6543/app',
      name: 'app on db.example.com:6543',
    })
  })

  it('backup-verify: the folder as the workflow names it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'incident-backups-'))
    try {
      const inputs = backupVerifyAction.readInputs(reader({ 'backup-dir': dir }), readContext)
      expect(backupVerifyAction.incident!(inputs)).toEqual({ key: dir, name: dir })
    } finally {
      rmSync(dir, { recursive: true })
    }
  })
})

describe('the CLI with --incident-issue', () => {
  let api: GitHubApi
  let service: LoopbackServer
  beforeEach(async () => {
    api = await startGitHubApi()
    service = await startServer(json(503, { status: 'down' }))
  })
  afterEach(async () => {
    vi.unstubAllEnvs()
    expect(api.violations).toEqual([])
    await Promise.all([api.close(), service.close()])
  })

  const flags = (token: string) => ({
    url: `${service.url}/health`,
    retries: '0',
    samples: '1',
    'incident-issue': 'true',
    token,
  })

  it('opens the issue after the run and returns the report unchanged', async () => {
    vi.stubEnv('GITHUB_API_URL', api.url)
    vi.stubEnv('GITHUB_REPOSITORY', api.repository)
    vi.stubEnv('GITHUB_RUN_ID', '')
    const logger = recordingLogger()
    const report = await runInProcess(healthGateAction, flags(api.token), logger)
    expect(report.status).toBe('fail')
    expect(api.state.issues.map((issue) => issue.title)).toEqual([
      `health-gate: ${service.url}/health is failing`,
    ])
    expect(api.state.issues[0].body).toContain('Run: a run outside GitHub Actions')
    expect(redact(api.token)).toBe('***')
  })

  it("--help offers the incident flags, and no runner's default for --token", () => {
    const help = helpText('health-gate')
    expect(help).toContain('--incident-issue (default: false)')
    expect(help).toMatch(/ {2}--token\n/)
    expect(help).not.toContain('${{')
  })

  it('without a repository to write to: a warning, and the report stands', async () => {
    vi.stubEnv('GITHUB_API_URL', api.url)
    vi.stubEnv('GITHUB_REPOSITORY', '')
    const logger = recordingLogger()
    const report = await runInProcess(healthGateAction, flags(api.token), logger)
    expect(report.status).toBe('fail')
    expect(api.requests).toEqual([])
    expect(logger.messages).toContain(
      "warning: incident-issue: no repository is known (GITHUB_REPOSITORY), so no incident issue is kept; the check's own result stands",
    )
  })
})
