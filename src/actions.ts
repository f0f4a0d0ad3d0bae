/** Every action, by name: the CLI runs them from a terminal, the runbook action in one process. */
import { backupVerifyAction } from './backup-verify/action.js'
import { changeGateAction } from './change-gate/action.js'
import { AnyActionDefinition } from './core/action.js'
import { dbMaintainAction } from './db-maintain/action.js'
import { depAuditAction } from './dep-audit/action.js'
import { healthGateAction } from './health-gate/action.js'
import { logReviewAction } from './log-review/action.js'

export const ACTIONS: readonly AnyActionDefinition[] = [
  healthGateAction,
  dbMaintainAction,
  backupVerifyAction,
  depAuditAction,
  logReviewAction,
  changeGateAction,
]

export function findAction(name: string): AnyActionDefinition | undefined {
  return ACTIONS.find((action) => action.name === name)
}
