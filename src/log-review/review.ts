import { Aggregate } from './aggregate.js'
import { evaluate } from './evaluate.js'
import { EventAssembler } from './events.js'
import { findLogFiles } from './files.js'
import { LogReviewInputs } from './inputs.js'
import { ByteRange, readFileLines } from './lines.js'
import { FileResult, FormatName, LogRecord } from './model.js'
import { LineParser } from './parse.js'
import { CandidateHandler, CandidateLines } from './prefilter.js'
import { LogReviewData } from './report-data.js'
import { TimeParser } from './timestamps.js'
import { RunContext } from '../core/action.js'
import { readBaseline } from '../core/baseline.js'
import { ConfigurationError } from '../core/errors.js'
import { Report } from '../core/report.js'

/** Finds the files, streams each through parser, assembler and aggregate, and evaluates the result. */
export async function reviewLogs(
  inputs: LogReviewInputs,
  { logger, clock }: Pick<RunContext, 'logger' | 'clock'>,
): Promise<Report<LogReviewData>> {
  const startedAt = clock().toISOString()
  // Read first: a baseline that cannot serve is said at the start of the log, not after the review.
  const baseline = readBaseline<LogReviewData>(inputs.baseline, 'log-review', logger)
  const { files, missing, unlisted } = await findLogFiles(inputs.paths, inputs.cwd, inputs.includeRotated)
  if (missing.length > 0 && inputs.missing === 'fail') {
    throw new ConfigurationError(
      `input 'paths': no file matches ${missing.map((m) => `'${m}'`).join(', ')}; check the path (relative to ${inputs.cwd}) or set missing: warn`,
    )
  }
  for (const pattern of missing) logger.warning(`paths: no file matches '${pattern}'`)
  for (const folder of unlisted)
    logger.warning(`${folder.path}: could not be listed for rotated files (${folder.reason})`)

  const aggregate = new Aggregate(inputs)
  const reader = new FileReviewer(inputs, aggregate)
  const results: FileResult[] = []
  for (const file of files) {
    // A file last written before the window cannot hold a line inside it.
    if (inputs.since !== undefined && file.mtimeMs < inputs.since) {
      const skipped = `last written ${new Date(file.mtimeMs).toISOString()}, before since`
      results.push({ path: file.path, formats: {}, lines: 0, bytes: file.size, cutLines: 0, skipped })
      continue
    }
    logger.info(`reading ${file.path}`)
    const result = await reader.review(file.absolute, file.path)
    result.bytes = file.size
    results.push(result)
    if (result.damaged) logger.warning(`${file.path}: read up to where it is damaged (${result.damaged})`)
    if (result.unreadable)
      logger.warning(
        `${file.path}: could not be read${result.lines > 0 ? ' in full' : ''} (${result.unreadable})`,
      )
  }
  return evaluate({ inputs, aggregate, files: results, missing, unlisted, startedAt, baseline })
}

/** What reviewing bytes [start, end) of one file gave: its counts, and the file's part of the result. */
export interface RangeReview {
  aggregate: Aggregate
  file: FileResult
}

/**
 * Reviews bytes `range` of a plain file (`start` at a line start: a worker's share of a large file) into
 * a fresh Aggregate. The seam for reviews split across threads: each part is reviewed alone and the
 * parts merged. A line without a time at the range's start has none: it cannot see the line before.
 */
export async function reviewRange(
  path: string,
  range: ByteRange,
  inputs: LogReviewInputs,
  shownPath = path,
): Promise<RangeReview> {
  const aggregate = new Aggregate(inputs)
  const file = await new FileReviewer(inputs, aggregate).review(path, shownPath, range)
  return { aggregate, file }
}

/** Streams files (or ranges of them) through parser, assembler and one aggregate. */
class FileReviewer {
  private readonly parser: LineParser

  constructor(
    inputs: LogReviewInputs,
    private readonly aggregate: Aggregate,
  ) {
    this.parser = new LineParser(inputs.format, new TimeParser(inputs.timeZone), {
      level: (level) => aggregate.reviews(level),
      slow: (ms) => ms >= inputs.slowThresholdMs,
    })
  }

  async review(path: string, shownPath: string, range?: ByteRange): Promise<FileResult> {
    const { aggregate, parser } = this
    const result: FileResult = { path: shownPath, formats: {}, lines: 0, bytes: 0, cutLines: 0 }
    const assembler = new EventAssembler(
      (event) => {
        if (aggregate.add(event) === 'old' || event.time === undefined) return
        if (result.from === undefined || event.time < result.from) result.from = event.time
        if (result.to === undefined || event.time > result.to) result.to = event.time
      },
      (record) => aggregate.reviews(record.level),
    )
    const take = (record: LogRecord | undefined, line: string) => {
      if (record) result.formats[record.format] = (result.formats[record.format] ?? 0) + 1
      assembler.add(record, line)
    }
    const handler: CandidateHandler = {
      line: (line) => take(parser.parse(line), line),
      timeOnly: (line) => parser.timeOnly(line),
      record: take,
    }
    const stats = await readFileLines(
      path,
      range,
      (stats) => new CandidateLines(stats, handler, !aggregate.reviews('info')),
    )
    assembler.end()
    Object.assign(result, {
      lines: stats.lines,
      bytes: stats.bytes,
      cutLines: stats.cutLines,
      damaged: stats.damaged,
      unreadable: stats.unreadable,
    })
    result.format = mainFormat(result.formats)
    return result
  }
}

function mainFormat(formats: FileResult['formats']): FormatName | undefined {
  let best: FormatName | undefined
  for (const [name, count] of Object.entries(formats) as [FormatName, number][])
    if (best === undefined || count > formats[best]!) best = name
  return best
}
