// The runner's GitHub client over GitHub's rate limits, against the loopback GitHub API: a refusal that says
// when to come back is sent again (at most twice, never waiting past the cap, stopped by an abort); any other
// refusal fails at once.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'

import { GitHubError, RATE_LIMIT_MAX_WAIT_MS, rateLimitWaitMs } from '../../src/core/github.js'
import { githubClient } from '../../src/runner/github.js'
import { GitHubApi, startGitHubApi } from '../support/github-api.js'

describe('the runner GitHub client over a rate limit', () => {
  let api: GitHubApi
  beforeAll(async () => {
    api = await startGitHubApi()
    for (let i = 1; i <= 5; i++)
      api.state.labels.push({ id: i, name: `label-${i}`, color: 'ededed', description: null, default: false })
  })
  afterEach(() => {
    expect(api.violations).toEqual([])
    api.requests.length = 0
  })
  afterAll(() => api.close())

  const repo = { owner: 'acme', repo: 'login' }
  const client = (signal?: AbortSignal) =>
    githubClient({ token: api.token, apiUrl: api.url, repository: api.repository, signal })
  const failureOf = (promise: Promise<unknown>) =>
    promise.then(
      () => undefined,
      (error: unknown) => error,
    )

  it('sends a request again after a secondary limit (429, retry-after)', async () => {
    api.rateLimit(1, { status: 429, retryAfter: 1 })
    const { status } = await client().request('GET /repos/{owner}/{repo}/labels', repo)
    expect(status).toBe(200)
    expect(api.requests.map((r) => r.status)).toEqual([429, 200])
  })

  it('sends a request again once the primary limit resets (403, x-ratelimit-reset), a later page too', async () => {
    api.rateLimit(1, { status: 403, resetIn: 1 })
    const labels = await client().paginate<{ name: string }>('GET /repos/{owner}/{repo}/labels', {
      ...repo,
      per_page: 2,
    })
    expect(labels).toHaveLength(5)
    expect(api.requests.map((r) => r.status)).toEqual([403, 200, 200, 200])

    // Page 1 answers, page 2 is refused once: the listing still has every label, in order.
    api.requests.length = 0
    api.rateLimit(1, { status: 429, retryAfter: 1 }, { after: 1 })
    const listing = await client().paginate<{ name: string }>('GET /repos/{owner}/{repo}/labels', {
      ...repo,
      per_page: 3,
    })
    expect(listing.map((l) => l.name)).toEqual(['label-1', 'label-2', 'label-3', 'label-4', 'label-5'])
    expect(api.requests.map((r) => [r.path, r.status])).toEqual([
      ['/repos/acme/login/labels?per_page=3', 200],
      ['/repos/acme/login/labels?per_page=3&page=2', 429],
      ['/repos/acme/login/labels?per_page=3&page=2', 200],
    ])
  })

  it('gives up after two retries, with the rate limit as the error', async () => {
    api.rateLimit(3, { status: 429, retryAfter: 0 })
    const error = await failureOf(client().request('GET /repos/{owner}/{repo}/labels', repo))
    expect(error).toBeInstanceOf(GitHubError)
    expect(error).toMatchObject({ status: 429, rateLimited: true, noPermission: false })
    expect(api.requests.map((r) => r.status)).toEqual([429, 429, 429])
  })

  it('does not wait for a reset beyond the cap: it fails at once, saying when the limit resets', async () => {
    api.rateLimit(1, { status: 403, resetIn: 3600 })
    const error = await failureOf(client().request('GET /repos/{owner}/{repo}/labels', repo))
    expect(error).toMatchObject({ status: 403, rateLimited: true })
    expect(Number((error as GitHubError).headers['x-ratelimit-reset'])).toBeGreaterThan(
      Date.now() / 1000 + 3000,
    )
    expect(api.requests).toHaveLength(1)
  })

  it('does not send again what the token may not do (403 without retry headers)', async () => {
    const issue = api.addIssue({ title: 'fork' })
    const readOnly = githubClient({ token: api.readOnlyToken, apiUrl: api.url, repository: api.repository })
    const error = await failureOf(
      readOnly.request('POST /repos/{owner}/{repo}/issues/{issue_number}/comments', {
        ...repo,
        issue_number: issue.number,
        body: 'hello',
      }),
    )
    expect(error).toMatchObject({ status: 403, noPermission: true })
    expect(api.requests).toHaveLength(1)
  })

  it('stops waiting when the client is aborted', async () => {
    api.rateLimit(1, { status: 429, retryAfter: 50 })
    const controller = new AbortController()
    const pending = failureOf(client(controller.signal).request('GET /repos/{owner}/{repo}/labels', repo))
    // Abort once the refusal has arrived and the client waits on it.
    while (api.requests.length === 0) await new Promise((resolve) => setTimeout(resolve, 10))
    controller.abort()
    const error = await pending
    expect(error).toBeInstanceOf(GitHubError)
    expect(error).toMatchObject({ status: undefined })
    expect(api.requests.map((r) => r.status)).toEqual([429])
  })
})

describe('rateLimitWaitMs', () => {
  const now = Date.parse('2026-01-05T10:00:00Z')
  it('reads retry-after, else the reset time with no requests left', () => {
    expect(rateLimitWaitMs(429, { 'retry-after': '7' }, now)).toBe(7000)
    expect(rateLimitWaitMs(403, { 'retry-after': 2 }, now)).toBe(2000)
    const reset = String(now / 1000 + 30)
    expect(rateLimitWaitMs(403, { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': reset }, now)).toBe(
      30_000,
    )
    // A reset already past (clock skew) is no reason to wait.
    expect(
      rateLimitWaitMs(
        403,
        { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(now / 1000 - 5) },
        now,
      ),
    ).toBe(0)
    expect(RATE_LIMIT_MAX_WAIT_MS).toBeLessThanOrEqual(60_000)
  })
  it('names no wait for other answers', () => {
    expect(rateLimitWaitMs(403, {}, now)).toBeUndefined()
    expect(
      rateLimitWaitMs(403, { 'x-ratelimit-remaining': '12', 'x-ratelimit-reset': '1767607230' }, now),
    ).toBeUndefined()
    expect(rateLimitWaitMs(500, { 'retry-after': '1' }, now)).toBeUndefined()
    expect(rateLimitWaitMs(undefined, { 'retry-after': '1' }, now)).toBeUndefined()
  })
})

describe('GitHubError.rateLimited', () => {
  it('is a 429 always, a 403 only with the signs of a limit', () => {
    expect(new GitHubError('Too Many Requests', 429).rateLimited).toBe(true)
    expect(new GitHubError('Forbidden', 403, { 'retry-after': '60' }).rateLimited).toBe(true)
    expect(new GitHubError('Forbidden', 403, { 'x-ratelimit-remaining': '0' }).rateLimited).toBe(true)
    const fork = new GitHubError('Resource not accessible by integration', 403)
    expect(fork).toMatchObject({ rateLimited: false, noPermission: true })
  })
})
