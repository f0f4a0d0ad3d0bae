import { gatherFacts } from './gather.js'
import { BackupVerifyInputs } from './inputs.js'
import { assess, judge } from './judge.js'
import { BackupVerifyResult, buildResult, noBackupsResult } from './result.js'
import { ScratchContext } from './scratch-restore.js'
import { Logger } from '../core/logger.js'

export interface VerifyHooks extends Omit<ScratchContext, 'logger'> {
  now?: Date
}

/**
 * The whole verification, in three steps: gather the facts (find the backups, read them, restore and
 * validate: gather.ts), judge them into checks (the policy: a backup every day, the newest fresh and not
 * suspiciously small, each readable, restored and valid: judge.ts), and build the report and outputs
 * (result.ts). Scratch databases are always dropped.
 */
export async function verifyBackups(
  inputs: BackupVerifyInputs,
  logger: Logger,
  hooks: VerifyHooks,
): Promise<BackupVerifyResult> {
  const startedAt = new Date().toISOString()
  const now = hooks.now ?? new Date()
  const facts = await gatherFacts(inputs, { ...hooks, logger }, now)
  if (!facts) return noBackupsResult(inputs, now, startedAt)
  const found = assess(facts, inputs)
  return buildResult(facts, found, judge(facts, found, inputs), inputs, startedAt)
}
