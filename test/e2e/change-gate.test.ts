// The change-gate bundle on Node 24, run as the GitHub runner runs it (action.yml defaults, INPUT_*
// variables, an event payload file at GITHUB_EVENT_PATH, file commands), against the loopback GitHub API
// (GITHUB_API_URL; every request checked against GitHub's OpenAPI description). The bodies are the
// grafana/grafana pull-request template (test/fixtures/SOURCES.md), filled in and as it comes.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import { afterAll, afterEach, beforeAll, expect, inject, it } from 'vitest'

import { GitHubApi, startGitHubApi } from '../support/github-api.js'
import { RunResult, runBundle } from '../support/runner.js'

const node = inject('node24')
const TEMPLATE_PATH = new URL('../fixtures/change-gate/grafana-pull_request_template.md', import.meta.url)
  .pathname
const TEMPLATE = readFileSync(TEMPLATE_PATH, 'utf8')
const SECTIONS = 'What is this feature?, Why do we need this feature?'

/** The template filled in by an author: both sections answered, a ticket, every task ticked. */
const FILLED = TEMPLATE.replace(
  '[Add a brief description of what the feature or update does.]',
  'Adds a retry budget to the alerting scheduler.',
)
  .replace(
    '[Add a description of the problem the feature is trying to solve.]',
    'Alert rules flapped when the datasource timed out once.',
  )
  .replace('Fixes #\n', 'Fixes #48213\n')
  .replaceAll('- [ ] ', '- [x] ')
/** Filled in, except the second section, which still holds only the template's text. */
const HALF = FILLED.replace(
  'Alert rules flapped when the datasource timed out once.',
  '[Add a description of the problem the feature is trying to solve.]',
)

let api: GitHubApi
let dir: string
const runs: RunResult[] = []
beforeAll(async () => {
  // The runner harness names the repository example/trusted-login (GITHUB_REPOSITORY).
  api = await startGitHubApi({ repository: 'example/trusted-login' })
  dir = mkdtempSync(join(tmpdir(), 'change-gate-e2e-'))
})
afterEach(() => {
  expect(api.violations).toEqual([])
  runs.splice(0).forEach((r) => r.cleanup())
})
afterAll(async () => {
  await api.close()
  rmSync(dir, { recursive: true, force: true })
})

/** Runs the bundle on a pull_request event whose payload carries `payloadBody`. */
async function gate(
  number: number,
  payloadBody: string,
  options: { token?: string; fork?: boolean; eventName?: string } = {},
): Promise<RunResult> {
  const eventPath = join(dir, `event-${number}-${runs.length}.json`)
  const repo = { full_name: api.repository }
  const event =
    options.eventName === 'push'
      ? { ref: 'refs/heads/main' }
      : {
          action: 'edited',
          pull_request: {
            number,
            title: 'Alerting: retry budget',
            body: payloadBody,
            labels: [],
            head: { repo: { ...repo, fork: options.fork ?? false } },
            base: { repo },
          },
        }
  writeFileSync(eventPath, JSON.stringify(event))
  const result = await runBundle('change-gate', {
    node,
    inputs: { token: options.token ?? api.token, 'required-sections': SECTIONS, template: TEMPLATE_PATH },
    env: {
      GITHUB_EVENT_PATH: eventPath,
      GITHUB_EVENT_NAME: options.eventName ?? 'pull_request',
      GITHUB_API_URL: api.url,
      GITHUB_SERVER_URL: 'https://github.com',
    },
  })
  runs.push(result)
  return result
}

const commentsOn = (number: number) => api.state.comments.filter((c) => c.issue_number === number)

it('passes a filled-in body: exit 0, outputs, summary and one comment saying all is in place', async () => {
  const pull = api.addPullRequest({ title: 'Alerting: retry budget', body: FILLED })
  const result = await gate(pull.number, FILLED)
  expect(result.exitCode, result.stdout).toBe(0)
  expect(result.outputs).toMatchObject({ status: 'pass', missing: '' })
  expect(result.summary).toContain('change-gate: pull request #')
  expect(commentsOn(pull.number)).toHaveLength(1)
  expect(commentsOn(pull.number)[0].body).toContain('is in place')
  expect(commentsOn(pull.number)[0].body).toContain(
    '([this run](https://github.com/example/trusted-login/actions/runs/1234))',
  )
  expect(result.outputs['comment-url']).toBe(commentsOn(pull.number)[0].html_url)
  // The token is masked in the runner's log and never printed.
  expect(result.masks).toContain(api.token)
  expect(result.stdout.replaceAll(`::add-mask::${api.token}`, '')).not.toContain(api.token)
})

it("fails a section left with only the template's text, naming it, and updates the one comment in place", async () => {
  const pull = api.addPullRequest({ title: 'Alerting: retry budget', body: HALF })
  const first = await gate(pull.number, HALF)
  expect(first.exitCode).not.toBe(0)
  expect(first.outputs).toMatchObject({ status: 'fail', missing: 'Why do we need this feature?' })
  expect(first.annotations).toContainEqual(
    expect.objectContaining({
      kind: 'error',
      message: expect.stringContaining(
        `"Why do we need this feature?" holds only the template's placeholder text`,
      ),
    }),
  )
  expect(first.summary).toContain('Why do we need this feature?')
  const [comment] = commentsOn(pull.number)
  expect(comment.body).toContain(`"Why do we need this feature?" holds only the template's placeholder text`)

  // The author fills it in; the re-run's payload is the old one, the API has the edit.
  api.state.pulls.find((p) => p.number === pull.number)!.body = FILLED
  const second = await gate(pull.number, HALF)
  expect(second.exitCode, second.stdout).toBe(0)
  expect(commentsOn(pull.number).map((c) => c.id)).toEqual([comment.id])
  expect(commentsOn(pull.number)[0].body).toContain('is in place')
})

it('with a read-only token (a fork): no comment, a notice, and the gate still fails or passes', async () => {
  const failing = api.addPullRequest({ title: 'Alerting: retry budget', body: HALF })
  const fails = await gate(failing.number, HALF, { token: api.readOnlyToken, fork: true })
  expect(fails.exitCode).not.toBe(0)
  expect(fails.outputs).toMatchObject({ status: 'fail', 'comment-url': '' })
  expect(fails.annotations).toContainEqual(
    expect.objectContaining({
      kind: 'warning',
      message: expect.stringContaining('whose workflow token is read-only'),
    }),
  )
  expect(commentsOn(failing.number)).toEqual([])

  const passing = api.addPullRequest({ title: 'Alerting: retry budget', body: FILLED })
  const passes = await gate(passing.number, FILLED, { token: api.readOnlyToken })
  expect(passes.exitCode, passes.stdout).toBe(0)
  expect(passes.annotations).toContainEqual(
    expect.objectContaining({
      kind: 'warning',
      message: expect.stringContaining('the token may not comment'),
    }),
  )
  expect(commentsOn(passing.number)).toEqual([])
})

it('says in one line what to do when the event is not a pull request', async () => {
  const result = await gate(1, '', { eventName: 'push' })
  expect(result.exitCode).not.toBe(0)
  const errors = result.annotations.filter((a) => a.kind === 'error')
  expect(errors.map((e) => e.message)).toEqual([
    "change-gate: the 'push' event that started this run has no pull request: run change-gate in a workflow `on: pull_request` (types: opened, edited, synchronize, reopened, labeled, unlabeled)",
  ])
})
