// The example workflows, run. For each workflows-examples file, each job's steps that use this project's
// actions run through the runner harness (runBundle: the real bundle on Node 24, action.yml defaults, INPUT_*
// variables, file commands) with the `with:` and `env:` the workflow gives them, every `${{ }}` filled from a
// test context, against the demo target (scripts/demo/target.mjs: the stand-in backend, its PostgreSQL with
// trusted_login_db, a week of backups, logs/app.log) and the loopback GitHub API. So an example whose inputs
// an action refuses, whose expressions name something that is not there, or whose step fails against a
// healthy service, fails here. The other steps (checkout, cache, code scanning, run scripts) are GitHub's or
// the user's and are not run, except that uploaded artifacts are handed to the jobs that download them (the
// fleet's reports); the steps of one job share a workspace, as on a runner. The root action runs the demo's
// runbook file (scripts/demo/runbook.yml) as the job's .github/runbook.yml.
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'

import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { parse } from 'yaml'

import { type DemoTarget, startDemoTarget } from '../../scripts/demo/target.mjs'
import { type Contexts, type Value, interpolate } from '../support/expressions.js'
import { type GitHubApi, startGitHubApi } from '../support/github-api.js'
import { type RunResult, runBundle } from '../support/runner.js'
import {
  type ActionMeta,
  type Mapping,
  examplesDir,
  exampleFiles,
  isMapping,
  jobsOf,
  loadActions,
  ourAction,
  root,
} from '../support/workflows.js'

const node = inject('node24')
const actions = loadActions()

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
    case 'runbook.yml':
      return { name: 'workflow_dispatch', payload: { inputs: { schedule: 'daily' } } }
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
  // Any free port: another run of the demo may hold 8007.
  demo = await startDemoTarget({ port: 0, note: () => {} })
  api = await startGitHubApi({ repository: 'example/trusted-login' })
  pullNumber = api.addPullRequest({ title: 'Retry budget', body: FILLED_PULL_REQUEST }).number
  dir = mkdtempSync(path.join(tmpdir(), 'workflows-e2e-'))
  artifacts = path.join(dir, 'artifacts')
  mkdirSync(artifacts)
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
  // A workflow_call's inputs: its declared defaults, and what the caller in its header comment gives.
  const inputs: Record<string, Value> = Object.fromEntries(
    Object.entries(isMapping(workflowCall.inputs) ? workflowCall.inputs : {}).map(([key, spec]) => [
      key,
      (isMapping(spec) ? spec.default : undefined) as Value,
    ]),
  )
  if (file === 'reusable-runbook.yml') inputs.schedule = 'daily'
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
  meta: ActionMeta
  result: RunResult
}

// The artifacts the jobs uploaded (actions/upload-artifact), by name, for later jobs to download: the
// fleet's matrix jobs hand their reports to the merging job this way.
let artifacts: string

/** actions/upload-artifact and actions/download-artifact, done on the test's own artifact folder. */
function transferArtifacts(step: Mapping, workspace: string, read: (value: unknown) => string): void {
  const uses = typeof step.uses === 'string' ? step.uses : ''
  const given = isMapping(step.with) ? step.with : {}
  if (uses.startsWith('actions/upload-artifact@')) {
    const from = path.join(workspace, read(given.path))
    if (existsSync(from)) cpSync(from, path.join(artifacts, read(given.name), path.basename(from)))
  } else if (uses.startsWith('actions/download-artifact@')) {
    // Several artifacts (a pattern) go into a folder each under `path`, as download-artifact does.
    // The examples' patterns are a prefix and a star (report-*).
    const prefix = read(given.pattern).replace(/\*$/, '')
    const names = readdirSync(artifacts).filter((n) => n.startsWith(prefix))
    for (const name of names)
      cpSync(path.join(artifacts, name), path.join(workspace, read(given.path), name), { recursive: true })
  }
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
  // The runbook file: the demo's (scripts/demo/runbook.yml), which reads the demo target's addresses from
  // the environment (DEMO_URL, DATABASE_URL, ...), and the smoke flow at the path that file names.
  cpSync(path.join(root, 'scripts', 'demo', 'runbook.yml'), path.join(workspace, '.github', 'runbook.yml'))
  cpSync(
    path.join(root, 'test', 'fixtures', 'health-gate', 'smoke'),
    path.join(workspace, 'test', 'fixtures', 'health-gate', 'smoke'),
    { recursive: true },
  )
  const jobTemp = path.join(jobDir, 'runner-temp')
  mkdirSync(jobTemp)
  // monthly.yml's "Fetch the newest backups" is the user's to write: here it is a copy of the demo's.
  cpSync(demo.backupDir, path.join(jobTemp, 'backups'), { recursive: true })

  const contexts = contextsFor(file, doc, jobTemp)
  const options = { workspace }
  // A `with:` or `env:` value as the step gets it: expressions filled, then the hosts' paths and services.
  const fill = (value: unknown): string => {
    let text = interpolate(value, contexts, options)
    for (const [from, to] of hostPaths(demo)) text = text.split(from).join(to)
    return text
  }
  const fillAll = (values: unknown): Record<string, string> =>
    Object.fromEntries(Object.entries(isMapping(values) ? values : {}).map(([k, v]) => [k, fill(v)]))
  contexts.env = { ...fillAll(doc.env), ...fillAll(job.job.env) }
  const eventPath = path.join(jobDir, 'event.json')
  writeFileSync(eventPath, JSON.stringify((contexts.github as Mapping).event))

  const runs: StepRun[] = []
  for (const [index, step] of job.steps.entries()) {
    const action = typeof step.uses === 'string' ? ourAction(step.uses) : undefined
    if (!action) {
      transferArtifacts(step, workspace, (value) => interpolate(value, contexts, options))
      continue
    }
    const meta = actions.get(action)!
    const where = `${file}: jobs.${jobId}.steps[${index}]`
    const inputs = fillAll(step.with)
    const result = await runBundle(meta.bundle, {
      node,
      workspace,
      inputs,
      env: {
        // The runner's environment: here, where the demo target is (read by the demo's runbook file).
        ...demo.env,
        ...(contexts.env as Record<string, string>),
        ...fillAll(step.env),
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
    runs.push({ where, meta, result })
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
  // The runbook's daily schedule (chosen at dispatch, or by the caller) ran and every check passed.
  'runbook.yml: jobs.runbook.steps[2]': { failed: '' },
  'reusable-runbook.yml: jobs.runbook.steps[1]': { failed: '' },
  'fleet.yml: jobs.check.steps[1]': { failed: '' },
  // The fleet job merged the matrix jobs' reports (downloaded artifacts) into one report: the demo log's
  // errors make it a warning, nothing failed.
  'fleet.yml: jobs.fleet.steps[1]': { status: 'warn', failed: '', targets: expect.stringMatching(/^[1-9]/) },
}

const plan = exampleFiles().flatMap((file) =>
  jobsOf(readFileSync(path.join(examplesDir, file), 'utf8'))
    .filter(({ steps }) => steps.some((s) => typeof s.uses === 'string' && ourAction(s.uses)))
    .map(({ id }) => ({ file, job: id })),
)

it('finds a job using our actions in every example workflow', () => {
  expect(new Set(plan.map((p) => p.file))).toEqual(new Set(exampleFiles()))
})

describe.each(plan)('workflows-examples/$file, job $job', ({ file, job }) => {
  it('runs its steps that use our actions against the demo target', { timeout: 600_000 }, async () => {
    expect(demo.postgres, 'the demo target needs PostgreSQL (apt-get install postgresql)').toBe(true)
    const runs = await runJob(file, job)
    expect(runs.length).toBeGreaterThan(0)
    for (const run of runs) {
      const result = run.result
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

it('asked the GitHub API only what GitHub would answer', () => {
  expect(api.violations).toEqual([])
})
