/**
 * A log-review worker thread: reviews the units the main thread gives it (unit-review.ts), one after the
 * other in the order given, and sends back only the events to group or time (errors, warnings, slow
 * ones: a few percent of a log), in batches, plus the counts. The main thread examines those in file
 * order (parallel.ts). Built as its own file next to each bundle that holds log-review
 * (scripts/bundle.mjs).
 */
import { serialize } from 'node:v8'
import { parentPort, workerData } from 'node:worker_threads'

import { reviewUnit } from './unit-review.js'
import { EventBatch, UnitTask, WorkerMessage, WorkerSetup } from './worker-messages.js'

const port = parentPort!
const { inputs } = workerData as WorkerSetup

// Serialized here and moved, not copied, to the main thread (see EventBatch): v8.serialize's buffer
// owns its whole ArrayBuffer (it is not a slice of Buffer's pool).
const pack = (events: unknown[]): EventBatch => serialize(events)
const send = (message: WorkerMessage) =>
  message.type === 'events' && message.events instanceof Uint8Array
    ? port.postMessage(message, [message.events.buffer as ArrayBuffer])
    : port.postMessage(message)

// The main thread gives the next unit before this one ends (parallel.ts), so none waits for it: units
// are read one after the other. A failure here is a bug, not the file's (readLines reports those in
// the result): left unhandled, the rejection ends the worker with an 'error' the main thread fails the
// review with.
let queue = Promise.resolve()
port.on('message', (task: UnitTask) => {
  queue = queue.then(() => reviewUnit(task, inputs, send, pack))
})
