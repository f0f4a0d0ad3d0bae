// Where PostgreSQL is not installed the demo still runs the checks that need none: a copy of the runbook
// file without the checks of the given actions, comments and all, for the runbook CLI to run instead.
import { readFileSync, writeFileSync } from 'node:fs'
import { basename, join } from 'node:path'

import { isMap, isSeq, parseDocument } from 'yaml'

/**
 * Writes the copy into `outDir`; returns its path and the schedules it leaves out because no check of
 * theirs was left (a runbook schedule needs at least one).
 * @param {string} file
 * @param {string[]} actions
 * @param {string} outDir
 */
export function runbookWithout(file, actions, outDir) {
  const document = parseDocument(readFileSync(file, 'utf8'))
  const schedules = document.get('schedules')
  /** @type {string[]} */
  const emptied = []
  if (isMap(schedules)) {
    for (const { key, value: schedule } of schedules.items) {
      const checks = isMap(schedule) ? schedule.get('checks') : undefined
      if (!isSeq(checks)) continue
      // A check is a one-key map, `- backup-verify: {...}`.
      checks.items = checks.items.filter(
        (check) => !(isMap(check) && check.items.some((pair) => actions.includes(String(pair.key)))),
      )
      if (checks.items.length === 0) emptied.push(String(key))
    }
    // A schedule with no check is a mistake in a runbook file: the emptied ones go.
    schedules.items = schedules.items.filter(({ key }) => !emptied.includes(String(key)))
  }
  const copy = join(outDir, basename(file))
  writeFileSync(copy, document.toString())
  return { path: copy, emptied }
}
