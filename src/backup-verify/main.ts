import * as core from '@actions/core'

import { BackupVerifyInputs, readInputs } from './inputs.js'
import { ScratchState, dropLeftScratch } from './restore.js'
import { verifyBackups } from './verify.js'
import { InputReader } from '../core/inputs.js'
import { actionInputGetter } from '../runner/inputs.js'
import { actionsLogger } from '../runner/logger.js'
import { publishReport } from '../runner/publish.js'
import { cancellation, runAction } from '../runner/run-action.js'

/** The scratch database being restored into (name and marker token), for the post step if this process is killed. */
const SCRATCH_STATE = 'scratch-database'

/** The GitHub run id and attempt: part of the scratch database's name, so the post step knows its own. */
function runId(): string {
  const attempt = process.env.GITHUB_RUN_ATTEMPT ? `_${process.env.GITHUB_RUN_ATTEMPT}` : ''
  return `${process.env.GITHUB_RUN_ID ?? 'local'}${attempt}`
}

export async function run(): Promise<void> {
  await runAction('backup-verify', {
    main: async () => {
      const inputs: BackupVerifyInputs = readInputs(new InputReader(actionInputGetter))
      const signal = cancellation('backup-verify', 'stopping the restore and dropping the scratch database')
      const { report, outputs } = await verifyBackups(inputs, actionsLogger, {
        signal,
        runId: runId(),
        onScratch: (scratch) => core.saveState(SCRATCH_STATE, scratch ? JSON.stringify(scratch) : ''),
      })
      await publishReport(report, outputs, inputs.reportPath)
    },
    post: async () => {
      const saved = core.getState(SCRATCH_STATE)
      if (!saved) return
      const state = parseState(saved)
      if (!state) {
        core.warning(`backup-verify (cleanup): the saved scratch state is not this action's; nothing dropped`)
        return
      }
      const inputs = readInputs(new InputReader(actionInputGetter))
      if (!inputs.database) return
      core.info(await dropLeftScratch(inputs.database, state, runId()))
    },
  })
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
