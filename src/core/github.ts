/**
 * What the logic needs of the GitHub REST API (secret ages now; sticky pull-request comments and
 * incident issues next), with no @actions import: the runner builds the real client (src/runner/github.ts)
 * and hands it over through the run context, so the same logic runs under a workflow, in the CLI and
 * against a loopback server in tests.
 */

/** A repository as the REST routes name it (`/repos/{owner}/{repo}/...`). */
export interface Repository {
  owner: string
  repo: string
}

/** `owner/name` as a Repository; undefined when the text is not exactly two non-empty parts. */
export function parseRepository(text: string): Repository | undefined {
  const [owner, repo, ...rest] = text.split('/')
  return owner && repo && rest.length === 0 ? { owner, repo } : undefined
}

export interface GitHubClientOptions {
  token: string
  /** The REST API root (`https://HOST/api/v3` on GitHub Enterprise Server); the runner's GITHUB_API_URL by default. */
  apiUrl?: string
  /** `owner/name`; the runner's GITHUB_REPOSITORY by default. */
  repository?: string
  /** Aborts every request of this client, the later pages of a listing included (a timeout, a cancel). */
  signal?: AbortSignal
}

export interface GitHubClient {
  /** The repository the client works on; undefined when neither the options nor the runner name one. */
  repository: Repository | undefined
  /** One request: `request('GET /repos/{owner}/{repo}/issues', {owner, repo, state: 'open'})`. */
  request<T>(route: string, params?: Record<string, unknown>): Promise<{ status: number; data: T }>
  /** Every page of a list route, the items of all pages in one array. */
  paginate<T>(route: string, params?: Record<string, unknown>): Promise<T[]>
}

/** How the host makes a client: the run context's `github`. */
export type GitHubConnect = (options: GitHubClientOptions) => GitHubClient

/**
 * Every failure of a client's request: `status` is GitHub's answer, undefined when nothing answered
 * (refused, unreachable, aborted). The message is GitHub's, which may echo what was sent: redact it.
 */
export class GitHubError extends Error {
  constructor(
    message: string,
    readonly status: number | undefined,
    readonly headers: Record<string, string | number | undefined> = {},
  ) {
    super(message)
    this.name = 'GitHubError'
  }

  /**
   * GitHub refused for its rate limit, which passes with time: a 429 always is one; a 403 is one with no
   * requests left, with a retry-after (a secondary limit) or saying so.
   */
  get rateLimited(): boolean {
    if (this.status === 429) return true
    return (
      this.status === 403 &&
      (String(this.headers['x-ratelimit-remaining']) === '0' ||
        this.headers['retry-after'] !== undefined ||
        /rate limit/i.test(this.message))
    )
  }

  /** The token may not do this, or may not see the repository (GitHub answers 404 for both). */
  get noPermission(): boolean {
    return (this.status === 403 && !this.rateLimited) || this.status === 404
  }
}

/** Whether an error is GitHub saying the token may not do this (403/404), as opposed to any other failure. */
export function isNoPermission(error: unknown): boolean {
  return error instanceof GitHubError && error.noPermission
}

/** How often the client sends a rate-limited request again before it gives up. */
export const RATE_LIMIT_RETRIES = 2
/** The longest the client waits for a rate limit: a reset further away fails at once, saying when it resets. */
export const RATE_LIMIT_MAX_WAIT_MS = 60_000

/**
 * How long GitHub asks to wait before a refused request may be sent again, in ms: `retry-after` (a secondary
 * limit, seconds) or, with no requests left, until `x-ratelimit-reset` (epoch seconds). Undefined when the
 * answer is no rate limit (not a 403/429) or names no time: then waiting would be a guess.
 */
export function rateLimitWaitMs(
  status: number | undefined,
  headers: Record<string, string | number | undefined>,
  now: number,
): number | undefined {
  if (status !== 403 && status !== 429) return undefined
  const retryAfter = Number(headers['retry-after'])
  if (headers['retry-after'] !== undefined && Number.isFinite(retryAfter))
    return Math.max(0, retryAfter * 1000)
  const reset = Number(headers['x-ratelimit-reset'])
  if (String(headers['x-ratelimit-remaining']) === '0' && Number.isFinite(reset) && reset > 0)
    return Math.max(0, reset * 1000 - now)
  return undefined
}
