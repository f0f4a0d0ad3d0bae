import { Evaluation } from './evaluate.js'
import { getErrorMessage } from '../core/errors.js'
import { GitHubClient } from '../core/github.js'
import { Logger } from '../core/logger.js'
import { markdownText } from '../core/markdown.js'
import { STATUS_ICON } from '../core/report.js'
import { redact } from '../core/secrets.js'
import { upsertStickyComment } from '../core/sticky-comment.js'

/** The sticky comment's key: its hidden marker finds the comment again on the next run. */
export const COMMENT_KEY = 'change-gate'

/**
 * The comment's Markdown: what is missing with an example of what would pass, or that all is in place.
 * Every detail may quote the author's text (a task item, a section's few words): each cell goes through
 * markdownText, so no @mention notifies anyone and no HTML (a comment that would fake our marker, a tag
 * that would hide text) survives.
 */
export function commentMarkdown(pullRequest: number, evaluation: Evaluation, run?: string): string {
  const failed = evaluation.checks.filter((check) => check.status === 'fail')
  const heading =
    failed.length === 0
      ? `### ${STATUS_ICON.pass} change-gate: everything the change checklist asks for is in place`
      : `### ${STATUS_ICON.fail} change-gate: ${failed.length} of ${evaluation.checks.length} requirements are not met`
  const rows = evaluation.checks.map((check) =>
    [
      STATUS_ICON[check.status],
      markdownText(check.title),
      markdownText(check.detail),
      check.status === 'pass' ? '' : markdownText(check.recommendation ?? ''),
    ].join(' | '),
  )
  const table = [
    '| | Requirement | Found | What would pass |',
    '| --- | --- | --- | --- |',
    ...rows.map((r) => `| ${r} |`),
  ]
  const footer =
    failed.length === 0
      ? `_Pull request #${pullRequest} is ready as far as the checklist goes._`
      : '_Edit the description (or the labels) and run the check again: this comment is updated in place._'
  // Only an https link: the run's page, as the runner names it.
  const link = run && /^https:\/\//.test(run) ? ` ([this run](${run}))` : ''
  return [heading, '', ...table, '', footer + link, ''].join('\n')
}

export type CommentOutcome =
  { url: string; action: 'created' | 'updated' | 'unchanged' } | { skipped: string }

/**
 * Keeps the one comment up to date. Never fails the gate: a fork's read-only token, a missing token or an
 * API failure is said as a notice, and the verdict still stands in the exit code and the job summary.
 */
export async function postComment(
  client: GitHubClient | undefined,
  pullRequest: { number: number; fork: boolean },
  evaluation: Evaluation,
  logger: Logger,
  run?: string,
): Promise<CommentOutcome> {
  const skip = (reason: string): CommentOutcome => {
    logger.alert(
      `change-gate: no comment on pull request #${pullRequest.number}: ${reason}; the result is in the job summary`,
    )
    return { skipped: reason }
  }
  if (client === undefined) return skip('no token was given')
  if (pullRequest.fork) return skip('it comes from a fork, whose workflow token is read-only')
  try {
    const result = await upsertStickyComment(client, {
      issueNumber: pullRequest.number,
      key: COMMENT_KEY,
      body: commentMarkdown(pullRequest.number, evaluation, run),
    })
    if ('skipped' in result) return skip(result.skipped)
    logger.info(`comment ${result.action}: ${result.url}`)
    return { url: result.url, action: result.action }
  } catch (error) {
    return skip(`writing it failed (${redact(getErrorMessage(error))})`)
  }
}
