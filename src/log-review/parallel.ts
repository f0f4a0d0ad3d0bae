/**
 * Reviewing the parts of a review (ranges.ts) in a pool of worker threads. Workers do what costs: reading,
 * parsing and assembling every line. What depends on the order of events (which group a message joins,
 * the cap on groups, the reservoir of durations) is done here, on the few events workers send, in file
 * order: the report is exactly the one a single thread makes. Events of a part that finished before the
 * parts ahead of it wait here until those are examined.
 */
import { Worker } from 'node:worker_threads'

import { Aggregate } from './aggregate.js'
import { LogEvent } from './events.js'
import { LogReviewInputs } from './inputs.js'
import { RangeResult } from './read-range.js'
import { WorkUnit } from './ranges.js'
import { UnitCounts, UnitTask, WorkerMessage, WorkerSetup } from './worker-messages.js'

/** The worker's file, next to the bundle that runs (scripts/bundle.mjs puts it there). */
export const BUNDLED_WORKER = 'log-review-worker.js'

export interface PoolOptions {
  jobs: number
  /** The worker's script; default: BUNDLED_WORKER next to this module (in a bundle: next to index.js). */
  workerUrl?: URL
  signal?: AbortSignal
}

interface UnitState {
  batches: LogEvent[][]
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
  let nextToSend = 0
  let nextToExamine = 0

  /** Examines what is ready in file order: the current unit's events, and finished units' counts. */
  const drain = () => {
    while (nextToExamine < units.length) {
      const state = states[nextToExamine]
      for (const batch of state.batches) for (const event of batch) aggregate.examine(event)
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

      const give = (worker: Worker) => {
        if (nextToSend >= units.length) return
        const id = nextToSend++
        const running = { id, unit: units[id] } satisfies UnitTask
        worker.postMessage(running)
        return running
      }

      for (let i = 0; i < Math.min(jobs, units.length); i++) {
        const worker = new Worker(workerUrl, { workerData: { inputs } satisfies WorkerSetup })
        workers.push(worker)
        let current = give(worker)
        worker.on('message', (message: WorkerMessage) => {
          const state = states[message.id]
          if (message.type === 'events') state.batches.push(message.events)
          else {
            state.done = { part: message.part, counts: message.counts }
            current = give(worker)
          }
          try {
            drain()
          } catch (error) {
            fail(error as Error)
            return
          }
          if (nextToExamine === units.length) resolve()
        })
        worker.on('error', (error: Error) =>
          fail(new Error(`log-review worker failed reading ${where(current?.unit)}: ${error.message}`)),
        )
        worker.on('exit', (code) => {
          if (current !== undefined && states[current.id].done === undefined)
            fail(new Error(`log-review worker stopped (exit code ${code}) reading ${where(current.unit)}`))
        })
      }
    })
  } finally {
    if (onAbort) signal?.removeEventListener('abort', onAbort)
    // Ends the workers: idle ones after a review, busy ones on cancel or failure.
    await Promise.all(workers.map((worker) => worker.terminate()))
  }
}

function where(unit: WorkUnit | undefined): string {
  if (!unit) return 'a log'
  return unit.range ? `${unit.path} (bytes ${unit.range.start}-${unit.range.end})` : unit.path
}

function abortError(signal: AbortSignal): Error {
  return signal.reason instanceof Error ? signal.reason : new Error('log-review was cancelled')
}
