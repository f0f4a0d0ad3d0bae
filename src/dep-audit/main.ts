import * as core from '@actions/core'

import { audit } from './audit.js'
import { readInputs } from './inputs.js'
import { removeLeftVenv } from './pip-audit-venv.js'
import { annotateLocations } from '../runner/annotations.js'
import { InputReader } from '../core/inputs.js'
import { actionInputGetter } from '../runner/inputs.js'
import { actionsLogger } from '../runner/logger.js'
import { publishReport } from '../runner/publish.js'
import { runAction } from '../runner/run-action.js'

/** pip-audit's virtual environment while it exists, for the post step to remove if this process is killed. */
const VENV_STATE = 'pip-audit-venv'

export async function run(): Promise<void> {
  await runAction('dep-audit', {
    main: async () => {
      const inputs = readInputs(new InputReader(actionInputGetter))
      const { report, outputs, counted } = await audit(inputs, actionsLogger, new Date(), {
        onVenv: (dir) => core.saveState(VENV_STATE, dir ?? ''),
      })
      await publishReport(report, outputs, inputs.reportPath)
      // Bandit findings land on their file and line, where a reviewer sees them in the diff.
      annotateLocations(
        counted
          .filter((f) => f.tool === 'bandit' && f.file)
          .map((f) => ({
            kind: 'notice' as const,
            title: `bandit ${f.id} (${f.severity}, confidence ${f.confidence ?? 'unknown'})`,
            message: f.title,
            file: f.file!,
            line: f.line,
          })),
      )
    },
    post: async () => {
      const venv = core.getState(VENV_STATE)
      if (venv && removeLeftVenv(venv))
        core.info(`removed the pip-audit virtual environment ${venv} left by an interrupted run`)
    },
  })
}
