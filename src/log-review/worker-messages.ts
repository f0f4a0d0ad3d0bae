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

/** Main to worker: review this unit (after the ones given before it). */
export interface UnitTask {
  id: number
  unit: WorkUnit
}

/**
 * Events to group or time, in the order they were logged. From a worker: as v8.serialize wrote them
 * (postMessage's own structured clone, so they read back exactly). The main thread reads such a batch
 * only when it examines it: a batch that waits for the parts before its own is these bytes outside the
 * heap, not thousands of objects its collections would copy and then promote to the old generation
 * (see parallel.ts). From the main thread's own units: the events themselves.
 */
export type EventBatch = Uint8Array | LogEvent[]

/** Worker to main, for the unit with this id. */
export type WorkerMessage =
  | { type: 'events'; id: number; events: EventBatch }
  /** The unit is read: what it counted, and what it gave for its file. */
  | { type: 'done'; id: number; part: RangeResult; counts: UnitCounts }

/** What a worker's aggregate counted without examining anything (see Aggregate.count). */
export interface UnitCounts {
  tally: Tally
  first?: number
  last?: number
}
