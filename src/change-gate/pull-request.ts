import { ConfigurationError } from '../core/errors.js'
import { eventPullRequest } from '../core/github-event.js'
import { GitHubClient, Repository, parseRepository } from '../core/github.js'

/** What the gate reads of a pull request. Title, body and labels are the author's text: data, never commands. */
export interface PullRequest {
  number: number
  title: string
  body: string
  labels: string[]
  /** From a fork: the workflow's token is read-only there, so no comment can be written. */
  fork: boolean
  /** The repository the pull request is opened on (its base). */
  repository?: Repository
}

/** The part of a pull request payload (event or REST answer) the gate reads. */
interface PullRequestPayload {
  number?: unknown
  title?: unknown
  body?: unknown
  labels?: unknown
  head?: { repo?: { fork?: unknown; full_name?: unknown } | null }
  base?: { repo?: { full_name?: unknown } | null }
}

const HOW_TO_RUN =
  'run change-gate in a workflow `on: pull_request` (types: opened, edited, synchronize, reopened, labeled, unlabeled)'

/**
 * The pull request of the event that started the run (the runner's GITHUB_EVENT_PATH). Any other event
 * (a push, a schedule) has none: that is a mistake in the workflow, said in one line.
 */
export function readEventPullRequest(eventPath: string | undefined, eventName?: string): PullRequest {
  const event = eventPullRequest(eventPath)
  if ('pullRequest' in event) return pullRequestOf(event.pullRequest)
  if (event.none === 'no-file')
    throw new ConfigurationError(`no event payload (GITHUB_EVENT_PATH is not set): ${HOW_TO_RUN}`)
  if (event.none === 'unreadable')
    throw new ConfigurationError(`cannot read the event payload ${eventPath} as JSON: ${HOW_TO_RUN}`)
  throw new ConfigurationError(
    `the ${eventName ? `'${eventName}' ` : ''}event that started this run has no pull request: ${HOW_TO_RUN}`,
  )
}

/**
 * The pull request as GitHub has it now: a re-run of the job gets the payload of the first run, so an
 * edit made since (the section filled in after the gate failed) is only seen through the API.
 */
export async function fetchPullRequest(
  client: GitHubClient,
  repository: Repository,
  number: number,
): Promise<PullRequest> {
  const { data } = await client.request<PullRequestPayload>('GET /repos/{owner}/{repo}/pulls/{pull_number}', {
    ...repository,
    pull_number: number,
  })
  return pullRequestOf(data)
}

function pullRequestOf(payload: PullRequestPayload): PullRequest {
  if (typeof payload.number !== 'number' || !Number.isInteger(payload.number))
    throw new ConfigurationError('the pull request in the event payload has no number')
  const headRepo = payload.head?.repo
  const baseName = payload.base?.repo?.full_name
  return {
    number: payload.number,
    title: typeof payload.title === 'string' ? payload.title : '',
    // GitHub sends null for a pull request opened with no description.
    body: typeof payload.body === 'string' ? payload.body : '',
    labels: Array.isArray(payload.labels) ? payload.labels.flatMap(labelName) : [],
    // A head repository that was deleted (null) is a fork that is gone: still not ours to write from.
    fork: headRepo === null || headRepo?.fork === true,
    repository: typeof baseName === 'string' ? parseRepository(baseName) : undefined,
  }
}

function labelName(label: unknown): string[] {
  if (typeof label === 'string') return [label]
  const name = (label as { name?: unknown } | null)?.name
  return typeof name === 'string' ? [name] : []
}
