/**
 * Reading one unit of a review (a file, or a range of one: ranges.ts) into its counts and the events to
 * examine, sent as messages: what a worker thread does with each unit it is given (worker.ts), and what
 * the main thread does with its own share when workers help (parallel.ts).
 */
import { Aggregate } from './aggregate.js'
import { LogEvent } from './events.js'
import { LogReviewInputs } from './inputs.js'
import { parserFor, readLogRange } from './read-range.js'
import { EventBatch, UnitTask, WorkerMessage } from './worker-messages.js'

/**
 * Events per message: few enough messages to cost nothing (about 1,300 on the 1 GiB benchmark log),
 * small enough to keep memory flat. Each batch of a worker is a buffer malloc'd in its thread and freed
 * in the main one, so its size shows in peak RSS: batches of 256 events peaked about 12 MB below batches
 * of 1024 (1 MiB of first lines) on the 300 MiB benchmark log, at the same CPU time.
 */
const BATCH = 256
/** ... and at most about this many characters of first lines (a line may be up to 64 KiB). */
const BATCH_CHARS = 256 * 1024

/**
 * Reviews the task's unit: counts every event, sends those to examine in batches (`pack` makes a batch
 * of them), then 'done' with the counts and the unit's part of its file's result.
 */
export async function reviewUnit(
  { id, unit }: UnitTask,
  inputs: LogReviewInputs,
  send: (message: WorkerMessage) => void,
  pack: (events: LogEvent[]) => EventBatch,
): Promise<void> {
  const counter = new Aggregate(inputs)
  let events: LogEvent[] = []
  let chars = 0
  const sendEvents = () => send({ type: 'events', id, events: pack(events) })
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
