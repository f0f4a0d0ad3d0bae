/**
 * Reviewing the parts of a review (ranges.ts) in a pool of worker threads. Workers do what costs: reading,
 * parsing and assembling every line. What depends on the order of events (which group a message joins,
 * the cap on groups, the reservoir of durations) is done here, on the few events workers send, in file
 * order: the report is exactly the one a single thread makes. Events of a part that finished before the
 * parts ahead of it wait here, as the bytes a worker serialized them to, until those are examined.
 */
import { deserialize } from 'node:v8'
import { Worker } from 'node:worker_threads'

import { Aggregate } from './aggregate.js'
import { LogEvent } from './events.js'
import { LogReviewInputs } from './inputs.js'
import { RangeResult } from './read-range.js'
import { WorkUnit } from './ranges.js'
import { EventBatch, UnitCounts, UnitTask, WorkerMessage, WorkerSetup } from './worker-messages.js'

/** The worker's file, next to the bundle that runs (scripts/bundle.mjs puts it there). */
export const BUNDLED_WORKER = 'log-review-worker.js'

/**
 * A worker holds a chunk, a line and a batch of events, never the log: small heaps keep each isolate's
 * memory near that. V8 otherwise grows a heap well before collecting it: 2 workers took 390 MB on a
 * 100 MB log where one thread takes 110 MB. Since the review stops young generations from growing
 * (heap.ts), a worker's stays at V8's starting size, under this cap: starting workers at a larger one
 * (4 MB halves) cost 10-20 MB of peak RSS and saved no CPU time (300 MiB log, 4 runs each).
 */
const WORKER_LIMITS = { maxYoungGenerationSizeMb: 8, maxOldGenerationSizeMb: 64 }

export interface PoolOptions {
  jobs: number
  /** The worker's script; default: BUNDLED_WORKER next to this module (in a bundle: next to index.js). */
  workerUrl?: URL
  signal?: AbortSignal
}

interface UnitState {
  batches: EventBatch[]
  done?: { part: RangeResult; counts: UnitCounts }
}

/**
 * Reviews `units` in up to `jobs` workers into `aggregate`, calling `onPart` for each unit in order.
 * Rejects when the signal aborts (the workers are ended) or a worker fails: a review that did not read
 * everything must never pass.
 */
export async function reviewInWorkers(
  units: WorkUnit[],
  inputs: LogReviewInputs,
  aggregate: Aggregate,
  onPart: (unit: WorkUnit, part: RangeResult) => void,
  { jobs, workerUrl = new URL(BUNDLED_WORKER, import.meta.url), signal }: PoolOptions,
): Promise<void> {
  signal?.throwIfAborted()
  const states: UnitState[] = units.map(() => ({ batches: [] }))
  const workers: Worker[] = []
  /** The unit each worker reads; undefined while it waits. */
  const running = new Map<Worker, UnitTask | undefined>()
  let nextToSend = 0
  let nextToExamine = 0
  // A worker does not start a unit further than this ahead of the one being examined: the events held
  // for later units stay a few units' worth (a slow unit makes the others wait, not memory grow).
  const maxAhead = 2 * jobs

  /** Gives each waiting worker the next unit, if it is not too far ahead. */
  const dispatch = () => {
    for (const [worker, task] of running) {
      if (task !== undefined) continue
      if (nextToSend >= units.length || nextToSend - nextToExamine >= maxAhead) return
      const next = { id: nextToSend, unit: units[nextToSend] } satisfies UnitTask
      nextToSend++
      running.set(worker, next)
      worker.postMessage(next)
    }
  }

  /** Examines what is ready in file order: the current unit's events, and finished units' counts. */
  const drain = () => {
    while (nextToExamine < units.length) {
      const state = states[nextToExamine]
      for (const batch of state.batches)
        for (const event of deserialize(batch) as LogEvent[]) aggregate.examine(event)
      state.batches = []
      if (!state.done) return
      aggregate.addCounts(state.done.counts)
      onPart(units[nextToExamine], state.done.part)
      nextToExamine++
    }
  }

  let onAbort: (() => void) | undefined
  try {
    await new Promise<void>((resolve, reject) => {
      const fail = (error: Error) => reject(error)
      onAbort = () => fail(abortError(signal!))
      signal?.addEventListener('abort', onAbort, { once: true })

      for (let i = 0; i < Math.min(jobs, units.length); i++) {
        const worker = new Worker(workerUrl, {
          workerData: { inputs } satisfies WorkerSetup,
          resourceLimits: WORKER_LIMITS,
        })
        workers.push(worker)
        running.set(worker, undefined)
        worker.on('message', (message: WorkerMessage) => {
          const state = states[message.id]
          if (message.type === 'events') state.batches.push(message.events)
          else {
            state.done = { part: message.part, counts: message.counts }
            running.set(worker, undefined)
            // The next unit first: examining what is ready can take a while, and the worker would wait.
            dispatch()
          }
          try {
            drain()
          } catch (error) {
            fail(error as Error)
            return
          }
          if (nextToExamine === units.length) resolve()
          else dispatch()
        })
        worker.on('error', (error: Error) =>
          fail(new Error(`log-review worker failed reading ${where(running.get(worker))}: ${error.message}`)),
        )
        worker.on('exit', (code) => {
          const task = running.get(worker)
          if (task !== undefined)
            fail(new Error(`log-review worker stopped (exit code ${code}) reading ${where(task)}`))
        })
      }
      dispatch()
    })
  } finally {
    if (onAbort) signal?.removeEventListener('abort', onAbort)
    // Ends the workers: idle ones after a review, busy ones on cancel or failure.
    await Promise.all(workers.map((worker) => worker.terminate()))
  }
}

function where(task: UnitTask | undefined): string {
  if (!task) return 'a log'
  const { unit } = task
  return unit.range ? `${unit.path} (bytes ${unit.range.start}-${unit.range.end})` : unit.path
}

function abortError(signal: AbortSignal): Error {
  return signal.reason instanceof Error ? signal.reason : new Error('log-review was cancelled')
}
