// The sticky comment against the loopback GitHub API (checked against GitHub's OpenAPI description): one
// comment per key, found again by its marker on any page, updated in place, bounded to GitHub's limit, and
// skipped (not thrown) when the token is read-only.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'

import { markdownCode, markdownText } from '../../src/core/markdown.js'
import {
  MAX_COMMENT_LENGTH,
  commentBody,
  stickyMarker,
  upsertStickyComment,
} from '../../src/core/sticky-comment.js'
import { githubClient } from '../../src/runner/github.js'
import { ACTIONS_BOT, GitHubApi, startGitHubApi } from '../support/github-api.js'

describe('upsertStickyComment', () => {
  let api: GitHubApi
  beforeAll(async () => {
    api = await startGitHubApi()
  })
  afterEach(() => {
    expect(api.violations).toEqual([])
    api.requests.length = 0
  })
  afterAll(() => api.close())

  const client = (token = api.token) => githubClient({ token, apiUrl: api.url, repository: api.repository })
  const commentsOn = (issueNumber: number) => api.state.comments.filter((c) => c.issue_number === issueNumber)
  const writes = () => api.requests.filter((r) => r.method !== 'GET').map((r) => r.method)

  it('creates the comment once, then updates that same comment in place on every later run', async () => {
    const pull = api.addPullRequest({ title: 'Add login throttling' })
    api.addComment(pull.number, 'LGTM')

    const first = await upsertStickyComment(client(), {
      issueNumber: pull.number,
      key: 'dep-audit',
      body: 'run 1',
    })
    expect(first).toMatchObject({ action: 'created', truncated: false })
    const [, ours] = commentsOn(pull.number)
    expect(ours.body).toBe(`${stickyMarker('dep-audit')}\nrun 1`)
    expect(first).toMatchObject({ id: ours.id, url: ours.html_url })

    api.addComment(pull.number, 'another review comment')
    const second = await upsertStickyComment(client(), {
      issueNumber: pull.number,
      key: 'dep-audit',
      body: 'run 2',
    })
    expect(second).toMatchObject({ action: 'updated', id: ours.id, url: ours.html_url })
    expect(commentsOn(pull.number).map((c) => c.body)).toEqual([
      'LGTM',
      `${stickyMarker('dep-audit')}\nrun 2`,
      'another review comment',
    ])

    // The same body again: nothing is sent.
    api.requests.length = 0
    const third = await upsertStickyComment(client(), {
      issueNumber: pull.number,
      key: 'dep-audit',
      body: 'run 2',
    })
    expect(third).toMatchObject({ action: 'unchanged', id: ours.id })
    expect(writes()).toEqual([])

    // Another key is another comment.
    const other = await upsertStickyComment(client(), {
      issueNumber: pull.number,
      key: 'change-gate',
      body: 'ok',
    })
    expect(other).toMatchObject({ action: 'created' })
    expect(commentsOn(pull.number)).toHaveLength(4)
  })

  it('finds its comment beyond the first page among hundreds, and updates the oldest of several (a later copy of the marker cannot leave the real one stale)', async () => {
    const pull = api.addPullRequest({ title: 'Busy pull request' })
    for (let i = 0; i < 150; i++) api.addComment(pull.number, `review ${i}`)
    const older = api.addComment(pull.number, `${stickyMarker('dep-audit')}\nold`, ACTIONS_BOT)
    for (let i = 0; i < 60; i++) api.addComment(pull.number, `review ${150 + i}`)
    const newer = api.addComment(pull.number, `${stickyMarker('dep-audit')}\nnewer`, ACTIONS_BOT)
    for (let i = 0; i < 40; i++) api.addComment(pull.number, `review ${210 + i}`)

    const result = await upsertStickyComment(client(), {
      issueNumber: pull.number,
      key: 'dep-audit',
      body: 'fresh',
    })
    expect(result).toMatchObject({ action: 'updated', id: older.id })
    expect(commentsOn(pull.number)).toHaveLength(252)
    expect(older.body).toBe(`${stickyMarker('dep-audit')}\nfresh`)
    expect(newer.body).toBe(`${stickyMarker('dep-audit')}\nnewer`)
    // All three pages were read (100 a page), then one edit.
    expect(api.requests.map((r) => r.method)).toEqual(['GET', 'GET', 'GET', 'PATCH'])
  })

  it('ignores a comment that only quotes the marker, and defuses a marker inside the body', async () => {
    const issue = api.addIssue({ title: 'quoting' })
    api.addComment(issue.number, `Why does it say ${stickyMarker('dep-audit')}?`)
    const result = await upsertStickyComment(client(), {
      issueNumber: issue.number,
      key: 'dep-audit',
      body: `text from outside: ${stickyMarker('change-gate')}`,
    })
    expect(result).toMatchObject({ action: 'created' })
    const ours = commentsOn(issue.number)[1]
    expect(ours.body.startsWith(stickyMarker('dep-audit'))).toBe(true)
    expect(ours.body).not.toContain(stickyMarker('change-gate'))
    // So the change-gate comment is still to be created, not this one taken for it.
    const gate = await upsertStickyComment(client(), {
      issueNumber: issue.number,
      key: 'change-gate',
      body: 'x',
    })
    expect(gate).toMatchObject({ action: 'created' })
  })

  it('skips with a reason, never throwing, when the token is read-only (a fork) or the issue is unknown', async () => {
    const pull = api.addPullRequest({ title: 'From a fork' })
    const result = await upsertStickyComment(client(api.readOnlyToken), {
      issueNumber: pull.number,
      key: 'dep-audit',
      body: 'findings',
    })
    expect(result).toEqual({
      skipped: expect.stringMatching(/may not comment on #\d+ \(GitHub answered 403\)/) as string,
    })
    expect(commentsOn(pull.number)).toEqual([])

    const missing = await upsertStickyComment(client(), { issueNumber: 9999, key: 'dep-audit', body: 'x' })
    expect(missing).toEqual({ skipped: expect.stringContaining('GitHub answered 404') as string })

    const nowhere = githubClient({ token: api.token, apiUrl: api.url, repository: 'acme' })
    expect(await upsertStickyComment(nowhere, { issueNumber: 1, key: 'dep-audit', body: 'x' })).toEqual({
      skipped: expect.stringContaining('no repository') as string,
    })
  })

  it('still throws what is no permission problem (GitHub unreachable)', async () => {
    const gone = githubClient({ token: api.token, apiUrl: 'http://127.0.0.1:9', repository: api.repository })
    await expect(upsertStickyComment(gone, { issueNumber: 1, key: 'k', body: 'x' })).rejects.toMatchObject({
      name: 'GitHubError',
      status: undefined,
    })
  })

  it('cuts a 70 KB body at a line end within 65,536 characters, saying where the rest is', async () => {
    const pull = api.addPullRequest({ title: 'Many findings' })
    const rows = Array.from({ length: 1800 }, (_, i) => `| pkg-${i} | 1.0.${i} | CVE-2026-${10000 + i} |`)
    const body = ['| package | version | advisory |', '| --- | --- | --- |', ...rows].join('\n')
    expect(body.length).toBeGreaterThan(70_000)

    const result = await upsertStickyComment(client(), { issueNumber: pull.number, key: 'dep-audit', body })
    expect(result).toMatchObject({ action: 'created', truncated: true })
    const [posted] = commentsOn(pull.number)
    expect(posted.body.length).toBeLessThanOrEqual(MAX_COMMENT_LENGTH)
    expect(posted.body).toMatch(/the rest is in the job summary of this run\._$/)
    // The last row kept is whole: the cut is at a line end.
    const kept = posted.body.split('\n').filter((line) => line.startsWith('| pkg-'))
    expect(kept.at(-1)).toBe(rows[kept.length - 1])

    // The next run with the same body changes nothing.
    api.requests.length = 0
    const again = await upsertStickyComment(client(), { issueNumber: pull.number, key: 'dep-audit', body })
    expect(again).toMatchObject({ action: 'unchanged', truncated: true })
    expect(writes()).toEqual([])
  })
})

describe('commentBody', () => {
  it('does not split a surrogate pair when a line is longer than the limit', () => {
    const marker = stickyMarker('k')
    const { text, truncated } = commentBody(marker, '😀'.repeat(200), 'the summary', 300)
    expect(truncated).toBe(true)
    expect(text.length).toBeLessThanOrEqual(300)
    expect(text).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/)
  })

  it('refuses a key that could break out of the marker', () => {
    expect(() => stickyMarker('x --> <b>')).toThrow(/key/)
  })
})

describe('markdown text from outside', () => {
  it('keeps HTML, mentions, pipes and line breaks inert', () => {
    const text = markdownText('<!-- runbook-actions:dep-audit --> @octocat | @org/team\nsecond line & more')
    expect(text).not.toMatch(/<|@[A-Za-z]/)
    expect(text).toContain('&lt;!-- runbook-actions:dep-audit --&gt;')
    expect(text).toContain('\\|')
    expect(text).not.toContain('\n')
    expect(text).toContain('&amp; more')
    // An @ inside a word is no mention and stays as it is.
    expect(markdownText('install axios@0.26.0')).toBe('install axios@0.26.0')
    // A terminal sequence from a package's text shows as an escape, not as an invisible character.
    expect(markdownText('bad\x1b[31m name')).toBe('bad\\x1b[31m name')
    expect(markdownText('@types/node')).not.toBe('@types/node')
  })

  it('wraps code in a backtick run longer than any inside it', () => {
    expect(markdownCode('left-pad')).toBe('`left-pad`')
    expect(markdownCode('a `b` c')).toBe('``a `b` c``')
    expect(markdownCode('`x`')).toBe('`` `x` ``')
    expect(markdownCode('a|b')).toBe('`a\\|b`')
  })
})
