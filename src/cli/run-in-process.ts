import { ActionDefinition, CommonInputs, RunContext, memoryState, runMain } from '../core/action.js'
import { InputReader, objectInputGetter } from '../core/inputs.js'
import { Logger } from '../core/logger.js'
import { Report } from '../core/report.js'
// The runner's client needs no runner: Octokit on a token, the API root from GITHUB_API_URL or the inputs.
import { githubClient } from '../runner/github.js'

/**
 * Runs a definition as the runner would, without @actions/*: Ctrl-C cancels an action that watches its
 * signal (its own statements, the scratch database) and still prints what was done; state for a post
 * step lives in memory, and the post step runs right after, since there is no later step.
 */
export async function runInProcess<Inputs extends CommonInputs, Data>(
  action: ActionDefinition<Inputs, Data>,
  flags: Record<string, string>,
  logger: Logger,
): Promise<Report<unknown>> {
  const workspace = process.cwd()
  const clock = () => new Date()
  const readInputs = () =>
    action.readInputs(new InputReader(objectInputGetter(flags)), { now: clock(), workspace })
  const inputs = readInputs()
  const controller = new AbortController()
  const onSigint = () => controller.abort()
  if (action.onCancel) process.once('SIGINT', onSigint)
  const context: RunContext = {
    now: clock(),
    workspace,
    logger,
    signal: controller.signal,
    clock,
    runId: `cli_${process.pid}`,
    state: memoryState(),
    github: githubClient,
  }
  try {
    return (await runMain(action, inputs, context)).report
  } finally {
    process.off('SIGINT', onSigint)
    await action.post?.(readInputs, context)
  }
}
