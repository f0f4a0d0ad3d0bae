/** What the main thread and a log-review worker (worker.ts) say to each other (see parallel.ts). */
import { LogEvent } from './events.js'
import { LogReviewInputs } from './inputs.js'
import { RangeResult } from './read-range.js'
import { WorkUnit } from './ranges.js'
import { Tally } from './aggregate.js'

/** Given once, when the worker starts. */
export interface WorkerSetup {
  inputs: LogReviewInputs
}

/** Main to worker: review this unit (the next one only after 'done'). */
export interface UnitTask {
  id: number
  unit: WorkUnit
}

/** Worker to main, for the unit with this id. */
export type WorkerMessage =
  /** Events to group or time, in the order they were logged. */
  | { type: 'events'; id: number; events: LogEvent[] }
  /** The unit is read: what it counted, and what it gave for its file. */
  | { type: 'done'; id: number; part: RangeResult; counts: UnitCounts }

/** What a worker's aggregate counted without examining anything (see Aggregate.count). */
export interface UnitCounts {
  tally: Tally
  first?: number
  last?: number
}
