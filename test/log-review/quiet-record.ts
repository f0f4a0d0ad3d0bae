import { Interest, LogRecord } from '../../src/log-review/model.js'

/** What a short path (the prefilter's time-only reading, the fast lane) says of a line. */
export type QuickRecord = Pick<LogRecord, 'format' | 'time' | 'level'> &
  Partial<Pick<LogRecord, 'durationMs'>>

/**
 * Whether the full parser's record of a line is what a short path said of it (a duration only when the
 * short path gives one: the fast lane says only that it is not slow), and nothing the review looks at:
 * not a reviewed level, not slow.
 */
export function sameQuietRecord(
  full: LogRecord | undefined,
  quick: QuickRecord,
  interest: Interest,
): boolean {
  return (
    full !== undefined &&
    full.format === quick.format &&
    full.time === quick.time &&
    full.level === quick.level &&
    ('durationMs' in quick ? full.durationMs === quick.durationMs : true) &&
    !interest.level(full.level) &&
    !(full.durationMs !== undefined && interest.slow(full.durationMs))
  )
}
