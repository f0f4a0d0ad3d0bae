/**
 * One comment per purpose on an issue or pull request, kept up to date across runs: a hidden marker
 * (`<!-- runbook-actions:<key> -->`) at its start finds it again, so every run edits the same comment
 * instead of adding one. A fork's pull request gets a read-only token: then there is no comment, and the
 * caller says so and still reports through its summary and exit code.
 */
import { GitHubClient, GitHubError } from './github.js'

/** GitHub refuses an issue or comment body longer than this (characters). */
export const MAX_COMMENT_LENGTH = 65_536

export interface StickyComment {
  issueNumber: number
  /** What the comment is for (`dep-audit`, `change-gate`): letters, digits, `-`, `_`, `.`, `/`. */
  key: string
  /** Markdown; text from outside must already be made inert (./markdown.ts). */
  body: string
  /** Where the whole text is when the body has to be cut; the job summary by default. */
  fullTextAt?: string
}

export type StickyCommentResult =
  | {
      action: 'created' | 'updated' | 'unchanged'
      id: number
      /** The comment's page (html_url). */
      url: string
      /** The body was cut at GitHub's limit. */
      truncated: boolean
    }
  /** The token may not comment here (403/404: a fork's read-only token) or no repository is known. */
  | { skipped: string }

interface IssueComment {
  id: number
  body?: string | null
  html_url: string
  created_at: string
}

/** The hidden marker of a key: an HTML comment, invisible on the rendered page. */
export function stickyMarker(key: string): string {
  if (!/^[\w./-]+$/.test(key))
    throw new Error(`A sticky comment key is letters, digits, -, _, . or /: ${key}`)
  return `<!-- runbook-actions:${key} -->`
}

/**
 * Creates the key's comment on the issue or pull request, or updates it in place: the marked comment is
 * looked for on every page of the comments (a pull request may have hundreds), and when several carry the
 * marker the oldest is updated and the others left alone: the first one is ours, and a later comment
 * that copies the marker (anyone may post one) cannot make it stale. A body equal to the current one is not sent
 * again. Throws a GitHubError only for what is no permission problem (unreachable, rate limited, 5xx).
 */
export async function upsertStickyComment(
  client: GitHubClient,
  comment: StickyComment,
): Promise<StickyCommentResult> {
  const marker = stickyMarker(comment.key)
  const repository = client.repository
  if (!repository) return { skipped: 'no repository is known (GITHUB_REPOSITORY is not set)' }
  const { text, truncated } = commentBody(
    marker,
    comment.body,
    comment.fullTextAt ?? 'the job summary of this run',
  )
  const where = { ...repository, issue_number: comment.issueNumber }
  try {
    const comments = await client.paginate<IssueComment>(
      'GET /repos/{owner}/{repo}/issues/{issue_number}/comments',
      { ...where, per_page: 100 },
    )
    const existing = oldest(comments.filter((c) => (c.body ?? '').startsWith(marker)))
    if (existing && normalise(existing.body ?? '') === normalise(text))
      return { action: 'unchanged', id: existing.id, url: existing.html_url, truncated }
    if (existing) {
      const { data } = await client.request<IssueComment>(
        'PATCH /repos/{owner}/{repo}/issues/comments/{comment_id}',
        { ...repository, comment_id: existing.id, body: text },
      )
      return { action: 'updated', id: data.id, url: data.html_url, truncated }
    }
    const { data } = await client.request<IssueComment>(
      'POST /repos/{owner}/{repo}/issues/{issue_number}/comments',
      { ...where, body: text },
    )
    return { action: 'created', id: data.id, url: data.html_url, truncated }
  } catch (error) {
    if (error instanceof GitHubError && error.noPermission)
      return {
        skipped:
          `the token may not comment on #${comment.issueNumber} (GitHub answered ${error.status}); ` +
          'on a pull request from a fork the token is read-only',
      }
    throw error
  }
}

/**
 * The marker, then the body within GitHub's limit: a longer body is cut at a line end and a note says
 * where the rest is. A marker inside the body is defused, so no text can pose as another sticky comment.
 */
export function commentBody(
  marker: string,
  body: string,
  fullTextAt: string,
  limit = MAX_COMMENT_LENGTH,
): { text: string; truncated: boolean } {
  const inert = body.replace(/<!--(\s*runbook-actions:)/g, '&lt;!--$1')
  const whole = `${marker}\n${inert}`
  if (whole.length <= limit) return { text: whole, truncated: false }
  const note = `\n\n---\n_This comment is cut at GitHub's ${limit.toLocaleString('en-US')}-character limit: the rest is in ${fullTextAt}._`
  let cut = whole.slice(0, limit - note.length)
  // Not inside a line (a table row), nor between the two halves of a surrogate pair.
  const lineEnd = cut.lastIndexOf('\n')
  if (lineEnd > marker.length) cut = cut.slice(0, lineEnd)
  else if (/[\uD800-\uDBFF]$/.test(cut)) cut = cut.slice(0, -1)
  return { text: `${cut}${note}`, truncated: true }
}

function oldest(comments: IssueComment[]): IssueComment | undefined {
  return comments.reduce<IssueComment | undefined>(
    (best, c) =>
      !best || c.created_at < best.created_at || (c.created_at === best.created_at && c.id < best.id)
        ? c
        : best,
    undefined,
  )
}

/** GitHub may store a body with CRLF line ends; trailing space is not a change either. */
function normalise(text: string): string {
  return text.replace(/\r\n/g, '\n').trimEnd()
}
