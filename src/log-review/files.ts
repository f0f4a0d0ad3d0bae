import { readdir, stat } from 'node:fs/promises'
import { basename, dirname, join, resolve } from 'node:path'

import { glob, isDynamicPattern } from 'tinyglobby'

export interface LogFile {
  /** As shown: relative to the working directory when inside it. */
  path: string
  absolute: string
  size: number
  mtimeMs: number
}

export interface FoundFiles {
  files: LogFile[]
  /** Paths or globs that matched no file. */
  missing: string[]
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
  const found = new Map<string, LogFile>()
  const missing: string[] = []
  for (const pattern of patterns) {
    const matches = isDynamicPattern(pattern)
      ? await glob(pattern, { cwd, onlyFiles: true, dot: true, absolute: true, expandDirectories: false })
      : [resolve(cwd, pattern)]
    let any = false
    for (const absolute of matches) {
      const file = await describe(absolute, cwd)
      if (!file) continue
      any = true
      found.set(absolute, file)
      if (includeRotated)
        for (const rotated of await rotatedSiblings(absolute, cwd)) found.set(rotated.absolute, rotated)
    }
    if (!any) missing.push(pattern)
  }
  const files = [...found.values()].sort((a, b) => a.mtimeMs - b.mtimeMs || b.path.localeCompare(a.path))
  return { files, missing }
}

async function describe(absolute: string, cwd: string): Promise<LogFile | undefined> {
  try {
    const info = await stat(absolute)
    if (!info.isFile()) return undefined
    const inside = absolute.startsWith(resolve(cwd) + '/')
    return {
      path: inside ? absolute.slice(resolve(cwd).length + 1) : absolute,
      absolute,
      size: info.size,
      mtimeMs: info.mtimeMs,
    }
  } catch {
    return undefined
  }
}

async function rotatedSiblings(absolute: string, cwd: string): Promise<LogFile[]> {
  const name = basename(absolute)
  const rotated = new RegExp(
    `^${escape(name)}(?:\\.\\d+|[.-]\\d{4}-?\\d{2}-?\\d{2}(?:[_T-]?\\d{2,6})?)(?:\\.gz)?$`,
  )
  const entries = await readdir(dirname(absolute))
  const siblings: LogFile[] = []
  for (const entry of entries) {
    if (!rotated.test(entry)) continue
    const file = await describe(join(dirname(absolute), entry), cwd)
    if (file) siblings.push(file)
  }
  return siblings
}
