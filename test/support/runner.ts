import { spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'

import { parse } from 'yaml'

export const ROOT = resolve(import.meta.dirname, '../..')

export interface Annotation {
  kind: 'error' | 'warning' | 'notice'
  title?: string
  message: string
}

export interface StepResult {
  exitCode: number | null
  stdout: string
  stderr: string
}

export interface RunResult extends StepResult {
  outputs: Record<string, string>
  summary: string
  annotations: Annotation[]
  state: Record<string, string>
  /** Values the action asked the runner to mask (`::add-mask::`). */
  masks: string[]
  /** The post step, when action.yml declares one. */
  post?: StepResult
  /** The temp dir that served as RUNNER_TEMP and GITHUB_WORKSPACE's parent; removed by `cleanup`. */
  dir: string
  cleanup: () => void
}

export interface RunOptions {
  inputs?: Record<string, string>
  env?: Record<string, string>
  /** The node binary; the e2e tests pass Node 24, the runtime action.yml declares. */
  node?: string
  timeoutMs?: number
  /**
   * Use this folder as GITHUB_WORKSPACE (and the step's working directory) instead of a fresh empty one, so
   * the steps of one job share their files as on a runner; it is the caller's to remove.
   */
  workspace?: string
  /** Called with the main step's stdout so far on each chunk, to act when the action reaches a point. */
  onStdout?: (stdoutSoFar: string) => void
  /**
   * Send this signal to the main step, as the runner does when a job is cancelled: once `when` resolves
   * (an event the test waits on, such as the step's statement waiting on a lock), or after `afterMs`.
   * A `when` that rejects fails the run with its reason, after the step is stopped; `stepEnded` tells it
   * to stop waiting when the step ends first.
   */
  cancel?: { signal: NodeJS.Signals } & (
    { when: (stepEnded: AbortSignal) => Promise<unknown> } | { afterMs: number }
  )
}

interface ActionMetadata {
  inputs?: Record<string, { default?: string; required?: boolean }>
  runs: { using: string; main: string; post?: string }
}

/** Where an action's action.yml is: `actions/<name>/`, or the repository's root for the runbook action. */
export function actionDir(name: string): string {
  return name === 'runbook' ? ROOT : join(ROOT, 'actions', name)
}

export function readActionMetadata(name: string): ActionMetadata {
  return parse(readFileSync(join(actionDir(name), 'action.yml'), 'utf8')) as ActionMetadata
}

/**
 * Runs an action's bundle the way the GitHub runner does: action.yml defaults applied, `INPUT_<NAME>`
 * (upper-cased, hyphens kept), fresh GITHUB_OUTPUT / GITHUB_STEP_SUMMARY / GITHUB_STATE / GITHUB_ENV
 * files, RUNNER_TEMP and GITHUB_WORKSPACE; then the `post` entry with the saved state as `STATE_*`.
 * The environment is clean apart from PATH and HOME, so nothing of the test process leaks in.
 */
export async function runBundle(name: string, options: RunOptions = {}): Promise<RunResult> {
  const metadata = readActionMetadata(name)
  const dir = mkdtempSync(join(tmpdir(), `runner-${name}-`))
  const files = {
    GITHUB_OUTPUT: join(dir, 'output'),
    GITHUB_STEP_SUMMARY: join(dir, 'summary'),
    GITHUB_STATE: join(dir, 'state'),
    GITHUB_ENV: join(dir, 'env'),
  }
  for (const file of Object.values(files)) writeFileSync(file, '')
  const workspace = options.workspace ?? join(dir, 'workspace')
  const runnerTemp = join(dir, 'runner-temp')
  if (!options.workspace) mkdirSync(workspace)
  mkdirSync(runnerTemp)

  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? dir,
    GITHUB_ACTIONS: 'true',
    GITHUB_ACTION: `${name.replace(/-/g, '_')}_1`,
    GITHUB_REPOSITORY: 'example/trusted-login',
    GITHUB_RUN_ID: '1234',
    GITHUB_WORKSPACE: workspace,
    RUNNER_TEMP: runnerTemp,
    ...files,
  }
  for (const [input, spec] of Object.entries(metadata.inputs ?? {})) {
    if (spec.default !== undefined) env[inputVariable(input)] = String(spec.default)
  }
  for (const [input, value] of Object.entries(options.inputs ?? {})) env[inputVariable(input)] = value
  Object.assign(env, options.env)

  const node = options.node ?? process.execPath
  const main = await runStep(
    node,
    resolve(actionDir(name), metadata.runs.main),
    env,
    workspace,
    options.timeoutMs,
    options.cancel,
    options.onStdout,
  )
  const state = parseFileCommands(readFileSync(files.GITHUB_STATE, 'utf8'))

  let post: StepResult | undefined
  if (metadata.runs.post) {
    const postEnv = { ...env }
    for (const [key, value] of Object.entries(state)) postEnv[`STATE_${key}`] = value
    post = await runStep(
      node,
      resolve(actionDir(name), metadata.runs.post),
      postEnv,
      workspace,
      options.timeoutMs,
    )
  }

  const stdout = main.stdout + (post?.stdout ?? '')
  return {
    ...main,
    outputs: parseFileCommands(readFileSync(files.GITHUB_OUTPUT, 'utf8')),
    summary: readFileSync(files.GITHUB_STEP_SUMMARY, 'utf8'),
    annotations: parseAnnotations(stdout),
    masks: commandLines(stdout).flatMap((line) => /^::add-mask::(.*)$/.exec(line)?.[1] ?? []),
    state,
    post,
    dir,
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  }
}

export function inputVariable(name: string): string {
  return `INPUT_${name.replace(/ /g, '_').toUpperCase()}`
}

function runStep(
  node: string,
  script: string,
  env: Record<string, string>,
  cwd: string,
  timeoutMs = 60_000,
  cancel?: RunOptions['cancel'],
  onStdout?: RunOptions['onStdout'],
): Promise<StepResult> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(node, [script], { env, cwd, stdio: ['ignore', 'pipe', 'pipe'] })
    const ended = new AbortController()
    let cancelFailed: unknown
    const canceller =
      cancel && 'afterMs' in cancel && setTimeout(() => child.kill(cancel.signal), cancel.afterMs)
    if (cancel && 'when' in cancel) {
      cancel.when(ended.signal).then(
        () => ended.signal.aborted || child.kill(cancel.signal),
        (error: unknown) => {
          if (ended.signal.aborted) return
          cancelFailed = error
          child.kill('SIGKILL')
        },
      )
    }
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk) => {
      stdout += chunk
      onStdout?.(stdout)
    })
    child.stderr.on('data', (chunk) => (stderr += chunk))
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs)
    child.on('error', reject)
    child.on('close', (exitCode) => {
      ended.abort()
      clearTimeout(timer)
      if (canceller) clearTimeout(canceller)
      if (cancelFailed) reject(cancelFailed)
      else resolvePromise({ exitCode, stdout, stderr })
    })
  })
}

/** Parses the `name<<DELIMITER\nvalue\nDELIMITER` records @actions/core appends to file commands. */
export function parseFileCommands(text: string): Record<string, string> {
  const values: Record<string, string> = {}
  const lines = text.split('\n')
  for (let i = 0; i < lines.length; i++) {
    const match = /^([^<]+)<<(.+)$/.exec(lines[i])
    if (!match) continue
    const [, name, delimiter] = match
    const value: string[] = []
    for (i++; i < lines.length && lines[i] !== delimiter; i++) value.push(lines[i])
    values[name] = value.join('\n')
  }
  return values
}

function unescape(text: string): string {
  return text
    .replace(/%0D/g, '\r')
    .replace(/%0A/g, '\n')
    .replace(/%3A/g, ':')
    .replace(/%2C/g, ',')
    .replace(/%25/g, '%')
}

/**
 * The lines of a step's stdout the runner reads as commands: those starting with `::` (after
 * whitespace), except between `::stop-commands::<token>` and `::<token>::`, where the runner reads none.
 */
export function commandLines(stdout: string): string[] {
  const commands: string[] = []
  let stopToken: string | undefined
  for (const line of stdout.split(/\r\n|\r|\n/)) {
    const trimmed = line.trimStart()
    if (stopToken !== undefined) {
      if (trimmed === `::${stopToken}::`) stopToken = undefined
      continue
    }
    stopToken = /^::stop-commands::(.+)$/.exec(trimmed)?.[1]
    if (trimmed.startsWith('::')) commands.push(trimmed)
  }
  return commands
}

/** `::error title=T::message` commands from the step's stdout. */
export function parseAnnotations(stdout: string): Annotation[] {
  const annotations: Annotation[] = []
  const commands = commandLines(stdout).join('\n')
  for (const match of commands.matchAll(/^::(error|warning|notice)(?: ([^:]*))?::(.*)$/gm)) {
    const properties = Object.fromEntries(
      (match[2] ?? '')
        .split(',')
        .filter(Boolean)
        .map((pair) => {
          const eq = pair.indexOf('=')
          return [pair.slice(0, eq), unescape(pair.slice(eq + 1))]
        }),
    )
    annotations.push({
      kind: match[1] as Annotation['kind'],
      title: properties.title,
      message: unescape(match[3]),
    })
  }
  return annotations
}

/**
 * Everything a user or a log reader of a run could see, main and post step: the log (without the runner's
 * own `::add-mask::` commands, which it hides), stderr, the summary, the outputs, the annotations and the
 * JSON report. Tests look for secrets in it.
 */
export function visibleText(result: RunResult): string {
  const report = result.outputs.report ? readFileSync(result.outputs.report, 'utf8') : ''
  return [
    result.stdout.replace(/^::add-mask::.*$/gm, ''),
    result.stderr,
    result.summary,
    JSON.stringify(result.outputs),
    JSON.stringify(result.annotations),
    report,
    result.post?.stderr ?? '',
  ].join('\n')
}

/** Reads the JSON report a run wrote (the `report` output). */
export function readReport(result: RunResult): {
  status: string
  checks: { id: string; status: string; detail: string }[]
} {
  return JSON.parse(readFileSync(result.outputs.report, 'utf8'))
}
