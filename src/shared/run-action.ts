import * as core from '@actions/core'

import { ConfigurationError, getErrorMessage, wrapError } from './errors.js'
import { redact, setMaskSink } from './secrets.js'
import { fenceWorkflowCommands } from './workflow-commands.js'

/** State key set by the main step; the runner hands it back to the `post` step as `STATE_isPost`. */
const POST_FLAG = 'isPost'

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
