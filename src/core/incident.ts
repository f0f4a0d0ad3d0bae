/**
 * Incident issues for scheduled checks (health-gate, backup-verify, db-maintain): a failing run opens one
 * issue per action and target, later runs comment only when WHAT fails changes, and the first passing run
 * comments how long it lasted and closes it. The open issue is also the memory that tells a status change
 * (failing / recovered) from a repeat, which is when the webhook hears about it (notify.ts).
 *
 * Reporting never changes the check: a token that may not write issues, a rate limit or an unreachable
 * GitHub is a notice, and the report keeps its own status.
 */
import { createHash } from 'node:crypto'

import { ConfigurationError, getErrorMessage } from './errors.js'
import { GitHubClient, GitHubConnect, GitHubError, Repository } from './github.js'
import { InputReader } from './inputs.js'
import { Logger } from './logger.js'
import { inertText, markdownBlock, markdownCode } from './markdown.js'
import { postWebhook } from './notify.js'
import { Check, Report } from './report.js'
import { addSecret, redact } from './secrets.js'
import { formatDuration, invalidInput } from './units.js'

/** The inputs of an action that keeps an incident issue (`incident-issue: true`). */
export interface IncidentInputs {
  /** A token that may write issues (`issues: write`). */
  token?: string
  /** An incoming-webhook URL (a secret) told when the status changes. */
  notifyWebhook?: string
}

/** What an action's incident is about: its definition says, from its inputs. */
export interface IncidentSubject {
  /** What names the target across runs (its URLs, `host:port/database`, a folder); hashed into the marker. */
  key: string
  /** The target as a title shows it (passwords already masked). */
  name: string
}

/** What a run did about the incident, for the log and for tests. */
export type IncidentOutcome = 'opened' | 'changed' | 'unchanged' | 'recovered' | 'none' | 'skipped'

export interface IncidentRun {
  action: string
  subject: IncidentSubject
  settings: IncidentInputs
  report: Report<unknown>
  github: GitHubConnect
  logger: Logger
  clock: () => Date
  /** The workflow run's page, linked from the issue and the message; undefined outside GitHub Actions. */
  runUrl?: string
  signal?: AbortSignal
}

/** The labels an incident issue gets. */
export const INCIDENT_LABELS = ['incident', 'runbook']

/** How long the whole GitHub conversation may take before it is given up (a notice, the result stands). */
const GITHUB_TIMEOUT_MS = 60_000

/**
 * Reads `incident-issue`, `token` and `notify-webhook` (both secrets are masked at once); undefined when
 * no incident issue is kept, so an action's inputs stay as they were without it.
 */
export function readIncidentInputs(input: InputReader): IncidentInputs | undefined {
  const issue = input.boolean('incident-issue', false)
  // Only read when used: a token the run never sends needs no mask (nor a look at its default).
  const token = issue ? input.optional('token') : undefined
  addSecret(token)
  const notifyWebhook = input.optional('notify-webhook')
  addSecret(notifyWebhook)
  if (notifyWebhook !== undefined) {
    if (!/^https?:\/\/[^\s/]+/i.test(notifyWebhook))
      invalidInput('notify-webhook', '***', 'give the incoming-webhook URL (https://…), from a secret')
    if (!issue)
      throw new ConfigurationError(
        "input 'notify-webhook' needs incident-issue: true: the open incident issue is how a run knows the status changed",
      )
  }
  return issue ? { token, notifyWebhook } : undefined
}

/**
 * Opens, updates or closes the incident issue for a finished run, then tells the webhook when the status
 * changed. Never throws: every failure is a notice and the report's status stands.
 */
export async function followIncident(run: IncidentRun): Promise<IncidentOutcome> {
  let outcome: Outcome
  try {
    outcome = await updateIncident(run)
  } catch (error) {
    run.logger.alert(`incident-issue: ${whyNot(error, run)}; the check's own result stands`)
    return 'skipped'
  }
  // A run that could not keep the issue says so where people look; the rest is the log's.
  if (outcome.kind === 'skipped')
    run.logger.alert(`incident-issue: ${outcome.message}; the check's own result stands`)
  else if (outcome.message) run.logger.info(`incident-issue: ${outcome.message}`)
  if (run.settings.notifyWebhook && outcome.notify)
    await postWebhook(run.settings.notifyWebhook, outcome.notify, { logger: run.logger, signal: run.signal })
  return outcome.kind
}

interface Outcome {
  kind: IncidentOutcome
  /** What the log says. */
  message?: string
  /** The webhook's message, when the status changed. */
  notify?: string
}

/** The parts of GitHub's issue and comment objects this module reads. */
interface Issue {
  number: number
  body?: string | null
  created_at: string
  html_url: string
  user?: { login: string } | null
  pull_request?: unknown
}
interface Comment {
  body?: string | null
  user?: { login: string } | null
}

async function updateIncident(run: IncidentRun): Promise<Outcome> {
  const { settings, report } = run
  if (!settings.token) return { kind: 'skipped', message: 'no token is set, so no incident issue is kept' }
  // A cancelled run's report is partial: it says nothing about the target, so the issue stays as it is.
  if (run.signal?.aborted)
    return { kind: 'skipped', message: 'the run was cancelled, so the incident issue is left as it was' }
  const signal = AbortSignal.any([
    AbortSignal.timeout(GITHUB_TIMEOUT_MS),
    ...(run.signal ? [run.signal] : []),
  ])
  const client = run.github({ token: settings.token, signal })
  const repository = client.repository
  if (!repository)
    return {
      kind: 'skipped',
      message: 'no repository is known (GITHUB_REPOSITORY), so no incident issue is kept',
    }
  const issues = new IssueApi(client, repository)
  const marker = incidentMarker(run.action, run.subject.key)
  const open = await issues.findOpen(marker)
  const failing = report.status === 'fail'

  if (!failing) {
    if (!open) return { kind: 'none' }
    const lasted = formatDuration(run.clock().getTime() - Date.parse(open.created_at))
    await issues.comment(open.number, recoveryComment(run, lasted))
    await issues.close(open.number)
    return {
      kind: 'recovered',
      message: `closed #${open.number}: the check passes again after ${lasted}`,
      notify: `✅ ${headline(run)} recovered after ${lasted}${runLink(run)}`,
    }
  }

  const failingIds = failingChecks(report).map((check) => redact(check.id))
  if (!open) {
    const created = await issues.open({
      title: `${run.action}: ${oneLine(redact(run.subject.name), 200)} is failing`,
      body: openingBody(run, marker, failingIds),
    })
    return {
      kind: 'opened',
      message: `opened #${created.number} (${created.html_url})`,
      notify: `❌ ${headline(run)} is failing: ${created.html_url}${runLink(run)}`,
    }
  }

  const before = await issues.lastFailingSet(open)
  if (before && sameSet(before, failingIds))
    return { kind: 'unchanged', message: `#${open.number} is open and the same checks still fail` }
  await issues.comment(open.number, changeComment(run, failingIds, before ?? []))
  return { kind: 'changed', message: `commented on #${open.number}: what fails changed` }
}

/** The hidden line that finds an action's incident for one target again: `<!-- runbook-actions:incident:<action>:<hash> -->`. */
export function incidentMarker(action: string, key: string): string {
  const hash = createHash('sha256').update(key).digest('hex').slice(0, 16)
  return `<!-- runbook-actions:incident:${action}:${hash} -->`
}

const FAILING_MARKER = /^<!-- runbook-actions:failing:([A-Za-z0-9_-]*) -->$/

/** The hidden line that keeps which checks failed, so the next run can tell a change from a repeat. */
function failingMarker(ids: string[]): string {
  const encoded = Buffer.from(JSON.stringify([...ids].sort())).toString('base64url')
  return `<!-- runbook-actions:failing:${encoded} -->`
}

/** The check ids a body's failing marker holds; undefined when it has none (or one that is not ours). */
export function readFailingMarker(body: string | null | undefined): string[] | undefined {
  // Only a whole line of our own making counts: outside text quoted below it is neutralised and fenced.
  for (const line of (body ?? '').split('\n').slice(0, 3)) {
    const match = FAILING_MARKER.exec(line.trim())
    if (!match) continue
    try {
      const ids: unknown = JSON.parse(Buffer.from(match[1], 'base64url').toString('utf8'))
      if (Array.isArray(ids) && ids.every((id) => typeof id === 'string')) return ids
    } catch {
      return undefined
    }
  }
  return undefined
}

/** The issue routes this module uses, on one repository. */
class IssueApi {
  constructor(
    private readonly client: GitHubClient,
    private readonly repository: Repository,
  ) {}

  /** The open issue whose body starts with the marker (the oldest, if someone copied it into another). */
  async findOpen(marker: string): Promise<Issue | undefined> {
    const issues = await this.client.paginate<Issue>('GET /repos/{owner}/{repo}/issues', {
      ...this.repository,
      state: 'open',
      sort: 'created',
      direction: 'asc',
      per_page: 100,
    })
    return issues.find(
      (issue) => !issue.pull_request && (issue.body ?? '').split('\n', 1)[0].trim() === marker,
    )
  }

  async open(issue: { title: string; body: string }): Promise<Issue> {
    const { data } = await this.client.request<Issue>('POST /repos/{owner}/{repo}/issues', {
      ...this.repository,
      ...issue,
      labels: INCIDENT_LABELS,
    })
    return data
  }

  async comment(issueNumber: number, body: string): Promise<void> {
    await this.client.request('POST /repos/{owner}/{repo}/issues/{issue_number}/comments', {
      ...this.repository,
      issue_number: issueNumber,
      body,
    })
  }

  async close(issueNumber: number): Promise<void> {
    await this.client.request('PATCH /repos/{owner}/{repo}/issues/{issue_number}', {
      ...this.repository,
      issue_number: issueNumber,
      state: 'closed',
      state_reason: 'completed',
    })
  }

  /**
   * Which checks failed when we last wrote: the newest comment of the issue's author (us) with a failing
   * marker, else the issue body. Others' comments are ignored, so nobody can silence a change by pasting one.
   */
  async lastFailingSet(issue: Issue): Promise<string[] | undefined> {
    const comments = await this.client.paginate<Comment>(
      'GET /repos/{owner}/{repo}/issues/{issue_number}/comments',
      { ...this.repository, issue_number: issue.number, per_page: 100 },
    )
    const author = issue.user?.login
    for (const comment of comments.reverse()) {
      if (author !== undefined && comment.user?.login !== author) continue
      const ids = readFailingMarker(comment.body)
      if (ids) return ids
    }
    return readFailingMarker(issue.body)
  }
}

function failingChecks(report: Report<unknown>): Check[] {
  return report.checks.filter((check) => check.status === 'fail')
}

/** The failing checks as fenced text: `title: detail`, one a line, bounded (an issue body holds 65,536 characters). */
function whatFails(report: Report<unknown>): string {
  const checks = failingChecks(report)
  const shown = checks.slice(0, 50).map((check) => oneLine(`${check.title}: ${check.detail}`, 500))
  if (checks.length > shown.length) shown.push(`… and ${checks.length - shown.length} more (see the run)`)
  return markdownBlock(redact(shown.join('\n')))
}

function openingBody(run: IncidentRun, marker: string, failingIds: string[]): string {
  // `2026-01-05 10:00 UTC`: the run's start, to the minute.
  const since = `${run.report.startedAt.slice(0, 16).replace('T', ' ')} UTC`
  return [
    marker,
    failingMarker(failingIds),
    `**${run.action}** finds ${markdownCode(redact(run.subject.name))} failing since ${since}.`,
    '',
    'What fails:',
    '',
    whatFails(run.report),
    '',
    `Run: ${run.runUrl ?? 'a run outside GitHub Actions'}`,
    '',
    `_Kept by runbook-actions: a comment when what fails changes, closed when ${run.action} passes again._`,
  ].join('\n')
}

function changeComment(run: IncidentRun, failingIds: string[], before: string[]): string {
  const gone = before.filter((id) => !failingIds.includes(id))
  return [
    failingMarker(failingIds),
    `What fails changed (run: ${run.runUrl ?? 'outside GitHub Actions'}). Now failing:`,
    '',
    whatFails(run.report),
    ...(gone.length > 0 ? ['', 'No longer failing:', '', markdownBlock(gone.join('\n'))] : []),
  ].join('\n')
}

function recoveryComment(run: IncidentRun, lasted: string): string {
  const how = run.report.status === 'warn' ? 'passes again, with warnings' : 'passes again'
  return [
    `✅ **${run.action}** ${how}: the incident lasted ${lasted}.`,
    '',
    `Run: ${run.runUrl ?? 'a run outside GitHub Actions'}`,
  ].join('\n')
}

/** `health-gate: https://…` for the webhook, without mentions or Slack's `<!channel>`-style links. */
function headline(run: IncidentRun): string {
  const name = inertText(redact(oneLine(run.subject.name, 200))).replace(/[<>]/g, '')
  return `${run.action}: ${name}`
}

function runLink(run: IncidentRun): string {
  return run.runUrl ? ` (run: ${run.runUrl})` : ''
}

function oneLine(text: string, max: number): string {
  const line = text.replace(/\s+/g, ' ').trim()
  return line.length > max ? `${line.slice(0, max - 1)}…` : line
}

function sameSet(a: string[], b: string[]): boolean {
  const set = new Set(a)
  return set.size === new Set(b).size && b.every((id) => set.has(id))
}

/** Why the issue was not kept, in one line with no secret in it. */
function whyNot(error: unknown, run: IncidentRun): string {
  if (run.signal?.aborted) return 'the run was cancelled before the incident issue was updated'
  if (error instanceof GitHubError) {
    if (error.noPermission)
      return 'the token may not write issues here (give the job `permissions: issues: write`), so no incident issue was kept'
    if (error.rateLimited)
      return 'GitHub’s rate limit is used up, so the incident issue was not updated this run'
    const status =
      error.status === undefined ? 'GitHub could not be reached' : `GitHub answered ${error.status}`
    return `${status} (${oneLine(redact(error.message), 200)}), so the incident issue was not updated`
  }
  return `the incident issue was not updated: ${oneLine(redact(getErrorMessage(error)), 200)}`
}
