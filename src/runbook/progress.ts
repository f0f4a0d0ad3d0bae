import { keyFigure } from './key-figures.js'
import { CheckOutcome } from './run.js'
import { STATUS_ICON } from '../core/report.js'
import { formatDuration } from '../core/units.js'

/** The line logged as each check finishes: `[2/5] log-review ✅ pass 1.3s  12 error groups, 40 error lines`. */
export function progressLine(outcome: CheckOutcome, done: number, total: number): string {
  const { status } = outcome.report
  const figure = keyFigure(outcome)
  return `[${done}/${total}] ${outcome.check.id} ${STATUS_ICON[status]} ${status} ${formatDuration(outcome.durationMs)}${figure ? `  ${figure}` : ''}`
}
