import { Aggregate } from './aggregate.js'
import { evaluate } from './evaluate.js'
import { EventAssembler } from './events.js'
import { findLogFiles } from './files.js'
import { LogReviewInputs } from './inputs.js'
import { readLines } from './lines.js'
import { FileResult, FormatName } from './model.js'
import { LineParser } from './parse.js'
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
  const times = new TimeParser(inputs.timeZone)
  const parser = new LineParser(inputs.format, times, {
    level: (level) => aggregate.reviews(level),
    slow: (ms) => ms >= inputs.slowThresholdMs,
  })
  const results: FileResult[] = []
  for (const file of files) {
    const result: FileResult = { path: file.path, formats: {}, lines: 0, bytes: file.size, cutLines: 0 }
    results.push(result)
    // A file last written before the window cannot hold a line inside it.
    if (inputs.since !== undefined && file.mtimeMs < inputs.since) {
      result.skipped = `last written ${new Date(file.mtimeMs).toISOString()}, before since`
      continue
    }
    logger.info(`reading ${file.path}`)
    const assembler = new EventAssembler(
      (event) => {
        if (aggregate.add(event) === 'old' || event.time === undefined) return
        if (result.from === undefined || event.time < result.from) result.from = event.time
        if (result.to === undefined || event.time > result.to) result.to = event.time
      },
      (record) => aggregate.reviews(record.level),
    )
    const stats = await readLines(file.absolute, (line) => {
      const record = parser.parse(line)
      if (record) result.formats[record.format] = (result.formats[record.format] ?? 0) + 1
      assembler.add(record, line)
    })
    assembler.end()
    Object.assign(result, {
      lines: stats.lines,
      cutLines: stats.cutLines,
      damaged: stats.damaged,
      unreadable: stats.unreadable,
    })
    if (stats.damaged) logger.warning(`${file.path}: read up to where it is damaged (${stats.damaged})`)
    if (stats.unreadable)
      logger.warning(
        `${file.path}: could not be read${stats.lines > 0 ? ' in full' : ''} (${stats.unreadable})`,
      )
    result.format = mainFormat(result.formats)
  }
  return evaluate({ inputs, aggregate, files: results, missing, unlisted, startedAt, baseline })
}

function mainFormat(formats: FileResult['formats']): FormatName | undefined {
  let best: FormatName | undefined
  for (const [name, count] of Object.entries(formats) as [FormatName, number][])
    if (best === undefined || count > formats[best]!) best = name
  return best
}
