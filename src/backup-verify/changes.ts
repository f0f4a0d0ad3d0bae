/**
 * What changed since the baseline (the report of an earlier backup-verify run): the newest backup's size
 * and the restore time, the runbook's recovery time objective. A restore that got much slower means the
 * RTO the team counts on no longer holds; a backup that shrank may be missing data.
 */
import { changesTitle, percentChange } from '../core/baseline.js'
import { Check, Table } from '../core/report.js'
import { formatDuration, formatSize } from '../core/units.js'

/** A restore is much slower at SLOWER_FACTOR times the baseline's and SLOWER_MIN_SECONDS more. */
export const SLOWER_FACTOR = 2
/** Without a floor a 3 s restore taking 7 s would warn: noise of the runner, not a slower recovery. */
export const SLOWER_MIN_SECONDS = 30
/** The newest backup shrank when it is smaller than the baseline's by more than this fraction. */
export const MAX_SHRINK = 0.2

/** What a run's report data says that is compared (a part of BackupVerifyData, in result.ts). */
export interface ComparedFigures {
  newest?: { name: string; size: number }
  restore?: { ok: boolean; seconds?: number }
}

/** What changed, kept in the report's data (`changes`); a figure either run lacks is absent. */
export interface BackupChanges {
  /** When the baseline run started, so a reader knows what "since" means. */
  baselineStartedAt: string
  /** The newest backup's size in bytes. */
  size?: { before: number; after: number; sameBackup: boolean; shrank: boolean }
  /** The restore's time in seconds, when both runs restored. */
  restoreSeconds?: { before: number; after: number; slower: boolean }
}

/** Compares this run's newest backup and restore with the baseline's; a figure either run lacks is left out. */
export function compareWithBaseline(
  baseline: { startedAt: string; data?: ComparedFigures },
  now: ComparedFigures,
): BackupChanges {
  const was = baseline.data
  // A hand-edited baseline is data, not a reason to fail: a figure that is not a number is not compared.
  const number = (value: unknown) => (typeof value === 'number' && Number.isFinite(value) ? value : undefined)
  const sizeBefore = number(was?.newest?.size)
  const secondsBefore = was?.restore?.ok === true ? number(was.restore.seconds) : undefined
  const secondsNow = now.restore?.ok ? now.restore.seconds : undefined
  return {
    baselineStartedAt: typeof baseline.startedAt === 'string' ? baseline.startedAt : '',
    size:
      sizeBefore !== undefined && now.newest
        ? {
            before: sizeBefore,
            after: now.newest.size,
            // The same file as last time has not shrunk, whatever its size says about the one before.
            sameBackup: was?.newest?.name === now.newest.name,
            shrank: now.newest.size < (1 - MAX_SHRINK) * sizeBefore,
          }
        : undefined,
    restoreSeconds:
      secondsBefore !== undefined && secondsNow !== undefined
        ? {
            before: secondsBefore,
            after: secondsNow,
            slower:
              secondsNow >= SLOWER_FACTOR * secondsBefore && secondsNow - secondsBefore >= SLOWER_MIN_SECONDS,
          }
        : undefined,
  }
}

/**
 * Warns on a restore much slower or a backup that shrank. A shrink the size-drop check already failed
 * (the newest against the ones before it in the folder) is not told twice: the table still shows it.
 */
export function changesCheck(changes: BackupChanges, sizeDropFailed: boolean): Check {
  const { size, restoreSeconds } = changes
  const shrank = size?.shrank === true && !size.sameBackup
  const parts = [
    size
      ? `newest backup ${formatSize(size.after)} against ${formatSize(size.before)} (${percentChange(size.before, size.after)})${size.sameBackup ? ', the same backup as then' : ''}`
      : 'no size to compare (no readable backup in one of the runs)',
    restoreSeconds
      ? `restore ${formatDuration(restoreSeconds.after * 1000)} against ${formatDuration(restoreSeconds.before * 1000)} (${percentChange(restoreSeconds.before, restoreSeconds.after)})`
      : 'no restore time to compare (no restore went through in one of the runs)',
  ]
  const warnings = [
    restoreSeconds?.slower &&
      `the restore got ${SLOWER_FACTOR}x slower and over ${SLOWER_MIN_SECONDS}s more: check the recovery time objective still holds`,
    shrank &&
      !sizeDropFailed &&
      `the newest backup is over ${Math.round(MAX_SHRINK * 100)}% smaller than the baseline's: is data missing from the dump?`,
  ].filter((w): w is string => typeof w === 'string')
  return {
    id: 'changes',
    title: changesTitle(changes.baselineStartedAt),
    status: warnings.length > 0 ? 'warn' : 'pass',
    detail: parts.join('; '),
    ...(warnings.length > 0 ? { recommendation: warnings.join('; ') } : {}),
  }
}

/** Size and restore time, then and now. */
export function changesTable({ size, restoreSeconds }: BackupChanges): Table {
  const rows: string[][] = []
  if (size)
    rows.push([
      'newest backup size',
      formatSize(size.before),
      formatSize(size.after),
      percentChange(size.before, size.after),
    ])
  if (restoreSeconds)
    rows.push([
      'restore time (RTO)',
      formatDuration(restoreSeconds.before * 1000),
      formatDuration(restoreSeconds.after * 1000),
      percentChange(restoreSeconds.before, restoreSeconds.after),
    ])
  return { title: 'Changes since the baseline', columns: ['Measure', 'Baseline', 'Now', 'Change'], rows }
}
