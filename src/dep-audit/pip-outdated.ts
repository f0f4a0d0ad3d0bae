import { excerpt, normalizePypiName } from './model.js'
import { OutdatedRow, UpdateType } from './parse-npm-outdated.js'
import { PinnedRequirement } from './requirements.js'

/**
 * The latest version in the first line of `pip index versions <name>` ("fastapi (0.110.0)"), the
 * versions pip's index offers for this Python. pip has no JSON form of this command.
 */
export function parsePipIndexVersions(stdout: string, name: string): string | undefined {
  const first = stdout.trim().split(/\r?\n/, 1)[0] ?? ''
  const match = /^(\S+) \(([^()\s]+)\)$/.exec(first)
  if (!match || normalizePypiName(match[1]) !== name) return undefined
  return match[2]
}

/** Why pip printed no version: its ERROR line, or the last line it printed. */
export function pipIndexError(stderr: string): string {
  const lines = stderr.trim().split(/\r?\n/).filter(Boolean)
  return excerpt(lines.find((l) => l.startsWith('ERROR:')) ?? lines.at(-1) ?? 'pip printed nothing')
}

/** The pinned requirements with a newer version on the index, as rows of the outdated table. */
export function outdatedRows(
  pinned: PinnedRequirement[],
  latest: Map<string, string>,
  project: string,
): OutdatedRow[] {
  const rows: OutdatedRow[] = []
  for (const { name, version } of pinned) {
    const newest = latest.get(name)
    const update = newest ? pythonUpdate(version, newest) : 'none'
    if (!newest || update === 'none') continue
    rows.push({
      package: name,
      current: version,
      wanted: newest,
      latest: newest,
      update,
      inRange: false,
      project,
    })
  }
  return rows
}

/**
 * How far `to` is ahead of `from`, by PEP 440's release numbers (`2.31`, `1.0.0rc1`, `2024.1`): the first
 * of major, minor, patch (or later) that grew. A pre-release or dev pin of the same release is behind it.
 */
export function pythonUpdate(from: string, to: string): UpdateType {
  const [a, b] = [release(from), release(to)]
  if (!a || !b) return from === to ? 'none' : 'unknown'
  for (let i = 0; i < Math.max(a.numbers.length, b.numbers.length); i++) {
    const [x, y] = [a.numbers[i] ?? 0, b.numbers[i] ?? 0]
    if (x !== y) return y < x ? 'none' : i === 0 ? 'major' : i === 1 ? 'minor' : 'patch'
  }
  return a.preRelease && !b.preRelease ? 'patch' : 'none'
}

function release(version: string): { numbers: number[]; preRelease: boolean } | undefined {
  const match = /^v?(?:\d+!)?(\d+(?:\.\d+)*)(.*)$/i.exec(version.trim())
  if (!match) return undefined
  return {
    numbers: match[1].split('.').map(Number),
    preRelease: /^[-_.]?(a|b|c|rc|alpha|beta|pre|preview|dev)/i.test(match[2]),
  }
}
