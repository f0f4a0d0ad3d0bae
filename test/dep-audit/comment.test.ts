// dep-audit's `comment` input: the action, run in process on saved scanner reports, posts its findings as
// one sticky pull-request comment on the loopback GitHub API (every request checked against GitHub's
// OpenAPI description), updates it in place, and skips with a notice where it may not or need not comment.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'

import { RunContext } from '../../src/core/action.js'
import { InputReader, objectInputGetter } from '../../src/core/inputs.js'
import { recordingLogger } from '../../src/core/logger.js'
import { MAX_COMMENT_LENGTH, stickyMarker } from '../../src/core/sticky-comment.js'
import { depAuditAction } from '../../src/dep-audit/action.js'
import { COMMENT_FINDINGS, commentMarkdown } from '../../src/dep-audit/comment.js'
import { COUNTS_TABLE, DepAuditData, FINDINGS_TABLE } from '../../src/dep-audit/evaluate.js'
import { RunResult } from '../../src/core/action.js'
import { createReport } from '../../src/core/report.js'
import { githubClient } from '../../src/runner/github.js'
import { GitHubApi, startGitHubApi } from '../support/github-api.js'

const fixture = (name: string) => new URL(`../fixtures/audit/${name}`, import.meta.url).pathname
const saved = { ...process.env }

let api: GitHubApi
let dir: string
beforeAll(async () => {
  api = await startGitHubApi()
})
afterAll(() => api.close())
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'dep-audit-comment-'))
})
afterEach(() => {
  expect(api.violations).toEqual([])
  api.requests.length = 0
  process.env = { ...saved }
  rmSync(dir, { recursive: true, force: true })
})

/** The runner's environment of a run for `event` (the payload written where GITHUB_EVENT_PATH says). */
function runnerEvent(event: string, payload: unknown) {
  const path = join(dir, 'event.json')
  writeFileSync(path, JSON.stringify(payload))
  Object.assign(process.env, {
    GITHUB_EVENT_NAME: event,
    GITHUB_EVENT_PATH: path,
    GITHUB_REPOSITORY: api.repository,
    GITHUB_API_URL: api.url,
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_RUN_ID: '4242',
  })
}

/** dep-audit as the runner runs it, on saved reports (no scanner runs), with the runner's GitHub client. */
async function runAction(inputs: Record<string, string>) {
  const logger = recordingLogger()
  const parsed = depAuditAction.readInputs(
    new InputReader(
      objectInputGetter({
        'working-directory': dir,
        'npm-audit-report': fixture('npm-audit-v2-via-chain.json'),
        'pip-audit-report': fixture('pip-audit-vulns.json'),
        'bandit-report': fixture('bandit.json'),
        outdated: 'false',
        ...inputs,
      }),
    ),
    { now: new Date(), workspace: dir },
  )
  const values = new Map<string, string>()
  const context: RunContext = {
    logger,
    signal: new AbortController().signal,
    clock: () => new Date(),
    runId: '4242_1',
    state: { get: (key) => values.get(key) ?? '', set: (key, value) => void values.set(key, value) },
    now: new Date(),
    workspace: dir,
    github: githubClient,
  }
  const result = await depAuditAction.run(parsed, context)
  return { result, logger }
}

const commentsOn = (number: number) => api.state.comments.filter((c) => c.issue_number === number)

describe('dep-audit comment', () => {
  it('posts the findings on the pull request once, and updates that comment on the next run', async () => {
    const pull = api.addPullRequest({ title: 'Bump axios' })
    runnerEvent('pull_request', {
      action: 'synchronize',
      number: pull.number,
      pull_request: { number: pull.number },
    })

    const first = await runAction({ comment: 'true', token: api.token })
    expect(first.result.report.status).toBe('fail')
    const [posted] = commentsOn(pull.number)
    expect(posted.body.startsWith(stickyMarker('dep-audit'))).toBe(true)
    expect(posted.body).toContain(`❌ ${first.result.report.title}`)
    expect(posted.body).toContain('No baseline: all')
    expect(posted.body).toContain(`| Tool | critical | high | moderate | low |`)
    expect(posted.body).toMatch(/\[GHSA-[\w-]+\]\(https:\/\/github\.com\/advisories\/GHSA-[\w-]+\)/)
    expect(posted.body).toContain(
      '[the job summary of this run](https://github.com/acme/login/actions/runs/4242)',
    )
    expect(first.logger.messages).toContain(`dep-audit: pull-request comment created: ${posted.html_url}`)

    // The next run with the report of the first as baseline: the same comment, now saying nothing is new.
    const baseline = join(dir, 'baseline.json')
    writeFileSync(baseline, JSON.stringify(first.result.report))
    const second = await runAction({ comment: 'true', token: api.token, baseline })
    expect(second.result.outputs.new).toBe(0)
    expect(commentsOn(pull.number)).toHaveLength(1)
    expect(commentsOn(pull.number)[0].id).toBe(posted.id)
    expect(commentsOn(pull.number)[0].body).toMatch(
      /\*\*0\*\* of \d+ finding\(s\) are new against the baseline/,
    )
    expect(second.logger.messages).toContain(`dep-audit: pull-request comment updated: ${posted.html_url}`)

    // A third identical run sends no write at all.
    api.requests.length = 0
    await runAction({ comment: 'true', token: api.token, baseline })
    expect(api.requests.filter((r) => r.method !== 'GET')).toEqual([])
  })

  it('skips with a notice on a fork (read-only token), and the gate still fails', async () => {
    const pull = api.addPullRequest({ title: 'From a fork' })
    runnerEvent('pull_request', { pull_request: { number: pull.number } })
    const { result, logger } = await runAction({ comment: 'true', token: api.readOnlyToken })
    expect(result.report.status).toBe('fail')
    expect(commentsOn(pull.number)).toEqual([])
    expect(logger.messages).toContainEqual(
      expect.stringMatching(
        /^warning: dep-audit: no pull-request comment: the token may not comment on #\d+ \(GitHub answered 403\).*The result stands/,
      ),
    )
  })

  it('skips with a notice when the run is not for a pull request, or no token is given', async () => {
    runnerEvent('schedule', { schedule: '0 6 * * 1' })
    const scheduled = await runAction({ comment: 'true', token: api.token })
    expect(scheduled.logger.messages).toContainEqual(
      expect.stringContaining('no pull-request comment: the run is for a schedule event, not a pull request'),
    )

    const pull = api.addPullRequest({ title: 'No token' })
    runnerEvent('pull_request', { pull_request: { number: pull.number } })
    const tokenless = await runAction({ comment: 'true' })
    expect(tokenless.logger.messages).toContainEqual(expect.stringContaining('comment needs token'))
    expect(commentsOn(pull.number)).toEqual([])
    expect(api.requests).toEqual([])
  })

  it('makes no request at all without comment', async () => {
    const pull = api.addPullRequest({ title: 'Quiet' })
    runnerEvent('pull_request', { pull_request: { number: pull.number } })
    api.requests.length = 0
    const { logger } = await runAction({ token: api.token })
    expect(api.requests).toEqual([])
    expect(logger.messages.join('\n')).not.toContain('comment')
  })
})

describe('commentMarkdown', () => {
  /** A result as evaluate makes it, with `count` findings whose texts come from a hostile package. */
  function result(count: number): RunResult<DepAuditData> {
    const rows = Array.from({ length: count }, (_, i) => [
      'high',
      { text: `GHSA-0000-0000-${String(i).padStart(4, '0')}`, href: 'javascript:alert(1)' },
      `evil-${i} <!-- runbook-actions:dep-audit --> @octocat <img src=x>`,
      '1.0.0',
      'none yet',
      'frontend|x\nnext',
    ])
    const report = createReport<DepAuditData>({
      action: 'dep-audit',
      title: `dep-audit: ${count} vulnerable dependency finding(s)`,
      checks: [
        {
          id: 'vulnerabilities',
          title: 'Vulnerable dependencies',
          status: 'fail',
          detail: `${count} high @admins`,
        },
      ],
      tables: [
        {
          title: COUNTS_TABLE,
          columns: ['Tool', 'critical', 'high', 'moderate', 'low'],
          rows: [['npm-audit', '0', String(count), '0', '0']],
        },
        {
          title: `${FINDINGS_TABLE} (the worst 500 of ${count})`,
          columns: ['Severity', 'ID', 'Package / issue', 'Version', 'Fix', 'Path'],
          rows,
        },
      ],
      startedAt: new Date().toISOString(),
    })
    return { report, outputs: { vulnerabilities: count, 'code-issues': 0, new: count } }
  }

  it('keeps text from the scanners inert: no HTML, no marker, no mention, no unsafe link, tables intact', () => {
    const text = commentMarkdown(result(3), { withBaseline: false })
    expect(text).not.toContain('<!--')
    expect(text).not.toContain('<img')
    expect(text).not.toMatch(/@[a-z]/i)
    expect(text).not.toContain('javascript:')
    const rows = text.split('\n').filter((line) => line.startsWith('| high'))
    expect(rows).toHaveLength(3)
    // Every row has the six cells of the header: escaped pipes and line breaks did not split it.
    for (const row of rows) expect(row.split(/(?<!\\)\|/).length - 2).toBe(6)
  })

  it('lists only the worst findings, far within the comment limit, whatever their number', () => {
    const text = commentMarkdown(result(5000), {
      withBaseline: true,
      runUrl: 'https://github.com/acme/login/actions/runs/1',
    })
    expect(text.length).toBeLessThan(MAX_COMMENT_LENGTH / 2)
    expect(text).toContain(`**Worst findings** (${COMMENT_FINDINGS} of 5000)`)
    expect(text.split('\n').filter((line) => line.startsWith('| high'))).toHaveLength(COMMENT_FINDINGS)
    expect(text).toContain('**5000** of 5000 finding(s) are new against the baseline')
  })
})
