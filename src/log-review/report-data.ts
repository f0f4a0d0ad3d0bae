/**
 * The machine-readable part of log-review's report (`report.data`, also in the JSON report file): what
 * the action's outputs are read from and what scripts and later runs read. Times are epoch ms while the
 * review counts and ISO strings here, where people and other programs read them.
 */
import { Group } from './aggregate.js'
import { FoundFiles } from './files.js'
import { FileResult } from './model.js'

/** A record with the named epoch-ms fields given as ISO strings instead. */
type WithIsoTimes<T, Keys extends keyof T> = Omit<T, Keys> & { [Key in Keys]?: string }

/** A group as the report keeps it; `hosts` is set by the fleet merge: the targets whose logs had it. */
export type LogGroup = WithIsoTimes<Group, 'firstSeen' | 'lastSeen'> & { hosts?: string[] }

export interface LogReviewCounts {
  errors: number
  warnings: number
  timeouts: number
  slow: number
  groups: number
  spikes: number
  /** Events read in the window, of any level. */
  events: number
  lines: number
  /** Events left out by `ignore`. */
  ignored: number
  /** Events before `since`. */
  old: number
}

/** An hour with at least spike-min errors and at least spike-factor times the median hour. */
export interface Spike {
  hour: string
  errors: number
  threshold: number
}

/** An operation that took slow-threshold or longer, with its durations in ms. */
export interface SlowSummary {
  operation: string
  count: number
  p50Ms: number
  p95Ms: number
  maxMs: number
}

/** An error group new or grown since the baseline (log-review's `baseline` input). */
export interface GroupChange {
  fingerprint: string
  template: string
  /** The count in the baseline; 0 for a new group. */
  before: number
  after: number
}

/** What changed since the baseline (changes.ts). */
export interface LogChanges {
  /** When the baseline run started, so a reader knows what "since" means. */
  baselineStartedAt: string
  newGroups: GroupChange[]
  grownGroups: GroupChange[]
  errorRate: { before: number; after: number }
  /** The baseline counted some errors as (other) (max-groups): a "new" group may have been among them. */
  baselineCapped: boolean
}

export interface LogReviewData {
  counts: LogReviewCounts
  /** Errors per hour over the time the logs cover. */
  errorRate: number
  /** Errors first, then warnings, then the most frequent first. */
  groups: LogGroup[]
  slow: SlowSummary[]
  /** Errors and warnings per UTC hour that had any event. */
  hours: { hour: string; errors: number; warnings: number }[]
  spikes: Spike[]
  files: WithIsoTimes<FileResult, 'from' | 'to'>[]
  missing: FoundFiles['missing']
  unlisted: FoundFiles['unlisted']
  /** The first and last event in the window. */
  span: { from?: string; to?: string }
  /** What changed since the baseline; absent when no baseline was given or it could not serve. */
  changes?: LogChanges
}
