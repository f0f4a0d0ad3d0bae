// What every benchmark shares: running a command with a timeout, running a bundle's files, medians,
// memory readings, and results written as the repository's Prettier writes JSON.
import { spawn } from 'node:child_process'
import { createHash } from 'node:crypto'
import { copyFileSync, mkdirSync, readFileSync, statSync } from 'node:fs'
import { basename, join } from 'node:path'
import { performance } from 'node:perf_hooks'

import { parse } from 'yaml'

/** A positive whole number from an environment variable, or the fallback. */
export function positiveInt(text, fallback) {
  const value = Number(text)
  return Number.isInteger(value) && value > 0 ? value : fallback
}

/** The median of the finite numbers among `values`; undefined when there are none. */
export function median(values) {
  const defined = values.filter((v) => typeof v === 'number' && Number.isFinite(v))
  if (defined.length === 0) return undefined
  const sorted = [...defined].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
}

/** JSON as the repository's Prettier writes it (falls back to plain JSON if Prettier is missing). */
export async function formatJson(value, path) {
  const text = `${JSON.stringify(value, null, 2)}\n`
  try {
    const prettier = await import('prettier')
    const options = (await prettier.resolveConfig(path)) ?? {}
    return await prettier.format(text, { ...options, filepath: path })
  } catch {
    return text
  }
}

/**
 * The environment for a child: this process's, without anything that could steer it elsewhere (INPUT_*
 * and STATE_* the runner would set, the runner's files, PG* connection defaults, the benchmarks' own
 * settings), plus `extra`.
 */
export function childEnv(extra = {}) {
  const runnerFiles = ['GITHUB_OUTPUT', 'GITHUB_STATE', 'GITHUB_STEP_SUMMARY', 'GITHUB_ENV', 'GITHUB_PATH']
  const env = Object.fromEntries(
    Object.entries(process.env).filter(
      ([name]) => !/^(INPUT_|STATE_|PG|BENCH_)/.test(name) && !runnerFiles.includes(name),
    ),
  )
  return { ...env, ...extra }
}

/**
 * Runs a command to its end (never longer than `timeoutMs`: SIGTERM, then SIGKILL 5 s later) and
 * resolves with its exit, output and wall time (spawn to close of its output). `startedAt` is
 * performance.now() at spawn.
 */
export function runTimed(command, args, { env = childEnv(), cwd, timeoutMs = 120_000, onSpawn } = {}) {
  return new Promise((resolve, reject) => {
    const startedAt = performance.now()
    const startedEpochMs = Date.now()
    const child = spawn(command, args, { env, cwd, stdio: ['ignore', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    let timedOut = false
    let killTimer
    child.stdout.setEncoding('utf8').on('data', (chunk) => (stdout += chunk))
    child.stderr.setEncoding('utf8').on('data', (chunk) => (stderr += chunk))
    const timer = setTimeout(() => {
      timedOut = true
      child.kill('SIGTERM')
      killTimer = setTimeout(() => child.kill('SIGKILL'), 5000)
    }, timeoutMs)
    child.once('error', (error) => {
      clearTimeout(timer)
      clearTimeout(killTimer)
      reject(new Error(`${command}: ${error.message}`))
    })
    child.once('close', (status, signal) => {
      const endedAt = performance.now()
      clearTimeout(timer)
      clearTimeout(killTimer)
      resolve({
        status,
        signal,
        stdout,
        stderr,
        timedOut,
        startedAt,
        endedAt,
        startedEpochMs,
        wallMs: endedAt - startedAt,
      })
    })
    onSpawn?.(child)
  })
}

/** The last lines a command printed, for an error message. */
export function tail(run, lines = 8) {
  return `${run.stdout ?? ''}\n${run.stderr ?? ''}`.trim().split('\n').slice(-lines).join('\n')
}

/** Reads GITHUB_OUTPUT's `name<<DELIM\nvalue\nDELIM` entries. */
export function parseOutputs(text) {
  const outputs = {}
  const pattern = /^([^\n<]+)<<(\S+)\n([\s\S]*?)\n\2$/gm
  for (const match of text.matchAll(pattern)) outputs[match[1]] = match[3]
  return outputs
}

/** Every input of action.yml with its default (the runner applies defaults; a bare `node` run does not). */
export function actionDefaults(actionYml) {
  const { inputs = {} } = parse(readFileSync(actionYml, 'utf8'))
  return Object.fromEntries(Object.entries(inputs).map(([name, spec]) => [name, String(spec?.default ?? '')]))
}

/**
 * Copies a bundle (and its package.json, which makes it ESM) into the work folder, so that a rebuild of
 * dist/ during the run cannot change what is measured.
 */
export function snapshotBundle(distDir, work) {
  const dir = join(work, `${basename(distDir)}-bundle`)
  mkdirSync(dir)
  for (const file of ['index.js', 'package.json']) copyFileSync(join(distDir, file), join(dir, file))
  const script = join(dir, 'index.js')
  const sha256 = createHash('sha256').update(readFileSync(script)).digest('hex')
  return { script, bytes: statSync(script).size, sha256 }
}

/** `{ rss, hwm }` in kB from /proc/<pid>/status, or undefined once the process is gone (or a zombie). */
export function readStatus(pid) {
  try {
    const text = readFileSync(`/proc/${pid}/status`, 'utf8')
    const kb = (field) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(text)?.[1])
    const rss = kb('VmRSS')
    const hwm = kb('VmHWM')
    return Number.isFinite(rss) && Number.isFinite(hwm) ? { rss, hwm } : undefined
  } catch {
    return undefined
  }
}
