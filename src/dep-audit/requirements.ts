import { readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'

import { normalizePypiName } from './model.js'

/** A requirement pinned to one version (`name==1.2.3`): the version the project installs. */
export interface PinnedRequirement {
  /** The name as PEP 503 normalises it (lower case, runs of `-_.` as one `-`). */
  name: string
  version: string
}

export interface Requirements {
  pinned: PinnedRequirement[]
  /** Names with a range or no version (`django>=4`, `requests`): what they install is not written down. */
  unpinned: string[]
  /** Files named by `-r` that could not be read. */
  unreadable: string[]
}

/** `-r`/`--requirement` includes followed at most this deep (a file that includes itself stops here). */
const MAX_DEPTH = 10

/**
 * The requirements of a pip requirements file, following its `-r` includes. Only plain names count:
 * options (`-e`, `--index-url`, `-c`), URLs and paths are not versions to compare with an index.
 */
export function readRequirements(file: string): Requirements {
  const result: Requirements = { pinned: [], unpinned: [], unreadable: [] }
  const seen = new Set<string>()
  const names = new Set<string>()
  const visit = (path: string, depth: number) => {
    if (seen.has(path) || depth > MAX_DEPTH) return
    seen.add(path)
    let text: string
    try {
      text = readFileSync(path, 'utf8')
    } catch {
      result.unreadable.push(path)
      return
    }
    for (const line of logicalLines(text)) {
      const include = /^(?:-r|--requirement)(?:\s+|=)(\S+)$/.exec(line)
      if (include) {
        visit(join(dirname(path), include[1]), depth + 1)
        continue
      }
      const requirement = parseRequirement(line)
      if (!requirement || names.has(requirement.name)) continue
      names.add(requirement.name)
      if (requirement.version) result.pinned.push({ name: requirement.name, version: requirement.version })
      else result.unpinned.push(requirement.name)
    }
  }
  visit(file, 0)
  return result
}

/** Lines joined at a trailing `\`, comments (`#` at the start or after a space) and blanks dropped. */
function logicalLines(text: string): string[] {
  return text
    .replace(/\\\r?\n/g, ' ')
    .split(/\r?\n/)
    .map((line) => line.replace(/(^|\s)#.*$/, '').trim())
    .filter(Boolean)
}

/** `name[extras] ==1.2.3 ; marker --hash=…`: the normalised name and the pinned version, if any. */
export function parseRequirement(line: string): { name: string; version?: string } | undefined {
  if (line.startsWith('-') || line.includes('://') || /^[./~]/.test(line)) return undefined
  const match = /^([A-Za-z0-9][A-Za-z0-9._-]*)\s*(?:\[[^\]]*\])?\s*([^;]*?)\s*(?:;.*)?$/.exec(
    line.replace(/\s--\S.*$/, ''),
  )
  if (!match) return undefined
  const name = normalizePypiName(match[1])
  if (match[2].startsWith('@')) return undefined // a direct reference: `name @ file:…`
  const pin = /^===?\s*([^\s,*]+)$/.exec(match[2])
  return pin ? { name, version: pin[1] } : { name }
}
