import { randomBytes } from 'node:crypto'

import { BackupFile, calendarDay, findBackups } from './discover.js'
import { BackupVerifyInputs } from './inputs.js'
import { Readability, checkBeforeRestore, checkReadable, finishRead, hasTrailer, sha256 } from './readable.js'
import {
  RestoreOutcome,
  ScratchState,
  createScratch,
  dropScratch,
  restoreBackup,
  scratchName,
} from './restore.js'
import { Validation, validateRestore } from './validate.js'
import { getErrorMessage } from '../core/errors.js'
import { Logger } from '../core/logger.js'
import { Check, Report, Table, createReport, worstStatus } from '../core/report.js'
import { median } from '../core/stats.js'
import { formatDuration, formatSize } from '../core/units.js'

export interface VerifyHooks {
  signal: AbortSignal
  /** The GitHub run id (or anything unique to this run) for the scratch database's name. */
  runId: string
  /**
   * Called with a scratch database (name and marker token) right before it is created, and undefined once
   * it is dropped or was never created: the post step drops only a database that carries the marker.
   */
  onScratch?: (scratch: ScratchState | undefined) => void
  now?: Date
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

const DAY = 86_400_000
const hours = (ms: number) => Math.round((ms / 3_600_000) * 10) / 10

/**
 * The whole verification: find the backups, check the policy (a backup every day, the newest fresh and
 * not suspiciously small), read every backup in the window completely, then restore (the newest, or all)
 * into scratch databases and validate them. Scratch databases are always dropped. A backup that is
 * restored is not read twice: it gets the cheap checks first (checkBeforeRestore) and its restore is its
 * full read (finishRead), which still reports a broken or cut-short backup as unreadable.
 */
export async function verifyBackups(
  inputs: BackupVerifyInputs,
  logger: Logger,
  hooks: VerifyHooks,
): Promise<{ report: Report; outputs: Record<string, string | number> }> {
  const startedAt = new Date().toISOString()
  const now = hooks.now ?? new Date()
  const checks: Check[] = []
  const all = await findBackups(inputs.backupDir, inputs.patterns, inputs.timeZone)
  const newest = all[0]
  if (!newest) {
    checks.push({
      id: 'found',
      title: 'Backups',
      status: 'fail',
      detail: `no backups in ${inputs.backupDir} matching ${inputs.patterns.join(', ')} (or directory dumps)`,
    })
    const report = createReport({
      action: 'backup-verify',
      title: `no backups found in ${inputs.backupDir}`,
      checks,
      startedAt,
    })
    return { report, outputs: { status: report.status, 'backups-found': 0, 'missing-days': inputs.days } }
  }

  // The window: today and the days before it. Today is only missing once the newest backup is stale.
  const days = Array.from({ length: inputs.days }, (_, i) =>
    calendarDay(new Date(now.getTime() - i * DAY), inputs.timeZone),
  )
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

  // The restores come before the checks are listed: they finish the readability of what they restore.
  const restores: RestoreRun[] = []
  const restoreChecks: Check[] = []
  for (const backup of toRestore) {
    const r = readability.get(backup)
    if (hooks.signal.aborted) {
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
      restoreChecks.push({
        id: `restore:${backup.name}`,
        title: `Restore of ${backup.name}`,
        status: 'fail',
        detail: notRestored(r),
      })
      continue
    }
    const { run, read, hashing } = await restoreAndValidate(backup, r, inputs, logger, hooks)
    const after = await finishRead(backup, r, read, hashing, inputs.restoreTimeoutMs, inputs.maxLineBytes)
    readability.set(backup, after)
    if (run.ok || after.whole) restores.push(run)
    else {
      // Not a restore that failed: a broken or cut-short backup, found by its restore.
      restoreChecks.push({
        id: `restore:${backup.name}`,
        title: `Restore of ${backup.name}`,
        status: 'fail',
        detail: notRestored(after, run.partial),
      })
    }
  }

  // A backup counts (for its day, and as the newest) only once it was read and is readable.
  const readable = (b: BackupFile) => readability.get(b)?.readable === true
  const newestReadable = toRead.find(readable)
  const unreadableNewer = toRead.filter(
    (b) => !readable(b) && (!newestReadable || b.takenAt > newestReadable.takenAt),
  )
  const age = newestReadable ? now.getTime() - newestReadable.takenAt.getTime() : undefined
  const fresh = age !== undefined && age <= inputs.maxAgeMs
  const notReadable = (list: BackupFile[]) =>
    list
      .slice(0, 3)
      .map((b) => `${b.name} ${readability.get(b)?.unread ? 'was not read in full' : 'is not readable'}`)
      .join(', ') + (list.length > 3 ? ` and ${list.length - 3} more` : '')
  checks.push({
    id: 'freshness',
    title: 'Newest backup',
    status: fresh ? 'pass' : 'fail',
    detail: newestReadable
      ? `${newestReadable.name} is ${formatAge(age!)} old (taken ${newestReadable.takenAt.toISOString()}, from its ${newestReadable.dateFrom === 'name' ? 'name' : 'modification time'})${fresh ? '' : `, over max-age ${formatDuration(inputs.maxAgeMs)}`}${unreadableNewer.length ? `; newer, but not counted: ${notReadable(unreadableNewer)}` : ''}`
      : `no readable backup: ${notReadable(toRead)}`,
  })
  const backupsOf = (day: string) => inWindow.filter((b) => calendarDay(b.takenAt, inputs.timeZone) === day)
  const missing = days.filter((day, i) => !backupsOf(day).some(readable) && !(i === 0 && fresh))
  if (inputs.days > 0) {
    const none = missing.filter((day) => backupsOf(day).length === 0)
    const broken = missing.filter((day) => backupsOf(day).length > 0)
    checks.push({
      id: 'days',
      title: `A backup for each of the last ${inputs.days} days`,
      status: missing.length ? 'fail' : 'pass',
      detail: missing.length
        ? [
            none.length ? `no backup for ${none.join(', ')}` : '',
            broken.length
              ? `no readable backup for ${broken.map((day) => `${day} (${notReadable(backupsOf(day))})`).join(', ')}`
              : '',
          ]
            .filter(Boolean)
            .join('; ') + ` (${inputs.timeZone})`
        : `every day from ${days.at(-1)} to ${days[0]} has a readable backup (${inputs.timeZone})`,
    })
  }

  for (const backup of toRead) {
    const r = readability.get(backup)!
    const small = backup.size < inputs.minSize
    checks.push({
      id: `readable:${backup.name}`,
      title: backup.name,
      status: small ? 'fail' : r.readable ? 'pass' : r.unread ? 'warn' : 'fail',
      detail: small
        ? `${backup.name} is only ${formatSize(backup.size)}, under min-size ${formatSize(inputs.minSize)}${r.readable ? '' : `; ${r.detail}`}`
        : `${r.detail}${r.checksumDetail ? `; ${r.checksumDetail}` : ''}`,
    })
  }

  const earlier = inWindow.filter((b) => b !== newest).map((b) => b.size)
  const typical = median(earlier)
  if (typical !== undefined && earlier.length >= 2) {
    const floor = (1 - inputs.maxSizeDrop) * typical
    checks.push({
      id: 'size-drop',
      title: 'Size of the newest backup',
      status: newest.size < floor ? 'fail' : 'pass',
      detail: `${formatSize(newest.size)} against a median of ${formatSize(typical)} for the ${earlier.length} before it${newest.size < floor ? `: a drop of more than ${Math.round(inputs.maxSizeDrop * 100)}%; is data missing?` : ''}`,
    })
  }

  checks.push(...restoreChecks)
  for (const run of restores) {
    checks.push({
      id: `restore:${run.backup.name}`,
      title: `Restore of ${run.backup.name}`,
      status: run.ok ? 'pass' : 'fail',
      detail: run.ok
        ? `restored into a scratch database in ${formatDuration(run.seconds * 1000)} (${run.detail})`
        : run.notStarted
          ? `not restored: ${run.detail}`
          : `the restore failed after ${formatDuration(run.seconds * 1000)}: ${run.detail}`,
    })
    for (const check of run.validation?.checks ?? [])
      checks.push({
        ...check,
        id: `${check.id}:${run.backup.name}`,
        title: restores.length > 1 ? `${check.title} (${run.backup.name})` : check.title,
      })
  }

  const latestRestore = restores.find((r) => r.backup === newest) ?? restores[0]
  const status = worstStatus(checks.map((c) => c.status))
  const title = headline(age, latestRestore, status, checks)
  const ageHours = age === undefined ? '' : hours(age)
  const report = createReport({
    action: 'backup-verify',
    title,
    checks,
    metrics: [
      ...(age === undefined ? [] : [{ name: 'age of the newest backup', value: hours(age), unit: 'h' }]),
      { name: 'backups found', value: all.length, unit: '' },
      { name: 'missing days', value: missing.length, unit: '' },
      ...(latestRestore && !latestRestore.notStarted
        ? [{ name: 'restore time', value: Math.round(latestRestore.seconds * 10) / 10, unit: 's' }]
        : []),
      ...(latestRestore?.validation?.amcheckMs !== undefined
        ? [
            {
              name: 'amcheck time',
              value: Math.round(latestRestore.validation.amcheckMs / 100) / 10,
              unit: 's',
            },
          ]
        : []),
    ],
    tables: [
      daysTable(days, inWindow, readability, missing, now, inputs.timeZone),
      ...restoreTables(restores),
    ],
    startedAt,
  })
  return {
    report,
    outputs: {
      status: report.status,
      latest: newestReadable?.path ?? '',
      'age-hours': ageHours,
      'backups-found': all.length,
      'missing-days': missing.length,
      'restore-seconds':
        latestRestore && !latestRestore.notStarted ? Math.round(latestRestore.seconds * 10) / 10 : '',
      tables: latestRestore?.validation?.tables.length ?? '',
      rows: latestRestore?.validation?.rows ?? '',
    },
  }
}

/**
 * Restores one backup into a scratch database and validates it; the scratch database is always dropped.
 * Meanwhile the backup's checksum, if it has one, is hashed (`hashing`, for finishRead): on a second core
 * while the restore runs, instead of a read of its own before it.
 */
async function restoreAndValidate(
  backup: BackupFile,
  r: Readability,
  inputs: BackupVerifyInputs,
  logger: Logger,
  hooks: VerifyHooks,
): Promise<{
  run: RestoreRun
  read: { ok: boolean; interrupted?: string; unsafe?: string }
  hashing: Promise<string | undefined>
}> {
  const server = inputs.database!
  const hex = hooks.randomHex ?? ((bytes: number) => randomBytes(bytes).toString('hex'))
  const state: ScratchState = {
    name: scratchName(r.header.database ?? server.database, hooks.runId, hex(4)),
    token: hex(16),
  }
  const scratch = state.name
  const hashing =
    r.pending?.expected === undefined ? Promise.resolve(undefined) : sha256(backup.path, hooks.signal)
  // Settled by finishRead; never an unhandled rejection meanwhile.
  hashing.catch(() => {})
  hooks.onScratch?.(state)
  let run: RestoreRun
  // Whether the restore read the backup to its end; a restore that never started read nothing.
  let read: { ok: boolean; interrupted?: string; unsafe?: string } = { ok: false }
  // Only what this run created is dropped: never a database whose name was refused because it exists.
  let created = false
  try {
    await createScratch(server, state)
    created = true
    logger.info(`restoring ${backup.name} into ${scratch}`)
    const outcome = await restoreBackup(backup, r.header, server, scratch, {
      jobs: inputs.jobs,
      timeoutMs: inputs.restoreTimeoutMs,
      signal: hooks.signal,
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
    if (hooks.signal.aborted) read = { ok: false, interrupted: 'was cancelled' }
  } finally {
    if (!created) hooks.onScratch?.(undefined)
    else
      await dropScratch(server, scratch).then(
        () => hooks.onScratch?.(undefined),
        (error) =>
          logger.warning(
            `could not drop the scratch database ${scratch}: ${getErrorMessage(error)}; the post step tries again`,
          ),
      )
  }
  return { run, read, hashing }
}

/** Why a backup was not restored, or only in part: what its read found. */
function notRestored(r: Readability | undefined, partial = false): string {
  if (r?.unsafe)
    return `not restored: the backup is unsafe, refused before psql read it (${r.detail.replace(/^unsafe: /, '')})`
  return `${partial ? 'restored only in part' : 'not restored'}: the backup is not readable (${r?.detail ?? 'not read'})`
}

/** One line a person reads first: "newest backup 5h old, restored in 42s, 12 tables, 1.2M rows, all checks passed". */
function headline(
  age: number | undefined,
  restore: RestoreRun | undefined,
  status: string,
  checks: Check[],
): string {
  const parts = [age === undefined ? 'no readable backup' : `newest backup ${formatAge(age)} old`]
  if (restore?.ok && restore.validation) {
    parts.push(
      `restored in ${formatDuration(restore.seconds * 1000)}`,
      `${restore.validation.tables.length} tables`,
      `${compact(restore.validation.rows)} rows`,
    )
  } else if (restore?.ok) parts.push(`restored in ${formatDuration(restore.seconds * 1000)}`)
  else if (restore?.notStarted) parts.push('not restored')
  else if (restore) parts.push('restore failed')
  const failed = checks.filter((c) => c.status === 'fail').length
  parts.push(
    status === 'pass' ? 'all checks passed' : failed ? `${failed} check(s) failed` : 'passed with warnings',
  )
  return `backup-verify: ${parts.join(', ')}`
}

/** An age as the title, the checks and the table all show it: to the minute, or in seconds under one. */
function formatAge(ms: number): string {
  if (ms < 1000) return '0s'
  return ms < 60_000
    ? formatDuration(Math.round(ms / 1000) * 1000)
    : formatDuration(Math.round(ms / 60_000) * 60_000)
}

function compact(n: number): string {
  if (n >= 1e9) return `${Math.round(n / 1e8) / 10} G`
  if (n >= 1e6) return `${Math.round(n / 1e5) / 10} M`
  if (n >= 1e3) return `${Math.round(n / 1e2) / 10} k`
  return String(n)
}

function daysTable(
  days: string[],
  inWindow: BackupFile[],
  readability: Map<BackupFile, Readability>,
  missing: string[],
  now: Date,
  timeZone: string,
): Table {
  const rows: string[][] = []
  for (const day of days) {
    const backups = inWindow.filter((b) => calendarDay(b.takenAt, timeZone) === day)
    if (backups.length === 0)
      rows.push([day, missing.includes(day) ? '❌ missing' : '(not due yet)', '', '', '', ''])
    for (const b of backups) {
      const r = readability.get(b)
      rows.push([
        day,
        b.name,
        formatSize(b.size),
        formatAge(now.getTime() - b.takenAt.getTime()),
        r ? (r.readable ? 'yes' : r.unread ? 'not read' : 'NO') : '—',
        r?.checksum ?? '—',
      ])
    }
  }
  return {
    title: `Backups of the last ${days.length} days`,
    columns: ['Day', 'File', 'Size', 'Age', 'Readable', 'Checksum'],
    rows,
  }
}

function restoreTables(restores: RestoreRun[]): Table[] {
  return restores
    .filter((r) => r.validation)
    .map((r) => ({
      title: `Restored from ${r.backup.name}`,
      columns: ['Table', 'Rows'],
      rows: r.validation!.tables.map((t) => [
        `${t.schema}.${t.name}`,
        t.unpopulated ? 'not populated' : t.rows.toLocaleString('en-US'),
      ]),
    }))
}
