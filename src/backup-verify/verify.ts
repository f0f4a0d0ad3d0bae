import { gatherFacts } from './gather.js'
import { BackupVerifyInputs } from './inputs.js'
import { assess, judge } from './judge.js'
import { BackupVerifyData, BackupVerifyResult, buildResult, noBackupsResult } from './result.js'
import { ScratchContext } from './scratch-restore.js'
import { RunContext } from '../core/action.js'
import { readBaseline } from '../core/baseline.js'

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
  // Read first: a baseline that cannot serve is said at the start of the log, not after a long restore.
  const baseline = readBaseline<BackupVerifyData>(inputs.baseline, 'backup-verify', context.logger)
  const facts = await gatherFacts(inputs, context, now)
  if (!facts) return noBackupsResult(inputs, now, startedAt)
  const found = assess(facts, inputs)
  return buildResult(facts, found, judge(facts, found, inputs), inputs, startedAt, baseline)
}
