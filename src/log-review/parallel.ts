/**
 * Reviewing the parts of a review (ranges.ts) in this thread and a pool of worker threads. Each reads
 * whole parts, which is what costs: reading, parsing and assembling every line. What depends on the
 * order of events (which group a message joins, the cap on groups, the reservoir of durations) is done
 * here, on the few events the parts give, in file order: the report is exactly the one a single thread
 * makes. Events of a part that finished before the parts ahead of it wait here, as the bytes a worker
 * serialized them to, until those are examined.
 */
import { deserialize } from 'node:v8'
import { Worker } from 'node:worker_threads'

import { Aggregate } from './aggregate.js'
import { LogEvent } from './events.js'
import { LogReviewInputs } from './inputs.js'
import { RangeResult } from './read-range.js'
import { WorkUnit } from './ranges.js'
import { reviewUnit } from './unit-review.js'
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

/** The worker threads `jobs` threads take for `units` parts: this thread is one of the jobs. */
export function workerCount(jobs: number, units: number): number {
  return Math.min(jobs, units) - 1
}

/** This thread, reading units itself beside the workers. */
const HERE = 'this thread'
type Reader = Worker | typeof HERE

/**
 * Reviews `units` in `jobs` threads, this one and jobs - 1 workers, into `aggregate`, calling `onPart`
 * for each unit in order. This thread reads units too: an isolate less to start, compile for and
 * collect, and its own units' events need no copy; it examines every unit's events in between. Rejects
 * when the signal aborts (the workers are ended) or a worker fails: a review that did not read
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
  /** The units each reader was given and has not finished, in order: it reads the first. */
  const given = new Map<Reader, UnitTask[]>([[HERE, []]])
  /** This thread's reading of its units, each until its 'done'. */
  const readingHere: Promise<void>[] = []
  let nextToSend = 0
  let nextToExamine = 0
  // A unit is not started further than this ahead of the one being examined: the events held for
  // later units stay a few units' worth (a slow unit makes the others wait, not memory grow).
  const maxAhead = 2 * jobs

  let onAbort: (() => void) | undefined
  try {
    await new Promise<void>((resolve, reject) => {
      let failed = false
      const fail = (error: Error) => {
        failed = true
        reject(error)
      }
      onAbort = () => fail(abortError(signal!))
      signal?.addEventListener('abort', onAbort, { once: true })

      /**
       * Gives each reader its next units while it is allowed ahead. A worker is given its next unit while
       * it reads one, so it never waits for this thread (reading or examining) to answer its 'done';
       * except near the end, where a unit queued behind another would keep the others idle. This thread
       * reads one at a time.
       */
      const dispatch = () => {
        for (const [reader, tasks] of given) {
          const queue = reader !== HERE && units.length - nextToSend > given.size ? 2 : 1
          while (tasks.length < queue) {
            if (nextToSend >= units.length || nextToSend - nextToExamine >= maxAhead) return
            const task = { id: nextToSend, unit: units[nextToSend] } satisfies UnitTask
            nextToSend++
            tasks.push(task)
            if (reader !== HERE) reader.postMessage(task)
            else
              readingHere.push(
                reviewUnit(
                  task,
                  inputs,
                  (message) => receive(HERE, message),
                  (events) => events,
                ).catch((error: unknown) => fail(error as Error)),
              )
          }
        }
      }

      /** Examines what is ready in file order: the current unit's events, and finished units' counts. */
      const drain = () => {
        while (nextToExamine < units.length) {
          const state = states[nextToExamine]
          for (const batch of state.batches)
            for (const event of batch instanceof Uint8Array ? (deserialize(batch) as LogEvent[]) : batch)
              aggregate.examine(event)
          state.batches = []
          if (!state.done) return
          aggregate.addCounts(state.done.counts)
          onPart(units[nextToExamine], state.done.part)
          nextToExamine++
        }
      }

      const receive = (reader: Reader, message: WorkerMessage) => {
        // After a failure only the reading still under way ends; nothing more is examined.
        if (failed) return
        const state = states[message.id]
        if (message.type === 'events') state.batches.push(message.events)
        else {
          state.done = { part: message.part, counts: message.counts }
          given.get(reader)!.shift()
        }
        try {
          drain()
        } catch (error) {
          fail(error as Error)
          return
        }
        if (nextToExamine === units.length) resolve()
        else dispatch()
      }

      for (let i = 0; i < workerCount(jobs, units.length); i++) {
        const worker = new Worker(workerUrl, {
          workerData: { inputs } satisfies WorkerSetup,
          resourceLimits: WORKER_LIMITS,
        })
        workers.push(worker)
        given.set(worker, [])
        worker.on('message', (message: WorkerMessage) => receive(worker, message))
        worker.on('error', (error: Error) =>
          fail(new Error(`log-review worker failed reading ${where(given.get(worker))}: ${error.message}`)),
        )
        worker.on('exit', (code) => {
          const tasks = given.get(worker)!
          if (tasks.length > 0)
            fail(new Error(`log-review worker stopped (exit code ${code}) reading ${where(tasks)}`))
        })
      }
      dispatch()
    })
  } finally {
    if (onAbort) signal?.removeEventListener('abort', onAbort)
    // Ends the workers (idle ones after a review, busy ones on cancel or failure), and lets this
    // thread's reading end: it stops at the end of its unit.
    await Promise.all(workers.map((worker) => worker.terminate()))
    await Promise.allSettled(readingHere)
  }
}

function where(tasks: UnitTask[] | undefined): string {
  const task = tasks?.[0]
  if (!task) return 'a log'
  const { unit } = task
  return unit.range ? `${unit.path} (bytes ${unit.range.start}-${unit.range.end})` : unit.path
}

function abortError(signal: AbortSignal): Error {
  return signal.reason instanceof Error ? signal.reason : new Error('log-review was cancelled')
}
