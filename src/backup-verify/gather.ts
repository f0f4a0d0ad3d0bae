import { BackupFile, calendarDay, findBackups } from './discover.js'
import { BackupVerifyInputs } from './inputs.js'
import { Readability, checkBeforeRestore, checkReadable, finishRead } from './readable.js'
import { RestoreRun, ScratchContext, restoreAndValidate } from './scratch-restore.js'

const DAY = 86_400_000

/** What the backups on disk and their restores showed: plain facts, judged by judge.ts. */
export interface BackupFacts {
  /** The instant the run judges ages and days against. */
  now: Date
  /** Every backup found, newest first. */
  all: BackupFile[]
  newest: BackupFile
  /** The calendar days of the window in the time zone, today first. */
  days: string[]
  /** The backups taken on one of those days. */
  inWindow: BackupFile[]
  /** What was read: the backups in the window, or the newest alone when none is. */
  toRead: BackupFile[]
  /** What the read of each backup found (for a restored backup, once its restore read it in full). */
  readability: Map<BackupFile, Readability>
  /** Backups that were to be restored but were not, or only in part: what their read found, in restore order. */
  unrestored: { backup: BackupFile; read: Readability | undefined; partial: boolean }[]
  /** Restores that ran on a whole backup, or never began (a scratch name that exists, no tool), in order. */
  restores: RestoreRun[]
}

/** The calendar days of the window: today and the days before it, in the time zone. */
export function windowDays(now: Date, inputs: BackupVerifyInputs): string[] {
  return Array.from({ length: inputs.days }, (_, i) =>
    calendarDay(new Date(now.getTime() - i * DAY), inputs.timeZone),
  )
}

/**
 * The I/O of a verification: finds the backups, reads every backup in the window completely, then restores
 * (the newest, or all) into scratch databases and validates them. Undefined when no backup is found. A
 * backup that is restored is not read twice: it gets the cheap checks first (checkBeforeRestore) and its
 * restore is its full read (finishRead), which still finds a broken or cut-short backup unreadable.
 */
export async function gatherFacts(
  inputs: BackupVerifyInputs,
  context: ScratchContext,
  now: Date,
): Promise<BackupFacts | undefined> {
  const { logger, signal } = context
  const all = await findBackups(inputs.backupDir, inputs.patterns, inputs.timeZone)
  const newest = all[0]
  if (!newest) return undefined

  const days = windowDays(now, inputs)
  const inWindow = all.filter((b) => days.includes(calendarDay(b.takenAt, inputs.timeZone)))
  const toRead = inWindow.length ? inWindow : [newest]
  const toRestore =
    inputs.restore === 'none' || !inputs.database ? [] : inputs.restore === 'latest' ? [newest] : toRead
  const readability = new Map<BackupFile, Readability>()
  for (const backup of toRead) {
    if (toRestore.includes(backup)) {
      logger.info(`checking ${backup.name} (its restore reads it in full)`)
      readability.set(backup, await checkBeforeRestore(backup, inputs.restoreTimeoutMs, inputs.maxLineBytes))
    } else {
      logger.info(`reading ${backup.name}`)
      readability.set(backup, await checkReadable(backup, inputs.restoreTimeoutMs, inputs.maxLineBytes))
    }
  }

  const restores: RestoreRun[] = []
  const unrestored: BackupFacts['unrestored'] = []
  for (const backup of toRestore) {
    const r = readability.get(backup)
    if (signal.aborted) {
      // Cancelled before its restore: what was to read it in full never ran.
      const cancelled = { ok: false, interrupted: 'was cancelled' }
      if (r)
        readability.set(
          backup,
          await finishRead(backup, r, cancelled, Promise.resolve(undefined), 0, inputs.maxLineBytes),
        )
      continue
    }
    if (!r?.readable) {
      unrestored.push({ backup, read: r, partial: false })
      continue
    }
    const { run, read, hashing } = await restoreAndValidate(backup, r, inputs, context)
    const after = await finishRead(backup, r, read, hashing, inputs.restoreTimeoutMs, inputs.maxLineBytes)
    readability.set(backup, after)
    if (run.ok || after.whole) restores.push(run)
    // Not a restore that failed: a broken or cut-short backup, found by its restore.
    else unrestored.push({ backup, read: after, partial: run.partial === true })
  }
  return { now, all, newest, days, inWindow, toRead, readability, unrestored, restores }
}
