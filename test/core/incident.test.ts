// Incident issues against the loopback GitHub API (every request checked against GitHub's OpenAPI
// description): open on failure, quiet while the same checks fail, one comment when what fails changes,
// closed with the duration on recovery; a read-only token or a rate limit never changes the check's result.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'

import { GitHubConnect } from '../../src/core/github.js'
import { IncidentRun, followIncident, incidentMarker } from '../../src/core/incident.js'
import { recordingLogger } from '../../src/core/logger.js'
import { Check, Status, createReport } from '../../src/core/report.js'
import { addSecret } from '../../src/core/secrets.js'
import { githubClient } from '../../src/runner/github.js'
import { freshSecrets } from '../support/assertions.js'
import { GitHubApi, startGitHubApi } from '../support/github-api.js'
import { LoopbackServer, startWebhook } from '../support/servers.js'

const RUN_URL = 'https://github.com/acme/login/actions/runs/42'
const URL_CHECK = 'https://login.example.com/health'

let api: GitHubApi
let webhook: LoopbackServer & { messages: string[] }
let messages: string[]
let now: Date

beforeEach(async () => {
  now = new Date('2026-01-05T10:00:00Z')
  api = await startGitHubApi({ now: () => now })
  webhook = await startWebhook()
  messages = webhook.messages
  return freshSecrets()
})
afterEach(async () => {
  expect(api.violations).toEqual([])
  await api.close()
  await webhook.close()
})

const connect: GitHubConnect = (options) =>
  githubClient({ ...options, apiUrl: api.url, repository: api.repository })

function check(id: string, status: Status, detail = 'HTTP 503 (expected 200)'): Check {
  return { id, title: id.split(':')[0], status, detail }
}

/** One run of health-gate on the URL, with these checks, through the incident code as the hosts call it. */
async function run(checks: Check[], options: { token?: string; key?: string; signal?: AbortSignal } = {}) {
  const logger = recordingLogger()
  const report = createReport({
    action: 'health-gate',
    title: 'Health gate',
    checks,
    startedAt: now.toISOString(),
  })
  const incident: IncidentRun = {
    action: 'health-gate',
    subject: { key: options.key ?? URL_CHECK, name: options.key ?? URL_CHECK },
    settings: { token: options.token ?? api.token, notifyWebhook: `${webhook.url}/hooks/SECRETPATH` },
    report,
    github: connect,
    logger,
    clock: () => now,
    runUrl: RUN_URL,
    signal: options.signal,
  }
  const outcome = await followIncident(incident)
  return { outcome, logger, report }
}

const later = (ms: number) => (now = new Date(now.getTime() + ms))
const writes = () => api.requests.filter((request) => request.method !== 'GET')
const commentsOn = (number: number) => api.state.comments.filter((c) => c.issue_number === number)

describe('an incident issue', () => {
  it('opens on failure, stays quiet on the same failure, comments on a change, closes on recovery', async () => {
    const availability = check(`availability:${URL_CHECK}`, 'fail')
    const latency = check(`latency:${URL_CHECK}`, 'fail', 'p95 412ms over 300ms')
    const tls = check(`certificate:${URL_CHECK}`, 'pass', '80 days left')

    // 1. The first failure opens one issue, labelled, saying what failed, where and since when.
    expect((await run([availability, tls])).outcome).toBe('opened')
    expect(api.state.issues).toHaveLength(1)
    const [issue] = api.state.issues
    expect(issue.title).toBe(`health-gate: ${URL_CHECK} is failing`)
    expect(issue.labels.map((label) => label.name)).toEqual(['incident', 'runbook'])
    expect(issue.body?.split('\n')[0]).toBe(incidentMarker('health-gate', URL_CHECK))
    expect(issue.body).toMatch(/^<!-- runbook-actions:incident:health-gate:[0-9a-f]{16} -->$/m)
    expect(issue.body).toContain('availability: HTTP 503 (expected 200)')
    expect(issue.body).not.toContain('80 days left')
    expect(issue.body).toContain(RUN_URL)
    expect(issue.body).toContain('failing since 2026-01-05 10:00 UTC.')
    expect(messages).toEqual([`❌ health-gate: ${URL_CHECK} is failing: ${issue.html_url} (run: ${RUN_URL})`])

    // 2. The same checks failing again: no new issue, no comment, no message.
    later(15 * 60_000)
    const before = writes().length
    expect((await run([availability, tls])).outcome).toBe('unchanged')
    expect(writes()).toHaveLength(before)
    expect(api.state.issues).toHaveLength(1)
    expect(commentsOn(issue.number)).toHaveLength(0)

    // 3. What fails changes (latency too): one comment naming it; the status did not change, no message.
    later(15 * 60_000)
    expect((await run([availability, latency, tls])).outcome).toBe('changed')
    expect(commentsOn(issue.number)).toHaveLength(1)
    expect(commentsOn(issue.number)[0].body).toContain('latency: p95 412ms over 300ms')
    later(15 * 60_000)
    expect((await run([availability, latency, tls])).outcome).toBe('unchanged')
    expect(commentsOn(issue.number)).toHaveLength(1)

    // Availability recovers but latency still fails: a change again, naming what no longer fails.
    later(15 * 60_000)
    expect((await run([{ ...availability, status: 'pass' }, latency, tls])).outcome).toBe('changed')
    expect(commentsOn(issue.number)).toHaveLength(2)
    expect(commentsOn(issue.number)[1].body).toMatch(/No longer failing:\n\n```text\navailability:https/)
    expect(messages).toHaveLength(1)

    // 4. Passing again (a warning counts as passing): a comment with how long it lasted, then closed.
    later(90 * 60_000) // 2h 30m after the issue was opened
    const { outcome } = await run([{ ...availability, status: 'pass' }, { ...latency, status: 'warn' }, tls])
    expect(outcome).toBe('recovered')
    expect(commentsOn(issue.number)).toHaveLength(3)
    expect(commentsOn(issue.number)[2].body).toContain('the incident lasted 2h 30m')
    expect(commentsOn(issue.number)[2].body).toContain(RUN_URL)
    expect(api.state.issues[0]).toMatchObject({ state: 'closed', state_reason: 'completed' })
    expect(messages[1]).toBe(`✅ health-gate: ${URL_CHECK} recovered after 2h 30m (run: ${RUN_URL})`)

    // 5. Passing with no open incident does nothing at all; a new failure opens a new issue.
    const quiet = writes().length
    expect((await run([tls])).outcome).toBe('none')
    expect(writes()).toHaveLength(quiet)
    expect(messages).toHaveLength(2)
    expect((await run([availability])).outcome).toBe('opened')
    expect(api.state.issues.filter((i) => i.state === 'open')).toHaveLength(1)
    expect(api.state.issues).toHaveLength(2)
  })

  it('keeps one issue per target, found by its marker among other issues', async () => {
    api.addIssue({ title: 'an unrelated bug', body: 'health-gate fails sometimes' })
    await run([check('availability:a', 'fail')], { key: 'https://a.example/health' })
    await run([check('availability:b', 'fail')], { key: 'https://b.example/health' })
    await run([check('availability:a', 'fail')], { key: 'https://a.example/health' })
    expect(api.state.issues.map((issue) => issue.title)).toEqual([
      'an unrelated bug',
      'health-gate: https://a.example/health is failing',
      'health-gate: https://b.example/health is failing',
    ])
  })

  it('quotes outside text as code, with no mention, no HTML and no marker of ours in it', async () => {
    const hostile = check(
      `availability:${URL_CHECK}`,
      'fail',
      'body: "@octocat ``` <img src=x> <!-- runbook-actions:failing:W10 --> ::error::boom"',
    )
    await run([hostile])
    const body = api.state.issues[0].body ?? ''
    expect(body).not.toMatch(/@octocat/)
    expect(body).toContain('@\u200boctocat')
    expect(body).toContain('<\u200b!-- runbook-actions:failing:W10 -->')
    // The fence is longer than any backtick run inside, so the quote cannot be closed early.
    expect(body).toContain('````text\navailability: body: "@\u200boctocat ``` <img src=x>')
    // Someone else's comment carrying a failing marker does not make a run think nothing changed.
    api.addComment(api.state.issues[0].number, '<!-- runbook-actions:failing:W10 -->\nnothing fails', {
      login: 'mallory',
      id: 7,
      type: 'User',
    })
    expect((await run([hostile])).outcome).toBe('unchanged')
  })

  it('never shows a secret the run registered', async () => {
    addSecret('s3cr3t-token-value')
    await run([check(`availability:${URL_CHECK}`, 'fail', 'echoed Authorization: Bearer s3cr3t-token-value')])
    expect(api.state.issues[0].body).toContain('Bearer ***')
    expect(api.state.issues[0].body).not.toContain('s3cr3t-token-value')
  })
})

describe('when GitHub will not', () => {
  it('with a read-only token: a notice, no issue, no message, and the failure stands', async () => {
    const { outcome, logger, report } = await run([check(`availability:${URL_CHECK}`, 'fail')], {
      token: api.readOnlyToken,
    })
    expect(outcome).toBe('skipped')
    expect(report.status).toBe('fail')
    expect(api.state.issues).toEqual([])
    expect(messages).toEqual([])
    expect(logger.messages).toEqual([
      "warning: incident-issue: the token may not write issues here (give the job `permissions: issues: write`), so no incident issue was kept; the check's own result stands",
    ])
  })

  it('with a read-only token and an open incident, a pass stays a pass', async () => {
    const opened = await run([check(`availability:${URL_CHECK}`, 'fail')])
    expect(opened.outcome).toBe('opened')
    const { outcome, report, logger } = await run([check(`availability:${URL_CHECK}`, 'pass')], {
      token: api.readOnlyToken,
    })
    expect(outcome).toBe('skipped')
    expect(report.status).toBe('pass')
    expect(logger.messages[0]).toMatch(/^warning: incident-issue: the token may not write issues here/)
    expect(api.state.issues[0].state).toBe('open')
    expect(messages).toHaveLength(1) // the opening only: no "recovered" for an issue still open
  })

  it('rate limited once, then answered: the issue is opened all the same', async () => {
    api.rateLimit(1, { status: 429, retryAfter: 1 })
    const { outcome } = await run([check(`availability:${URL_CHECK}`, 'fail')])
    expect(outcome).toBe('opened')
    expect(api.requests[0].status).toBe(429)
    expect(api.state.issues).toHaveLength(1)
  })

  it('rate limited on every try: a notice, and the failure stands', async () => {
    api.rateLimit(5, { status: 403, resetIn: 1 })
    const { outcome, logger, report } = await run([check(`availability:${URL_CHECK}`, 'fail')])
    expect(outcome).toBe('skipped')
    expect(report.status).toBe('fail')
    expect(api.state.issues).toEqual([])
    expect(logger.messages).toEqual([
      "warning: incident-issue: GitHub’s rate limit is used up, so the incident issue was not updated this run; the check's own result stands",
    ])
  })

  it('after a cancel: the partial report leaves the issue alone, and says so', async () => {
    await run([check(`availability:${URL_CHECK}`, 'fail')])
    const before = api.requests.length
    const { outcome, logger } = await run([check(`availability:${URL_CHECK}`, 'pass')], {
      signal: AbortSignal.abort(),
    })
    expect(outcome).toBe('skipped')
    expect(api.requests).toHaveLength(before)
    expect(api.state.issues[0].state).toBe('open')
    expect(logger.messages).toEqual([
      "warning: incident-issue: the run was cancelled, so the incident issue is left as it was; the check's own result stands",
    ])
  })

  it('unreachable: a notice without the token, and the result stands', async () => {
    await api.close()
    const { outcome, logger, report } = await run([check(`availability:${URL_CHECK}`, 'fail')])
    expect(outcome).toBe('skipped')
    expect(report.status).toBe('fail')
    expect(logger.messages[0]).toMatch(
      /^warning: incident-issue: GitHub could not be reached \(.*\), so the incident issue was not updated; the check's own result stands$/,
    )
    expect(logger.messages.join('\n')).not.toContain(api.token)
    api = await startGitHubApi() // for afterEach
  })
})
