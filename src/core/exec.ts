import { spawn } from 'node:child_process'
import { Readable } from 'node:stream'

import { ConfigurationError } from './errors.js'
import { formatDuration } from './units.js'

export interface ExecOptions {
  /** Kill the process (SIGTERM, then SIGKILL after 5 s) when it runs longer than this. */
  timeoutMs: number
  cwd?: string
  env?: NodeJS.ProcessEnv
  /** Written (or, for a stream, piped through this process) to stdin, which is then closed. */
  input?: string | Readable
  /**
   * The stdout of another child process, handed to this one as its stdin: the two talk through an OS
   * pipe, without copying every byte through Node (what `a | b` does in a shell, without a shell).
   */
  stdinFrom?: Readable
  /** Keep at most this much of stdout and stderr each (the rest is counted, not kept). */
  maxOutputBytes?: number
  /** Keep the last this-many bytes of stdout instead of the first (psql -a's echo ends with the trailer). */
  stdoutTailBytes?: number
  /** Stops the tool (and its children) when aborted, e.g. when the job is cancelled. */
  signal?: AbortSignal
}

export interface ExecResult {
  exitCode: number | null
  signal: NodeJS.Signals | null
  stdout: string
  stderr: string
  timedOut: boolean
  /** The error of an input stream that failed while it was piped to stdin. */
  inputError?: Error
  /**
   * How much the tool wrote to stdout, kept or not (always set by execTool): more than maxOutputBytes
   * means stdout was cut.
   */
  stdoutBytes?: number
  durationMs: number
}

/**
 * Runs a tool with an argument array, never through a shell, always with a timeout. @actions/exec has
 * neither a timeout nor a handle on the child to kill, so this uses node:child_process directly.
 * A missing program is a ConfigurationError naming it; a non-zero exit is a result, for the caller to judge.
 */
export function execTool(
  command: string,
  args: readonly string[],
  options: ExecOptions,
): Promise<ExecResult> {
  const started = performance.now()
  const limit = options.maxOutputBytes ?? 16 * 1024 * 1024
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env ?? process.env,
      shell: false,
      stdio: [options.stdinFrom ?? 'pipe', 'pipe', 'pipe'],
      // Its own process group, so a timeout also stops grandchildren that would hold stdout open.
      detached: true,
    })
    const kill = (signal: NodeJS.Signals) => {
      try {
        if (child.pid) process.kill(-child.pid, signal)
      } catch {
        child.kill(signal)
      }
    }
    const out =
      options.stdoutTailBytes === undefined ? collector(limit) : tailCollector(options.stdoutTailBytes)
    const err = collector(limit)
    let timedOut = false
    let inputError: Error | undefined
    let killer: NodeJS.Timeout | undefined
    const timer = setTimeout(() => {
      timedOut = true
      kill('SIGTERM')
      killer = setTimeout(() => kill('SIGKILL'), 5000)
    }, options.timeoutMs)

    const onAbort = () => kill('SIGTERM')
    options.signal?.addEventListener('abort', onAbort)
    if (options.signal?.aborted) onAbort()

    child.stdout!.on('data', out.add)
    child.stderr!.on('data', err.add)
    child.stdin?.on('error', () => {}) // a tool that exits before reading stdin is not our failure
    if (!child.stdin) {
      // stdin is another process's stdout
    } else if (options.input instanceof Readable) {
      // A stream that fails (a truncated gzip) must end the tool too, and the caller must hear why.
      options.input.on('error', (error) => {
        inputError = error
        kill('SIGTERM')
      })
      options.input.pipe(child.stdin)
    } else child.stdin.end(options.input ?? '')

    child.on('error', (error: NodeJS.ErrnoException) => {
      clearTimeout(timer)
      if (error.code === 'ENOENT')
        reject(new ConfigurationError(`'${command}' was not found on PATH; install it`))
      else reject(error)
    })
    child.on('close', (exitCode, signal) => {
      clearTimeout(timer)
      options.signal?.removeEventListener('abort', onAbort)
      if (killer) clearTimeout(killer)
      resolve({
        exitCode,
        signal,
        stdout: out.text(),
        stderr: err.text(),
        timedOut,
        inputError,
        stdoutBytes: out.total(),
        durationMs: performance.now() - started,
      })
    })
  })
}

/** One line describing how a finished tool ended, for check details. */
export function describeExit(command: string, result: ExecResult, timeoutMs: number): string {
  if (result.timedOut) return `${command} timed out after ${formatDuration(timeoutMs)}`
  if (result.inputError) return `reading the input for ${command} failed: ${result.inputError.message}`
  if (result.signal) return `${command} was killed by ${result.signal}`
  return `${command} exited with code ${result.exitCode}`
}

function collector(limit: number) {
  const chunks: Buffer[] = []
  let kept = 0
  let total = 0
  return {
    total: () => total,
    add: (chunk: Buffer) => {
      total += chunk.length
      if (kept >= limit) return
      chunks.push(chunk.subarray(0, limit - kept))
      kept += Math.min(chunk.length, limit - kept)
    },
    text: () => Buffer.concat(chunks).toString('utf8'),
  }
}

/** Keeps the last `size` bytes of a stream. */
function tailCollector(size: number) {
  let tail = Buffer.alloc(0)
  let total = 0
  return {
    total: () => total,
    add: (chunk: Buffer) => {
      total += chunk.length
      tail =
        chunk.length >= size
          ? Buffer.from(chunk.subarray(chunk.length - size))
          : Buffer.concat([tail, chunk]).subarray(-size)
    },
    text: () => tail.toString('utf8'),
  }
}
