import { audit } from './audit.js'
import { commentOnPullRequest } from './comment.js'
import { DepAuditData } from './evaluate.js'
import { DepAuditInputs, readInputs } from './inputs.js'
import { removeLeftVenv } from './pip-audit-venv.js'
import { ActionDefinition } from '../core/action.js'

/** pip-audit's virtual environment while it exists, for the post step to remove if this process is killed. */
const VENV_STATE = 'pip-audit-venv'

export const depAuditAction: ActionDefinition<DepAuditInputs, DepAuditData> = {
  name: 'dep-audit',
  // Every finding is in the report (10,000 for a large npm audit): indented, writing it took ~50 ms more.
  compactReport: true,
  readInputs: (reader) => readInputs(reader),
  run: async (inputs, { logger, clock, state, github }) => {
    const result = await audit(inputs, logger, clock(), {
      onVenv: (dir) => state.set(VENV_STATE, dir ?? ''),
      github,
    })
    if (inputs.comment)
      await commentOnPullRequest(
        result,
        // A baseline that could not serve left no 'baseline' check: the comment then says every finding counts.
        { ...inputs, withBaseline: result.report.checks.some((c) => c.id === 'baseline') },
        github,
        logger,
      )
    return result
  },
  post: (_readInputs, { logger, state }) => {
    const venv = state.get(VENV_STATE)
    if (venv && removeLeftVenv(venv))
      logger.info(`removed the pip-audit virtual environment ${venv} left by an interrupted run`)
  },
}
