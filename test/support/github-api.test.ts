// The loopback GitHub API itself: it answers the routes the actions use as GitHub does, and refuses (and
// records) any request GitHub's OpenAPI description would not accept, so tests built on it catch drift.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'

import { GitHubError } from '../../src/core/github.js'
import { githubClient } from '../../src/runner/github.js'
import { GitHubApi, startGitHubApi } from './github-api.js'

describe('the loopback GitHub API', () => {
  let api: GitHubApi
  beforeAll(async () => {
    api = await startGitHubApi({ now: () => new Date('2026-01-05T10:00:00Z') })
  })
  afterEach(() => {
    api.requests.length = 0
    api.violations.length = 0
  })
  afterAll(() => api.close())

  const client = (token = api.token) => githubClient({ token, apiUrl: api.url, repository: api.repository })
  const repo = { owner: 'acme', repo: 'login' }
  /** A request as any HTTP client could send it, right or wrong. */
  const send = (method: string, path: string, body?: unknown, token = api.token) =>
    fetch(`${api.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    })

  it('creates, lists with filters, updates and closes issues, as GitHub accepts them', async () => {
    const github = client()
    const created = await github.request<{ number: number; labels: { name: string }[] }>(
      'POST /repos/{owner}/{repo}/issues',
      { ...repo, title: 'health-gate: login is failing', body: 'details', labels: ['incident', 'runbook'] },
    )
    expect(created.status).toBe(201)
    expect(created.data.labels.map((l) => l.name)).toEqual(['incident', 'runbook'])
    api.addIssue({ title: 'unrelated' })

    const open = await github.paginate<{ number: number }>('GET /repos/{owner}/{repo}/issues', {
      ...repo,
      state: 'open',
      labels: 'incident,runbook',
      creator: 'github-actions[bot]',
      per_page: 100,
    })
    expect(open.map((i) => i.number)).toEqual([created.data.number])

    const closed = await github.request<{ state: string; state_reason: string; closed_at: string }>(
      'PATCH /repos/{owner}/{repo}/issues/{issue_number}',
      { ...repo, issue_number: created.data.number, state: 'closed', state_reason: 'completed' },
    )
    expect(closed.data).toMatchObject({
      state: 'closed',
      state_reason: 'completed',
      closed_at: '2026-01-05T10:00:00Z',
    })
    expect(api.state.issues.find((i) => i.number === created.data.number)?.state).toBe('closed')
    const still = await github.paginate('GET /repos/{owner}/{repo}/issues', { ...repo, labels: 'incident' })
    expect(still).toEqual([])
    expect(api.violations).toEqual([])
  })

  it('pages comments with per_page/page and a Link header the client follows', async () => {
    const pull = api.addPullRequest({ title: 'Bump pg', body: 'Rollback plan: revert' })
    for (let i = 1; i <= 105; i++) api.addComment(pull.number, `comment ${i}`)
    const github = client()

    const first = await send('GET', `/repos/acme/login/issues/${pull.number}/comments?per_page=50`)
    expect(first.status).toBe(200)
    expect(((await first.json()) as unknown[]).length).toBe(50)
    expect(first.headers.get('link')).toContain('page=2>; rel="next"')
    expect(first.headers.get('link')).toContain('page=3>; rel="last"')

    const all = await github.paginate<{ body: string; html_url: string }>(
      'GET /repos/{owner}/{repo}/issues/{issue_number}/comments',
      { ...repo, issue_number: pull.number, per_page: 100 },
    )
    expect(all).toHaveLength(105)
    expect(all[104].body).toBe('comment 105')
    expect(all[0].html_url).toMatch(new RegExp(`/acme/login/pull/${pull.number}#issuecomment-\\d+$`))

    const { data: pr } = await github.request<{ body: string }>(
      'GET /repos/{owner}/{repo}/pulls/{pull_number}',
      {
        ...repo,
        pull_number: pull.number,
      },
    )
    expect(pr.body).toBe('Rollback plan: revert')
    expect(api.violations).toEqual([])
  })

  it('creates, updates and deletes a comment, and keeps bodies within 65,536 characters', async () => {
    const issue = api.addIssue({ title: 'comments' })
    const github = client()
    const { data: made } = await github.request<{ id: number }>(
      'POST /repos/{owner}/{repo}/issues/{issue_number}/comments',
      { ...repo, issue_number: issue.number, body: 'first' },
    )
    await github.request('PATCH /repos/{owner}/{repo}/issues/comments/{comment_id}', {
      ...repo,
      comment_id: made.id,
      body: 'second',
    })
    expect(api.state.comments.find((c) => c.id === made.id)?.body).toBe('second')

    const long = await send('PATCH', `/repos/acme/login/issues/comments/${made.id}`, {
      body: 'x'.repeat(65_537),
    })
    expect(long.status).toBe(422)
    expect(api.state.comments.find((c) => c.id === made.id)?.body).toBe('second')

    await github.request('DELETE /repos/{owner}/{repo}/issues/comments/{comment_id}', {
      ...repo,
      comment_id: made.id,
    })
    expect(api.state.comments.some((c) => c.id === made.id)).toBe(false)
    expect(api.violations).toEqual([])
  })

  it('lists and creates labels, refusing a duplicate', async () => {
    const github = client()
    await github.request('POST /repos/{owner}/{repo}/labels', {
      ...repo,
      name: 'maintenance',
      color: 'd73a4a',
    })
    const again = await github
      .request('POST /repos/{owner}/{repo}/labels', { ...repo, name: 'Maintenance', color: 'd73a4a' })
      .catch((error: unknown) => error)
    expect(again).toMatchObject({ status: 422 })
    const labels = await github.paginate<{ name: string }>('GET /repos/{owner}/{repo}/labels', repo)
    expect(labels.map((l) => l.name)).toContain('maintenance')
    expect(api.violations).toEqual([])
  })

  it('lists the Actions secrets in pages', async () => {
    api.state.secrets.push(
      ...Array.from({ length: 120 }, (_, i) => ({
        name: `S_${i}`,
        created_at: '2025-01-01T00:00:00Z',
        updated_at: '2025-01-01T00:00:00Z',
      })),
    )
    const response = await send('GET', '/repos/acme/login/actions/secrets?per_page=100&page=2')
    expect(await response.json()).toMatchObject({ total_count: 120, secrets: { length: 20 } })
    expect(api.violations).toEqual([])
    api.state.secrets.length = 0
  })

  it('records and refuses a path, method, parameter or body that GitHub does not have', async () => {
    const wrong = [
      ['GET', '/repos/acme/login/issue/1/comments', undefined, 'no operation has the path'],
      ['DELETE', '/repos/acme/login/issues/1', undefined, 'DELETE is not an operation'],
      ['GET', '/repos/acme/login/issues?state=opened', undefined, 'state=opened'],
      ['GET', '/repos/acme/login/issues?colour=red', undefined, 'query parameter colour'],
      ['GET', '/repos/acme/login/issues/one/comments', undefined, 'issue_number=one'],
      ['POST', '/repos/acme/login/issues/1/comments', { text: 'hi' }, "required property 'body'"],
      ['PATCH', '/repos/acme/login/issues/1', { state: 'shut' }, 'body/state'],
      ['POST', '/repos/acme/login/issues/1/comments', undefined, 'request body is required'],
    ] as const
    for (const [method, path, body] of wrong) {
      const response = await send(method, path, body)
      expect(response.status, `${method} ${path}`).toBe(400)
    }
    expect(api.violations.map((v) => [v.method, v.path])).toEqual(wrong.map(([m, p]) => [m, p]))
    wrong.forEach(([, , , reason], i) => expect(api.violations[i].reason).toContain(reason))
    // Nothing changed: a refused request does no work.
    expect(api.state.comments.filter((c) => c.body === 'hi')).toEqual([])
  })

  it('answers writes of a read-only token 403 as on a fork, and an unknown token 401', async () => {
    const issue = api.addIssue({ title: 'read-only' })
    const github = client(api.readOnlyToken)
    const read = await github.request<{ title: string }>('GET /repos/{owner}/{repo}/issues/{issue_number}', {
      ...repo,
      issue_number: issue.number,
    })
    expect(read.data.title).toBe('read-only')
    const write = await github
      .request('POST /repos/{owner}/{repo}/issues/{issue_number}/comments', {
        ...repo,
        issue_number: issue.number,
        body: 'hello',
      })
      .catch((error: unknown) => error)
    expect(write).toBeInstanceOf(GitHubError)
    expect(write).toMatchObject({ status: 403, noPermission: true })
    expect((write as Error).message).toContain('Resource not accessible by integration')
    expect(api.state.comments.filter((c) => c.issue_number === issue.number)).toEqual([])

    const stranger = await send('GET', `/repos/acme/login/issues/${issue.number}`, undefined, 'ghp_unknown')
    expect(stranger.status).toBe(401)
    const elsewhere = await send('GET', '/repos/acme/other/issues/1')
    expect(elsewhere.status).toBe(404)
    expect(api.violations).toEqual([])
  })

  it('answers the next requests as a rate limit does, with retry-after or a reset time', async () => {
    api.rateLimit(1, { status: 429, retryAfter: 7 })
    api.rateLimit(1, { status: 403, resetIn: 30 })
    const secondary = await send('GET', '/repos/acme/login/labels')
    expect(secondary.status).toBe(429)
    expect(secondary.headers.get('retry-after')).toBe('7')
    const primary = await send('GET', '/repos/acme/login/labels')
    expect(primary.status).toBe(403)
    expect(primary.headers.get('x-ratelimit-remaining')).toBe('0')
    // The stand-in's clock is 2026-01-05T10:00:00Z; the limit resets 30 s later.
    expect(primary.headers.get('x-ratelimit-reset')).toBe(String(Date.parse('2026-01-05T10:00:30Z') / 1000))
    expect(((await primary.json()) as { message: string }).message).toMatch(/rate limit/)
    expect((await send('GET', '/repos/acme/login/labels')).status).toBe(200)
    expect(api.requests.map((r) => r.status)).toEqual([429, 403, 200])
  })

  it('answers under a GitHub Enterprise Server API root', async () => {
    const github = githubClient({
      token: api.token,
      apiUrl: `${api.url}/api/v3/`,
      repository: api.repository,
    })
    const labels = await github.paginate('GET /repos/{owner}/{repo}/labels', repo)
    expect(Array.isArray(labels)).toBe(true)
    expect(api.requests.map((r) => r.path)).toEqual(['/repos/acme/login/labels'])
    expect(api.violations).toEqual([])
  })
})
