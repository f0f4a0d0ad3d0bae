import { asString, excerpt, isObject, readToolJson } from './model.js'
import { OutdatedResult, OutdatedRow, compareVersions, updateType } from './parse-npm-outdated.js'

/** pip's signs that it could not reach its index: then "nothing outdated" would be a guess, not a result. */
const UNREACHABLE =
  /Could not fetch URL|Retrying \(Retry|Failed to establish a new connection|No matching distribution/i

/**
 * Reads `pip list --outdated --format=json` (`[{name, version, latest_version, latest_filetype}]`): the
 * runbook's `pip list --outdated`, for the Python environment the job set up. An index pip could not reach
 * makes the list incomplete, never empty.
 */
export function parsePipOutdated(stdout: string, stderr: string, project: string): OutdatedResult {
  const unreachable = stderr.split('\n').find((line) => UNREACHABLE.test(line))
  if (unreachable) return { rows: [], incomplete: `pip could not reach its index: ${excerpt(unreachable)}` }
  const json = readToolJson(stdout, 'pip list --outdated')
  if (!json.ok) return { rows: [], incomplete: json.reason }
  if (!Array.isArray(json.value))
    return { rows: [], incomplete: `pip list --outdated printed JSON that is not a list: ${excerpt(stdout)}` }
  const rows: OutdatedRow[] = []
  for (const item of json.value) {
    if (!isObject(item)) continue
    const name = asString(item.name)
    const current = asString(item.version)
    const latest = asString(item.latest_version)
    if (!name || !latest) continue
    rows.push({
      package: name,
      current,
      wanted: latest,
      latest,
      update: current ? updateType(current, latest) : 'unknown',
      inRange: current ? compareVersions(current, latest) < 0 : true,
      project,
    })
  }
  return { rows }
}
