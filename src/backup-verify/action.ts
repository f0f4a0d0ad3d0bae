import { BackupVerifyInputs, readInputs } from './inputs.js'
import { ScratchState, dropLeftScratch } from './restore.js'
import { BackupVerifyData } from './result.js'
import { verifyBackups } from './verify.js'
import { ActionDefinition } from '../core/action.js'

/** The scratch database being restored into (name and marker token), for the post step if this process is killed. */
const SCRATCH_STATE = 'scratch-database'

export const backupVerifyAction: ActionDefinition<BackupVerifyInputs, BackupVerifyData> = {
  name: 'backup-verify',
  readInputs: (reader) => readInputs(reader),
  onCancel: 'stopping the restore and dropping the scratch database',
  // The folder as the workflow names it (relative to the workspace), so it is the same on every runner.
  incident: ({ backupDir }) => ({ key: backupDir, name: backupDir }),
  run: (inputs, context) =>
    verifyBackups(inputs, {
      ...context,
      onScratch: (scratch) => context.state.set(SCRATCH_STATE, scratch ? JSON.stringify(scratch) : ''),
    }),
  post: async (readInputsAgain, { logger, runId, state }) => {
    const saved = state.get(SCRATCH_STATE)
    if (!saved) return
    const scratch = parseState(saved)
    if (!scratch) {
      logger.alert(`backup-verify (cleanup): the saved scratch state is not this action's; nothing dropped`)
      return
    }
    const inputs = readInputsAgain()
    if (!inputs.database) return
    logger.info(await dropLeftScratch(inputs.database, scratch, runId))
  },
}

function parseState(text: string): ScratchState | undefined {
  try {
    const value = JSON.parse(text) as Partial<ScratchState>
    return typeof value.name === 'string' && typeof value.token === 'string'
      ? { name: value.name, token: value.token }
      : undefined
  } catch {
    return undefined
  }
}
