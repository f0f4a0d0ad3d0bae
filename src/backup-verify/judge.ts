import { BackupFile, calendarDay } from './discover.js'
import { formatAge } from './figures.js'
import { BackupFacts } from './gather.js'
import { BackupVerifyInputs } from './inputs.js'
import { Readability } from './readable.js'
import { RestoreRun } from './scratch-restore.js'
import { Check } from '../core/report.js'
import { median } from '../core/stats.js'
import { formatDuration, formatSize } from '../core/units.js'

/** What the checks, the headline and the outputs all go by: a backup counts only once it reads in full. */
export interface Assessment {
  readable: (backup: BackupFile) => boolean
  /** The newest backup that reads in full: the one whose age counts. */
  newestReadable?: BackupFile
  /** Its age in ms at `now`. */
  age?: number
  fresh: boolean
  /** Days of the window with no readable backup (today only once the newest is stale). */
  missing: string[]
}

/** The derived facts every check shares, worked out once: which backups count, the age, the missing days. */
export function assess(facts: BackupFacts, inputs: BackupVerifyInputs): Assessment {
  const readable = (b: BackupFile) => facts.readability.get(b)?.readable === true
  const newestReadable = facts.toRead.find(readable)
  const age = newestReadable ? facts.now.getTime() - newestReadable.takenAt.getTime() : undefined
  const fresh = age !== undefined && age <= inputs.maxAgeMs
  const missing = facts.days.filter(
    (day, i) => !backupsOf(facts, day, inputs.timeZone).some(readable) && !(i === 0 && fresh),
  )
  return { readable, newestReadable, age, fresh, missing }
}

/** One check of the policy: the report lines it gives (none when it does not apply). */
type CheckOf = (facts: BackupFacts, found: Assessment, inputs: BackupVerifyInputs) => Check[]

/** The newest readable backup is within max-age. */
const freshness: CheckOf = (facts, { readable, newestReadable, age, fresh }, inputs) => {
  const unreadableNewer = facts.toRead.filter(
    (b) => !readable(b) && (!newestReadable || b.takenAt > newestReadable.takenAt),
  )
  return [
    {
      id: 'freshness',
      title: 'Newest backup',
      status: fresh ? 'pass' : 'fail',
      detail: newestReadable
        ? `${newestReadable.name} is ${formatAge(age!)} old (taken ${newestReadable.takenAt.toISOString()}, from its ${newestReadable.dateFrom === 'name' ? 'name' : 'modification time'})${fresh ? '' : `, over max-age ${formatDuration(inputs.maxAgeMs)}`}${unreadableNewer.length ? `; newer, but not counted: ${notReadable(facts, unreadableNewer)}` : ''}`
        : `no readable backup: ${notReadable(facts, facts.toRead)}`,
    },
  ]
}

/** Every day of the window has a readable backup: none at all, and only unreadable ones, told apart. */
const missingDays: CheckOf = (facts, { missing }, inputs) => {
  if (inputs.days <= 0) return []
  const none = missing.filter((day) => backupsOf(facts, day, inputs.timeZone).length === 0)
  const broken = missing.filter((day) => backupsOf(facts, day, inputs.timeZone).length > 0)
  return [
    {
      id: 'days',
      title: `A backup for each of the last ${inputs.days} days`,
      status: missing.length ? 'fail' : 'pass',
      detail: missing.length
        ? [
            none.length ? `no backup for ${none.join(', ')}` : '',
            broken.length
              ? `no readable backup for ${broken.map((day) => `${day} (${notReadable(facts, backupsOf(facts, day, inputs.timeZone))})`).join(', ')}`
              : '',
          ]
            .filter(Boolean)
            .join('; ') + ` (${inputs.timeZone})`
        : `every day from ${facts.days.at(-1)} to ${facts.days[0]} has a readable backup (${inputs.timeZone})`,
    },
  ]
}

/** Each backup read reads in full, matches its checksum and is not under min-size. */
const readability: CheckOf = (facts, _found, inputs) =>
  facts.toRead.map((backup) => {
    const r = facts.readability.get(backup)!
    const small = backup.size < inputs.minSize
    return {
      id: `readable:${backup.name}`,
      title: backup.name,
      status: small ? 'fail' : r.readable ? 'pass' : r.unread ? 'warn' : 'fail',
      detail: small
        ? `${backup.name} is only ${formatSize(backup.size)}, under min-size ${formatSize(inputs.minSize)}${r.readable ? '' : `; ${r.detail}`}`
        : `${r.detail}${r.checksumDetail ? `; ${r.checksumDetail}` : ''}`,
    }
  })

/** The newest backup is not much smaller than the median of the others in the window (data gone missing). */
const sizeDrop: CheckOf = ({ inWindow, newest }, _found, inputs) => {
  const earlier = inWindow.filter((b) => b !== newest).map((b) => b.size)
  const typical = median(earlier)
  if (typical === undefined || earlier.length < 2) return []
  const floor = (1 - inputs.maxSizeDrop) * typical
  return [
    {
      id: 'size-drop',
      title: 'Size of the newest backup',
      status: newest.size < floor ? 'fail' : 'pass',
      detail: `${formatSize(newest.size)} against a median of ${formatSize(typical)} for the ${earlier.length} before it${newest.size < floor ? `: a drop of more than ${Math.round(inputs.maxSizeDrop * 100)}%; is data missing?` : ''}`,
    },
  ]
}

/** A backup to restore that its read (or its restore) found unreadable: not restored, or only in part. */
const unrestorable: CheckOf = ({ unrestored }) =>
  unrestored.map(({ backup, read, partial }) => ({
    id: `restore:${backup.name}`,
    title: `Restore of ${backup.name}`,
    status: 'fail',
    detail: notRestored(read, partial),
  }))

/** Each restore went through, followed by what validating the scratch database found (tables, amcheck...). */
const restoresAndValidation: CheckOf = ({ restores }) =>
  restores.flatMap((run) => [restoreCheck(run), ...validationChecks(run, restores.length > 1)])

/** The checks in the order the report lists them. */
const CHECKS: CheckOf[] = [freshness, missingDays, readability, sizeDrop, unrestorable, restoresAndValidation]

/** Turns the facts into the report's checks. */
export function judge(facts: BackupFacts, found: Assessment, inputs: BackupVerifyInputs): Check[] {
  return CHECKS.flatMap((check) => check(facts, found, inputs))
}

function restoreCheck(run: RestoreRun): Check {
  return {
    id: `restore:${run.backup.name}`,
    title: `Restore of ${run.backup.name}`,
    status: run.ok ? 'pass' : 'fail',
    detail: run.ok
      ? `restored into a scratch database in ${formatDuration(run.seconds * 1000)} (${run.detail})`
      : run.notStarted
        ? `not restored: ${run.detail}`
        : `the restore failed after ${formatDuration(run.seconds * 1000)}: ${run.detail}`,
  }
}

/** The validation's checks, named for their backup; titled with it too when several were restored. */
function validationChecks(run: RestoreRun, several: boolean): Check[] {
  return (run.validation?.checks ?? []).map((check) => ({
    ...check,
    id: `${check.id}:${run.backup.name}`,
    title: several ? `${check.title} (${run.backup.name})` : check.title,
  }))
}

/** The backups of the window taken on a day. */
export function backupsOf(facts: BackupFacts, day: string, timeZone: string): BackupFile[] {
  return facts.inWindow.filter((b) => calendarDay(b.takenAt, timeZone) === day)
}

/** "a.dump is not readable, b.sql was not read in full and 2 more". */
function notReadable(facts: BackupFacts, list: BackupFile[]): string {
  return (
    list
      .slice(0, 3)
      .map(
        (b) => `${b.name} ${facts.readability.get(b)?.unread ? 'was not read in full' : 'is not readable'}`,
      )
      .join(', ') + (list.length > 3 ? ` and ${list.length - 3} more` : '')
  )
}

/** Why a backup was not restored, or only in part: what its read found. */
function notRestored(r: Readability | undefined, partial: boolean): string {
  if (r?.unsafe)
    return `not restored: the backup is unsafe, refused before psql read it (${r.detail.replace(/^unsafe: /, '')})`
  return `${partial ? 'restored only in part' : 'not restored'}: the backup is not readable (${r?.detail ?? 'not read'})`
}
