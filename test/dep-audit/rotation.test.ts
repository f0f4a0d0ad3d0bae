import { AddressInfo } from 'node:net'
import { IncomingMessage, Server, ServerResponse, createServer } from 'node:http'

import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { SECRETS_PERMISSION, listStaleSecrets } from '../../src/dep-audit/rotation.js'
import { githubClient } from '../../src/runner/github.js'
import { startGitHubApi } from '../support/github-api.js'

const TOKEN = 'github_pat_11TESTTOKEN0123456789abcdefSECRET'
const NO_PERMISSION = 'github_pat_11NOSECRETSPERMISSION0123456789'
const NOW = new Date('2025-06-01T00:00:00Z')
const DAY = 24 * 60 * 60 * 1000

/** 150 secrets, SECRET_000 updated today … SECRET_149 updated 149 days ago, as GitHub lists them (by name). */
const SECRETS = Array.from({ length: 150 }, (_, days) => ({
  name: `SECRET_${String(days).padStart(3, '0')}`,
  created_at: new Date(NOW.getTime() - 400 * DAY).toISOString().replace('.000Z', 'Z'),
  updated_at: new Date(NOW.getTime() - days * DAY).toISOString().replace('.000Z', 'Z'),
}))

interface Seen {
  path: string
  authorization: string | undefined
}

/**
 * Answers like the GitHub REST API (optionally under GHES's `/api/v3`): `GET /repos/:owner/:repo/actions/secrets`
 * paginated with a Link header, GitHub's JSON error bodies for a token without the permission (403), a bad
 * token (401) and an unknown repository (404). `acme/broken` answers 502 and echoes the authorization header
 * (to prove it is redacted); `acme/slow` never answers.
 */
function githubApi(seen: Seen[]) {
  return (request: IncomingMessage, response: ServerResponse) => {
    const url = new URL(request.url ?? '/', `http://${request.headers.host}`)
    const path = url.pathname.replace(/^\/api\/v3/, '')
    const authorization = request.headers.authorization
    seen.push({ path: `${path}${url.search}`, authorization })
    const json = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      response.writeHead(status, {
        'content-type': 'application/json; charset=utf-8',
        'x-github-api-version-selected': '2022-11-28',
        ...headers,
      })
      response.end(JSON.stringify(body))
    }
    const docs = 'https://docs.github.com/rest/actions/secrets#list-repository-secrets'

    const match = /^\/repos\/([^/]+)\/([^/]+)\/actions\/secrets$/.exec(path)
    if (request.method !== 'GET' || !match)
      return json(404, { message: 'Not Found', documentation_url: docs, status: '404' })
    const [, owner, repo] = match
    if (`${owner}/${repo}` === 'acme/slow') return // never answers
    if (`${owner}/${repo}` === 'acme/broken')
      return json(502, { message: `Server Error while handling ${authorization}` })

    const token = /^(?:token|Bearer) (.+)$/.exec(authorization ?? '')?.[1]
    if (token === NO_PERMISSION)
      return json(403, {
        message: 'Resource not accessible by personal access token',
        documentation_url: docs,
        status: '403',
      })
    if (token !== TOKEN)
      return json(401, {
        message: 'Bad credentials',
        documentation_url: 'https://docs.github.com/rest',
        status: '401',
      })
    if (`${owner}/${repo}` !== 'acme/login')
      return json(404, { message: 'Not Found', documentation_url: docs, status: '404' })

    const perPage = Math.min(Number(url.searchParams.get('per_page') ?? 30), 100)
    const page = Number(url.searchParams.get('page') ?? 1)
    const last = Math.ceil(SECRETS.length / perPage)
    const link = (n: number, rel: string) => {
      const target = new URL(url)
      target.searchParams.set('per_page', String(perPage))
      target.searchParams.set('page', String(n))
      return `<${target.href}>; rel="${rel}"`
    }
    const links = [
      ...(page > 1 ? [link(page - 1, 'prev'), link(1, 'first')] : []),
      ...(page < last ? [link(page + 1, 'next'), link(last, 'last')] : []),
    ]
    json(
      200,
      { total_count: SECRETS.length, secrets: SECRETS.slice((page - 1) * perPage, page * perPage) },
      links.length > 0 ? { link: links.join(', ') } : {},
    )
  }
}

async function listen(server: Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return (server.address() as AddressInfo).port
}

describe('listStaleSecrets against a loopback GitHub API', () => {
  const seen: Seen[] = []
  const server = createServer(githubApi(seen))
  let apiUrl = ''

  beforeAll(async () => {
    apiUrl = `http://127.0.0.1:${await listen(server)}`
  })
  afterAll(async () => {
    server.closeAllConnections()
    await new Promise((resolve) => server.close(resolve))
  })

  const base = () => ({ apiUrl, repository: 'acme/login', token: TOKEN, maxAgeMs: 90 * DAY, now: NOW })

  it('lists every secret across pages and marks those older than the maximum age', async () => {
    seen.length = 0
    const result = await listStaleSecrets(githubClient, base())
    expect(result.problem).toBeUndefined()
    expect(result.secrets).toHaveLength(150)
    // Two requests, the second one from the Link header, both authenticated.
    expect(seen.map((s) => s.path)).toEqual([
      '/repos/acme/login/actions/secrets?per_page=100',
      '/repos/acme/login/actions/secrets?per_page=100&page=2',
    ])
    expect(
      seen.every((s) => s.authorization === `token ${TOKEN}` || s.authorization === `Bearer ${TOKEN}`),
    ).toBe(true)

    expect(result.secrets[0]).toEqual({
      name: 'SECRET_000',
      updatedAt: '2025-06-01T00:00:00Z',
      ageDays: 0,
      stale: false,
    })
    // Exactly 90 days is within the policy; 91 is not.
    expect(result.secrets[90]).toEqual({
      name: 'SECRET_090',
      updatedAt: '2025-03-03T00:00:00Z',
      ageDays: 90,
      stale: false,
    })
    expect(result.secrets[91]).toMatchObject({ name: 'SECRET_091', ageDays: 91, stale: true })
    expect(result.secrets[149]).toMatchObject({ name: 'SECRET_149', ageDays: 149, stale: true })
    expect(result.secrets.filter((s) => s.stale).map((s) => s.name)).toEqual(
      SECRETS.slice(91).map((s) => s.name),
    )
  })

  it('works under a GitHub Enterprise Server API path with a trailing slash', async () => {
    const result = await listStaleSecrets(githubClient, {
      ...base(),
      apiUrl: `${apiUrl}/api/v3/`,
      maxAgeMs: 140 * DAY,
    })
    expect(result.problem).toBeUndefined()
    expect(result.secrets.filter((s) => s.stale).map((s) => s.name)).toEqual(
      SECRETS.slice(141).map((s) => s.name),
    )
  })

  it('says what the token needs when GitHub answers 403, and never shows the token', async () => {
    const result = await listStaleSecrets(githubClient, { ...base(), token: NO_PERMISSION })
    expect(result).toEqual({
      secrets: [],
      problem:
        'Cannot list the Actions secrets of acme/login: GitHub answered 403 (Resource not accessible by personal ' +
        `access token): the token may not list them. ${SECRETS_PERMISSION}`,
    })
    expect(result.problem).toContain('"Secrets" repository permission set to read')
    expect(result.problem).toContain('classic token with the repo scope')
    expect(result.problem).toContain('GITHUB_TOKEN cannot list secrets')
    expect(result.problem).not.toContain(NO_PERMISSION)
  })

  it('reads 401 as a bad token and 404 as a repository it cannot see', async () => {
    const bad = await listStaleSecrets(githubClient, { ...base(), token: 'ghp_wrongwrongwrong' })
    expect(bad.secrets).toEqual([])
    expect(bad.problem).toMatch(
      /^Cannot list the Actions secrets of acme\/login: GitHub answered 401 \(Bad credentials\)/,
    )
    expect(bad.problem).toContain(SECRETS_PERMISSION)
    expect(bad.problem).not.toContain('ghp_wrongwrongwrong')

    const missing = await listStaleSecrets(githubClient, { ...base(), repository: 'acme/nope' })
    expect(missing.secrets).toEqual([])
    expect(missing.problem).toMatch(/GitHub answered 404 \(Not Found\): the repository does not exist/)
    expect(missing.problem).toContain(SECRETS_PERMISSION)
  })

  it('reports a server error with its message, with the token redacted even when the server echoes it', async () => {
    const result = await listStaleSecrets(githubClient, { ...base(), repository: 'acme/broken' })
    expect(result.secrets).toEqual([])
    expect(result.problem).toBe(
      'Cannot list the Actions secrets of acme/broken: GitHub answered 502 (Server Error while handling token ***). ' +
        'Secret rotation was not checked.',
    )
    expect(result.problem).not.toContain(TOKEN)
  })

  it('gives up on an API that does not answer in time', async () => {
    // acme/slow never answers: only the timeout can end this test before vitest's own.
    const result = await listStaleSecrets(githubClient, {
      ...base(),
      repository: 'acme/slow',
      timeoutMs: 300,
    })
    expect(result).toEqual({
      secrets: [],
      problem:
        'Cannot list the Actions secrets of acme/slow: the GitHub API did not answer in time. Secret rotation was not checked.',
    })
  })

  it('turns a refused connection into a problem, not a throw', async () => {
    // A port that was free a moment ago: nothing listens there now.
    const closed = createServer()
    const port = await listen(closed)
    await new Promise((resolve) => closed.close(resolve))

    const result = await listStaleSecrets(githubClient, { ...base(), apiUrl: `http://127.0.0.1:${port}` })
    expect(result.secrets).toEqual([])
    expect(result.problem).toMatch(
      /^Cannot list the Actions secrets of acme\/login: the GitHub API could not be reached \(.*ECONNREFUSED.*\)\. Secret rotation was not checked\.$/,
    )
    expect(result.problem).not.toContain(TOKEN)
  })

  it('refuses bad options without calling the API', async () => {
    seen.length = 0
    expect(await listStaleSecrets(githubClient, { ...base(), repository: 'acme' })).toEqual({
      secrets: [],
      problem: 'The repository "acme" is not owner/name.',
    })
    expect((await listStaleSecrets(githubClient, { ...base(), token: '' })).problem).toMatch(
      /^No token was given/,
    )
    expect((await listStaleSecrets(githubClient, { ...base(), maxAgeMs: 0 })).problem).toMatch(
      /positive duration/,
    )
    expect(seen).toEqual([])
  })
})

describe('listStaleSecrets against the OpenAPI-checked GitHub stand-in', () => {
  it('asks only what GitHub accepts, across pages, and names the rate limit when it persists', async () => {
    const api = await startGitHubApi()
    try {
      api.state.secrets.push(...SECRETS)
      const options = {
        apiUrl: api.url,
        repository: api.repository,
        token: api.token,
        maxAgeMs: 90 * DAY,
        now: NOW,
      }
      const result = await listStaleSecrets(githubClient, options)
      expect(result.problem).toBeUndefined()
      expect(result.secrets.filter((s) => s.stale)).toHaveLength(150 - 91)
      expect(api.requests.map((r) => r.path)).toEqual([
        '/repos/acme/login/actions/secrets?per_page=100',
        '/repos/acme/login/actions/secrets?per_page=100&page=2',
      ])

      // Refused three times in a row (the first try and both retries): a problem saying so, not a throw.
      api.rateLimit(3, { status: 429, retryAfter: 0 })
      const limited = await listStaleSecrets(githubClient, options)
      expect(limited.problem).toMatch(/rate limit was exceeded \(HTTP 429\)/)
      expect(api.violations).toEqual([])
    } finally {
      await api.close()
    }
  })
})
