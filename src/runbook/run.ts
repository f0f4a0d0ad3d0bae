/**
 * Runs a runbook's plan in this process: each check through its action's definition, exactly as its own
 * step would run it (action.yml defaults, inputs read and validated, runMain with its incident issue,
 * then the post cleanup at once, since a runbook has no later step). A check that cannot run is a failed
 * check with the one line that says why, never a silent pass, and it never stops the others.
 */
import { withActionDefaults } from './check-inputs.js'
import { RunbookPlan, PlannedCheck } from './plan.js'
import { prefixedLogger } from './prefixed-logger.js'
import { findAction } from '../actions.js'
import { RunContext, RunResult, memoryState, runMain } from '../core/action.js'
import { ConfigurationError, getErrorMessage } from '../core/errors.js'
import { InputReader, objectInputGetter } from '../core/inputs.js'
import { Report, createReport } from '../core/report.js'

/** What one check of the plan came to. */
export interface CheckOutcome {
  check: PlannedCheck
  /** The check's own report; for a check that could not run, a failed report saying why. */
  report: Report<unknown>
  /** The check's scalar outputs, as its own step would set them (empty when it could not run). */
  outputs: RunResult['outputs']
  /** The inputs it ran with, action.yml defaults included. */
  inputs: Record<string, string>
  durationMs: number
}

/** The host's context, minus what differs per check (the logger's prefix, the state of its post step). */
export interface RunbookContext extends Omit<RunContext, 'state' | 'now'> {
  /** Told as each check finishes, in the order they finish (the terminal's progress line). */
  onCheckDone?: (outcome: CheckOutcome, done: number, total: number) => void
}

/**
 * Runs the plan's checks in order, at most `plan.maxParallel` at once, and returns their outcomes in the
 * plan's order. Cancelling (the signal) starts no further check; one already running gets the signal and
 * stops as its action does when a job is cancelled.
 */
export async function runPlan(plan: RunbookPlan, context: RunbookContext): Promise<CheckOutcome[]> {
  const outcomes: CheckOutcome[] = new Array<CheckOutcome>(plan.checks.length)
  const sequential = plan.maxParallel <= 1
  let next = 0
  let done = 0
  const worker = async () => {
    while (next < plan.checks.length) {
      const index = next++
      const check = plan.checks[index]
      const run = () => runCheck(check, context)
      // A log group per check folds the runner's log; groups cannot nest or interleave, so only in order.
      const outcome =
        sequential && context.logger.group ? await context.logger.group(check.id, run) : await run()
      outcomes[index] = outcome
      context.onCheckDone?.(outcome, ++done, plan.checks.length)
    }
  }
  const workers = Math.max(1, Math.min(plan.maxParallel, plan.checks.length))
  await Promise.all(Array.from({ length: workers }, worker))
  return outcomes
}

async function runCheck(check: PlannedCheck, host: RunbookContext): Promise<CheckOutcome> {
  const started = host.clock()
  const inputs = withActionDefaults(check.action, check.inputs)
  const finish = (result: Pick<RunResult<unknown>, 'report' | 'outputs'>): CheckOutcome => ({
    check,
    inputs,
    report: result.report,
    outputs: result.outputs,
    durationMs: host.clock().getTime() - started.getTime(),
  })
  const failed = (reason: string) => finish({ report: failedReport(check, reason, started), outputs: {} })
  if (host.signal.aborted) return failed('not run: the runbook was cancelled before it started')

  const definition = findAction(check.action)
  if (!definition) return failed(`unknown action '${check.action}' (${check.where})`)
  const logger = prefixedLogger(host.logger, check.id)
  // Each check keeps its own post state: two db-maintain checks must not clean up each other's database.
  const context: RunContext = { ...host, logger, state: memoryState(), now: started }
  const readInputs = (): unknown =>
    definition.readInputs(new InputReader(objectInputGetter(inputs)), {
      now: started,
      workspace: host.workspace,
    })
  let read: unknown
  try {
    read = readInputs()
    return finish(await runMain(definition, read, context))
  } catch (error) {
    // A mistake in the check's inputs says where the check is written: the file may hold several of it.
    return failed(error instanceof ConfigurationError ? `${oneLine(error)} (${check.where})` : oneLine(error))
  } finally {
    // Cleanup runs only for a check whose inputs were read: one that never started left nothing behind.
    if (read !== undefined) await cleanUp(() => definition.post?.(() => read, context), logger)
  }
}

async function cleanUp(post: () => Promise<void> | void, logger: RunContext['logger']): Promise<void> {
  try {
    await post()
  } catch (error) {
    logger.alert(`cleanup failed: ${oneLine(error)}`)
  }
}

/** The runner's one line for a failed step: a user's mistake as it is, anything else marked unexpected. */
function oneLine(error: unknown): string {
  const message = getErrorMessage(error).split('\n')[0]
  return error instanceof ConfigurationError ? message : `unexpected error: ${message}`
}

/** The report of a check that did not run to the end: failed, with the reason as its only check. */
function failedReport(check: PlannedCheck, reason: string, started: Date): Report<unknown> {
  return createReport({
    action: check.action,
    title: `${check.id}: ${reason}`,
    checks: [{ id: 'runbook:run', title: check.id, status: 'fail', detail: reason }],
    startedAt: started.toISOString(),
  })
}
