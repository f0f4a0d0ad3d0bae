// The health-gate bundle on Node 24, run as the runner runs it, keeping its incident issue on a loopback
// GitHub API (GITHUB_API_URL, every request checked against GitHub's OpenAPI description) and telling a
// loopback webhook when the status changes.
import { afterEach, beforeEach, describe, expect, inject, it } from 'vitest'

import { GitHubApi, startGitHubApi } from '../support/github-api.js'
import { RunResult, runBundle } from '../support/runner.js'
import { LoopbackServer, json, startServer, startWebhook } from '../support/servers.js'

const node = inject('node24')
const runs: RunResult[] = []
let api: GitHubApi
let webhook: LoopbackServer & { messages: string[] }
let messages: string[]
let service: { healthy: boolean }
let health: LoopbackServer

beforeEach(async () => {
  api = await startGitHubApi()
  webhook = await startWebhook(200)
  messages = webhook.messages
  service = { healthy: false }
  health = await startServer((request, response) =>
    service.healthy
      ? json(200, { status: 'healthy' })(request, response, 0)
      : json(503, { status: 'unhealthy', reason: 'ping @octocat' })(request, response, 0),
  )
})
afterEach(async () => {
  runs.splice(0).forEach((run) => run.cleanup())
  await Promise.all([api.close(), webhook.close(), health.close()])
})

async function run(token: string) {
  const webhookUrl = `${webhook.url}/services/T000/B000/WEBHOOKSECRET`
  const result = await runBundle('health-gate', {
    node,
    inputs: {
      url: `${health.url}/health`,
      retries: '0',
      samples: '1',
      'incident-issue': 'true',
      token,
      'notify-webhook': webhookUrl,
    },
    env: {
      GITHUB_API_URL: api.url,
      GITHUB_REPOSITORY: api.repository,
      GITHUB_SERVER_URL: 'https://github.com',
      GITHUB_RUN_ID: '1234',
    },
  })
  runs.push(result)
  // The webhook URL and the token are secrets: masked, and never printed in the clear.
  expect(result.masks).toEqual(expect.arrayContaining([webhookUrl, token]))
  const printed = result.stdout.split('\n').filter((line) => !line.startsWith('::add-mask::'))
  expect(printed.join('\n')).not.toContain('WEBHOOKSECRET')
  expect(printed.join('\n')).not.toContain(token)
  return result
}

describe('health-gate with incident-issue on Node 24', () => {
  it('opens the issue on failure, leaves it on the same failure, closes it on recovery; the webhook hears twice', async () => {
    const failing = await run(api.token)
    expect(failing.exitCode).toBe(1)
    expect(api.state.issues).toHaveLength(1)
    const [issue] = api.state.issues
    expect(issue.title).toBe(`health-gate: ${health.url}/health is failing`)
    expect(issue.labels.map((label) => label.name)).toEqual(['incident', 'runbook'])
    expect(issue.body).toContain('https://github.com/acme/login/actions/runs/1234')
    expect(issue.body).toContain('HTTP 503 (expected 200)')
    expect(issue.body).not.toMatch(/@octocat/)
    expect(messages).toEqual([
      `❌ health-gate: ${health.url}/health is failing: ${issue.html_url} (run: https://github.com/acme/login/actions/runs/1234)`,
    ])

    const again = await run(api.token)
    expect(again.exitCode).toBe(1)
    expect(api.state.issues).toHaveLength(1)
    expect(api.state.comments).toEqual([])
    expect(messages).toHaveLength(1)

    service.healthy = true
    const recovered = await run(api.token)
    expect(recovered.exitCode).toBe(0)
    expect(api.state.issues[0]).toMatchObject({ state: 'closed', state_reason: 'completed' })
    expect(api.state.comments).toHaveLength(1)
    expect(api.state.comments[0].body).toMatch(/the incident lasted \d/)
    expect(messages[1]).toMatch(/^✅ health-gate: .* recovered after \d/)
    expect(api.violations).toEqual([])
  })

  it('with a read-only token: a warning annotation naming the permission, and the failure stands', async () => {
    const result = await run(api.readOnlyToken)
    expect(result.exitCode).toBe(1)
    expect(result.outputs.status).toBe('unhealthy')
    expect(api.state.issues).toEqual([])
    expect(messages).toEqual([])
    const warnings = result.annotations.filter((a) => a.kind === 'warning').map((a) => a.message)
    expect(warnings).toContain(
      "incident-issue: the token may not write issues here (give the job `permissions: issues: write`), so no incident issue was kept; the check's own result stands",
    )
    expect(api.violations).toEqual([])
  })

  it('with a read-only token, a passing check still passes', async () => {
    service.healthy = true
    const result = await run(api.readOnlyToken)
    expect(result.exitCode).toBe(0)
    expect(api.violations).toEqual([])
  })
})
