// The runner's GitHub client against a loopback server that answers like the REST API: the routes the
// logic names, every page of a list, and failures as GitHubError (no permission told from the rest).
import { AddressInfo } from 'node:net'
import { IncomingMessage, Server, ServerResponse, createServer } from 'node:http'

import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'

import { GitHubError, isNoPermission, parseRepository } from '../../src/core/github.js'
import { githubClient } from '../../src/runner/github.js'

const TOKEN = 'ghs_RUNNERCLIENTTEST0123456789'
const ISSUES = Array.from({ length: 7 }, (_, i) => ({ number: i + 1, title: `incident ${i + 1}` }))

interface Seen {
  method: string
  path: string
  authorization: string | undefined
  body: string
}

/** `acme/login` answers; `acme/private` is 404, `acme/locked` 403, `acme/limited` a rate-limited 403. */
function githubApi(seen: Seen[]) {
  return (request: IncomingMessage, response: ServerResponse) => {
    let body = ''
    request.on('data', (chunk: Buffer) => (body += chunk.toString()))
    request.on('end', () => {
      const url = new URL(request.url ?? '/', `http://${request.headers.host}`)
      seen.push({
        method: request.method ?? '',
        path: `${url.pathname}${url.search}`,
        authorization: request.headers.authorization,
        body,
      })
      const json = (status: number, data: unknown, headers: Record<string, string> = {}) => {
        response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers })
        response.end(JSON.stringify(data))
      }
      const match = /^\/repos\/acme\/([^/]+)\/issues(?:\/(\d+)\/comments)?$/.exec(url.pathname)
      const repo = match?.[1]
      if (repo === 'private') return json(404, { message: 'Not Found' })
      if (repo === 'locked') return json(403, { message: 'Resource not accessible by integration' })
      if (repo === 'limited')
        return json(
          403,
          { message: 'API rate limit exceeded for installation' },
          { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '1750000000' },
        )
      if (repo !== 'login') return json(404, { message: 'Not Found' })
      if (match?.[2] && request.method === 'POST')
        return json(201, { id: 99, body: (JSON.parse(body) as { body: string }).body })
      const perPage = Number(url.searchParams.get('per_page') ?? 30)
      const page = Number(url.searchParams.get('page') ?? 1)
      const next = page * perPage < ISSUES.length
      const link = new URL(url)
      link.searchParams.set('page', String(page + 1))
      json(
        200,
        ISSUES.slice((page - 1) * perPage, page * perPage),
        next ? { link: `<${link.href}>; rel="next"` } : {},
      )
    })
  }
}

async function listen(server: Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return (server.address() as AddressInfo).port
}

describe('the runner GitHub client against a loopback REST API', () => {
  const seen: Seen[] = []
  const server = createServer(githubApi(seen))
  let apiUrl = ''
  const saved = { api: process.env.GITHUB_API_URL, repository: process.env.GITHUB_REPOSITORY }

  beforeAll(async () => {
    apiUrl = `http://127.0.0.1:${await listen(server)}`
  })
  afterEach(() => {
    seen.length = 0
    for (const [name, value] of [
      ['GITHUB_API_URL', saved.api],
      ['GITHUB_REPOSITORY', saved.repository],
    ] as const)
      if (value === undefined) delete process.env[name]
      else process.env[name] = value
  })
  afterAll(async () => {
    server.closeAllConnections()
    await new Promise((resolve) => server.close(resolve))
  })

  it('takes the API root and the repository from the runner environment', async () => {
    process.env.GITHUB_API_URL = apiUrl
    process.env.GITHUB_REPOSITORY = 'acme/login'
    const client = githubClient({ token: TOKEN })
    expect(client.repository).toEqual({ owner: 'acme', repo: 'login' })

    const { status, data } = await client.request<{ number: number }[]>('GET /repos/{owner}/{repo}/issues', {
      ...client.repository,
      per_page: 2,
    })
    expect(status).toBe(200)
    expect(data.map((i) => i.number)).toEqual([1, 2])
    expect(seen).toHaveLength(1)
    expect(seen[0].path).toBe('/repos/acme/login/issues?per_page=2')
    expect([`token ${TOKEN}`, `Bearer ${TOKEN}`]).toContain(seen[0].authorization)
  })

  it('lets the options name another API root (GHES, trailing slash) and repository', async () => {
    process.env.GITHUB_API_URL = 'http://127.0.0.1:9/unused'
    const client = githubClient({ token: TOKEN, apiUrl: `${apiUrl}/`, repository: 'acme/login' })
    expect(client.repository).toEqual({ owner: 'acme', repo: 'login' })
    const created = await client.request<{ id: number; body: string }>(
      'POST /repos/{owner}/{repo}/issues/{issue_number}/comments',
      { owner: 'acme', repo: 'login', issue_number: 3, body: 'runbook: all green' },
    )
    expect(created).toEqual({ status: 201, data: { id: 99, body: 'runbook: all green' } })
    expect(seen.map((s) => [s.method, s.path])).toEqual([['POST', '/repos/acme/login/issues/3/comments']])
    expect(JSON.parse(seen[0].body)).toEqual({ body: 'runbook: all green' })
  })

  it('has no repository when neither the options nor the runner name one', () => {
    delete process.env.GITHUB_REPOSITORY
    expect(githubClient({ token: TOKEN, apiUrl }).repository).toBeUndefined()
    expect(githubClient({ token: TOKEN, apiUrl, repository: 'acme' }).repository).toBeUndefined()
  })

  it('returns every page of a list, following the Link header', async () => {
    const client = githubClient({ token: TOKEN, apiUrl })
    const issues = await client.paginate<{ number: number }>('GET /repos/{owner}/{repo}/issues', {
      owner: 'acme',
      repo: 'login',
      per_page: 3,
    })
    expect(issues.map((i) => i.number)).toEqual([1, 2, 3, 4, 5, 6, 7])
    expect(seen.map((s) => s.path)).toEqual([
      '/repos/acme/login/issues?per_page=3',
      '/repos/acme/login/issues?per_page=3&page=2',
      '/repos/acme/login/issues?per_page=3&page=3',
    ])
  })

  it('tells "no permission" (403, 404) from a rate limit and from no answer at all', async () => {
    const client = githubClient({ token: TOKEN, apiUrl })
    const failure = async (repo: string) => {
      try {
        await client.request('GET /repos/{owner}/{repo}/issues', { owner: 'acme', repo })
      } catch (error) {
        return error
      }
      throw new Error(`acme/${repo} answered`)
    }

    const locked = await failure('locked')
    expect(locked).toBeInstanceOf(GitHubError)
    expect(locked).toMatchObject({ status: 403, noPermission: true, rateLimited: false })
    expect((locked as GitHubError).message).toContain('Resource not accessible by integration')
    expect(isNoPermission(locked)).toBe(true)

    const hidden = await failure('private')
    expect(hidden).toMatchObject({ status: 404, noPermission: true })

    const limited = await failure('limited')
    expect(limited).toMatchObject({ status: 403, noPermission: false, rateLimited: true })
    expect((limited as GitHubError).headers['x-ratelimit-reset']).toBe('1750000000')
    expect(isNoPermission(limited)).toBe(false)

    // Nothing listens on a port that was free a moment ago: no status, not a permission problem.
    const closed = createServer()
    const port = await listen(closed)
    await new Promise((resolve) => closed.close(resolve))
    const unreachable = githubClient({ token: TOKEN, apiUrl: `http://127.0.0.1:${port}` })
    const refused = await unreachable
      .paginate('GET /repos/{owner}/{repo}/issues', { owner: 'acme', repo: 'login' })
      .then(
        () => undefined,
        (error: unknown) => error,
      )
    expect(refused).toBeInstanceOf(GitHubError)
    expect(refused).toMatchObject({ status: undefined, noPermission: false })
    expect((refused as GitHubError).message).toMatch(/ECONNREFUSED/)
    expect(isNoPermission(new Error('Not Found'))).toBe(false)
  })

  it('aborts every request when its signal fires', async () => {
    const controller = new AbortController()
    controller.abort()
    const client = githubClient({ token: TOKEN, apiUrl, signal: controller.signal })
    const error = await client
      .request('GET /repos/{owner}/{repo}/issues', { owner: 'acme', repo: 'login' })
      .then(
        () => undefined,
        (e: unknown) => e,
      )
    expect(error).toMatchObject({ status: undefined })
    expect(seen).toEqual([])
  })
})

describe('parseRepository', () => {
  it('reads owner/name and nothing else', () => {
    expect(parseRepository('acme/login')).toEqual({ owner: 'acme', repo: 'login' })
    for (const text of ['acme', 'acme/', '/login', 'acme/login/extra', ''])
      expect(parseRepository(text)).toBeUndefined()
  })
})
