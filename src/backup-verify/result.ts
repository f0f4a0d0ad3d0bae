import { BackupChanges, changesCheck, changesTable, compareWithBaseline } from './changes.js'
import { compact, formatAge, hours } from './figures.js'
import { BackupFacts, windowDays } from './gather.js'
import { BackupVerifyInputs } from './inputs.js'
import { Assessment, backupsOf } from './judge.js'
import { RestoreRun } from './scratch-restore.js'
import { RunResult } from '../core/action.js'
import { Check, Status, Table, createReport, worstStatus } from '../core/report.js'
import { formatDuration, formatSize } from '../core/units.js'

/**
 * The facts a runbook compares from one run to the next (is the newest backup shrinking, the restore
 * slowing down, are rows going missing), as the report's `data`: added to the JSON report, which is
 * otherwise unchanged.
 */
export interface BackupVerifyData {
  /** The newest backup that reads in full; absent when none does. */
  newest?: { name: string; path: string; takenAt: string; size: number; ageHours: number }
  backupsFound: number
  /** The days of the window (calendar days in `timeZone`) with no readable backup. */
  missingDays: string[]
  timeZone: string
  /** The restore the headline describes: the newest backup's, else the first; absent when none ran. */
  restore?: { backup: string; ok: boolean; seconds?: number; tables?: number; rows?: number }
  /** Size and restore time against the baseline; absent without one (or when it could not serve). */
  changes?: BackupChanges
}

export type BackupVerifyResult = RunResult<BackupVerifyData>

/** The report and the outputs of a run that found no backup at all: every day of the window is missing. */
export function noBackupsResult(
  inputs: BackupVerifyInputs,
  now: Date,
  startedAt: string,
): BackupVerifyResult {
  const report = createReport<BackupVerifyData>({
    action: 'backup-verify',
    title: `no backups found in ${inputs.backupDir}`,
    checks: [
      {
        id: 'found',
        title: 'Backups',
        status: 'fail',
        detail: `no backups in ${inputs.backupDir} matching ${inputs.patterns.join(', ')} (or directory dumps)`,
      },
    ],
    data: { backupsFound: 0, missingDays: windowDays(now, inputs), timeZone: inputs.timeZone },
    startedAt,
  })
  return { report, outputs: { status: report.status, 'backups-found': 0, 'missing-days': inputs.days } }
}

/**
 * The report (headline, metrics, tables) and the outputs, from the facts and the checks judged on them;
 * with a baseline (an earlier run's report), what changed since, as a check, a table and outputs.
 */
export function buildResult(
  facts: BackupFacts,
  found: Assessment,
  judged: Check[],
  inputs: BackupVerifyInputs,
  startedAt: string,
  baseline?: { startedAt: string; data?: BackupVerifyData },
): BackupVerifyResult {
  const { age, missing, newestReadable } = found
  // The restore the headline, the metrics and the outputs describe: the newest backup's, else the first.
  const latestRestore = facts.restores.find((r) => r.backup === facts.newest) ?? facts.restores[0]
  const restoreSeconds =
    latestRestore && !latestRestore.notStarted ? Math.round(latestRestore.seconds * 10) / 10 : undefined
  const data: BackupVerifyData = {
    newest: newestReadable && {
      name: newestReadable.name,
      path: newestReadable.path,
      takenAt: newestReadable.takenAt.toISOString(),
      size: newestReadable.size,
      ageHours: hours(age!),
    },
    backupsFound: facts.all.length,
    missingDays: missing,
    timeZone: inputs.timeZone,
    restore: latestRestore && {
      backup: latestRestore.backup.name,
      ok: latestRestore.ok,
      seconds: restoreSeconds,
      tables: latestRestore.validation?.tables.length,
      rows: latestRestore.validation?.rows,
    },
  }
  data.changes = baseline && compareWithBaseline(baseline, data)
  const sizeDropFailed = judged.some((c) => c.id === 'size-drop' && c.status === 'fail')
  const checks = data.changes ? [...judged, changesCheck(data.changes, sizeDropFailed)] : judged
  const status = worstStatus(checks.map((c) => c.status))
  const report = createReport<BackupVerifyData>({
    action: 'backup-verify',
    title: headline(age, latestRestore, status, checks),
    checks,
    metrics: [
      ...(age === undefined ? [] : [{ name: 'age of the newest backup', value: hours(age), unit: 'h' }]),
      { name: 'backups found', value: facts.all.length, unit: '' },
      { name: 'missing days', value: missing.length, unit: '' },
      ...(restoreSeconds === undefined ? [] : [{ name: 'restore time', value: restoreSeconds, unit: 's' }]),
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
      daysTable(facts, found, inputs.timeZone),
      ...restoreTables(facts.restores),
      ...(data.changes ? [changesTable(data.changes)] : []),
    ],
    data,
    startedAt,
  })
  const { size, restoreSeconds: restoreChange } = data.changes ?? {}
  return {
    report,
    outputs: {
      status: report.status,
      latest: newestReadable?.path ?? '',
      'age-hours': age === undefined ? '' : hours(age),
      'backups-found': facts.all.length,
      'missing-days': missing.length,
      'restore-seconds': restoreSeconds ?? '',
      tables: latestRestore?.validation?.tables.length ?? '',
      rows: latestRestore?.validation?.rows ?? '',
      // Empty without a baseline, or when either run lacks the figure.
      'size-change-percent': size ? changePercent(size.before, size.after) : '',
      'restore-change-percent': restoreChange ? changePercent(restoreChange.before, restoreChange.after) : '',
    },
  }
}

/** The change from `before` to `after` in whole percent (a number, for scripts); empty from zero. */
function changePercent(before: number, after: number): number | '' {
  return before === 0 ? '' : Math.round(((after - before) / before) * 100)
}

/** One line a person reads first: "newest backup 5h old, restored in 42s, 12 tables, 1.2M rows, all checks passed". */
function headline(
  age: number | undefined,
  restore: RestoreRun | undefined,
  status: Status,
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

/** A row per backup of the window, and one per day without any. */
function daysTable(facts: BackupFacts, { missing }: Assessment, timeZone: string): Table {
  const rows: string[][] = []
  for (const day of facts.days) {
    const backups = backupsOf(facts, day, timeZone)
    if (backups.length === 0)
      rows.push([day, missing.includes(day) ? '❌ missing' : '(not due yet)', '', '', '', ''])
    for (const b of backups) {
      const r = facts.readability.get(b)
      rows.push([
        day,
        b.name,
        formatSize(b.size),
        formatAge(facts.now.getTime() - b.takenAt.getTime()),
        r ? (r.readable ? 'yes' : r.unread ? 'not read' : 'NO') : '—',
        r?.checksum ?? '—',
      ])
    }
  }
  return {
    title: `Backups of the last ${facts.days.length} days`,
    columns: ['Day', 'File', 'Size', 'Age', 'Readable', 'Checksum'],
    rows,
  }
}

/** A table of row counts for each validated restore. */
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
