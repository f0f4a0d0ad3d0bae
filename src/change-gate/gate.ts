import { CommentOutcome, postComment } from './comment.js'
import { evaluate } from './evaluate.js'
import { ChangeGateInputs } from './inputs.js'
import { PullRequest, fetchPullRequest, readEventPullRequest } from './pull-request.js'
import { readTemplates } from './template.js'
import { RunContext, RunResult } from '../core/action.js'
import { getErrorMessage } from '../core/errors.js'
import { runUrl } from '../core/github-event.js'
import { GitHubClient } from '../core/github.js'
import { createReport } from '../core/report.js'
import { redact } from '../core/secrets.js'

export interface ChangeGateData {
  pullRequest: number
  /** Where the body was read: the API (the latest edit) or the event payload. */
  source: 'api' | 'event'
  missing: string[]
  /** The sticky comment: its link, or why there is none; absent when `comment` is false. */
  comment?: CommentOutcome
}

/** Every GitHub request of a run (re-reading the pull request, the comment) together. */
const GITHUB_TIMEOUT_MS = 30_000

/** Reads the pull request, judges it against the inputs' rules and reports one check per requirement. */
export async function runChangeGate(
  inputs: ChangeGateInputs,
  context: RunContext,
): Promise<RunResult<ChangeGateData>> {
  const startedAt = context.clock().toISOString()
  const event = readEventPullRequest(inputs.eventPath, inputs.eventName)
  const client = inputs.token === '' ? undefined : connect(inputs, event, context)
  const { pullRequest, source } = await latest(event, client, context)

  const evaluation = evaluate(pullRequest, {
    requiredSections: inputs.requiredSections,
    minWords: inputs.minWords,
    ticketPattern: inputs.ticketPattern,
    checklist: inputs.checklist,
    requiredLabels: inputs.requiredLabels,
    templates: readTemplates(inputs.workspace, inputs.templatePath),
  })

  const comment = inputs.comment
    ? await postComment(client, pullRequest, evaluation, context.logger, runUrl())
    : undefined

  const report = createReport<ChangeGateData>({
    action: 'change-gate',
    title: `change-gate: pull request #${pullRequest.number}`,
    checks: evaluation.checks,
    data: { pullRequest: pullRequest.number, source, missing: evaluation.missing, comment },
    startedAt,
    finishedAt: context.clock().toISOString(),
  })
  const outputs = {
    status: report.status,
    missing: evaluation.missing.join(', '),
    'comment-url': comment && 'url' in comment ? comment.url : '',
  }
  return { report, outputs }
}

function connect(inputs: ChangeGateInputs, event: PullRequest, context: RunContext): GitHubClient {
  const signal = AbortSignal.any([context.signal, AbortSignal.timeout(GITHUB_TIMEOUT_MS)])
  const repository = event.repository && `${event.repository.owner}/${event.repository.repo}`
  return context.github({ token: inputs.token, signal, ...(repository ? { repository } : {}) })
}

/**
 * The pull request through the API when a token allows, else (or when the API fails) the event payload,
 * which a re-run of the job does not refresh: said in the log so a stale verdict is explained.
 */
async function latest(
  event: PullRequest,
  client: GitHubClient | undefined,
  { logger }: RunContext,
): Promise<{ pullRequest: PullRequest; source: 'api' | 'event' }> {
  const repository = event.repository ?? client?.repository
  if (client === undefined || repository === undefined) {
    const why = client === undefined ? 'no token' : 'no repository known'
    logger.info(`judging pull request #${event.number} as the event payload has it (${why} to re-read it)`)
    return { pullRequest: event, source: 'event' }
  }
  try {
    const fresh = await fetchPullRequest(client, repository, event.number)
    logger.info(`re-read pull request #${event.number} through the API, so the latest edit counts`)
    // The event knows the fork; an answer that lacks the head repository must not make it writable.
    return { pullRequest: { ...fresh, fork: fresh.fork || event.fork }, source: 'api' }
  } catch (error) {
    logger.alert(
      `could not re-read pull request #${event.number} through the API (${redact(getErrorMessage(error))}); ` +
        'judging the event payload, which a re-run of the job does not update',
    )
    return { pullRequest: event, source: 'event' }
  }
}
