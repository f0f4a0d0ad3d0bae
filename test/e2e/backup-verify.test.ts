// The backup-verify bundle on Node 24, run as the GitHub runner runs it (main, then post), restoring
// real pg_dump backups into a real PostgreSQL server.
import { readFileSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest'

import { TestDatabase, createSource, makeWeek } from '../backup-verify/fixture.js'
import { RunOptions, RunResult, runBundle, visibleText } from '../support/runner.js'
import { waitForStatement } from '../support/wait.js'

const node = inject('node24')
const serverUrl = inject('databaseUrl')
const password = new URL(serverUrl).password
let source: TestDatabase
const cleanups: (() => void)[] = []
const runs: RunResult[] = []

beforeAll(async () => {
  source = await createSource(serverUrl)
})
afterAll(async () => {
  await source?.drop()
})
afterEach(async () => {
  runs.splice(0).forEach((r) => r.cleanup())
  cleanups.splice(0).forEach((c) => c())
})

async function run(inputs: Record<string, string>, cancel?: RunOptions['cancel']) {
  const result = await runBundle('backup-verify', { node, inputs, cancel, timeoutMs: 120_000 })
  runs.push(result)
  return result
}

/** Interrupts the run with `signal` once its restore is in the dump's pg_sleep (an event, not a delay). */
const inTheRestore = (signal: NodeJS.Signals): RunOptions['cancel'] => ({
  signal,
  when: (stepEnded) =>
    waitForStatement(
      source.url,
      { query: '%pg_sleep%', waitEvent: 'PgSleep', database: '%\\_verify\\_%' },
      { signal: stepEnded },
    ),
})

const scratchDatabases = async () =>
  (await source.sql(`SELECT datname FROM pg_database WHERE datname LIKE '%\\_verify\\_%'`)).rows.map(
    (r) => r.datname,
  )

/**
 * A week of backups whose newest, a plain dump, sleeps in the middle of its restore: far longer than the
 * step may run (120 s), so only a run that stops on the signal ends before the step is killed.
 */
function slowWeek() {
  const made = makeWeek(source, { formats: ['plain', 'custom'], now: new Date() })
  cleanups.push(made.dispose)
  const text = readFileSync(made.files[0].path, 'utf8')
  const at = text.indexOf('-- PostgreSQL database dump complete')
  writeFileSync(made.files[0].path, `${text.slice(0, at)}SELECT pg_sleep(600);\n\n${text.slice(at)}`)
  return made
}

describe('backup-verify bundle on Node 24', () => {
  it('verifies a week of backups and restores the newest: outputs, summary, no password anywhere', async () => {
    const made = makeWeek(source, { now: new Date() })
    cleanups.push(made.dispose)
    const result = await run({
      'backup-dir': made.dir,
      'database-url': serverUrl,
      'expect-tables': 'users,sessions',
    })
    expect(result.exitCode).toBe(0)
    expect(result.outputs).toMatchObject({
      status: 'pass',
      'backups-found': '7',
      'missing-days': '0',
      tables: '2',
      rows: '2500',
    })
    expect(result.summary).toMatch(
      /^## ✅ backup-verify: newest backup 1h old, restored in .*, 2 tables, 2\.5 k rows, all checks passed/,
    )
    expect(result.summary).toContain('Backups of the last 7 days')
    expect(result.masks).toContain(password)
    expect(visibleText(result)).not.toContain(password)
    expect(result.post?.exitCode).toBe(0)
    expect(await scratchDatabases()).toEqual([])
  })

  it('fails a week with a missing day and an unreadable backup, naming both', async () => {
    const made = makeWeek(source, { formats: ['custom'], now: new Date() })
    cleanups.push(made.dispose)
    writeFileSync(made.files[2].path, 'PGDMP garbage')
    const missing = made.files[4]
    rmSync(missing.path)
    const result = await run({ 'backup-dir': made.dir })
    expect(result.exitCode).toBe(1)
    const errors = result.annotations.filter((a) => a.kind === 'error').map((a) => a.message)
    // A day whose only backup is unreadable has no backup either.
    const broken = made.files[2]
    expect(errors).toContain(
      `no backup for ${missing.takenAt.toISOString().slice(0, 10)}; no readable backup for ${broken.takenAt.toISOString().slice(0, 10)} (${broken.path.split('/').at(-1)} is not readable) (UTC)`,
    )
    expect(errors.some((m) => /is only 13 B, under min-size 1 KB; pg_restore --list failed: /.test(m))).toBe(
      true,
    )
    expect(result.outputs['missing-days']).toBe('2')
  })

  it('a truncated newest .sql.gz, read by its restore: broken, not a restore error; the scratch database dropped', async () => {
    const made = makeWeek(source, { days: 2, formats: ['gzip', 'custom'], now: new Date() })
    cleanups.push(made.dispose)
    const newest = made.files[0].path
    truncateSync(newest, Math.floor(statSync(newest).size * 0.8))
    const result = await run({ 'backup-dir': made.dir, days: '2', 'database-url': serverUrl })
    expect(result.exitCode).toBe(1)
    const errors = result.annotations.filter((a) => a.kind === 'error').map((a) => a.message)
    expect(errors).toContainEqual(
      expect.stringMatching(/^the gzip stream is broken after .*: unexpected end of file \(truncated\)$/),
    )
    expect(errors).toContainEqual(
      expect.stringMatching(/^not restored: the backup is not readable \(the gzip stream is broken after /),
    )
    expect(result.stdout).toContain(`restoring ${newest.split('/').at(-1)} into `)
    expect(result.post?.exitCode).toBe(0)
    expect(await scratchDatabases()).toEqual([])
  })

  it('on SIGTERM in the middle of a restore: stops, drops the scratch database, reports, exits 1', async () => {
    const made = slowWeek()
    const result = await run(
      { 'backup-dir': made.dir, 'database-url': serverUrl, amcheck: 'false' },
      inTheRestore('SIGTERM'),
    )
    expect(result.exitCode).toBe(1) // not null: it stopped by itself long before the step's time ran out
    expect(result.summary).toMatch(/the restore failed after .*: cancelled/)
    expect(result.post?.exitCode).toBe(0)
    expect(await scratchDatabases()).toEqual([])
  })

  it('killed outright in the middle of a restore: the post step drops the scratch database', async () => {
    const made = slowWeek()
    const result = await run(
      { 'backup-dir': made.dir, 'database-url': serverUrl, amcheck: 'false' },
      inTheRestore('SIGKILL'),
    )
    expect(result.exitCode).toBe(null)
    expect(result.post?.exitCode).toBe(0)
    expect(result.post?.stdout).toMatch(
      /dropped the scratch database \w+_verify_1234_[0-9a-f]{8} left by an interrupted run/,
    )
    expect(await scratchDatabases()).toEqual([])
  })

  it('bad input: one line naming the input, exit 1, nothing created', async () => {
    const result = await run({ 'backup-dir': join(source.name, 'nowhere'), 'database-url': serverUrl })
    expect(result.exitCode).toBe(1)
    expect(result.annotations.filter((a) => a.kind === 'error').map((a) => a.message)).toEqual([
      `backup-verify: input 'backup-dir' is '${join(source.name, 'nowhere')}': the folder does not exist`,
    ])
    expect(await scratchDatabases()).toEqual([])
  })
})
