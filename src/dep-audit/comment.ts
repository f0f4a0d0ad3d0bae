/**
 * The `comment` input: the audit's findings as one sticky comment on the pull request (key `dep-audit`),
 * updated in place on every run. The comment is a digest (status, counts, the worst findings, new against
 * the baseline); the job summary keeps everything. Without a pull request or with a read-only token (a
 * fork's) there is no comment: a notice says why, and the gate stands through the exit code and summary.
 */
import { COUNTS_TABLE, DepAuditData, FINDINGS_TABLE } from './evaluate.js'
import { RunResult } from '../core/action.js'
import { GitHubConnect, GitHubError } from '../core/github.js'
import { Logger } from '../core/logger.js'
import { markdownLink, markdownTable, markdownText } from '../core/markdown.js'
import { STATUS_ICON } from '../core/report.js'
import { upsertStickyComment } from '../core/sticky-comment.js'

/** How many of the worst findings the comment lists; the job summary has the rest. */
export const COMMENT_FINDINGS = 25

export interface CommentTarget {
  /** The pull request of the run's event, or why there is none. */
  pullRequest: { number: number } | { none: string }
  token?: string
  repository?: string
  apiUrl: string
  /** Whether a baseline was given: the comment then says what is new against it. */
  withBaseline: boolean
  /** The run's page, linked for the full report. */
  runUrl?: string
}

/** Posts or updates the comment; never fails the audit (a comment is a courtesy, the gate is the exit code). */
export async function commentOnPullRequest(
  result: RunResult<DepAuditData>,
  target: CommentTarget,
  github: GitHubConnect,
  logger: Logger,
): Promise<void> {
  const skip = (why: string) =>
    logger.alert(
      `dep-audit: no pull-request comment: ${why}. The result stands in the job summary and exit code.`,
    )
  if ('none' in target.pullRequest) return skip(target.pullRequest.none)
  if (!target.token)
    return skip('comment needs token (e.g. ${{ github.token }} with permissions pull-requests: write)')
  const client = github({ token: target.token, apiUrl: target.apiUrl, repository: target.repository })
  try {
    const posted = await upsertStickyComment(client, {
      issueNumber: target.pullRequest.number,
      key: 'dep-audit',
      body: commentMarkdown(result, target),
      fullTextAt: target.runUrl ? `the job summary of [this run](${target.runUrl})` : undefined,
    })
    if ('skipped' in posted) return skip(posted.skipped)
    logger.info(`dep-audit: pull-request comment ${posted.action}: ${posted.url}`)
  } catch (error) {
    const why = error instanceof GitHubError ? error.message : String(error)
    logger.warning(`dep-audit: the pull-request comment could not be written: ${why}`)
  }
}

/** The comment's Markdown: status line, failing checks, counts, new against the baseline, worst findings. */
export function commentMarkdown(
  { report, outputs }: RunResult<DepAuditData>,
  target: Pick<CommentTarget, 'withBaseline' | 'runUrl'>,
): string {
  const parts = [`### ${STATUS_ICON[report.status]} ${markdownText(report.title)}`]
  const problems = report.checks.filter((c) => c.status !== 'pass')
  if (problems.length > 0)
    parts.push(
      problems
        .map((c) => `- ${STATUS_ICON[c.status]} **${markdownText(c.title)}**: ${markdownText(c.detail)}`)
        .join('\n'),
    )

  const total = Number(outputs.vulnerabilities ?? 0) + Number(outputs['code-issues'] ?? 0)
  const counting = Number(outputs.new ?? 0)
  parts.push(
    target.withBaseline
      ? `**${counting}** of ${total} finding(s) are new against the baseline and count toward the gate.`
      : `No baseline: all ${total} finding(s) count toward the gate (give \`baseline\` to count only what the pull request adds).`,
  )

  const counts = report.tables.find((t) => t.title === COUNTS_TABLE)
  if (counts && counts.rows.length > 0) parts.push(markdownTable(counts))
  const findings = report.tables.find((t) => t.title.startsWith(FINDINGS_TABLE))
  if (findings && findings.rows.length > 0) {
    const shown = Math.min(COMMENT_FINDINGS, findings.rows.length)
    parts.push(`**Worst findings** (${shown} of ${total})\n\n${markdownTable(findings, COMMENT_FINDINGS)}`)
  }
  parts.push(
    target.runUrl
      ? `Everything (allowlisted findings, outdated packages, secrets): ${markdownLink('the job summary of this run', target.runUrl)}.`
      : 'Everything (allowlisted findings, outdated packages, secrets): the job summary of this run.',
  )
  return parts.join('\n\n') + '\n'
}
