/**
 * The one shape of an action. Each action exports a definition; the GitHub runner (src/runner) and the
 * CLI (src/cli) both run it, and the runbook action runs several in one process. The definition never
 * touches @actions/*: what it needs from its host arrives in the context.
 */
import { runUrl } from './github-event.js'
import { GitHubConnect } from './github.js'
import { IncidentInputs, IncidentSubject, followIncident } from './incident.js'
import { InputReader } from './inputs.js'
import { Logger } from './logger.js'
import { LocatedAnnotation, Report } from './report.js'

/** Inputs every action has; the host writes the JSON report where `reportPath` says. */
export interface CommonInputs {
  reportPath?: string
  /** `incident-issue`, `token`, `notify-webhook`: read by the actions that define `incident`. */
  incident?: IncidentInputs
}

/** What the host knows when inputs are read: relative paths start at `workspace`. */
export interface ReadContext {
  now: Date
  workspace: string
}

/** Values the main step keeps for its post step (the runner's GITHUB_STATE; a map in the CLI). */
export interface StateStore {
  get(key: string): string
  set(key: string, value: string): void
}

/** State kept in memory, for a host whose post step runs in the same process (the CLI, a runbook check). */
export function memoryState(): StateStore {
  const saved = new Map<string, string>()
  return { get: (key) => saved.get(key) ?? '', set: (key, value) => void saved.set(key, value) }
}

export interface RunContext extends ReadContext {
  logger: Logger
  /** Fires when the job is cancelled (or Ctrl-C in a terminal): stop, clean up, still report. */
  signal: AbortSignal
  /** The clock, injected so tests can move it. */
  clock: () => Date
  /** Unique per run and attempt (`<run id>_<attempt>` under GitHub, `cli_<pid>` in a terminal). */
  runId: string
  state: StateStore
  /** Makes a GitHub REST client from a token (the runner's API root and repository unless told others). */
  github: GitHubConnect
}

/** A run's result: the report, the action's scalar outputs and any annotations on files. */
export interface RunResult<Data = Record<string, unknown>> {
  report: Report<Data>
  outputs: Record<string, string | number | undefined>
  /** Annotations on a file and line (bandit findings), shown by the runner in the diff. */
  locations?: LocatedAnnotation[]
}

export interface ActionDefinition<
  Inputs extends CommonInputs = CommonInputs,
  Data = Record<string, unknown>,
> {
  /** The action's name, as in its folder and action.yml. */
  name: string
  /** Reads and validates the inputs; throws ConfigurationError naming the input and the fix. */
  readInputs(reader: InputReader, context: ReadContext): Inputs
  /** Warnings to show (as annotations under the runner) before the work starts, from the inputs. */
  warnings?(inputs: Inputs): string[]
  /** What cancelling means for this action, logged when the signal fires. */
  onCancel?: string
  run(inputs: Inputs, context: RunContext): Promise<RunResult<Data>>
  /**
   * What this action's incident issue is about (its target), for an action that can keep one; the hosts
   * open, comment on and close the issue after `run` (runMain).
   */
  incident?: (inputs: Inputs) => IncidentSubject
  /** The job summary, for an action that renders its report its own way (the runbook's combined one). */
  summary?: (report: Report<Data>) => string
  /** The one line that fails the step when the report failed, instead of its first failure's detail. */
  failure?: (report: Report<Data>) => string
  /**
   * The report JSON on one line instead of indented: for a report that carries thousands of records for
   * machines (dep-audit's findings, read back as a baseline), where indenting costs a third of writing it.
   */
  compactReport?: boolean
  /**
   * Cleanup that must run even when `run` failed or the job was cancelled (action.yml `post`). A property,
   * not a method: the runners take it off the definition and call it alone, without `this`.
   */
  post?: (readInputs: () => Inputs, context: RunContext) => Promise<void> | void
}

/** Lets a list hold definitions of different input and data types. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyActionDefinition = ActionDefinition<any, any>

/**
 * A definition's main step, the same under every host: the warnings its inputs call for (annotations
 * under the runner), `run`, then, before the host publishes the report, the incident issue (and the
 * webhook on a status change) when the action defines one and its inputs ask for it; that part never
 * throws and never changes the report.
 */
export async function runMain<Inputs extends CommonInputs, Data>(
  definition: ActionDefinition<Inputs, Data>,
  inputs: Inputs,
  context: RunContext,
): Promise<RunResult<Data>> {
  for (const warning of definition.warnings?.(inputs) ?? []) context.logger.alert(warning)
  const result = await definition.run(inputs, context)
  if (definition.incident && inputs.incident)
    await followIncident({
      action: definition.name,
      subject: definition.incident(inputs),
      settings: inputs.incident,
      report: result.report,
      github: context.github,
      logger: context.logger,
      clock: context.clock,
      runUrl: runUrl(),
      signal: context.signal,
    })
  return result
}
