import { getErrorMessage } from '../core/errors.js'
import { GitHubConnect, GitHubError, parseRepository } from '../core/github.js'

/**
 * The runbook's "access keys and secrets are rotated according to policy": the repository's Actions
 * secrets through the GitHub REST API, each with its age and whether it is older than the policy allows.
 * GitHub never returns a secret's value, only its name and dates. A token that may not list secrets, an
 * unreachable API or a server error is a `problem` to report, never a crash: the audit goes on without it.
 */

export interface SecretAge {
  name: string
  /** `updated_at` as GitHub gave it (the last time the value was set). */
  updatedAt: string
  /** Whole days since `updatedAt`, never negative (a clock ahead of ours counts as 0). */
  ageDays: number
  /** Older than `maxAgeMs`, or with a date that cannot be read (a rotation that cannot be proved). */
  stale: boolean
}

export interface StaleSecretsOptions {
  /** The REST API root: `https://api.github.com`, or `https://HOST/api/v3` on GitHub Enterprise Server. */
  apiUrl: string
  /** `owner/name`. */
  repository: string
  token: string
  maxAgeMs: number
  now?: Date
  /** For the whole listing, every page included; 30 s by default. */
  timeoutMs?: number
}

export interface StaleSecretsResult {
  secrets: SecretAge[]
  problem?: string
}

const DAY_MS = 24 * 60 * 60 * 1000

/** What a token needs to list secrets, for the messages. */
export const SECRETS_PERMISSION =
  'Listing Actions secrets needs a fine-grained token with the "Secrets" repository permission set to read ' +
  "on this repository, or a classic token with the repo scope; the workflow's GITHUB_TOKEN cannot list " +
  'secrets, whatever its permissions.'

/** Lists the secrets through the client `github` makes (the run context's); never throws. */
export async function listStaleSecrets(
  github: GitHubConnect,
  options: StaleSecretsOptions,
): Promise<StaleSecretsResult> {
  const { token } = options
  const redact = (text: string) => (token ? text.split(token).join('***') : text)
  const repository = parseRepository(options.repository)
  if (!repository)
    return { secrets: [], problem: redact(`The repository "${options.repository}" is not owner/name.`) }
  const { owner, repo } = repository
  if (!token)
    return { secrets: [], problem: `No token was given to list the Actions secrets of ${owner}/${repo}.` }
  if (!Number.isFinite(options.maxAgeMs) || options.maxAgeMs <= 0)
    return {
      secrets: [],
      problem: `The maximum secret age must be a positive duration, not ${options.maxAgeMs} ms.`,
    }

  const now = (options.now ?? new Date()).getTime()
  const signal = AbortSignal.timeout(options.timeoutMs ?? 30_000)
  const client = github({ token, apiUrl: options.apiUrl, repository: options.repository, signal })

  let listed: { name: string; created_at: string; updated_at: string }[]
  try {
    listed = await client.paginate('GET /repos/{owner}/{repo}/actions/secrets', {
      owner,
      repo,
      per_page: 100,
    })
  } catch (error) {
    return { secrets: [], problem: redact(problemOf(error, `${owner}/${repo}`, signal)) }
  }

  const secrets = listed.map((secret): SecretAge => {
    const updatedAt = secret.updated_at || secret.created_at || ''
    const time = Date.parse(updatedAt)
    if (Number.isNaN(time)) return { name: secret.name, updatedAt, ageDays: 0, stale: true }
    const age = Math.max(0, now - time)
    return { name: secret.name, updatedAt, ageDays: Math.floor(age / DAY_MS), stale: age > options.maxAgeMs }
  })
  return { secrets }
}

function problemOf(error: unknown, repository: string, signal: AbortSignal): string {
  const cannot = `Cannot list the Actions secrets of ${repository}`
  const failure = error instanceof GitHubError ? error : new GitHubError(getErrorMessage(error), undefined)
  // Nothing answered: refused, unreachable, timed out.
  if (failure.status === undefined) {
    if (signal.aborted)
      return `${cannot}: the GitHub API did not answer in time. Secret rotation was not checked.`
    return `${cannot}: the GitHub API could not be reached (${failure.message}). Secret rotation was not checked.`
  }
  const { status, headers } = failure
  const said = failure.message.replace(/\s*-\s*https:\/\/docs\.github\.com\S*$/, '')
  if (failure.rateLimited) {
    const reset = Number(headers['x-ratelimit-reset'])
    const when =
      Number.isFinite(reset) && reset > 0 ? `; it resets at ${new Date(reset * 1000).toISOString()}` : ''
    return `${cannot}: the API rate limit was exceeded (HTTP ${status}${when}). Secret rotation was not checked.`
  }
  if (status === 401)
    return `${cannot}: GitHub answered 401 (${said}): the token is invalid or expired. ${SECRETS_PERMISSION}`
  if (status === 403)
    return `${cannot}: GitHub answered 403 (${said}): the token may not list them. ${SECRETS_PERMISSION}`
  if (status === 404)
    return (
      `${cannot}: GitHub answered 404 (${said}): the repository does not exist or the token cannot see its ` +
      `secrets. ${SECRETS_PERMISSION}`
    )
  return `${cannot}: GitHub answered ${status} (${said}). Secret rotation was not checked.`
}
