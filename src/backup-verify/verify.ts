import { gatherFacts } from './gather.js'
import { BackupVerifyInputs } from './inputs.js'
import { assess, judge } from './judge.js'
import { BackupVerifyResult, buildResult, noBackupsResult } from './result.js'
import { ScratchContext } from './scratch-restore.js'
import { RunContext } from '../core/action.js'

/** The run's context as the verification uses it: the clock (ages and days are judged at one instant) too. */
export interface VerifyContext extends ScratchContext, Pick<RunContext, 'clock'> {}

/**
 * The whole verification, in three steps: gather the facts (find the backups, read them, restore and
 * validate: gather.ts), judge them into checks (the policy: a backup every day, the newest fresh and not
 * suspiciously small, each readable, restored and valid: judge.ts), and build the report and outputs
 * (result.ts). Scratch databases are always dropped.
 */
export async function verifyBackups(
  inputs: BackupVerifyInputs,
  context: VerifyContext,
): Promise<BackupVerifyResult> {
  const now = context.clock()
  const startedAt = now.toISOString()
  const facts = await gatherFacts(inputs, context, now)
  if (!facts) return noBackupsResult(inputs, now, startedAt)
  const found = assess(facts, inputs)
  return buildResult(facts, found, judge(facts, found, inputs), inputs, startedAt)
}
