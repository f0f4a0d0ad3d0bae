/**
 * The runbook action's plan: which checks one schedule of a runbook file runs, with what inputs. The
 * loader (load.ts) turns the file, the event and the environment into a plan; the runner (run.ts) runs
 * it. Nothing in a plan is unresolved: every `${{ env.NAME }}` is filled and every input is a string,
 * exactly as a workflow step's `with:` would hand it over.
 */

/** One check of a schedule, ready to run. */
export interface PlannedCheck {
  /** Unique within the plan: the action's name, or `<name>#2`, `<name>#3` for a repeated one. */
  id: string
  /** The action's name, as in src/actions.ts (`health-gate`, `log-review`, ...). */
  action: string
  /**
   * The check's inputs by their action.yml names: the file's `defaults` the action declares, the
   * runbook action's own inputs handed down (incident-issue, token, notify-webhook), then the check's
   * own values (which win). The action's action.yml defaults are NOT filled in here: the runner applies
   * them, as GitHub's runner does for a step.
   */
  inputs: Record<string, string>
  /** Where the check is written, `<file>:<line>:<column>`, for messages about it. */
  where: string
}

export interface RunbookPlan {
  /** The runbook file, as given (relative to the workspace when it was relative). */
  file: string
  /** The schedule chosen: by the `schedule` input, or by the cron that triggered the workflow. */
  schedule: string
  /** How many checks may run at once (the schedule's `max-parallel`; 1, in order, by default). */
  maxParallel: number
  checks: PlannedCheck[]
}
