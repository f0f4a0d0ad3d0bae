/**
 * What the runner says about the event that started the workflow: the payload GitHub writes to
 * GITHUB_EVENT_PATH, and the run's page. Read from the environment given (process.env by default), so the
 * CLI and tests pass their own.
 */
import { readFileSync } from 'node:fs'

/** Events whose payload carries a pull request (`pull_request.number`). */
const PULL_REQUEST_EVENTS = new Set(['pull_request', 'pull_request_target'])

/** The event payload file parsed, or why there is none: no file, or a file that is not JSON. */
export function eventPayload(
  path: string | undefined,
): { payload: unknown } | { none: 'no-file' | 'unreadable' } {
  if (!path) return { none: 'no-file' }
  try {
    return { payload: JSON.parse(readFileSync(path, 'utf8')) }
  } catch {
    return { none: 'unreadable' }
  }
}

/**
 * The `pull_request` object of an event payload file, or why there is none: no file, a file that is not
 * JSON, or an event that carries no pull request (a push, a schedule). The object is the author's data.
 */
export function eventPullRequest(
  path: string | undefined,
): { pullRequest: Record<string, unknown> } | { none: 'no-file' | 'unreadable' | 'no-pull-request' } {
  const event = eventPayload(path)
  if ('none' in event) return event
  const pullRequest = (event.payload as { pull_request?: unknown } | null)?.pull_request
  return typeof pullRequest === 'object' && pullRequest !== null
    ? { pullRequest: pullRequest as Record<string, unknown> }
    : { none: 'no-pull-request' }
}

/**
 * The number of the pull request the run is for, or why there is none: another event (a schedule, a
 * push), or a payload that cannot be read.
 */
export function pullRequestOfEvent(
  env: NodeJS.ProcessEnv = process.env,
): { number: number } | { none: string } {
  const name = env.GITHUB_EVENT_NAME
  if (!name || !PULL_REQUEST_EVENTS.has(name))
    return { none: `the run is for ${name ? `a ${name} event` : 'no GitHub event'}, not a pull request` }
  const path = env.GITHUB_EVENT_PATH
  const event = eventPullRequest(path)
  if ('none' in event) {
    if (event.none === 'no-file') return { none: 'GITHUB_EVENT_PATH is not set' }
    if (event.none === 'unreadable') return { none: `the event payload ${path} cannot be read as JSON` }
    return { none: `the ${name} event payload names no pull request number` }
  }
  const number = event.pullRequest.number
  if (typeof number === 'number' && Number.isInteger(number) && number > 0) return { number }
  return { none: `the ${name} event payload names no pull request number` }
}

/** The page of this workflow run, when the runner says where it is. */
export function runUrl(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const { GITHUB_SERVER_URL: server, GITHUB_REPOSITORY: repository, GITHUB_RUN_ID: id } = env
  return server && repository && id ? `${server}/${repository}/actions/runs/${id}` : undefined
}
