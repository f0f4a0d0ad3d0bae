import { randomBytes } from 'node:crypto'

import { BackupFile } from './discover.js'
import { BackupVerifyInputs } from './inputs.js'
import { Readability, hasTrailer, sha256 } from './readable.js'
import {
  RestoreOutcome,
  ScratchState,
  createScratch,
  dropScratch,
  restoreBackup,
  scratchName,
} from './restore.js'
import { Validation, validateRestore } from './validate.js'
import { RunContext } from '../core/action.js'
import { getErrorMessage } from '../core/errors.js'

/**
 * What a restore into a scratch database needs from the run: the logger, the signal and the run id (for
 * the scratch database's name) come from the definition's context.
 */
export interface ScratchContext extends Pick<RunContext, 'logger' | 'signal' | 'runId'> {
  /**
   * Called with a scratch database (name and marker token) right before it is created, and undefined once
   * it is dropped or was never created: the post step drops only a database that carries the marker.
   */
  onScratch?: (scratch: ScratchState | undefined) => void
  /** Random hex digits (tests fix them to make a name clash); crypto's by default. */
  randomHex?: (bytes: number) => string
}

export interface RestoreRun extends RestoreOutcome {
  backup: BackupFile
  scratch: string
  /** The restore never began: no scratch database (a name that exists), or no tool that can read the dump. */
  notStarted?: boolean
  validation?: Validation
  /** psql went through, but the SQL it read did not end with pg_dump's trailer: only part was restored. */
  partial?: boolean
}

/** Whether a restore read its backup to the end, for finishRead; a restore that never started read nothing. */
export interface RestoreRead {
  ok: boolean
  interrupted?: string
  unsafe?: string
}

/**
 * Restores one backup into a scratch database and validates it; the scratch database is always dropped.
 * Meanwhile the backup's checksum, if it has one, is hashed (`hashing`, for finishRead): on a second core
 * while the restore runs, instead of a read of its own before it.
 */
export async function restoreAndValidate(
  backup: BackupFile,
  r: Readability,
  inputs: BackupVerifyInputs,
  context: ScratchContext,
): Promise<{ run: RestoreRun; read: RestoreRead; hashing: Promise<string | undefined> }> {
  const { logger, signal, onScratch } = context
  const server = inputs.database!
  const hex = context.randomHex ?? ((bytes: number) => randomBytes(bytes).toString('hex'))
  const state: ScratchState = {
    name: scratchName(r.header.database ?? server.database, context.runId, hex(4)),
    token: hex(16),
  }
  const scratch = state.name
  const hashing = r.pending?.expected === undefined ? Promise.resolve(undefined) : sha256(backup.path, signal)
  // Settled by finishRead; never an unhandled rejection meanwhile.
  hashing.catch(() => {})
  onScratch?.(state)
  let run: RestoreRun
  let read: RestoreRead = { ok: false }
  // Only what this run created is dropped: never a database whose name was refused because it exists.
  let created = false
  try {
    await createScratch(server, state)
    created = true
    logger.info(`restoring ${backup.name} into ${scratch}`)
    const outcome = await restoreBackup(backup, r.header, server, scratch, {
      jobs: inputs.jobs,
      timeoutMs: inputs.restoreTimeoutMs,
      signal,
      maxLineBytes: inputs.maxLineBytes,
    })
    run = { backup, scratch, ...outcome }
    const cutShort = outcome.ok && outcome.sqlTail !== undefined && !hasTrailer(outcome.sqlTail)
    read = { ok: outcome.ok && !cutShort, interrupted: outcome.interrupted, unsafe: outcome.unsafe }
    if (cutShort) {
      // psql reached the end of a whole gzip stream, but the SQL was cut short before pg_dump's trailer
      // (pg_dump died, gzip finished): a COPY cut at a line ends quietly, with the rows before the cut.
      run = {
        ...run,
        ok: false,
        partial: true,
        detail: "psql read the whole stream, but its last lines were not pg_dump's trailer",
      }
    } else if (outcome.ok) run.validation = await validateRestore(server, scratch, inputs)
  } catch (error) {
    // Nothing was restored: the scratch database could not be made, or no tool here reads the dump.
    run = { backup, scratch, ok: false, seconds: 0, detail: getErrorMessage(error), notStarted: true }
    if (signal.aborted) read = { ok: false, interrupted: 'was cancelled' }
  } finally {
    if (!created) onScratch?.(undefined)
    else
      await dropScratch(server, scratch).then(
        () => onScratch?.(undefined),
        (error) =>
          logger.warning(
            `could not drop the scratch database ${scratch}: ${getErrorMessage(error)}; the post step tries again`,
          ),
      )
  }
  return { run, read, hashing }
}
