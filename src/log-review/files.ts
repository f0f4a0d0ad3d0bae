import { readdir, stat } from 'node:fs/promises'
import { basename, dirname, join, resolve } from 'node:path'

import { glob, isDynamicPattern } from 'tinyglobby'

import { getErrorMessage } from '../core/errors.js'

export interface LogFile {
  /** As shown: relative to the working directory when inside it. */
  path: string
  absolute: string
  size: number
  mtimeMs: number
  /** Device and inode: one file reached by two paths (a symlink, a hard link) is read once. */
  identity?: string
}

export interface FoundFiles {
  files: LogFile[]
  /** Paths or globs that matched no file. */
  missing: string[]
  /** Folders that could not be listed for rotated files (EACCES on the folder): shown path and why. */
  unlisted: { path: string; reason: string }[]
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

/**
 * The files the paths name, plus (with `includeRotated`) their rotated siblings: `app.log.1`,
 * `app.log.2.gz` (RotatingFileHandler, logrotate), `app.log-20261120(.gz)` (logrotate dateext) and
 * `app.log.2026-11-20` (TimedRotatingFileHandler). Oldest first, so events are read in the order
 * they were written.
 */
export async function findLogFiles(
  patterns: string[],
  cwd: string,
  includeRotated: boolean,
): Promise<FoundFiles> {
  /** By identity: the first path that names a file is the one shown. */
  const found = new Map<string, LogFile>()
  const add = (file: LogFile) => {
    const key = file.identity ?? file.absolute
    if (!found.has(key)) found.set(key, file)
  }
  const missing: string[] = []
  const unlisted = new Map<string, string>()
  for (const pattern of patterns) {
    const matches = isDynamicPattern(pattern)
      ? await glob(pattern, { cwd, onlyFiles: true, dot: true, absolute: true, expandDirectories: false })
      : [resolve(cwd, pattern)]
    let any = false
    for (const absolute of matches) {
      const file = await describe(absolute, cwd)
      if (!file) continue
      any = true
      add(file)
      if (includeRotated) for (const rotated of await rotatedSiblings(absolute, cwd, unlisted)) add(rotated)
    }
    if (!any) missing.push(pattern)
  }
  const files = [...found.values()].sort((a, b) => a.mtimeMs - b.mtimeMs || b.path.localeCompare(a.path))
  return { files, missing, unlisted: [...unlisted].map(([path, reason]) => ({ path, reason })) }
}

/** A path as shown: relative to the working directory when inside it. */
function shownPath(absolute: string, cwd: string): string {
  const base = resolve(cwd)
  return absolute.startsWith(base + '/') ? absolute.slice(base.length + 1) : absolute
}

async function describe(absolute: string, cwd: string): Promise<LogFile | undefined> {
  try {
    const info = await stat(absolute)
    if (!info.isFile()) return undefined
    return {
      path: shownPath(absolute, cwd),
      absolute,
      size: info.size,
      mtimeMs: info.mtimeMs,
      identity: `${info.dev}:${info.ino}`,
    }
  } catch {
    return undefined
  }
}

/**
 * The rotated files next to a file. A folder the runner may enter but not list (mode 0311) hides them:
 * that is recorded in `unlisted`, since rotated files that may exist were not read.
 */
async function rotatedSiblings(
  absolute: string,
  cwd: string,
  unlisted: Map<string, string>,
): Promise<LogFile[]> {
  const name = basename(absolute)
  const rotated = new RegExp(
    `^${escape(name)}(?:\\.\\d+|[.-]\\d{4}-?\\d{2}-?\\d{2}(?:[_T-]?\\d{2,6})?)(?:\\.gz)?$`,
  )
  let entries: string[]
  try {
    entries = await readdir(dirname(absolute))
  } catch (error) {
    unlisted.set(shownPath(dirname(absolute), cwd), getErrorMessage(error))
    return []
  }
  const siblings: LogFile[] = []
  for (const entry of entries) {
    if (!rotated.test(entry)) continue
    const file = await describe(join(dirname(absolute), entry), cwd)
    if (file) siblings.push(file)
  }
  return siblings
}
