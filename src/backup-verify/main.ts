import * as core from '@actions/core'

import { BackupVerifyInputs, readInputs } from './inputs.js'
import { dropScratch } from './restore.js'
import { verifyBackups } from './verify.js'
import { InputReader, actionInputGetter } from '../shared/inputs.js'
import { actionsLogger } from '../shared/logger.js'
import { publishReport } from '../shared/outputs.js'
import { cancellation, runAction } from '../shared/run-action.js'

/** The scratch database being restored into, for the post step to drop if this process is killed. */
const SCRATCH_STATE = 'scratch-database'

export async function run(): Promise<void> {
  await runAction('backup-verify', {
    main: async () => {
      const inputs: BackupVerifyInputs = readInputs(new InputReader(actionInputGetter))
      const signal = cancellation('backup-verify', 'stopping the restore and dropping the scratch database')
      const { report, outputs } = await verifyBackups(inputs, actionsLogger, {
        signal,
        runId: `${process.env.GITHUB_RUN_ID ?? 'local'}${process.env.GITHUB_RUN_ATTEMPT ? `_${process.env.GITHUB_RUN_ATTEMPT}` : ''}`,
        onScratch: (name) => core.saveState(SCRATCH_STATE, name ?? ''),
      })
      await publishReport(report, outputs, inputs.reportPath)
    },
    post: async () => {
      const scratch = core.getState(SCRATCH_STATE)
      if (!scratch) return
      const inputs = readInputs(new InputReader(actionInputGetter))
      if (!inputs.database) return
      await dropScratch(inputs.database, scratch)
      core.info(`dropped the scratch database ${scratch} left by an interrupted run`)
    },
  })
}
