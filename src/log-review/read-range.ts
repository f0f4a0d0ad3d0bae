import { EventAssembler, LogEvent } from './events.js'
import { LogReviewInputs } from './inputs.js'
import { ByteRange, readFileLines } from './lines.js'
import { FileResult, FormatName, Level, LogRecord } from './model.js'
import { LineParser } from './parse.js'
import { CandidateHandler, CandidateLines } from './prefilter.js'
import { TimeParser } from './timestamps.js'

/** What takes a range's events: the aggregate itself, or a worker's counter that forwards a few. */
export interface EventSink {
  /** Whether events of this level are reviewed (their continuation lines are then read). */
  reviews(level: Level): boolean
  add(event: LogEvent): 'old' | 'counted'
}

/**
 * What reading one file, or one range of it, gave: the parts of a file add up to its FileResult.
 * `bytes`: read from the file (a file's result keeps its size).
 */
export type RangeResult = Pick<
  FileResult,
  'formats' | 'lines' | 'bytes' | 'cutLines' | 'from' | 'to' | 'damaged' | 'unreadable'
>

/** The line parser of a review: the inputs' format and zone, interested in what `sink` reviews. */
export function parserFor(inputs: LogReviewInputs, sink: EventSink): LineParser {
  return new LineParser(inputs.format, new TimeParser(inputs.timeZone), {
    level: (level) => sink.reviews(level),
    slow: (ms) => ms >= inputs.slowThresholdMs,
  })
}

/**
 * Streams a file (or bytes [start, end) of it) through parser and event assembler into `sink`. A range
 * starts at a line that starts an event with a timestamp (see ranges.ts), so its events are exactly
 * the ones a read of the whole file finds there.
 */
export async function readLogRange(
  path: string,
  range: ByteRange | undefined,
  parser: LineParser,
  sink: EventSink,
): Promise<RangeResult> {
  const result: RangeResult = { formats: {}, lines: 0, bytes: 0, cutLines: 0 }
  const assembler = new EventAssembler(
    (event) => {
      if (sink.add(event) === 'old' || event.time === undefined) return
      if (result.from === undefined || event.time < result.from) result.from = event.time
      if (result.to === undefined || event.time > result.to) result.to = event.time
    },
    (record) => sink.reviews(record.level),
  )
  const formats = result.formats
  const countFormat = (format: FormatName) => (formats[format] = (formats[format] ?? 0) + 1)
  const take = (record: LogRecord | undefined, line: string) => {
    if (record) countFormat(record.format)
    assembler.add(record, line)
  }
  const handler: CandidateHandler = {
    line: (line) => take(parser.parse(line), line),
    timeOnly: (line) => parser.timeOnly(line),
    record: take,
    lane: parser.fastLane(),
    light: ({ format, level, time }) => {
      countFormat(format)
      assembler.light(format, level, time)
    },
  }
  const stats = await readFileLines(
    path,
    range,
    (stats) => new CandidateLines(stats, handler, !sink.reviews('info')),
  )
  assembler.end()
  return {
    ...result,
    lines: stats.lines,
    bytes: stats.bytes,
    cutLines: stats.cutLines,
    ...(stats.damaged === undefined ? {} : { damaged: stats.damaged }),
    ...(stats.unreadable === undefined ? {} : { unreadable: stats.unreadable }),
  }
}

/**
 * Adds a range's result to its file's, in file order (the first damage or read failure is kept; the
 * file's bytes are its size).
 */
export function addRange(file: FileResult, part: RangeResult): void {
  for (const [format, count] of Object.entries(part.formats) as [keyof FileResult['formats'], number][])
    file.formats[format] = (file.formats[format] ?? 0) + count
  file.lines += part.lines
  file.cutLines += part.cutLines
  if (part.from !== undefined && (file.from === undefined || part.from < file.from)) file.from = part.from
  if (part.to !== undefined && (file.to === undefined || part.to > file.to)) file.to = part.to
  file.damaged ??= part.damaged
  file.unreadable ??= part.unreadable
}
