import { LogRecord } from './model.js'

/** What is known of a Python traceback, read line by line without keeping the lines. */
export interface Traceback {
  /** `psycopg2.OperationalError` */
  exception?: string
  exceptionMessage?: string
  /** The last frame in the application's own code (`app/db.py:connect`), else the last frame. */
  frame?: string
  /** Whether `frame` is in the application's code (an in-app frame always wins over a library one). */
  frameInApp?: boolean
}

/** One log event: a record and the lines that continue it. */
export interface LogEvent {
  record: LogRecord
  /** The first line as written (for `ignore` and the example). */
  firstLine: string
  /** The record's own time, or the time of the event before it. */
  time?: number
  traceback?: Traceback
}

const TRACEBACK_START = 'Traceback (most recent call last):'
const FRAME = /^\s+File "([^"]+)", line \d+, in (\S+)/
// The closing line of a traceback: `pkg.module.ErrorType: message` or a bare `KeyboardInterrupt`.
const EXCEPTION = /^([A-Za-z_][\w.]*)(?::\s?(.*))?$/
// Frames of installed packages and the standard library are not the application's code.
const LIBRARY = /[/\\](?:site-packages|dist-packages|lib[/\\]python\d[\d.]*|node_modules)[/\\]|^<frozen /

/**
 * Assembles lines into events: a record starts one, any other line continues the current one. A
 * traceback is parsed as it streams by; one that follows an event that is not an error (or starts the
 * file) is an error event of its own, since an uncaught exception is an error whatever was logged before.
 */
export class EventAssembler {
  private current: LogEvent | undefined
  private lastTime: number | undefined
  /**
   * The one event object every light record (see `light`) becomes, reused: nothing keeps an event
   * nobody reviews, and a log has millions of them.
   */
  private readonly lightEvent: LogEvent = {
    record: { format: 'plain', time: 0, level: 'info', message: '' },
    firstLine: '',
    time: 0,
    traceback: undefined,
  }

  constructor(
    private readonly emit: (event: LogEvent) => void,
    /** Whether the continuation lines of an event at this level are worth reading. */
    private readonly follows: (record: LogRecord) => boolean,
  ) {}

  /** The next line, with what the parser made of it (undefined: not a record). */
  add(record: LogRecord | undefined, line: string): void {
    // Inside a traceback that has not reached its exception line yet, a line without a timestamp is
    // part of it, even one that looks like a record: psycopg2 ends with `OperationalError: FATAL:
    // password authentication failed`, and FATAL: is a level word.
    const traceback = this.current?.traceback
    const inTraceback = traceback !== undefined && traceback.exception === undefined
    if (record === undefined || (record.time === undefined && inTraceback)) this.continuation(line)
    else this.record(record, line)
  }

  /**
   * A record nobody reviews (level not reviewed, not slow) with a time, read by the fast lane without
   * its line: the same as `add` with the record timeOnly makes (an empty message), no object made.
   */
  light(format: LogRecord['format'], level: LogRecord['level'], time: number): void {
    this.flush()
    this.lastTime = time
    const event = this.lightEvent
    event.record.format = format
    event.record.level = level
    event.record.time = time
    event.time = time
    event.traceback = undefined
    this.current = event
  }

  private record(record: LogRecord, line: string): void {
    this.flush()
    if (record.time !== undefined) this.lastTime = record.time
    this.current = { record, firstLine: line, time: record.time ?? this.lastTime }
    if (record.stack) for (const stackLine of record.stack.split('\n')) this.continuation(stackLine)
  }

  private continuation(line: string): void {
    if (line.startsWith(TRACEBACK_START)) {
      if (this.current?.record.level !== 'error') this.startUncaught(line)
      // The reused light event is about to be changed: from here on it is an event of its own.
      else if (this.current === this.lightEvent)
        this.current = { ...this.lightEvent, record: { ...this.lightEvent.record } }
      // A chained exception starts a new traceback; the last one is the one that was raised.
      this.current!.traceback = {}
      return
    }
    const event = this.current
    if (!event?.traceback || !this.follows(event.record)) return
    const frame = FRAME.exec(line)
    if (frame) {
      const [, file, func] = frame
      const inApp = !LIBRARY.test(file)
      if (inApp || !event.traceback.frame || !event.traceback.frameInApp)
        Object.assign(event.traceback, { frame: `${shortPath(file)}:${func}`, frameInApp: inApp })
      return
    }
    const c = line.charCodeAt(0)
    if (c === 32 || c === 9) return
    const exception = EXCEPTION.exec(line)
    if (exception && /[A-Z.]/.test(exception[1])) {
      event.traceback.exception = exception[1]
      event.traceback.exceptionMessage = exception[2]
    }
  }

  end(): void {
    this.flush()
  }

  private startUncaught(line: string): void {
    const format = this.current?.record.format ?? 'plain'
    this.flush()
    const record: LogRecord = { format, time: this.lastTime, level: 'error', message: line }
    this.current = { record, firstLine: line, time: this.lastTime }
  }

  private flush(): void {
    if (this.current) this.emit(this.current)
    this.current = undefined
  }
}

/** The path from the application's package on (`/srv/app/app/db.py` stays; site roots are trimmed). */
function shortPath(file: string): string {
  return file.replace(/^.*[/\\](?:site-packages|dist-packages)[/\\]/, '')
}
