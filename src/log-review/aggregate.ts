import { LogEvent } from './events.js'
import { oneVariableApart, template } from './fingerprint.js'
import { ReviewLevel } from './inputs.js'
import { Level } from './model.js'
import { redact } from './redact.js'

const HOUR = 3_600_000
/** Durations kept per slow operation for its percentiles; beyond this a uniform sample (reservoir). */
const SAMPLES_PER_OPERATION = 2048
const EXAMPLE_CHARS = 500
export const OTHER = '(other)'
/**
 * A copy of a string that shares no memory with the line it came from. A regex match or a slice of a
 * line points into the whole chunk it was decoded from (V8's sliced and cons strings), so a group
 * that kept one would keep 256 KiB alive: 400 groups held 100 MB that way.
 */
function detach(text: string): string {
  return Buffer.from(text, 'utf8').toString('utf8')
}

const TIMEOUT = /time[ _-]?out|timed out|deadline[ _]exceeded|ETIMEDOUT/i

export interface Group {
  fingerprint: string
  template: string
  level: 'error' | 'warning' | 'info'
  count: number
  firstSeen?: number
  lastSeen?: number
  example: string
  timeouts: number
  exception?: string
  frame?: string
}

export interface SlowOperation {
  operation: string
  count: number
  maxMs: number
  samples: number[]
}

export interface Tally {
  errors: number
  warnings: number
  infos: number
  timeouts: number
  slow: number
  /** Events read in the window (any level). */
  events: number
  /** Events left out by `ignore`. */
  ignored: number
  /** Events before `since`. */
  old: number
}

export interface AggregateOptions {
  levels: Set<ReviewLevel>
  since?: number
  slowThresholdMs: number
  ignore: RegExp[]
  redact: boolean
  maxGroups: number
}

/**
 * Everything the review counts, in memory bounded by the caps: groups and slow operations beyond
 * `maxGroups` fall into one "(other)" entry, percentiles come from at most SAMPLES_PER_OPERATION values
 * each, and hours are bounded by the time span.
 */
export class Aggregate {
  readonly tally: Tally = {
    errors: 0,
    warnings: 0,
    infos: 0,
    timeouts: 0,
    slow: 0,
    events: 0,
    ignored: 0,
    old: 0,
  }
  readonly groups = new Map<string, Group>()
  readonly slowOperations = new Map<string, SlowOperation>()
  /** Errors and warnings per hour (key: epoch ms of the hour's start). */
  readonly hours = new Map<number, { errors: number; warnings: number }>()
  first?: number
  last?: number
  /** A deterministic generator for the reservoir, so a run can be repeated exactly. */
  private seed = 0x9e3779b9
  /**
   * Message groups by level and number of words, for templates one variable apart, and the
   * fingerprints already found to belong to one of them (at most 2 x maxGroups remembered).
   */
  private readonly shapes = new Map<string, { words: string[]; group: Group }[]>()
  private readonly aliases = new Map<string, Group>()
  /** Texts shown again and again (endpoints, templates) with their masked form. */
  private readonly shownTexts = new Map<string, string>()

  /** What may be shown of a text: redacted unless `redact: false`. */
  private readonly shown: (text: string) => string

  constructor(private readonly options: AggregateOptions) {
    this.shown = options.redact ? redact : (text) => text
  }

  /** Whether events of this level are reviewed (grouped and counted). */
  reviews(level: Level): boolean {
    return level !== 'debug' && this.options.levels.has(level)
  }

  add(event: LogEvent): 'old' | 'counted' {
    const verdict = this.count(event)
    if (verdict === 'examine') this.examine(event)
    return verdict === 'old' ? 'old' : 'counted'
  }

  /**
   * The part of `add` that does not depend on the events before this one: the window, the span, the
   * ignore patterns. 'examine': the event is to be grouped or timed by `examine`, which does depend on
   * the order (which group a message joins, the group cap, the reservoir). A worker counts its part of
   * a file with this and hands the few events to examine to the main thread (see parallel.ts).
   */
  count(event: LogEvent): 'old' | 'counted' | 'examine' {
    const { time, record } = event
    if (time !== undefined && this.options.since !== undefined && time < this.options.since) {
      this.tally.old++
      return 'old'
    }
    this.tally.events++
    if (time !== undefined) {
      if (this.first === undefined || time < this.first) this.first = time
      if (this.last === undefined || time > this.last) this.last = time
    }
    if (!this.reviews(record.level) && !this.isSlow(record)) return 'counted'
    if (this.options.ignore.some((pattern) => pattern.test(event.firstLine))) {
      this.tally.ignored++
      return 'counted'
    }
    return 'examine'
  }

  /** Groups and times an event `count` said to examine; events must come in the order they were logged. */
  examine(event: LogEvent): void {
    if (this.reviews(event.record.level)) this.review(event)
    if (this.isSlow(event.record)) this.addSlow(event)
  }

  /** Adds what another aggregate counted (with `count` only: it examined nothing) to this one's. */
  addCounts(counts: Pick<Aggregate, 'tally' | 'first' | 'last'>): void {
    for (const key of Object.keys(this.tally) as (keyof Tally)[]) this.tally[key] += counts.tally[key]
    if (counts.first !== undefined && (this.first === undefined || counts.first < this.first))
      this.first = counts.first
    if (counts.last !== undefined && (this.last === undefined || counts.last > this.last))
      this.last = counts.last
  }

  private isSlow(record: LogEvent['record']): boolean {
    return record.durationMs !== undefined && record.durationMs >= this.options.slowThresholdMs
  }

  private review(event: LogEvent): void {
    const { record, traceback, time } = event
    const level = record.level as Group['level']
    if (level === 'error') this.tally.errors++
    else if (level === 'warning') this.tally.warnings++
    else this.tally.infos++

    const text = traceback?.exception
      ? `${record.message} ${traceback.exception}: ${traceback.exceptionMessage ?? ''}`
      : record.message
    const timeout = record.status === 504 || TIMEOUT.test(text)
    if (timeout && level !== 'info') this.tally.timeouts++

    if (time !== undefined && level !== 'info') {
      const hour = time - (((time % HOUR) + HOUR) % HOUR)
      const bucket = this.hours.get(hour) ?? { errors: 0, warnings: 0 }
      if (level === 'error') bucket.errors++
      else bucket.warnings++
      this.hours.set(hour, bucket)
    }

    // Every name a group is shown by is masked too: an access log's template keeps the path
    // (`;jsessionid=...`), an exception or frame may name anything.
    const groupTemplate = traceback?.exception
      ? this.shown(`${traceback.exception}${traceback.frame ? ` in ${traceback.frame}` : ''}`)
      : record.template !== undefined
        ? this.shownOnce(record.template)
        : template(this.shown(record.message))
    const fingerprint = `${level}|${groupTemplate}`
    const message = !traceback?.exception && record.template === undefined
    let group =
      this.groups.get(fingerprint) ?? (message ? this.similar(level, fingerprint, groupTemplate) : undefined)
    if (!group) {
      const key = this.groups.size < this.options.maxGroups ? fingerprint : `${level}|${OTHER}`
      group = this.groups.get(key)
      if (!group) {
        const example = this.shown(
          traceback?.exception
            ? `${event.firstLine}\n${traceback.exception}: ${traceback.exceptionMessage ?? ''}`
            : event.firstLine,
        )
        group = {
          fingerprint: detach(key),
          template: key === fingerprint ? detach(groupTemplate) : OTHER,
          level,
          count: 0,
          example: detach(
            example.length > EXAMPLE_CHARS ? `${example.slice(0, EXAMPLE_CHARS - 1)}…` : example,
          ),
          timeouts: 0,
          exception: traceback?.exception && detach(this.shown(traceback.exception)),
          frame: traceback?.frame && detach(this.shown(traceback.frame)),
        }
        this.groups.set(group.fingerprint, group)
        if (message && key === fingerprint) this.addShape(level, group)
      }
    }
    group.count++
    if (timeout) group.timeouts++
    if (time !== undefined) {
      if (group.firstSeen === undefined || time < group.firstSeen) group.firstSeen = time
      if (group.lastSeen === undefined || time > group.lastSeen) group.lastSeen = time
    }
  }

  /**
   * The message group whose template is one variable apart from this one (see oneVariableApart), if
   * any. A template that holds the mask where the group's has a constant word becomes the group's.
   * Only a new fingerprint searches, and only among groups of its level and number of words.
   */
  private similar(level: Group['level'], fingerprint: string, text: string): Group | undefined {
    const alias = this.aliases.get(fingerprint)
    if (alias) return alias
    const words = text.split(' ')
    for (const shape of this.shapes.get(`${level}|${words.length}`) ?? []) {
      const at = oneVariableApart(shape.words, words)
      if (at < 0) continue
      if (!shape.words[at].includes('<') && words[at].includes('<')) {
        shape.words[at] = words[at]
        shape.group.template = detach(shape.words.join(' '))
      }
      if (this.aliases.size < 2 * this.options.maxGroups) this.aliases.set(detach(fingerprint), shape.group)
      return shape.group
    }
    return undefined
  }

  private addShape(level: Group['level'], group: Group): void {
    const words = group.template.split(' ')
    const key = `${level}|${words.length}`
    const shapes = this.shapes.get(key)
    if (shapes) shapes.push({ words, group })
    else this.shapes.set(key, [{ words, group }])
  }

  private addSlow(event: LogEvent): void {
    const { record } = event
    const durationMs = record.durationMs!
    this.tally.slow++
    let name = record.operation ? this.shownOnce(record.operation) : template(this.shown(record.message))
    if (!this.slowOperations.has(name) && this.slowOperations.size >= this.options.maxGroups) name = OTHER
    let operation = this.slowOperations.get(name)
    if (!operation) {
      operation = { operation: detach(name), count: 0, maxMs: 0, samples: [] }
      this.slowOperations.set(operation.operation, operation)
    }
    operation.count++
    operation.maxMs = Math.max(operation.maxMs, durationMs)
    if (operation.samples.length < SAMPLES_PER_OPERATION) {
      operation.samples.push(durationMs)
    } else {
      // Reservoir sampling (Algorithm R): every value has the same chance to be among the kept ones.
      const slot = this.random() % operation.count
      if (slot < SAMPLES_PER_OPERATION) operation.samples[slot] = durationMs
    }
  }

  /**
   * The shown form of a text that repeats (an endpoint, an access log's template), masked once and
   * remembered: at most 2 x maxGroups texts, the rest masked each time.
   */
  private shownOnce(text: string): string {
    let shown = this.shownTexts.get(text)
    if (shown === undefined) {
      shown = this.shown(text)
      if (this.shownTexts.size < 2 * this.options.maxGroups) {
        shown = detach(shown)
        this.shownTexts.set(detach(text), shown)
      }
    }
    return shown
  }

  private random(): number {
    // xorshift32
    let x = this.seed
    x ^= x << 13
    x ^= x >>> 17
    x ^= x << 5
    this.seed = x >>> 0
    return this.seed
  }
}
