import { existsSync } from 'node:fs'
import { readdir, stat } from 'node:fs/promises'
import { join, resolve } from 'node:path'

import { wildcardToRegExp } from '../core/patterns.js'
import { zonedTime } from '../core/time.js'

export interface BackupFile {
  name: string
  /** Absolute, so it never starts with `-`. */
  path: string
  /** Bytes; for a directory dump, the sum of its files. */
  size: number
  isDirectory: boolean
  /** When the backup was taken: from its name when it carries a timestamp, else its modification time. */
  takenAt: Date
  dateFrom: 'name' | 'mtime'
}

/**
 * The backups in a folder (not its subfolders): files matching the patterns, and directory-format dumps
 * (a folder holding toc.dat). Checksum files are never backups. Newest first.
 */
export async function findBackups(dir: string, patterns: string[], timeZone: string): Promise<BackupFile[]> {
  const matchers = patterns.map((p) => wildcardToRegExp(p))
  const found: BackupFile[] = []
  // Absolute paths: a backup named `-l.dump` or `--help.dump` must never reach pg_restore as an option.
  const folder = resolve(dir)
  for (const entry of await readdir(folder, { withFileTypes: true })) {
    const path = join(folder, entry.name)
    if (entry.isDirectory()) {
      if (!existsSync(join(path, 'toc.dat'))) continue
      found.push(await describe(entry.name, path, true, timeZone))
    } else if (
      entry.isFile() &&
      matchers.some((m) => m.test(entry.name)) &&
      !/\.sha256$|^SHA256SUMS$/i.test(entry.name)
    ) {
      found.push(await describe(entry.name, path, false, timeZone))
    }
  }
  return found.sort((a, b) => b.takenAt.getTime() - a.takenAt.getTime() || a.name.localeCompare(b.name))
}

async function describe(
  name: string,
  path: string,
  isDirectory: boolean,
  timeZone: string,
): Promise<BackupFile> {
  const info = await stat(path)
  let size = info.size
  if (isDirectory) {
    size = 0
    for (const file of await readdir(path)) size += (await stat(join(path, file))).size
  }
  const fromName = dateFromName(name, timeZone)
  return {
    name,
    path,
    size,
    isDirectory,
    takenAt: fromName ?? info.mtime,
    dateFrom: fromName ? 'name' : 'mtime',
  }
}

/**
 * `backup_20261127_020000.sql`, `trusted_login_db-2026-11-27T02-00.dump`, `db_20261127.sql.gz`: a date
 * (and time) in the name, read as wall-clock time in `timeZone`.
 */
export function dateFromName(name: string, timeZone: string): Date | undefined {
  const m = /(20\d{2}|19\d{2})-?(\d{2})-?(\d{2})(?:[_T-]?(\d{2})[:-]?(\d{2})(?:[:-]?(\d{2}))?)?/.exec(name)
  if (!m) return undefined
  const [year, month, day, hour = '0', minute = '0', second = '0'] = m.slice(1)
  if (
    Number(month) < 1 ||
    Number(month) > 12 ||
    Number(day) < 1 ||
    Number(day) > 31 ||
    Number(hour) > 23 ||
    Number(minute) > 59
  )
    return undefined
  return zonedTime(
    Number(year),
    Number(month),
    Number(day),
    Number(hour),
    Number(minute),
    Number(second),
    timeZone,
  )
}

/** The calendar date (YYYY-MM-DD) of an instant in a zone. */
export function calendarDay(at: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(at)
}
