// The change-gate definition against the loopback GitHub API (every request checked against GitHub's
// OpenAPI description): the pull request from the event payload, re-read through the API, and the one
// sticky comment updated in place.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'

import { changeGateAction } from '../../src/change-gate/action.js'
import { RunContext } from '../../src/core/action.js'
import { ConfigurationError } from '../../src/core/errors.js'
import { InputReader, objectInputGetter } from '../../src/core/inputs.js'
import { recordingLogger } from '../../src/core/logger.js'
import { stickyMarker } from '../../src/core/sticky-comment.js'
import { githubClient } from '../../src/runner/github.js'
import { GitHubApi, startGitHubApi } from '../support/github-api.js'

const FILLED =
  '## Rollback plan\nRevert this pull request and redeploy v2.3.1.\n\n' +
  '## Test evidence\nUnit tests pass; logged in on staging with a hardware key.\n\nCloses OPS-311\n\n' +
  '- [x] Migration reviewed\n- [ ] ~~Docs updated~~\n'
const PLACEHOLDER = '## Rollback plan\n<!-- How do we undo this? -->\n\n## Test evidence\nTBD\n\nOPS-311\n'

describe('changeGateAction', () => {
  let api: GitHubApi
  let dir: string
  beforeAll(async () => {
    api = await startGitHubApi()
    dir = mkdtempSync(join(tmpdir(), 'change-gate-'))
  })
  afterEach(() => {
    expect(api.violations).toEqual([])
    api.requests.length = 0
  })
  afterAll(async () => {
    await api.close()
    rmSync(dir, { recursive: true, force: true })
  })

  /** An event payload file as the runner writes it for a pull_request event. */
  function eventFile(pull: {
    number: number
    body: string | null
    labels?: string[]
    fork?: boolean
  }): string {
    const path = join(dir, `event-${pull.number}-${Math.random().toString(36).slice(2)}.json`)
    const repo = { full_name: api.repository }
    writeFileSync(
      path,
      JSON.stringify({
        action: 'opened',
        pull_request: {
          number: pull.number,
          title: 'Throttle logins',
          body: pull.body,
          labels: (pull.labels ?? []).map((name) => ({ name })),
          head: { repo: { ...repo, fork: pull.fork ?? false } },
          base: { repo },
        },
      }),
    )
    return path
  }

  async function run(inputs: Record<string, string>) {
    const logger = recordingLogger()
    const context: RunContext = {
      now: new Date(),
      workspace: dir,
      logger,
      signal: new AbortController().signal,
      clock: () => new Date(),
      runId: 'test',
      state: { get: () => '', set: () => {} },
      github: (options) => githubClient({ ...options, apiUrl: api.url }),
    }
    const parsed = changeGateAction.readInputs(new InputReader(objectInputGetter(inputs)), context)
    const result = await changeGateAction.run(parsed, context)
    return { ...result, logger }
  }

  const comments = (number: number) => api.state.comments.filter((c) => c.issue_number === number)

  it('passes a filled-in body and says so in its one comment', async () => {
    const pull = api.addPullRequest({ title: 'Throttle logins', body: FILLED })
    const result = await run({
      token: api.token,
      'event-path': eventFile({ number: pull.number, body: FILLED }),
    })
    expect(result.report.status).toBe('pass')
    expect(result.outputs).toMatchObject({ status: 'pass', missing: '' })
    expect(comments(pull.number)).toHaveLength(1)
    expect(comments(pull.number)[0].body).toContain('everything the change checklist asks for is in place')
    expect(result.outputs['comment-url']).toBe(comments(pull.number)[0].html_url)
  })

  it('judges the latest body through the API, not the payload a re-run repeats', async () => {
    const pull = api.addPullRequest({ title: 'Throttle logins', body: FILLED })
    const stale = eventFile({ number: pull.number, body: PLACEHOLDER })
    const result = await run({ token: api.token, 'event-path': stale, comment: 'false' })
    expect(result.report.status).toBe('pass')
    expect(result.report.data?.source).toBe('api')
    expect(api.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      `GET /repos/${api.repository}/pulls/${pull.number}`,
    ])
  })

  it('falls back to the payload with a notice when the API refuses', async () => {
    const pull = api.addPullRequest({ title: 'Throttle logins', body: FILLED })
    const result = await run({
      token: 'ghs_not-a-token-the-api-knows',
      'event-path': eventFile({ number: pull.number, body: PLACEHOLDER }),
      comment: 'false',
    })
    expect(result.report.data?.source).toBe('event')
    expect(result.outputs.missing).toBe('Rollback plan, Test evidence')
    expect(result.logger.messages.join('\n')).toMatch(
      /^warning: could not re-read pull request #\d+ through the API \(.*\); judging the event payload/m,
    )
    expect(result.logger.messages.join('\n')).not.toContain('ghs_not-a-token-the-api-knows')
  })

  it('updates the same comment in place across runs: what is missing, then that all is in place', async () => {
    const pull = api.addPullRequest({ title: 'Throttle logins', body: PLACEHOLDER })
    api.addComment(pull.number, 'Please add a rollback plan.')
    const first = await run({
      token: api.token,
      'event-path': eventFile({ number: pull.number, body: PLACEHOLDER }),
    })
    expect(first.report.status).toBe('fail')
    expect(first.outputs.missing).toBe('Rollback plan, Test evidence')
    const [, ours] = comments(pull.number)
    expect(ours.body.startsWith(stickyMarker('change-gate'))).toBe(true)
    expect(ours.body).toContain('2 of 4 requirements are not met')
    expect(ours.body).toContain('"Rollback plan" is empty')
    expect(ours.body).toContain('Revert this pull request and redeploy the previous release.')

    api.state.pulls.find((p) => p.number === pull.number)!.body = FILLED
    const second = await run({
      token: api.token,
      'event-path': eventFile({ number: pull.number, body: PLACEHOLDER }),
    })
    expect(second.report.status).toBe('pass')
    expect(comments(pull.number).map((c) => c.id)).toEqual([comments(pull.number)[0].id, ours.id])
    expect(comments(pull.number)[1].body).toContain('is in place')
    expect(second.outputs['comment-url']).toBe(ours.html_url)
  })

  it("skips the comment on a fork's pull request with a notice and still fails", async () => {
    const pull = api.addPullRequest({ title: 'Throttle logins', body: PLACEHOLDER })
    const result = await run({
      token: api.readOnlyToken,
      'event-path': eventFile({ number: pull.number, body: PLACEHOLDER, fork: true }),
    })
    expect(result.report.status).toBe('fail')
    expect(comments(pull.number)).toEqual([])
    expect(api.requests.filter((r) => r.method !== 'GET')).toEqual([])
    expect(result.logger.messages).toContain(
      `warning: change-gate: no comment on pull request #${pull.number}: it comes from a fork, whose workflow token is read-only; the result is in the job summary`,
    )
  })

  it('skips the comment with a notice when the token may only read (403)', async () => {
    const pull = api.addPullRequest({ title: 'Throttle logins', body: FILLED })
    const result = await run({
      token: api.readOnlyToken,
      'event-path': eventFile({ number: pull.number, body: FILLED }),
    })
    expect(result.report.status).toBe('pass')
    expect(comments(pull.number)).toEqual([])
    expect(result.outputs['comment-url']).toBe('')
    expect(result.logger.messages.join('\n')).toMatch(
      /no comment on pull request #\d+: the token may not comment/,
    )
  })

  it("never echoes the author's HTML or mentions into the comment", async () => {
    const body =
      '## Rollback plan\nAsk @octo-org/admins <img src=x onerror=alert(1)> to revert it.\n\n## Test evidence\nTBD\n\n' +
      'OPS-1\n\n- [ ] ping @security-team <b>now</b>\n- [ ] <!-- runbook-actions:change-gate --> hidden\n'
    const pull = api.addPullRequest({ title: 'Throttle logins', body })
    await run({ token: api.token, 'event-path': eventFile({ number: pull.number, body }) })
    const [ours] = comments(pull.number)
    // Tags are reduced to their text, mentions broken by a zero-width space.
    expect(ours.body).toContain('"ping @\u200Bsecurity-team now"')
    expect(ours.body).not.toMatch(/@security-team|<b>|<img/)
    expect(ours.body.split('runbook-actions:change-gate')).toHaveLength(2)
  })

  it('says in one line what to do when the event has no pull request', async () => {
    const push = join(dir, 'push.json')
    writeFileSync(push, JSON.stringify({ ref: 'refs/heads/main', commits: [] }))
    await expect(run({ 'event-path': push })).rejects.toThrow(ConfigurationError)
    await expect(run({ 'event-path': push })).rejects.toThrow(
      /^the event that started this run has no pull request: run change-gate in a workflow `on: pull_request`/,
    )
  })
})
