import { Aggregate } from './aggregate.js'
import { evaluate } from './evaluate.js'
import { findLogFiles } from './files.js'
import { keepYoungGenerationSmall } from './heap.js'
import { LogReviewInputs } from './inputs.js'
import { ByteRange } from './lines.js'
import { FileResult, FormatName } from './model.js'
import { reviewInWorkers, workerCount } from './parallel.js'
import { workUnits } from './ranges.js'
import { addRange, parserFor, readLogRange } from './read-range.js'
import { LogReviewData } from './report-data.js'
import { RunContext } from '../core/action.js'
import { readBaseline } from '../core/baseline.js'
import { ConfigurationError } from '../core/errors.js'
import { Report } from '../core/report.js'

/** A plain file is cut into parts of at least this size for workers: smaller ones do not pay. */
export const MIN_RANGE_BYTES = 16 * 1024 * 1024

/** How the review is spread over workers; tests change them, the action keeps the defaults. */
export interface ReviewOptions {
  /** Parts smaller than this are not made (default MIN_RANGE_BYTES). */
  minRangeBytes?: number
  /** Parts larger than this are cut again (default MAX_PART_BYTES). */
  maxRangeBytes?: number
  /** The worker's script (default: the bundled one next to the running bundle). */
  workerUrl?: URL
}

/**
 * Finds the files, streams each through parser, assembler and aggregate (in `jobs` workers when the
 * files are large enough to pay, see parallel.ts), and evaluates the result.
 */
export async function reviewLogs(
  inputs: LogReviewInputs,
  { logger, clock, signal }: Pick<RunContext, 'logger' | 'clock'> & Partial<Pick<RunContext, 'signal'>>,
  options: ReviewOptions = {},
): Promise<Report<LogReviewData>> {
  const startedAt = clock().toISOString()
  // Peak memory: see heap.ts (the same in one thread and with workers).
  keepYoungGenerationSmall()
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
  const parser = parserFor(inputs, aggregate)
  const results: FileResult[] = files.map((file) => ({
    path: file.path,
    formats: {},
    lines: 0,
    bytes: file.size,
    cutLines: 0,
  }))
  // A file last written before the window cannot hold a line inside it.
  const reading = files.map((file, index) => {
    const read = inputs.since === undefined || file.mtimeMs >= inputs.since
    if (!read) results[index].skipped = `last written ${new Date(file.mtimeMs).toISOString()}, before since`
    return { file, read }
  })
  const jobs = inputs.jobs
  const minBytes = options.minRangeBytes ?? MIN_RANGE_BYTES
  const units = jobs > 1 ? await workUnits(reading, jobs, minBytes, parser, options.maxRangeBytes) : []
  const total = reading.reduce((sum, { file, read }) => sum + (read ? file.size : 0), 0)
  // Workers pay only for enough bytes in more than one part; else (and with jobs: 1) this thread reads.
  if (units.length > 1 && total >= minBytes) {
    for (const { file, read } of reading) if (read) logger.info(`reading ${file.path}`)
    const workers = workerCount(jobs, units.length)
    logger.info(
      `reading in ${units.length} parts with this thread and ${workers} worker thread${workers === 1 ? '' : 's'}`,
    )
    await reviewInWorkers(units, inputs, aggregate, (unit, part) => addRange(results[unit.file], part), {
      jobs,
      workerUrl: options.workerUrl,
      signal,
    })
  } else {
    for (const [index, { file, read }] of reading.entries()) {
      if (!read) continue
      logger.info(`reading ${file.path}`)
      addRange(results[index], await readLogRange(file.absolute, undefined, parser, aggregate))
    }
  }
  for (const result of results) {
    if (result.skipped) continue
    if (result.damaged) logger.warning(`${result.path}: read up to where it is damaged (${result.damaged})`)
    if (result.unreadable)
      logger.warning(
        `${result.path}: could not be read${result.lines > 0 ? ' in full' : ''} (${result.unreadable})`,
      )
    result.format = mainFormat(result.formats)
  }
  return evaluate({ inputs, aggregate, files: results, missing, unlisted, startedAt, baseline })
}

/** What reviewing bytes [start, end) of one file gave: its counts, and the file's part of the result. */
export interface RangeReview {
  aggregate: Aggregate
  file: FileResult
}

/**
 * Reviews bytes `range` of a plain file (`start` at a line start) into a fresh Aggregate: one part of a
 * file reviewed alone. A line without a time at the range's start has none: it cannot see the line
 * before (the parts workers read start at a timed event, see ranges.ts).
 */
export async function reviewRange(
  path: string,
  range: ByteRange,
  inputs: LogReviewInputs,
  shownPath = path,
): Promise<RangeReview> {
  const aggregate = new Aggregate(inputs)
  const file: FileResult = { path: shownPath, formats: {}, lines: 0, bytes: 0, cutLines: 0 }
  const part = await readLogRange(path, range, parserFor(inputs, aggregate), aggregate)
  addRange(file, part)
  file.bytes = part.bytes
  file.format = mainFormat(file.formats)
  return { aggregate, file }
}

function mainFormat(formats: FileResult['formats']): FormatName | undefined {
  let best: FormatName | undefined
  for (const [name, count] of Object.entries(formats) as [FormatName, number][])
    if (best === undefined || count > formats[best]!) best = name
  return best
}
