/**
 * A loopback server (127.0.0.1, a free port) that answers like the GitHub REST API for what the actions use:
 * issues (list with state/labels/creator filters, create, get, update), issue comments (list by pages with a
 * Link header, create, get, update, delete), labels (list, create, add to an issue), pull requests (get) and
 * the Actions secrets listing. Its state lives in memory: a test seeds it and reads it back.
 *
 * Every request is first checked against GitHub's official OpenAPI description (./github-openapi.ts): a
 * method, path, parameter or body GitHub would not accept is recorded in `violations` and answered 400, so a
 * test that expects `violations` to be empty catches any drift between our client code and GitHub.
 *
 * Tokens: `token` may write; `readOnlyToken` answers writes 403 "Resource not accessible by integration", as
 * the GITHUB_TOKEN of a fork's pull request does; any other token is 401. `rateLimit()` makes the next
 * requests answer as GitHub's primary or secondary rate limit does.
 */
import { IncomingMessage, ServerResponse } from 'node:http'

import { gitHubOpenApi } from './github-openapi.js'
import { LoopbackServer, startServer } from './servers.js'

export interface User {
  login: string
  id: number
  type: 'User' | 'Bot'
}

export interface Label {
  id: number
  name: string
  color: string
  description: string | null
  default: boolean
}

export interface Issue {
  id: number
  number: number
  title: string
  body: string | null
  state: 'open' | 'closed'
  state_reason: 'completed' | 'not_planned' | 'duplicate' | 'reopened' | null
  labels: Label[]
  user: User
  comments: number
  html_url: string
  created_at: string
  updated_at: string
  closed_at: string | null
  /** Present on a pull request: GitHub lists pull requests among the issues. */
  pull_request?: { url: string; html_url: string }
}

export interface Comment {
  id: number
  /** The issue or pull request the comment is on (not a GitHub field: GitHub has issue_url). */
  issue_number: number
  body: string
  user: User
  html_url: string
  created_at: string
  updated_at: string
}

export interface PullRequest {
  number: number
  title: string
  body: string | null
  state: 'open' | 'closed'
  user: User
  labels: Label[]
  head: { ref: string; sha: string }
  base: { ref: string; sha: string }
  draft: boolean
  html_url: string
}

export interface Secret {
  name: string
  created_at: string
  updated_at: string
}

export interface GitHubApiState {
  issues: Issue[]
  comments: Comment[]
  labels: Label[]
  pulls: PullRequest[]
  secrets: Secret[]
}

export interface ReceivedRequest {
  method: string
  /** The path under the API root (a GHES `/api/v3` prefix removed) with its query. */
  path: string
  token: string | undefined
  /** The JSON body, parsed; undefined when none was sent. */
  body: unknown
  /** The status the stand-in answered. */
  status: number
}

export interface Violation {
  method: string
  path: string
  reason: string
}

/** How the next requests are refused, as GitHub refuses over a rate limit. */
export interface RateLimit {
  /** 403 (primary limit, or a secondary one) or 429 (secondary). */
  status: 403 | 429
  /** Seconds, sent as `retry-after` (a secondary limit). */
  retryAfter?: number
  /** Seconds from now until the limit resets, sent as `x-ratelimit-remaining: 0` + `x-ratelimit-reset`. */
  resetIn?: number
}

export interface GitHubApiOptions {
  /** `owner/name` of the one repository that exists; default `acme/login`. */
  repository?: string
  /** The stand-in's clock (timestamps of what it creates). */
  now?: () => Date
}

/** The user a token acts as: what GitHub shows for the GITHUB_TOKEN. */
export const ACTIONS_BOT: User = { login: 'github-actions[bot]', id: 41898282, type: 'Bot' }

export interface GitHubApi {
  /** The API root to give the client (as GITHUB_API_URL). */
  url: string
  repository: string
  /** A token that may read and write. */
  token: string
  /** A token that may only read (a fork's pull request). */
  readOnlyToken: string
  state: GitHubApiState
  requests: ReceivedRequest[]
  violations: Violation[]
  /** The next `count` requests (of any token), or those after the next `after`, answer as a rate limit does. */
  rateLimit(count: number, limit: RateLimit, options?: { after?: number }): void
  /** Seeds an issue (defaults for what is not given) and returns it. */
  addIssue(issue: Partial<Issue> & { title: string }): Issue
  /** Seeds a pull request, listed among the issues too as GitHub does, and returns it. */
  addPullRequest(pull: Partial<PullRequest> & { title: string }): PullRequest
  /** Seeds a comment on an issue or pull request and returns it. */
  addComment(issueNumber: number, body: string, user?: User): Comment
  close(): Promise<void>
}

const WRITE_TOKEN = 'ghs_STANDINWRITE0123456789abcdefABCDEF'
const READ_ONLY_TOKEN = 'ghs_STANDINREADONLY0123456789abcdefAB'
const DOCS = 'https://docs.github.com/rest'
/** GitHub's limit on an issue or comment body. */
const MAX_BODY = 65_536

type Answer = { status: number; body?: unknown; headers?: Record<string, string> }
type Params = Record<string, string>

export async function startGitHubApi(options: GitHubApiOptions = {}): Promise<GitHubApi> {
  const repository = options.repository ?? 'acme/login'
  const now = options.now ?? (() => new Date())
  const openApi = gitHubOpenApi()
  const state: GitHubApiState = { issues: [], comments: [], labels: [], pulls: [], secrets: [] }
  const requests: ReceivedRequest[] = []
  const violations: Violation[] = []
  /** What the next requests meet, in order: a rate limit, or null for a normal answer. */
  const limits: (RateLimit | null)[] = []
  let nextId = 1000
  const timestamp = () =>
    now()
      .toISOString()
      .replace(/\.\d{3}Z$/, 'Z')
  const htmlRoot = `https://github.com/${repository}`

  const label = (name: string): Label => {
    let found = state.labels.find((l) => l.name.toLowerCase() === name.toLowerCase())
    if (!found) {
      // GitHub creates a label the first time an issue is given it.
      found = { id: nextId++, name, color: 'ededed', description: null, default: false }
      state.labels.push(found)
    }
    return found
  }
  const labelNames = (labels: unknown): string[] =>
    Array.isArray(labels)
      ? labels.map((l: unknown) => (typeof l === 'string' ? l : String((l as { name?: unknown }).name)))
      : []
  const nextNumber = () => Math.max(0, ...state.issues.map((i) => i.number)) + 1

  const newIssue = (fields: Partial<Issue> & { title: string }): Issue => {
    const number = fields.number ?? nextNumber()
    const at = timestamp()
    return {
      id: nextId++,
      number,
      body: null,
      state: 'open',
      state_reason: null,
      labels: [],
      user: ACTIONS_BOT,
      comments: 0,
      html_url: `${htmlRoot}/issues/${number}`,
      created_at: at,
      updated_at: at,
      closed_at: null,
      ...fields,
    }
  }
  const newComment = (issue: Issue, body: string, user: User): Comment => {
    const id = nextId++
    const at = timestamp()
    issue.comments++
    return {
      id,
      issue_number: issue.number,
      body,
      user,
      html_url: `${issue.html_url}#issuecomment-${id}`,
      created_at: at,
      updated_at: at,
    }
  }
  /** A comment as GitHub answers it: issue_url instead of our issue_number. */
  const commentView = ({ issue_number, ...comment }: Comment) => ({
    ...comment,
    issue_url: `${url}/repos/${repository}/issues/${issue_number}`,
  })

  /** One page of a list, with GitHub's Link header (first/prev/next/last) when there are others. */
  const page = <T>(
    items: T[],
    query: URLSearchParams,
    requestUrl: URL,
    wrap?: (items: T[]) => unknown,
  ): Answer => {
    const perPage = Math.min(Number(query.get('per_page') ?? 30), 100)
    const current = Number(query.get('page') ?? 1)
    const last = Math.max(1, Math.ceil(items.length / perPage))
    const link = (n: number, rel: string) => {
      const target = new URL(requestUrl)
      target.searchParams.set('page', String(n))
      return `<${target.href}>; rel="${rel}"`
    }
    const links = [
      ...(current > 1 ? [link(current - 1, 'prev'), link(1, 'first')] : []),
      ...(current < last ? [link(current + 1, 'next'), link(last, 'last')] : []),
    ]
    const slice = items.slice((current - 1) * perPage, current * perPage)
    return {
      status: 200,
      body: wrap ? wrap(slice) : slice,
      headers: links.length > 0 ? { link: links.join(', ') } : {},
    }
  }

  const notFound: Answer = {
    status: 404,
    body: { message: 'Not Found', documentation_url: DOCS, status: '404' },
  }
  const tooLong = (field: string): Answer => ({
    status: 422,
    body: {
      message: 'Validation Failed',
      errors: [
        {
          resource: 'IssueComment',
          code: 'custom',
          field,
          message: `${field} is too long (maximum is ${MAX_BODY} characters)`,
        },
      ],
      documentation_url: DOCS,
      status: '422',
    },
  })
  const issueOf = (params: Params) => state.issues.find((i) => i.number === Number(params.issue_number))
  const commentOf = (params: Params) => state.comments.find((c) => c.id === Number(params.comment_id))

  /** The stand-in's operations, by GitHub's operationId. */
  const operations: Record<
    string,
    (params: Params, query: URLSearchParams, body: Record<string, unknown>, requestUrl: URL) => Answer
  > = {
    'issues/list-for-repo': (_p, query, _b, requestUrl) => {
      const wanted = query.get('state') ?? 'open'
      const labels = (query.get('labels') ?? '')
        .split(',')
        .map((l) => l.trim().toLowerCase())
        .filter(Boolean)
      const creator = query.get('creator')
      const issues = state.issues
        .filter((i) => wanted === 'all' || i.state === wanted)
        .filter((i) => labels.every((l) => i.labels.some((x) => x.name.toLowerCase() === l)))
        .filter((i) => !creator || i.user.login === creator)
        .sort((a, b) => b.number - a.number) // newest first, GitHub's default sort
      return page(issues, query, requestUrl)
    },
    'issues/create': (_p, _q, body) => {
      if (typeof body.body === 'string' && body.body.length > MAX_BODY) return tooLong('body')
      const issue = newIssue({
        title: String(body.title),
        body: typeof body.body === 'string' ? body.body : null,
        labels: labelNames(body.labels).map(label),
      })
      state.issues.push(issue)
      return { status: 201, body: issue }
    },
    'issues/get': (params) => {
      const issue = issueOf(params)
      return issue ? { status: 200, body: issue } : notFound
    },
    'issues/update': (params, _q, body) => {
      const issue = issueOf(params)
      if (!issue) return notFound
      if (typeof body.body === 'string' && body.body.length > MAX_BODY) return tooLong('body')
      if (typeof body.title === 'string') issue.title = body.title
      if (body.body !== undefined) issue.body = body.body as string | null
      if (body.labels !== undefined) issue.labels = labelNames(body.labels).map(label)
      if (body.state === 'closed' && issue.state === 'open') {
        issue.state = 'closed'
        issue.closed_at = timestamp()
        issue.state_reason = (body.state_reason as Issue['state_reason']) ?? 'completed'
      } else if (body.state === 'open' && issue.state === 'closed') {
        issue.state = 'open'
        issue.closed_at = null
        issue.state_reason = 'reopened'
      }
      issue.updated_at = timestamp()
      return { status: 200, body: issue }
    },
    'issues/add-labels': (params, _q, body) => {
      const issue = issueOf(params)
      if (!issue) return notFound
      const names = labelNames(Array.isArray(body) ? body : body.labels)
      for (const name of names) if (!issue.labels.some((l) => l.name === name)) issue.labels.push(label(name))
      return { status: 200, body: issue.labels }
    },
    'issues/list-comments': (params, query, _b, requestUrl) => {
      const issue = issueOf(params)
      if (!issue) return notFound
      return page(
        state.comments.filter((c) => c.issue_number === issue.number).map(commentView),
        query,
        requestUrl,
      )
    },
    'issues/create-comment': (params, _q, body) => {
      const issue = issueOf(params)
      if (!issue) return notFound
      const text = String(body.body)
      if (text.length > MAX_BODY) return tooLong('body')
      const comment = newComment(issue, text, ACTIONS_BOT)
      state.comments.push(comment)
      return { status: 201, body: commentView(comment) }
    },
    'issues/get-comment': (params) => {
      const comment = commentOf(params)
      return comment ? { status: 200, body: commentView(comment) } : notFound
    },
    'issues/update-comment': (params, _q, body) => {
      const comment = commentOf(params)
      if (!comment) return notFound
      const text = String(body.body)
      if (text.length > MAX_BODY) return tooLong('body')
      comment.body = text
      comment.updated_at = timestamp()
      return { status: 200, body: commentView(comment) }
    },
    'issues/delete-comment': (params) => {
      const comment = commentOf(params)
      if (!comment) return notFound
      state.comments.splice(state.comments.indexOf(comment), 1)
      const issue = state.issues.find((i) => i.number === comment.issue_number)
      if (issue) issue.comments--
      return { status: 204 }
    },
    'issues/list-labels-for-repo': (_p, query, _b, requestUrl) => page(state.labels, query, requestUrl),
    'issues/create-label': (_p, _q, body) => {
      const name = String(body.name)
      if (state.labels.some((l) => l.name.toLowerCase() === name.toLowerCase()))
        return {
          status: 422,
          body: {
            message: 'Validation Failed',
            errors: [{ resource: 'Label', code: 'already_exists', field: 'name' }],
            documentation_url: DOCS,
            status: '422',
          },
        }
      const created: Label = {
        id: nextId++,
        name,
        color: typeof body.color === 'string' ? body.color.replace(/^#/, '') : 'ededed',
        description: typeof body.description === 'string' ? body.description : null,
        default: false,
      }
      state.labels.push(created)
      return { status: 201, body: created }
    },
    'pulls/get': (params) => {
      const pull = state.pulls.find((p) => p.number === Number(params.pull_number))
      return pull ? { status: 200, body: pull } : notFound
    },
    'actions/list-repo-secrets': (_p, query, _b, requestUrl) =>
      page(state.secrets, query, requestUrl, (secrets) => ({ total_count: state.secrets.length, secrets })),
  }
  /** What a read-only token may still do. */
  const reads = new Set(['GET', 'HEAD'])
  /** Operations that need the Actions secrets permission, which a read-only token lacks. */
  const secretsOperations = new Set(['actions/list-repo-secrets'])

  const answer = (method: string, requestUrl: URL, token: string | undefined, body: unknown): Answer => {
    const path = requestUrl.pathname.replace(/^\/api\/v3(?=\/)/, '')
    const check = openApi.check(method, path, requestUrl.searchParams, body)
    if (!check.ok) {
      violations.push({ method, path: `${path}${requestUrl.search}`, reason: check.reason })
      return {
        status: 400,
        body: { message: `Not what GitHub's OpenAPI description accepts: ${check.reason}` },
      }
    }
    if (token !== WRITE_TOKEN && token !== READ_ONLY_TOKEN)
      return { status: 401, body: { message: 'Bad credentials', documentation_url: DOCS, status: '401' } }
    const limit = limits.shift()
    if (limit) return rateLimited(limit, now())
    const { owner, repo } = check.pathParams
    if (`${owner}/${repo}` !== repository) return notFound
    const readOnly = token === READ_ONLY_TOKEN
    if (readOnly && (!reads.has(method) || secretsOperations.has(check.operationId)))
      return {
        status: 403,
        body: { message: 'Resource not accessible by integration', documentation_url: DOCS, status: '403' },
      }
    const operation = operations[check.operationId]
    if (!operation) {
      violations.push({ method, path, reason: `${check.operationId} is not implemented by the stand-in` })
      return { status: 501, body: { message: `${check.operationId} is not implemented by the stand-in` } }
    }
    return operation(
      check.pathParams,
      requestUrl.searchParams,
      (body ?? {}) as Record<string, unknown>,
      requestUrl,
    )
  }

  let url = ''
  const server: LoopbackServer = await startServer((request: IncomingMessage, response: ServerResponse) => {
    let text = ''
    request.on('data', (chunk: Buffer) => (text += chunk.toString()))
    request.on('end', () => {
      const method = request.method ?? 'GET'
      const requestUrl = new URL(request.url ?? '/', url)
      const token = /^(?:token|Bearer) (.+)$/i.exec(request.headers.authorization ?? '')?.[1]
      let body: unknown
      let result: Answer
      try {
        body = text === '' ? undefined : JSON.parse(text)
        result = answer(method, requestUrl, token, body)
      } catch (error) {
        body = text
        result = { status: 400, body: { message: `Problems parsing JSON: ${String(error)}` } }
      }
      requests.push({
        method,
        path: `${requestUrl.pathname}${requestUrl.search}`.replace(/^\/api\/v3(?=\/)/, ''),
        token,
        body,
        status: result.status,
      })
      response.writeHead(result.status, {
        'content-type': 'application/json; charset=utf-8',
        'x-github-api-version-selected': '2022-11-28',
        ...result.headers,
      })
      response.end(result.body === undefined ? undefined : JSON.stringify(result.body))
    })
  })
  url = server.url

  return {
    url,
    repository,
    token: WRITE_TOKEN,
    readOnlyToken: READ_ONLY_TOKEN,
    state,
    requests,
    violations,
    rateLimit: (count, limit, { after = 0 } = {}) => {
      limits.push(...Array<null>(after).fill(null), ...Array<RateLimit>(count).fill(limit))
    },
    addIssue: (fields) => {
      const issue = newIssue(fields)
      state.issues.push(issue)
      return issue
    },
    addPullRequest: (fields) => {
      const number = fields.number ?? nextNumber()
      const pull: PullRequest = {
        number,
        body: null,
        state: 'open',
        user: { login: 'octocat', id: 583231, type: 'User' },
        labels: [],
        head: { ref: 'feature', sha: 'a'.repeat(40) },
        base: { ref: 'main', sha: 'b'.repeat(40) },
        draft: false,
        html_url: `${htmlRoot}/pull/${number}`,
        ...fields,
      }
      state.pulls.push(pull)
      state.issues.push(
        newIssue({
          number,
          title: pull.title,
          body: pull.body,
          user: pull.user,
          labels: pull.labels,
          html_url: pull.html_url,
          pull_request: { url: `${url}/repos/${repository}/pulls/${number}`, html_url: pull.html_url },
        }),
      )
      return pull
    },
    addComment: (issueNumber, body, user = { login: 'octocat', id: 583231, type: 'User' }) => {
      const issue = state.issues.find((i) => i.number === issueNumber)
      if (!issue) throw new Error(`no issue #${issueNumber} to comment on`)
      const comment = newComment(issue, body, user)
      state.comments.push(comment)
      return comment
    },
    close: () => server.close(),
  }
}

/** GitHub's answer over a rate limit: the primary limit's headers, or a secondary limit's retry-after. */
function rateLimited(limit: RateLimit, now: Date): Answer {
  const headers: Record<string, string> = {}
  if (limit.retryAfter !== undefined) headers['retry-after'] = String(limit.retryAfter)
  if (limit.resetIn !== undefined) {
    headers['x-ratelimit-limit'] = '5000'
    headers['x-ratelimit-remaining'] = '0'
    headers['x-ratelimit-used'] = '5000'
    headers['x-ratelimit-reset'] = String(Math.ceil(now.getTime() / 1000) + limit.resetIn)
  }
  const message =
    limit.resetIn !== undefined
      ? 'API rate limit exceeded for installation. If you reach out to GitHub Support for help, please include the request ID.'
      : 'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.'
  return {
    status: limit.status,
    headers,
    body: {
      message,
      documentation_url: `${DOCS}/using-the-rest-api/rate-limits-for-the-rest-api`,
      status: String(limit.status),
    },
  }
}
