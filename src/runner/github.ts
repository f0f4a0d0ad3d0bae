import { setTimeout as sleep } from 'node:timers/promises'

import type { getOctokit } from '@actions/github'

import {
  GitHubClient,
  GitHubClientOptions,
  GitHubError,
  RATE_LIMIT_MAX_WAIT_MS,
  RATE_LIMIT_RETRIES,
  parseRepository,
  rateLimitWaitMs,
} from '../core/github.js'

/**
 * The GitHub client the logic gets through its run context, built on @actions/github's Octokit (proxy
 * settings included). The API root is the options' or the runner's GITHUB_API_URL (GitHub Enterprise
 * Server; a loopback server in tests), the repository the options' or GITHUB_REPOSITORY. Every failure
 * becomes a GitHubError, so the logic tells "no permission" from the rest without knowing Octokit.
 * A request GitHub refuses for its rate limit is sent again, within bounds (retryRateLimited).
 */
export function githubClient(options: GitHubClientOptions): GitHubClient {
  const octokit = lazyOctokit(options)
  const repository = options.repository ?? process.env.GITHUB_REPOSITORY
  return {
    repository: repository ? parseRepository(repository) : undefined,
    request: async <T>(route: string, params?: Record<string, unknown>) => {
      try {
        // A route given as a string has no response type in Octokit: the caller names it (T).
        const response = await (await octokit()).request(route, params)
        return { status: response.status, data: response.data as T }
      } catch (error) {
        throw githubError(error)
      }
    },
    paginate: async <T>(route: string, params?: Record<string, unknown>) => {
      try {
        return await (await octokit()).paginate<T>(route, params)
      } catch (error) {
        throw githubError(error)
      }
    },
  }
}

type Octokit = ReturnType<typeof getOctokit>

/**
 * The client's Octokit, made on its first request: @actions/github (Octokit and its plugins) is
 * imported only then, so a run that never calls GitHub (most health checks) does not load it at start.
 */
function lazyOctokit(options: GitHubClientOptions): () => Promise<Octokit> {
  let made: Promise<Octokit> | undefined
  return () => (made ??= import('@actions/github').then(({ getOctokit }) => makeOctokit(getOctokit, options)))
}

function makeOctokit(make: typeof getOctokit, options: GitHubClientOptions): Octokit {
  const apiUrl = options.apiUrl ?? process.env.GITHUB_API_URL ?? 'https://api.github.com'
  const octokit = make(options.token, { baseUrl: apiUrl.replace(/\/+$/, '') })
  const { signal } = options
  // On every request, the later pages too (paginate passes only method, url and headers on).
  if (signal)
    octokit.hook.before('request', (request) => {
      request.request = { ...request.request, signal }
    })
  octokit.hook.wrap('request', (send, request) => retryRateLimited(() => send(request), signal))
  return octokit
}

/**
 * Sends a request, and again (at most RATE_LIMIT_RETRIES times) while GitHub refuses it for a rate limit
 * and says when to come back (retry-after, or x-ratelimit-reset with none left) within
 * RATE_LIMIT_MAX_WAIT_MS; a longer wait, or none named, fails at once. The wait ends early when the
 * client's signal aborts. A small hook rather than @octokit/plugin-throttling or -retry: those wait
 * through Bottleneck, which is bigger than this and does not stop on an abort.
 */
async function retryRateLimited<T>(send: () => T | Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  for (let retry = 0; ; retry++) {
    try {
      return await send()
    } catch (error) {
      const { status, response } = (
        typeof error === 'object' && error !== null ? error : {}
      ) as OctokitFailure
      const wait =
        response && typeof status === 'number'
          ? rateLimitWaitMs(status, response.headers ?? {}, Date.now())
          : undefined
      if (wait === undefined || wait > RATE_LIMIT_MAX_WAIT_MS || retry >= RATE_LIMIT_RETRIES) throw error
      await sleep(wait, undefined, { signal })
    }
  }
}

/** What Octokit throws: an HTTP status with a response when GitHub answered, without one when nothing did. */
interface OctokitFailure {
  status?: unknown
  message?: unknown
  response?: { headers?: Record<string, string | number | undefined> }
}

function githubError(error: unknown): GitHubError {
  const failure = (typeof error === 'object' && error !== null ? error : {}) as OctokitFailure
  const message =
    typeof failure.message === 'string' && failure.message !== '' ? failure.message : String(error)
  // Octokit calls a refused, unreachable or aborted request a 500 too; only a response means GitHub answered.
  const answered = failure.response !== undefined && typeof failure.status === 'number'
  const gitHubError = answered
    ? new GitHubError(message, failure.status as number, failure.response?.headers ?? {})
    : new GitHubError(message, undefined)
  gitHubError.cause = error
  return gitHubError
}
