// The example workflows, run. For each workflows-examples file, each job's steps that use this project's
// actions run through the runner harness (runBundle: the real bundle on Node 24, action.yml defaults, INPUT_*
// variables, file commands) with the `with:` and `env:` the workflow gives them, every `${{ }}` filled from a
// test context, against the demo target (scripts/demo/target.mjs: the stand-in backend, its PostgreSQL with
// trusted_login_db, a week of backups, logs/app.log) and the loopback GitHub API. So an example whose inputs
// an action refuses, whose expressions name something that is not there, or whose step fails against a
// healthy service, fails here. The other steps (checkout, cache, artifacts, code scanning, run scripts) are
// GitHub's or the user's and are not run; the steps of one job share a workspace, as on a runner.
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'

import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { parse } from 'yaml'

import { type Contexts, type Value, interpolate } from '../support/expressions.js'
import { type GitHubApi, startGitHubApi } from '../support/github-api.js'
import { type RunResult, runBundle } from '../support/runner.js'
import {
  type ActionMeta,
  type Mapping,
  ROOT,
  examplesDir,
  exampleFiles,
  isMapping,
  jobsOf,
  loadActions,
  ourAction,
  root,
} from '../support/workflows.js'

interface DemoTarget {
  url: string
  origin: string
  databaseUrl: string | undefined
  scratchUrl: string | undefined
  backupDir: string
  logPath: string
  postgres: boolean
  env: Record<string, string>
  stop: () => Promise<void>
}
// scripts/demo/target.mjs has JSDoc types only; a computed specifier keeps TypeScript from asking for more.
const TARGET_MODULE = '../../scripts/demo/target.mjs'

const node = inject('node24')
const actions = loadActions()

/**
 * Steps not run, each with why. Asserted below to be exactly the steps that are skipped, so a step cannot
 * drop out silently.
 */
function whySkipped(action: string): string | undefined {
  // The root action (./action.yml, the runbook) is written on another branch, and runBundle runs only
  // actions/<name>: its steps are listed here until both are in place.
  if (action === ROOT) return 'the root action is not run by the harness yet'
  return undefined
}

// What a self-hosted runner on the application or database host would see, or the job's `services:`
// container: here, the demo target's files and server. Applied to the inputs after expressions are filled.
function hostPaths(demo: DemoTarget): [string, string][] {
  return [
    ['/opt/trusted-login/logs/app.log', demo.logPath],
    ['/var/backups/trusted_login_db', demo.backupDir],
    ['postgres://postgres:scratch@localhost:5432/postgres', demo.scratchUrl ?? ''],
  ]
}

/** The event each workflow is run for: one that runs its jobs (a dispatch for those that have one). */
function eventFor(file: string, demo: DemoTarget, pullNumber: number): { name: string; payload: Mapping } {
  switch (file) {
    case 'pr-gate.yml':
      return {
        name: 'pull_request',
        payload: {
          action: 'edited',
          number: pullNumber,
          pull_request: { number: pullNumber, title: 'Retry budget', body: FILLED_PULL_REQUEST, labels: [] },
        },
      }
    case 'post-deploy.yml':
      return {
        name: 'deployment_status',
        payload: {
          deployment_status: { state: 'success', environment: 'staging', environment_url: demo.url },
          // The deployment started a day ago: the log review reads from then on.
          deployment: { created_at: new Date(Date.now() - 86_400_000).toISOString() },
        },
      }
    case 'manual.yml':
      return {
        name: 'workflow_dispatch',
        payload: { inputs: { check: 'health-gate', target: 'staging', url: demo.url } },
      }
    case 'monthly.yml':
      return { name: 'workflow_dispatch', payload: { inputs: { 'dry-run': 'true' } } }
    case 'reusable-runbook.yml':
      return { name: 'workflow_call', payload: {} }
    default:
      return { name: 'workflow_dispatch', payload: { inputs: {} } }
  }
}

const FILLED_PULL_REQUEST = [
  '## Rollback plan',
  'Revert the merge commit and redeploy the previous release tag.',
  '',
  '## Test evidence',
  'Ran the unit tests and the login smoke flow against staging: all green.',
  '',
  'Fixes #4821',
  '',
  '- [x] Tests added',
].join('\n')

let demo: DemoTarget
let api: GitHubApi
let dir: string
let pullNumber: number

beforeAll(async () => {
  const { startDemoTarget } = (await import(TARGET_MODULE)) as {
    startDemoTarget: (options: { port: number; note: (text: string) => void }) => Promise<DemoTarget>
  }
  // Any free port: another run of the demo may hold 8007.
  demo = await startDemoTarget({ port: 0, note: () => {} })
  api = await startGitHubApi({ repository: 'example/trusted-login' })
  pullNumber = api.addPullRequest({ title: 'Retry budget', body: FILLED_PULL_REQUEST }).number
  dir = mkdtempSync(path.join(tmpdir(), 'workflows-e2e-'))
}, 180_000)

afterAll(async () => {
  await demo?.stop()
  await api?.close()
  if (dir) rmSync(dir, { recursive: true, force: true })
})

/** The contexts a workflow's expressions read, for one job. */
function contextsFor(file: string, doc: Mapping, jobTemp: string): Contexts {
  const event = eventFor(file, demo, pullNumber)
  const workflowCall = isMapping(doc.on) && isMapping(doc.on.workflow_call) ? doc.on.workflow_call : {}
  // A workflow_call's inputs are its declared defaults (what a caller that gives none gets).
  const inputs = Object.fromEntries(
    Object.entries(isMapping(workflowCall.inputs) ? workflowCall.inputs : {}).map(([key, spec]) => [
      key,
      (isMapping(spec) ? spec.default : undefined) as Value,
    ]),
  )
  return {
    github: {
      event_name: event.name,
      event: event.payload as Value,
      token: api.token,
      repository: api.repository,
      run_id: '1234',
      ref_name: 'main',
      base_ref: 'main',
      actor: 'octocat',
    },
    vars: {
      HEALTH_URL: demo.url,
      HEALTH_TRUSTED_HOSTS: '',
      PR_GATE_START: 'true', // the application is already running: the demo target
      PR_GATE_HEALTH_URL: demo.url,
    },
    secrets: {
      DATABASE_URL: demo.databaseUrl ?? '',
      READONLY_DATABASE_URL: demo.databaseUrl ?? '',
      HEALTH_TOKEN: 'test-health-token',
      SMOKE_PASSWORD: demo.env.SMOKE_PASSWORD,
      'database-url': demo.databaseUrl ?? '',
    },
    runner: { temp: jobTemp },
    matrix: { environment: 'staging' },
    inputs,
    env: {},
    steps: {},
  }
}

interface StepRun {
  where: string
  action: string
  meta: ActionMeta
  result?: RunResult
  skipped?: string
}

/** Runs the steps of one job that use our actions, in order; earlier steps' outputs feed later ones. */
async function runJob(file: string, jobId: string): Promise<StepRun[]> {
  const source = readFileSync(path.join(examplesDir, file), 'utf8')
  const doc = parse(source) as Mapping
  const job = jobsOf(source).find((j) => j.id === jobId)!
  const jobDir = mkdtempSync(path.join(dir, `${file}-${jobId}-`))
  // The job's checkout: a repository with the smoke flow of the health-gate README as .github/smoke.yml.
  const workspace = path.join(jobDir, 'workspace')
  mkdirSync(path.join(workspace, '.github'), { recursive: true })
  cpSync(
    path.join(root, 'test', 'fixtures', 'health-gate', 'smoke', 'login.yml'),
    path.join(workspace, '.github', 'smoke.yml'),
  )
  const jobTemp = path.join(jobDir, 'runner-temp')
  mkdirSync(jobTemp)
  // monthly.yml's "Fetch the newest backups" is the user's to write: here it is a copy of the demo's.
  cpSync(demo.backupDir, path.join(jobTemp, 'backups'), { recursive: true })

  const contexts = contextsFor(file, doc, jobTemp)
  const options = { workspace }
  const envOf = (value: unknown): Record<string, string> =>
    Object.fromEntries(
      Object.entries(isMapping(value) ? value : {}).map(([k, v]) => [k, interpolate(v, contexts, options)]),
    )
  const workflowEnv = envOf(doc.env)
  contexts.env = { ...workflowEnv, ...envOf(job.job.env) }
  const eventPath = path.join(jobDir, 'event.json')
  writeFileSync(eventPath, JSON.stringify((contexts.github as Mapping).event))

  const runs: StepRun[] = []
  for (const [index, step] of job.steps.entries()) {
    const action = typeof step.uses === 'string' ? ourAction(step.uses) : undefined
    if (!action) continue
    const meta = actions.get(action)!
    const where = `${file}: jobs.${jobId}.steps[${index}]`
    const skipped = whySkipped(action)
    if (skipped) {
      runs.push({ where, action, meta, skipped })
      continue
    }
    const inputs = Object.fromEntries(
      Object.entries(isMapping(step.with) ? step.with : {}).map(([key, value]) => {
        let text = interpolate(value, contexts, options)
        for (const [from, to] of hostPaths(demo)) text = text.split(from).join(to)
        return [key, text]
      }),
    )
    const result = await runBundle(meta.bundle, {
      node,
      workspace,
      inputs,
      env: {
        ...(contexts.env as Record<string, string>),
        ...envOf(step.env),
        GITHUB_EVENT_NAME: (contexts.github as Mapping).event_name as string,
        GITHUB_EVENT_PATH: eventPath,
        GITHUB_API_URL: api.url,
        GITHUB_SERVER_URL: 'https://github.com',
        // Nothing reaches a package registry from a test: npm is pointed at a closed local port.
        npm_config_registry: 'http://127.0.0.1:9/',
      },
      timeoutMs: 240_000,
    })
    result.cleanup() // its own temp files; the workspace stays for the job's next steps
    runs.push({ where, action, meta, result })
    if (typeof step.id === 'string') (contexts.steps as Mapping)[step.id] = { outputs: result.outputs }
  }
  return runs
}

// What some steps must have done beyond passing, as the example's comments promise.
const WHAT_IT_DID: Record<string, Record<string, unknown>> = {
  // hashFiles found the smoke flow and the login flow ran (7 steps) with the password from the secret.
  'daily.yml: jobs.health.steps[2]': { 'smoke-passed': '7', 'smoke-failed': '0' },
  'post-deploy.yml: jobs.health.steps[3]': { 'smoke-passed': '7', 'smoke-failed': '0' },
  // The newest backup was restored into the scratch server (the job's `services: postgres`).
  'monthly.yml: jobs.restore-test.steps[1]': {
    status: 'pass',
    'restore-seconds': expect.stringMatching(/^\d/),
  },
  'weekly.yml: jobs.backups.steps[0]': { status: 'pass' },
  'pr-gate.yml: jobs.change-gate.steps[1]': { status: 'pass', missing: '' },
}

const plan = exampleFiles().flatMap((file) =>
  jobsOf(readFileSync(path.join(examplesDir, file), 'utf8'))
    .filter(({ steps }) => steps.some((s) => typeof s.uses === 'string' && ourAction(s.uses)))
    .map(({ id }) => ({ file, job: id })),
)
const skippedSteps: string[] = []

it('finds a job using our actions in every example workflow', () => {
  expect(new Set(plan.map((p) => p.file))).toEqual(new Set(exampleFiles()))
})

describe.each(plan)('workflows-examples/$file, job $job', ({ file, job }) => {
  it('runs its steps that use our actions against the demo target', { timeout: 600_000 }, async () => {
    expect(demo.postgres, 'the demo target needs PostgreSQL (apt-get install postgresql)').toBe(true)
    const runs = await runJob(file, job)
    expect(runs.length).toBeGreaterThan(0)
    for (const run of runs) {
      if (run.skipped) {
        skippedSteps.push(`${run.where}: ${run.skipped}`)
        continue
      }
      const result = run.result!
      const said = `${run.where} (${run.meta.label})\n${result.stdout}\n${result.stderr}`
      expect(result.exitCode, said).toBe(0)
      // Every output the step set is one its action.yml declares, and it set its status and report.
      for (const output of Object.keys(result.outputs)) expect(run.meta.outputs, said).toContain(output)
      expect(result.outputs.status, said).not.toBe('')
      expect(result.outputs.report, said).toMatch(/\.json$/)
      expect(
        result.annotations.filter((a) => a.kind === 'error'),
        said,
      ).toEqual([])
      expect(result.outputs, said).toMatchObject(WHAT_IT_DID[run.where] ?? {})
    }
  })
})

it('skipped only the steps it says why for', () => {
  const why = 'the root action is not run by the harness yet'
  expect(skippedSteps.sort()).toEqual([
    `fleet.yml: jobs.check.steps[1]: ${why}`,
    `fleet.yml: jobs.fleet.steps[1]: ${why}`,
    `reusable-runbook.yml: jobs.runbook.steps[1]: ${why}`,
    `runbook.yml: jobs.runbook.steps[2]: ${why}`,
  ])
  expect(api.violations).toEqual([])
})
