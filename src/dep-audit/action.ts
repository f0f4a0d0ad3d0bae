import { audit } from './audit.js'
import { DepAuditInputs, readInputs } from './inputs.js'
import { removeLeftVenv } from './pip-audit-venv.js'
import { ActionDefinition } from '../core/action.js'

/** pip-audit's virtual environment while it exists, for the post step to remove if this process is killed. */
const VENV_STATE = 'pip-audit-venv'

export const depAuditAction: ActionDefinition<DepAuditInputs> = {
  name: 'dep-audit',
  readInputs: (reader) => readInputs(reader),
  run: async (inputs, { logger, clock, state, github }) => {
    const { report, outputs, counted } = await audit(inputs, logger, clock(), {
      onVenv: (dir) => state.set(VENV_STATE, dir ?? ''),
      github,
    })
    // Bandit findings land on their file and line, where a reviewer sees them in the diff.
    const locations = counted
      .filter((f) => f.tool === 'bandit' && f.file)
      .map((f) => ({
        kind: 'notice' as const,
        title: `bandit ${f.id} (${f.severity}, confidence ${f.confidence ?? 'unknown'})`,
        message: f.title,
        file: f.file!,
        line: f.line,
      }))
    return { report, outputs, locations }
  },
  post: async (_readInputs, { logger, state }) => {
    const venv = state.get(VENV_STATE)
    if (venv && removeLeftVenv(venv))
      logger.info(`removed the pip-audit virtual environment ${venv} left by an interrupted run`)
  },
}
