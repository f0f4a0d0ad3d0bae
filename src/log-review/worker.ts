/**
 * A log-review worker thread: reads the units the main thread gives it one at a time, counts their
 * events, and sends back only the events to group or time (errors, warnings, slow ones: a few percent
 * of a log), in batches, plus the counts. The main thread examines those in file order (parallel.ts).
 * Built as its own file next to each bundle that holds log-review (scripts/bundle.mjs).
 */
import { serialize } from 'node:v8'
import { parentPort, workerData } from 'node:worker_threads'

import { Aggregate } from './aggregate.js'
import { LogEvent } from './events.js'
import { parserFor, readLogRange } from './read-range.js'
import { EventBatch, UnitTask, WorkerMessage, WorkerSetup } from './worker-messages.js'

/**
 * Events per message: few enough messages to cost nothing (about 1,300 on the 1 GiB benchmark log),
 * small enough to keep memory flat. Each batch is a buffer malloc'd in this thread and freed in the main
 * one, so its size shows in peak RSS: batches of 256 events peaked about 12 MB below batches of 1024
 * (1 MiB of first lines) on the 300 MiB benchmark log, at the same CPU time.
 */
const BATCH = 256
/** ... and at most about this many characters of first lines (a line may be up to 64 KiB). */
const BATCH_CHARS = 256 * 1024

const port = parentPort!
const { inputs } = workerData as WorkerSetup

// A failure here is a bug, not the file's (readLines reports those in the result): left unhandled, the
// rejection ends the worker with an 'error' the main thread fails the review with.
port.on('message', (task: UnitTask) => void reviewUnit(task))

async function reviewUnit({ id, unit }: UnitTask): Promise<void> {
  const counter = new Aggregate(inputs)
  let events: LogEvent[] = []
  let chars = 0
  const send = (message: WorkerMessage) => port.postMessage(message)
  // Serialized here and moved, not copied, to the main thread (see EventBatch): v8.serialize's buffer
  // owns its whole ArrayBuffer (it is not a slice of Buffer's pool).
  const sendEvents = () => {
    const batch: EventBatch = serialize(events)
    port.postMessage({ type: 'events', id, events: batch } satisfies WorkerMessage, [
      batch.buffer as ArrayBuffer,
    ])
  }
  const sink = {
    reviews: (level: LogEvent['record']['level']) => counter.reviews(level),
    add(event: LogEvent): 'old' | 'counted' {
      const verdict = counter.count(event)
      if (verdict !== 'examine') return verdict
      events.push(portable(event))
      chars += event.firstLine.length
      if (events.length >= BATCH || chars >= BATCH_CHARS) {
        sendEvents()
        events = []
        chars = 0
      }
      return 'counted'
    },
  }
  const part = await readLogRange(unit.path, unit.range, parserFor(inputs, sink), sink)
  if (events.length > 0) sendEvents()
  const { tally, first, last } = counter
  send({ type: 'done', id, part, counts: { tally, first, last } })
}

/** The event without what examining it never reads (a record's stack can be long). */
function portable(event: LogEvent): LogEvent {
  if (event.record.stack === undefined) return event
  const record = { ...event.record }
  delete record.stack
  return { ...event, record }
}
