import * as core from '@actions/core'

import { annotateLocations } from './annotations.js'
import { githubClient } from './github.js'
import { actionInputGetter } from './inputs.js'
import { actionsLogger } from './logger.js'
import { publishReport } from './publish.js'
import { ActionDefinition, CommonInputs, RunContext, StateStore, runMain } from '../core/action.js'
import { ConfigurationError, getErrorMessage, wrapError } from '../core/errors.js'
import { InputReader } from '../core/inputs.js'
import { redact, setMaskSink } from '../core/secrets.js'
import { fenceWorkflowCommands } from '../core/workflow-commands.js'

/** State key set by the main step; the runner hands it back to the `post` step as `STATE_isPost`. */
const POST_FLAG = 'isPost'

/**
 * An action's `index.ts`: reads the inputs from the runner, runs the definition, and publishes its
 * report (JSON file, outputs, job summary, annotations, exit code); in the post step, runs its cleanup.
 */
export async function runActionDefinition<Inputs extends CommonInputs, Data>(
  definition: ActionDefinition<Inputs, Data>,
): Promise<void> {
  const workspace = process.env.GITHUB_WORKSPACE || process.cwd()
  // The one clock of the run; `now` is its reading when the inputs are read.
  const clock = () => new Date()
  const readInputs = () =>
    definition.readInputs(new InputReader(actionInputGetter), { now: clock(), workspace })
  const context = (): RunContext => ({
    now: clock(),
    workspace,
    logger: actionsLogger,
    // Only an action that watches the signal takes SIGINT over; the others keep Node's default (exit).
    signal: definition.onCancel
      ? cancellation(definition.name, definition.onCancel)
      : new AbortController().signal,
    clock,
    runId: githubRunId(),
    state: runnerState,
    github: githubClient,
  })
  const post = definition.post
  await runAction(definition.name, {
    main: async () => {
      const inputs = readInputs()
      const result = await runMain(definition, inputs, context())
      await publishReport(result.report, result.outputs, inputs.reportPath, definition)
      // Findings on a file and line (bandit) land where a reviewer sees them in the diff.
      if (result.locations) annotateLocations(result.locations)
    },
    post: post && (async () => await post(readInputs, context())),
  })
}

/** The runner's state file: what the main step saves, the post step reads back. */
const runnerState: StateStore = {
  get: (key) => core.getState(key),
  set: (key, value) => core.saveState(key, value),
}

/** The GitHub run id and attempt, so that what a run names (a scratch database) is its own. */
function githubRunId(): string {
  const attempt = process.env.GITHUB_RUN_ATTEMPT ? `_${process.env.GITHUB_RUN_ATTEMPT}` : ''
  return `${process.env.GITHUB_RUN_ID ?? 'local'}${attempt}`
}

export interface ActionSteps {
  /** The action's work. Throws ConfigurationError for user mistakes. */
  main: () => Promise<void>
  /** Cleanup that must run even when main failed or the job was cancelled (action.yml `post`). */
  post?: () => Promise<void>
}

/**
 * The one way every action runs. One bundle serves both `main` and `post` (the state flag tells them
 * apart). A user mistake becomes `<action>: <message>` with no stack; any other error is a bug, still one
 * line, with its stack only when the runner's debug logging is on (RUNNER_DEBUG=1). Secrets are redacted
 * from every message.
 */
export async function runAction(name: string, steps: ActionSteps): Promise<void> {
  // Under the runner, every secret the action registers is also masked in the runner's log.
  setMaskSink((secret) => core.setSecret(secret))
  const isPost = core.getState(POST_FLAG) === 'true'
  try {
    if (isPost) {
      await steps.post?.()
      return
    }
    core.saveState(POST_FLAG, 'true')
    await steps.main()
  } catch (error) {
    reportFailure(name, error, isPost)
  }
}

function reportFailure(name: string, error: unknown, isPost: boolean): void {
  const message = redact(getErrorMessage(error)).split('\n')[0]
  const where = isPost ? `${name} (cleanup)` : name
  if (error instanceof ConfigurationError) {
    core.setFailed(`${where}: ${message}`)
    return
  }
  core.setFailed(`${where}: unexpected error: ${message}`)
  if (process.env.RUNNER_DEBUG === '1') core.info(fenceWorkflowCommands(redact(wrapError(error).stack ?? '')))
}

/**
 * An AbortSignal that fires when the runner cancels the job (SIGINT, then SIGTERM), so an action can stop
 * its own work, clean up and still report, instead of dying half way.
 */
export function cancellation(name: string, what: string): AbortSignal {
  const controller = new AbortController()
  const cancel = () => {
    if (controller.signal.aborted) return
    core.warning(`${name}: cancel requested: ${what}`)
    controller.abort()
  }
  process.on('SIGINT', cancel)
  process.on('SIGTERM', cancel)
  return controller.signal
}
