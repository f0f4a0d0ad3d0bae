// backup-verify against a real PostgreSQL server, with backups made by the real pg_dump.
import { createHash } from 'node:crypto'
import {
  copyFileSync,
  createWriteStream,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  truncateSync,
  unlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs'
import { execFileSync } from 'node:child_process'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { once } from 'node:events'
import { pipeline } from 'node:stream/promises'
import { createGzip, gunzipSync, gzipSync } from 'node:zlib'

import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest'

import { readInputs } from '../../src/backup-verify/inputs.js'
import { ScratchState, createScratch, dropLeftScratch, libpqEnv } from '../../src/backup-verify/restore.js'
import { VerifyContext, verifyBackups } from '../../src/backup-verify/verify.js'
import { InputReader, objectInputGetter } from '../../src/core/inputs.js'
import { parseDatabaseUrl } from '../../src/core/postgres.js'
import { recordingLogger } from '../../src/core/logger.js'
import { createTestDatabase } from '../support/postgres.js'
import { waitForStatement } from '../support/wait.js'
import { NOW, TestDatabase, createSource, makeWeek, pgDump, stamp } from './fixture.js'

const serverUrl = inject('databaseUrl')
let source: TestDatabase
const cleanups: (() => void)[] = []

beforeAll(async () => {
  source = await createSource(serverUrl)
})
afterAll(async () => {
  await source?.drop()
})
afterEach(async () => {
  cleanups.splice(0).forEach((c) => c())
  // Whatever happened, no scratch database is left behind.
  const { rows } = await source.sql(`SELECT datname FROM pg_database WHERE datname LIKE '%\\_verify\\_%'`)
  expect(rows).toEqual([])
})

function week(options: Parameters<typeof makeWeek>[1] = {}) {
  const made = makeWeek(source, { now: NOW, ...options })
  cleanups.push(made.dispose)
  return made
}

function emptyDir() {
  const dir = mkdtempSync(join(tmpdir(), 'backups-'))
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }))
  return dir
}

async function verify(
  inputs: Record<string, string>,
  signal = new AbortController().signal,
  context: Partial<VerifyContext> = {},
) {
  const parsed = readInputs(new InputReader(objectInputGetter(inputs)))
  const logger = recordingLogger()
  return {
    ...(await verifyBackups(parsed, { logger, signal, runId: '42', clock: () => NOW, ...context })),
    messages: logger.messages,
  }
}

const check = (result: Awaited<ReturnType<typeof verify>>, id: string) => {
  const found = result.report.checks.find((c) => c.id === id || c.id.startsWith(`${id}:`))
  if (!found) throw new Error(`no check ${id}: ${result.report.checks.map((c) => c.id).join(', ')}`)
  return found
}

describe('backup-verify', () => {
  it('passes a week of backups in every format and restores the newest: tables, rows, outputs, headline', async () => {
    const { dir, files } = week()
    const result = await verify({
      'backup-dir': dir,
      'database-url': serverUrl,
      'expect-tables': 'users, public.sessions',
    })
    expect(result.report.checks.filter((c) => c.status !== 'pass').map((c) => c.detail)).toEqual([])
    expect(result.outputs).toMatchObject({
      status: 'pass',
      'backups-found': 7,
      'missing-days': 0,
      tables: 2,
      rows: 2500,
      latest: files[0].path,
    })
    expect(Number(result.outputs['age-hours'])).toBeCloseTo(1, 0)
    expect(Number(result.outputs['restore-seconds'])).toBeGreaterThan(0)
    expect(result.report.title).toMatch(
      /^backup-verify: newest backup 1h old, restored in [\d.]+m?s, 2 tables, 2\.5 k rows, all checks passed$/,
    )
    expect(check(result, 'amcheck').detail).toMatch(/^\d+ btree indexes checked/)
    expect(check(result, 'sequences').status).toBe('pass')
    // The report's data: what a runbook compares from one run to the next.
    expect(result.report.data).toMatchObject({
      newest: {
        path: files[0].path,
        size: statSync(files[0].path).size,
      },
      backupsFound: 7,
      missingDays: [],
      timeZone: 'UTC',
      restore: { backup: files[0].path.split('/').at(-1), ok: true, tables: 2, rows: 2500 },
    })
    const days = result.report.tables[0]
    expect(days.rows).toHaveLength(7)
    expect(days.rows.every((r) => r[4] === 'yes')).toBe(true)
    // The newest is read in full by its restore; the others, not restored, by a read of their own.
    const name = (i: number) => files[i].path.split('/').at(-1)!
    expect(check(result, `readable:${name(0)}`).detail).toMatch(
      /^custom archive 1\.\d+ by pg_dump \d+: \d+ entries, read in full by the restore with pg_restore \d+\.\d+$/,
    )
    expect(check(result, `readable:${name(5)}`).detail).toMatch(
      /^custom archive 1\.\d+ by pg_dump \d+: \d+ entries, read in full by pg_restore \d+\.\d+$/,
    )
    expect(check(result, `readable:${name(2)}`).detail).toMatch(
      /^gzip stream whole \(.* of SQL\), header and trailer present$/,
    )
  })

  it('restores every format (restore: all)', async () => {
    const { dir } = week({ days: 5 })
    const result = await verify({
      'backup-dir': dir,
      'database-url': serverUrl,
      restore: 'all',
      days: '5',
      amcheck: 'false',
    })
    const restores = result.report.checks.filter((c) => c.id.startsWith('restore:'))
    expect(restores).toHaveLength(5)
    expect(restores.every((c) => c.status === 'pass')).toBe(true)
    // Each is read in full by its own restore, not by a read before it.
    expect(
      result.report.checks
        .filter((c) => c.id.startsWith('readable:'))
        .map((c) => c.detail.replace(/\d+(\.\d+)?/g, 'N')),
    ).toEqual([
      'custom archive N by pg_dump N: N entries, read in full by the restore with pg_restore N',
      'N KB of SQL, header and trailer present, read in full by the restore',
      'gzip stream whole, header and trailer present, read in full by the restore',
      'tar archive N by pg_dump N: N entries, read in full by the restore with pg_restore N',
      'directory archive N by pg_dump N: N entries, read in full by the restore with pg_restore N',
    ])
    expect(result.messages.filter((m) => m.startsWith('reading '))).toEqual([])
    expect(result.report.checks.filter((c) => c.id.startsWith('tables:')).map((c) => c.detail)).toEqual(
      Array(5).fill('2 tables, 2,500 rows'),
    )
  })

  it('fails a missing day, naming it', async () => {
    const { dir, files } = week()
    rmSync(files[3].path)
    const result = await verify({ 'backup-dir': dir })
    expect(check(result, 'days').detail).toBe(
      `no backup for ${files[3].takenAt.toISOString().slice(0, 10)} (UTC)`,
    )
    expect(result.outputs['missing-days']).toBe(1)
    expect(result.report.tables[0].rows.some((r) => r[1] === '❌ missing')).toBe(true)
    expect(result.report.data?.missingDays).toEqual([files[3].takenAt.toISOString().slice(0, 10)])
  })

  it('fails a stale newest backup, dated by its modification time when the name has no date', async () => {
    const dir = emptyDir()
    const path = join(dir, 'nightly.dump')
    pgDump(source, 'custom', path)
    const old = new Date(NOW.getTime() - 3 * 86_400_000)
    utimesSync(path, old, old)
    const result = await verify({ 'backup-dir': dir, days: '1' })
    expect(check(result, 'freshness').detail).toMatch(
      /^nightly\.dump is 3d old \(taken .*, from its modification time\), over max-age 1d 2h$/,
    )
    expect(result.report.status).toBe('fail')
  })

  it('fails when the newest backup is much smaller than the ones before it', async () => {
    const { dir, files } = week({ formats: ['plain'] })
    writeFileSync(
      files[0].path,
      readFileSync(files[0].path, 'utf8').slice(0, 2000) + '\n-- PostgreSQL database dump complete\n',
    )
    const result = await verify({ 'backup-dir': dir })
    expect(check(result, 'size-drop').detail).toMatch(/a drop of more than 50%; is data missing\?$/)
  })

  it('verifies checksums from <file>.sha256 and SHA256SUMS, and fails a mismatch', async () => {
    const { dir, files } = week({ days: 2, formats: ['custom', 'gzip'] })
    const sum = (p: string) => createHash('sha256').update(readFileSync(p)).digest('hex')
    writeFileSync(`${files[0].path}.sha256`, `${sum(files[0].path)}  ${files[0].path}\n`)
    writeFileSync(join(dir, 'SHA256SUMS'), `${'0'.repeat(64)}  ${files[1].path.split('/').at(-1)}\n`)
    const result = await verify({ 'backup-dir': dir, days: '2' })
    const rows = result.report.tables[0].rows
    expect(rows.find((r) => r[1] === files[0].path.split('/').at(-1))?.[5]).toBe('verified')
    expect(rows.find((r) => r[1] === files[1].path.split('/').at(-1))?.[5]).toBe('mismatch')
    expect(check(result, `readable:${files[1].path.split('/').at(-1)}`).detail).toMatch(
      /sha256 is [0-9a-f]{12}…, expected 000000000000…$/,
    )
  })

  describe('faults: each names the file and the cause', () => {
    async function single(name: string, write: (path: string) => void, extra: Record<string, string> = {}) {
      const dir = emptyDir()
      const path = join(dir, name)
      write(path)
      const result = await verify({ 'backup-dir': dir, days: '1', 'database-url': serverUrl, ...extra })
      return {
        result,
        detail: check(result, `readable:${name}`).detail,
        status: check(result, `readable:${name}`).status,
      }
    }

    it('a missing folder and an empty folder', async () => {
      expect(() =>
        readInputs(new InputReader(objectInputGetter({ 'backup-dir': '/nonexistent/backups' }))),
      ).toThrow("input 'backup-dir' is '/nonexistent/backups': the folder does not exist")
      const result = await verify({ 'backup-dir': emptyDir() })
      expect(check(result, 'found').detail).toMatch(
        /^no backups in .* matching \*\.sql, \*\.sql\.gz, \*\.dump, \*\.backup, \*\.tar \(or directory dumps\)$/,
      )
      expect(result.report.status).toBe('fail')
      // Every day of the window is missing, named in the data.
      expect(result.report.data).toEqual({ backupsFound: 0, missingDays: expect.any(Array), timeZone: 'UTC' })
      expect(result.report.data?.missingDays).toHaveLength(7)
      expect(result.report.data?.missingDays[0]).toBe(NOW.toISOString().slice(0, 10))
    })

    it('a zero-byte file', async () => {
      const { detail, status } = await single(
        `backup_${stamp(new Date(NOW.getTime() - 3_600_000))}.sql`,
        (p) => writeFileSync(p, ''),
      )
      expect(status).toBe('fail')
      expect(detail).toMatch(/is only 0 B, under min-size 1 KB; the file is empty \(0 bytes\)$/)
    })

    it('a truncated gzip', async () => {
      const { detail, result } = await single(
        `backup_${stamp(new Date(NOW.getTime() - 3_600_000))}.sql.gz`,
        (p) => {
          pgDump(source, 'gzip', p)
          truncateSync(p, Math.floor(statSync(p).size / 2))
        },
      )
      expect(detail).toMatch(/^the gzip stream is broken after .*: unexpected end of file \(truncated\)$/)
      expect(check(result, 'restore').detail).toMatch(/^not restored: the backup is not readable/)
    })

    it('a truncated custom dump: --list passes, the full read does not', async () => {
      const { detail } = await single(`backup_${stamp(new Date(NOW.getTime() - 3_600_000))}.dump`, (p) => {
        pgDump(source, 'custom', p)
        truncateSync(p, Math.floor(statSync(p).size * 0.7))
      })
      expect(detail).toMatch(/^pg_restore --list passes but a full read fails: /)
    })

    it('a plain dump without its trailer', async () => {
      const { detail } = await single(`backup_${stamp(new Date(NOW.getTime() - 3_600_000))}.sql`, (p) => {
        pgDump(source, 'plain', p)
        const text = readFileSync(p, 'utf8')
        writeFileSync(p, text.slice(0, text.indexOf('-- PostgreSQL database dump complete')))
      })
      expect(detail).toMatch(
        /but it does not end with pg_dump's trailer "-- PostgreSQL database dump complete" \(cut short\?\)$/,
      )
    })

    it('a dump newer than every pg_restore here', async () => {
      const { detail } = await single(`backup_${stamp(new Date(NOW.getTime() - 3_600_000))}.dump`, (p) => {
        pgDump(source, 'custom', p)
        // Make the header say pg_dump 99: same length, so the archive stays well-formed.
        const bytes = readFileSync(p)
        // The header holds the server's version string, then pg_dump's: both "15.x (Debian ...)".
        const version = /\d+\.\d+ \(/.exec(bytes.subarray(0, 200).toString('latin1'))![0]
        const server = bytes.indexOf(Buffer.from(version))
        bytes.write('99', bytes.indexOf(Buffer.from(version), server + 1), 'latin1')
        writeFileSync(p, bytes)
      })
      expect(detail).toMatch(
        /^backup_\d+_\d+\.dump was made by pg_dump 99, but the newest pg_restore here is \d+\.\d+ \(.*\): install postgresql-client-99$/,
      )
    })

    it('a restore that fails half way: the error, and the scratch database dropped', async () => {
      const { result } = await single(`backup_${stamp(new Date(NOW.getTime() - 3_600_000))}.sql`, (p) => {
        pgDump(source, 'plain', p)
        const text = readFileSync(p, 'utf8')
        const at = text.indexOf('-- PostgreSQL database dump complete')
        writeFileSync(p, `${text.slice(0, at)}INSERT INTO no_such_table VALUES (1);\n\n${text.slice(at)}`)
      })
      expect(check(result, 'restore').detail).toMatch(
        /^the restore failed after .*: psql:.*ERROR: {2}relation "no_such_table" does not exist/,
      )
      expect(result.report.title).toMatch(/restore failed/)
    })

    it('file names with spaces, quotes and $(...) are files, never shell', async () => {
      const dir = emptyDir()
      const name = `backup_${stamp(new Date(NOW.getTime() - 3_600_000))} it's "$(touch pwned)".dump`
      pgDump(source, 'custom', join(dir, name))
      const result = await verify({ 'backup-dir': dir, days: '1', 'database-url': serverUrl })
      expect(check(result, `readable:${name}`).status).toBe('pass')
      expect(check(result, 'restore').status).toBe('pass')
      expect(existsSync(join(dir, 'pwned'))).toBe(false)
      expect(existsSync('pwned')).toBe(false)
    })
  })

  describe('a backup that is restored is read in full by its restore, not before it', () => {
    const newestName = (ext: string) => `backup_${stamp(new Date(NOW.getTime() - 3_600_000))}.${ext}`

    async function restoreLatest(name: string, write: (path: string) => void, signal?: AbortSignal) {
      const dir = emptyDir()
      write(join(dir, name))
      const result = await verify({ 'backup-dir': dir, days: '1', 'database-url': serverUrl }, signal)
      // It went to a restore: no separate full read came first.
      expect(result.messages.some((m) => m.startsWith(`restoring ${name} into `))).toBe(true)
      expect(result.messages).not.toContain(`reading ${name}`)
      expect(
        await source.sql(`SELECT datname FROM pg_database WHERE datname LIKE '%\\_verify\\_%'`),
      ).toMatchObject({ rows: [] })
      return { result, readable: check(result, `readable:${name}`), restore: check(result, 'restore') }
    }

    it('a truncated custom dump: broken, not a restore error; the scratch database dropped', async () => {
      const name = newestName('dump')
      const { result, readable, restore } = await restoreLatest(name, (p) => {
        pgDump(source, 'custom', p)
        truncateSync(p, Math.floor(statSync(p).size * 0.7))
      })
      expect(readable.status).toBe('fail')
      expect(readable.detail).toMatch(/^pg_restore --list passes but a full read fails: .+$/)
      expect(restore.status).toBe('fail')
      expect(restore.detail).toBe(`not restored: the backup is not readable (${readable.detail})`)
      expect(result.report.tables[0].rows[0][4]).toBe('NO')
      expect(result.outputs['restore-seconds']).toBe('')
    })

    it('a truncated .sql.gz: the gzip stream is broken; the scratch database dropped', async () => {
      const name = newestName('sql.gz')
      const { readable, restore } = await restoreLatest(name, (p) => {
        pgDump(source, 'gzip', p)
        truncateSync(p, Math.floor(statSync(p).size * 0.8))
      })
      expect(readable.status).toBe('fail')
      expect(readable.detail).toMatch(
        /^the gzip stream is broken after .*: unexpected end of file \(truncated\)$/,
      )
      expect(restore.detail).toBe(`not restored: the backup is not readable (${readable.detail})`)
    })

    it('a .sql.gz whose SQL stops inside a COPY (pg_dump died, gzip finished): cut short, though psql went through', async () => {
      const name = newestName('sql.gz')
      const { readable, restore, result } = await restoreLatest(name, (p) => {
        pgDump(source, 'plain', `${p}.sql`)
        const text = readFileSync(`${p}.sql`, 'utf8')
        unlinkSync(`${p}.sql`)
        // At a line inside the sessions data: psql loads the rows before it and ends the COPY quietly.
        const copy = text.indexOf('COPY public.sessions')
        writeFileSync(p, gzipSync(text.slice(0, text.indexOf('\n', copy + 20_000) + 1)))
      })
      expect(readable.status).toBe('fail')
      expect(readable.detail).toMatch(
        /^gzip stream whole \(.* of SQL\), but it does not end with pg_dump's trailer "-- PostgreSQL database dump complete" \(cut short\?\)$/,
      )
      expect(restore.status).toBe('fail')
      expect(restore.detail).toBe(`restored only in part: the backup is not readable (${readable.detail})`)
      expect(result.report.checks.some((c) => c.id.startsWith('tables:'))).toBe(false)
    })

    it('a plain dump without its trailer is not restored: its last KB are read first', async () => {
      const name = newestName('sql')
      const dir = emptyDir()
      pgDump(source, 'plain', join(dir, name))
      const text = readFileSync(join(dir, name), 'utf8')
      writeFileSync(join(dir, name), text.slice(0, text.indexOf('-- PostgreSQL database dump complete')))
      const result = await verify({ 'backup-dir': dir, days: '1', 'database-url': serverUrl })
      expect(check(result, 'restore').detail).toMatch(
        /^not restored: the backup is not readable \(.* of SQL, but it does not end with pg_dump's trailer .*\(cut short\?\)\)$/,
      )
      expect(result.messages.some((m) => m.startsWith('restoring '))).toBe(false)
    })

    it('checksums are verified while the restore runs: a match, and a mismatch that fails the backup', async () => {
      const { dir, files } = week({ days: 2, formats: ['gzip', 'custom'] })
      const sum = (p: string) => createHash('sha256').update(readFileSync(p)).digest('hex')
      writeFileSync(`${files[0].path}.sha256`, `${sum(files[0].path)}  ${files[0].path}\n`)
      writeFileSync(join(dir, 'SHA256SUMS'), `${'f'.repeat(64)}  ${files[1].path.split('/').at(-1)}\n`)
      const result = await verify({
        'backup-dir': dir,
        days: '2',
        'database-url': serverUrl,
        restore: 'all',
        amcheck: 'false',
      })
      const [gz, dump] = files.map((f) => f.path.split('/').at(-1)!)
      expect(check(result, `readable:${gz}`)).toMatchObject({
        status: 'pass',
        detail: 'gzip stream whole, header and trailer present, read in full by the restore; sha256 matches',
      })
      expect(check(result, `readable:${dump}`).status).toBe('fail')
      expect(check(result, `readable:${dump}`).detail).toMatch(
        /read in full by the restore with pg_restore .*; sha256 is [0-9a-f]{12}…, expected ffffffffffff…$/,
      )
      // The restore itself went through: what failed is the file's checksum, and the run.
      expect(check(result, `restore:${dump}`).status).toBe('pass')
      expect(result.report.tables[0].rows.map((r) => r[5])).toEqual(['verified', 'mismatch'])
      expect(result.report.status).toBe('fail')
    })

    it('cancelled during the restore: the backup is not read in full (a warning, not broken)', async () => {
      const name = newestName('sql')
      const controller = new AbortController()
      const dir = emptyDir()
      pgDump(source, 'plain', join(dir, name))
      const text = readFileSync(join(dir, name), 'utf8')
      const at = text.indexOf('-- PostgreSQL database dump complete')
      writeFileSync(join(dir, name), `${text.slice(0, at)}SELECT pg_sleep(20);\n\n${text.slice(at)}`)
      // Cancelled once the restore is in the pg_sleep: an event, not a delay (the machine may be slow).
      const ended = new AbortController()
      waitForStatement(
        source.url,
        { query: '%pg_sleep%', waitEvent: 'PgSleep', database: '%\\_verify\\_%' },
        { signal: ended.signal },
      ).then(
        () => controller.abort(),
        () => undefined, // the run ended first: the assertions below say how
      )
      const result = await verify(
        { 'backup-dir': dir, days: '1', 'database-url': serverUrl },
        controller.signal,
      ).finally(() => ended.abort())
      expect(check(result, 'readable')).toMatchObject({
        status: 'warn',
        detail: expect.stringMatching(
          /^.* of SQL, header and trailer present; not read in full: the restore that reads it was cancelled$/,
        ),
      })
      expect(check(result, 'restore').detail).toMatch(/^the restore failed after .*: cancelled$/)
      expect(result.report.tables[0].rows[0][4]).toBe('not read')
    })
  })

  describe('validation of the restore', () => {
    it('compares row counts with a source that moved on: within the tolerance passes, beyond it fails', async () => {
      const { dir } = week({ days: 1 })
      const ok = await verify({
        'backup-dir': dir,
        days: '1',
        'database-url': serverUrl,
        'compare-url': source.url,
      })
      expect(check(ok, 'compare').detail).toBe('all 2 tables within 5% of the source')
      await source.sql(
        `INSERT INTO users (email) SELECT 'late' || g || '@example.test' FROM generate_series(1, 100) g`,
      )
      try {
        const off = await verify({
          'backup-dir': dir,
          days: '1',
          'database-url': serverUrl,
          'compare-url': source.url,
        })
        expect(check(off, 'compare').status).toBe('fail')
        expect(check(off, 'compare').detail).toBe(
          '1 difference(s) beyond 5%: public.users has 500 rows, the source 600',
        )
      } finally {
        await source.sql(`DELETE FROM users WHERE email LIKE 'late%'`)
      }
    })

    it('runs validate-sql: every query must return true', async () => {
      const { dir } = week({ days: 1 })
      const sqlDir = emptyDir()
      const file = join(sqlDir, 'checks.sql')
      writeFileSync(
        file,
        `SELECT count(*) = 500 FROM users;\nSELECT count(*) > 1000000 FROM sessions;\nSELECT true;\n`,
      )
      const result = await verify({
        'backup-dir': dir,
        days: '1',
        'database-url': serverUrl,
        'validate-sql': file,
      })
      expect(check(result, 'validate-sql').detail).toBe(
        '1 of 3 queries did not return true: query 2 returned false',
      )
      expect(result.report.status).toBe('fail')
    })

    it('runs validate-sql read-only in the scratch database: CREATE ROLE ... SUPERUSER and DROP DATABASE never run', async () => {
      const { dir } = week({ days: 1 })
      const victim = await createTestDatabase(serverUrl, 'victim')
      const role = `bv_evil_${Math.random().toString(36).slice(2, 8)}`
      const sqlDir = emptyDir()
      try {
        for (const [text, why] of [
          [`SELECT true;\nCREATE ROLE ${role} SUPERUSER LOGIN;\n`, 'statement 2 is CREATE: '],
          [`DROP DATABASE ${victim.name};\n`, 'statement 1 is DROP: '],
          [`SELECT true; COMMIT; CREATE ROLE ${role} SUPERUSER;`, 'statement 2 is COMMIT: '],
          [`WITH gone AS (DELETE FROM users RETURNING 1) SELECT count(*) = 0 FROM gone;`, 'a query failed: '],
        ]) {
          const file = join(sqlDir, 'checks.sql')
          writeFileSync(file, text)
          const result = await verify({
            'backup-dir': dir,
            days: '1',
            'database-url': serverUrl,
            'validate-sql': file,
            amcheck: 'false',
          })
          expect(check(result, 'validate-sql')).toMatchObject({
            status: 'fail',
            detail: expect.stringContaining(why),
          })
          // The restore itself went through; only the check failed.
          expect(check(result, 'restore').status).toBe('pass')
        }
        expect((await source.sql('SELECT 1 FROM pg_roles WHERE rolname = $1', [role])).rows).toEqual([])
        expect(
          (await source.sql('SELECT 1 FROM pg_database WHERE datname = $1', [victim.name])).rows,
        ).toHaveLength(1)
      } finally {
        await victim.drop()
        await source.sql(`DROP ROLE IF EXISTS ${role}`)
      }
    })

    it('a public schema-only dump (Pagila) with a view WITH NO DATA: restored, the view named, not a failed restore', async () => {
      const dir = emptyDir()
      copyFileSync(
        join(import.meta.dirname, '../fixtures/backup-verify/pagila-schema.sql'),
        join(dir, 'pagila.sql'),
      )
      const result = await verify({
        'backup-dir': dir,
        days: '1',
        'database-url': serverUrl,
        amcheck: 'false',
      })
      expect(check(result, 'restore').detail).toMatch(/^restored into a scratch database in /)
      expect(Number(result.outputs['restore-seconds'])).toBeGreaterThan(0)
      expect(check(result, 'unpopulated')).toMatchObject({
        status: 'warn',
        detail: expect.stringMatching(/^public\.rental_by_category hold no data \(created WITH NO DATA/),
      })
      expect(check(result, 'tables').detail).toMatch(
        / rows \(1 materialized view\(s\) not populated, not counted\)$/,
      )
      expect(result.report.title).toMatch(/^backup-verify: newest backup .* old, restored in /)
      const table = result.report.tables.find((t) => t.title === 'Restored from pagila.sql')!
      expect(table.rows).toContainEqual(['public.rental_by_category', 'not populated'])
    })

    it('a compare-url that cannot be reached fails the comparison, not the restore', async () => {
      const { dir } = week({ days: 1 })
      const result = await verify({
        'backup-dir': dir,
        days: '1',
        'database-url': serverUrl,
        'compare-url': 'postgres://reader:pw@127.0.0.1:1/source',
        amcheck: 'false',
      })
      expect(check(result, 'restore').status).toBe('pass')
      expect(check(result, 'compare')).toMatchObject({
        status: 'fail',
        detail: expect.stringMatching(/^could not compare: could not connect to 127\.0\.0\.1:1/),
      })
      expect(check(result, 'tables').detail).toBe('2 tables, 2,500 rows')
      expect(result.report.title).toMatch(/restored in .*, 2 tables, 2\.5 k rows, 1 check\(s\) failed$/)
    })

    it('fails an expected table that is missing or empty', async () => {
      const { dir } = week({ days: 1 })
      const result = await verify({
        'backup-dir': dir,
        days: '1',
        'database-url': serverUrl,
        'expect-tables': 'audit_log',
      })
      expect(check(result, 'expect').detail).toBe('audit_log is not in the restored database')
    })

    it('refuses a compare-url that is the restore server database itself', () => {
      expect(() =>
        readInputs(
          new InputReader(
            objectInputGetter({
              'backup-dir': tmpdir(),
              'database-url': source.url,
              'compare-url': source.url,
            }),
          ),
        ),
      ).toThrow(/input 'compare-url' names the same database as 'database-url'/)
    })
  })

  it('reads a .sql.gz without loading it: the header is read from the stream', async () => {
    const dir = emptyDir()
    const path = join(dir, `backup_${stamp(new Date(NOW.getTime() - 3_600_000))}.sql.gz`)
    pgDump(source, 'plain', `${path}.tmp`)
    writeFileSync(path, gzipSync(readFileSync(`${path}.tmp`)))
    unlinkSync(`${path}.tmp`)
    expect(gunzipSync(readFileSync(path)).toString('utf8')).toContain('-- PostgreSQL database dump complete')
    const result = await verify({ 'backup-dir': dir, days: '1' })
    expect(check(result, 'readable').detail).toMatch(
      /^gzip stream whole \(.* of SQL\), header and trailer present$/,
    )
    copyFileSync(path, `${path}.copy`)
  })

  describe('hostile plain dumps: refused before psql reads them', () => {
    const HOSTILE = join(import.meta.dirname, '../fixtures/backup-verify/hostile')
    const TRAILER = '-- PostgreSQL database dump complete'

    /** A real pg_dump with a hostile fragment put where it hides best. */
    function hostileDump(
      fragment: string,
      options: { at?: 'before-trailer' | 'after-copy' | 'end'; crlf?: boolean } = {},
    ) {
      const dir = emptyDir()
      const marker = join(dir, 'pwned')
      pgDump(source, 'plain', join(dir, 'clean.sql'))
      let text = readFileSync(join(dir, 'clean.sql'), 'utf8')
      rmSync(join(dir, 'clean.sql'))
      const hostile = readFileSync(join(HOSTILE, fragment), 'utf8')
        .replaceAll('@MARKER@', marker)
        .replaceAll('@OTHER_DB@', source.name)
      const at = options.at ?? 'before-trailer'
      if (at === 'end') text += hostile
      else {
        const where = at === 'after-copy' ? text.indexOf('\n\\.\n') + 4 : text.indexOf(TRAILER)
        text = `${text.slice(0, where)}${hostile}\n${text.slice(where)}`
      }
      if (options.crlf) text = text.replace(/\r?\n/g, '\r\n')
      return { dir, marker, text }
    }

    async function expectRefused(
      fragment: string,
      options: Parameters<typeof hostileDump>[1] & { gzip?: boolean; restore?: string } = {},
    ) {
      const { dir, marker, text } = hostileDump(fragment, options)
      const name = `backup_${stamp(new Date(NOW.getTime() - 3_600_000))}.sql${options.gzip ? '.gz' : ''}`
      writeFileSync(join(dir, name), options.gzip ? gzipSync(text) : text)
      const result = await verify({
        'backup-dir': dir,
        days: '1',
        'database-url': serverUrl,
        restore: options.restore ?? 'latest',
        amcheck: 'false',
      })
      const readable = check(result, `readable:${name}`)
      expect(readable.status).toBe('fail')
      expect(readable.detail).toMatch(/^unsafe: /)
      expect(result.report.status).toBe('fail')
      // Nothing ran on the runner, and the source database is whole.
      expect(existsSync(marker)).toBe(false)
      expect(readdirSync(dir)).toEqual([name])
      expect((await source.sql('SELECT count(*)::int AS n FROM sessions')).rows[0].n).toBe(2000)
      return { result, readable }
    }

    it.each([
      ['shell.sql', /the psql meta-command \\! at byte [\d,]+ of the SQL/],
      ['connect-other-db.sql', /the psql meta-command \\connect /],
      ['output-file.sql', /the psql meta-command \\o /],
      ['client-copy.sql', /the psql meta-command \\copy /],
      ['include.sql', /the psql meta-command \\i /],
      ['gexec-mid-line.sql', /the psql meta-command \\gexec /],
      ['setenv.sql', /the psql meta-command \\setenv /],
      [
        'copy-to-program.sql',
        /^unsafe: "COPY \(SELECT 1\) TO PROGRAM .*only pg_dump's one-line COPY \.\.\. FROM stdin/,
      ],
      ['copy-to-server-file.sql', /^unsafe: "COPY \(SELECT 1\) TO '.*only pg_dump's one-line COPY/],
      ['comment-cr.sql', /the psql meta-command \\! /],
      ['string-backslash-quote.sql', /a string literal with a backslash before a quote/],
      ['begin-atomic-copy.sql', /the psql meta-command \\! /],
      ['nul-byte.sql', /a NUL byte at byte [\d,]+ of the SQL/],
    ])('%s', async (fragment, why) => {
      const { result, readable } = await expectRefused(fragment)
      expect(readable.detail).toMatch(why)
      expect(check(result, 'restore').detail).toMatch(/^not restored: the backup is unsafe/)
    })

    it("a meta-command hidden after a COPY block ends, after pg_dump's \\unrestrict, and in a CRLF dump", async () => {
      for (const options of [
        { at: 'after-copy' as const },
        { at: 'end' as const },
        { at: 'after-copy' as const, crlf: true },
      ]) {
        const { readable } = await expectRefused('shell.sql', options)
        expect(readable.detail).toMatch(/the psql meta-command \\! /)
      }
    })

    it('a .sql.gz, restored or only read', async () => {
      for (const restore of ['latest', 'none']) {
        const { readable } = await expectRefused('shell.sql', { gzip: true, restore })
        expect(readable.detail).toMatch(/the psql meta-command \\! /)
      }
    })

    it("pg_dump's own dumps pass the scan: a CRLF copy of one, and a public dump (Pagila's schema)", async () => {
      const { dir, text } = hostileDump('shell.sql')
      const clean = text.replace(/^\\! .*\n/m, '').replace(/\r?\n/g, '\r\n')
      const name = `backup_${stamp(new Date(NOW.getTime() - 3_600_000))}.sql`
      writeFileSync(join(dir, name), clean)
      const result = await verify({
        'backup-dir': dir,
        days: '1',
        'database-url': serverUrl,
        amcheck: 'false',
      })
      expect(check(result, `readable:${name}`).status).toBe('pass')
      expect(check(result, 'tables').detail).toBe('2 tables, 2,500 rows')
      const pagila = emptyDir()
      copyFileSync(
        join(import.meta.dirname, '../fixtures/backup-verify/pagila-schema.sql'),
        join(pagila, 'pagila.sql'),
      )
      const read = await verify({ 'backup-dir': pagila, days: '1' })
      expect(check(read, 'readable:pagila.sql').status).toBe('pass')
    })

    it('a gzip bomb (one line of 96 MB in a 100 KB .sql.gz): refused at max-line-size, restored or only read', async () => {
      const dir = emptyDir()
      const name = `backup_${stamp(new Date(NOW.getTime() - 3_600_000))}.sql.gz`
      pgDump(source, 'plain', join(dir, 'clean.sql'))
      const text = readFileSync(join(dir, 'clean.sql'), 'utf8')
      rmSync(join(dir, 'clean.sql'))
      const at = text.indexOf(TRAILER)
      // Streamed into gzip, so the test never holds the 96 MB line itself.
      const gzip = createGzip({ level: 9 })
      const written = pipeline(gzip, createWriteStream(join(dir, name)))
      gzip.write(text.slice(0, at) + 'SELECT 1; -- ')
      const block = Buffer.alloc(1024 * 1024, 0x41)
      for (let i = 0; i < 96; i++) if (!gzip.write(block)) await once(gzip, 'drain')
      gzip.end(`\n${text.slice(at)}`)
      await written
      expect(statSync(join(dir, name)).size).toBeLessThan(1024 * 1024)
      for (const restore of ['latest', 'none']) {
        const result = await verify({ 'backup-dir': dir, days: '1', 'database-url': serverUrl, restore })
        expect(check(result, `readable:${name}`)).toMatchObject({
          status: 'fail',
          detail: expect.stringMatching(
            /^unsafe: a line of more than 64 MB \(max-line-size\) at byte [\d,]+ of the SQL; psql would hold it all in memory \(a gzip bomb\?\)$/,
          ),
        })
        if (restore === 'latest')
          expect(check(result, 'restore').detail).toMatch(/^not restored: the backup is unsafe/)
      }
      // The cap is an input: a dump with longer lines can be let through on purpose.
      const raised = await verify({ 'backup-dir': dir, days: '1', 'max-line-size': '128MB' })
      expect(check(raised, `readable:${name}`).status).toBe('pass')
    })

    it('psql and pg_restore get only what they need: no inputs, no other passwords', () => {
      const saved = { ...process.env }
      try {
        process.env['INPUT_COMPARE-URL'] = 'postgres://u:compare-secret@db/x'
        process.env.PGPASSWORD = 'someone-elses-password'
        process.env.AWS_SECRET_ACCESS_KEY = 'aws-secret'
        const env = libpqEnv(
          parseDatabaseUrl('database-url', 'postgres://restorer:own-pw@127.0.0.1:5432/postgres'),
          'scratch',
        )
        expect(env.PGPASSWORD).toBe('own-pw')
        expect(env.PGDATABASE).toBe('scratch')
        expect(env.PATH).toBe(process.env.PATH)
        expect(Object.keys(env).filter((k) => k.startsWith('INPUT_'))).toEqual([])
        expect(JSON.stringify(env)).not.toMatch(/compare-secret|someone-elses|aws-secret/)
      } finally {
        process.env = saved
      }
    })
  })

  describe('a restore role that is not superuser and lacks pg_execute_server_program (the README)', () => {
    const role = `bv_restorer_${Math.random().toString(36).slice(2, 8)}`
    let roleUrl: string

    beforeAll(async () => {
      await source.sql(`CREATE ROLE ${role} LOGIN CREATEDB NOSUPERUSER PASSWORD 'restorer-pw'`)
      const url = new URL(serverUrl)
      url.username = role
      url.password = 'restorer-pw'
      roleUrl = url.href
    })
    afterAll(async () => {
      await source.sql(`DROP ROLE IF EXISTS ${role}`)
    })

    it('restores a custom dump and a plain dump made with --no-owner --no-privileges', async () => {
      const dir = emptyDir()
      const at = new Date(NOW.getTime() - 3_600_000)
      pgDump(source, 'custom', join(dir, `backup_${stamp(at)}.dump`))
      pgDump(source, 'plain', join(dir, `backup_${stamp(new Date(at.getTime() - 60_000))}.sql`), [
        '--no-owner',
        '--no-privileges',
      ])
      const result = await verify({
        'backup-dir': dir,
        days: '1',
        'database-url': roleUrl,
        restore: 'all',
        amcheck: 'false',
      })
      const restores = result.report.checks.filter((c) => c.id.startsWith('restore:'))
      expect(restores.map((c) => c.status)).toEqual(['pass', 'pass'])
      expect(result.report.status).toBe('pass')
    })

    it('amcheck that this role may not create is a warning naming the fix, not a pass', async () => {
      const dir = emptyDir()
      pgDump(source, 'custom', join(dir, `backup_${stamp(new Date(NOW.getTime() - 3_600_000))}.dump`))
      const result = await verify({ 'backup-dir': dir, days: '1', 'database-url': roleUrl })
      expect(check(result, 'amcheck')).toMatchObject({
        status: 'warn',
        detail: expect.stringMatching(/^not checked: amcheck could not be created .*or set amcheck: false$/),
      })
    })

    it('COPY ... TO PROGRAM hidden where the scan cannot see it (a DO block) fails on the server', async () => {
      const dir = emptyDir()
      const marker = join(mkdtempSync(join(tmpdir(), 'bv-program-')), 'pwned')
      cleanups.push(() => rmSync(dirname(marker), { recursive: true, force: true }))
      execFileSync('chmod', ['777', dirname(marker)])
      const name = `backup_${stamp(new Date(NOW.getTime() - 3_600_000))}.sql`
      pgDump(source, 'plain', join(dir, name), ['--no-owner', '--no-privileges'])
      const text = readFileSync(join(dir, name), 'utf8')
      const at = text.indexOf('-- PostgreSQL database dump complete')
      const hidden = `DO $$ BEGIN EXECUTE 'COPY (SELECT 1) TO PROGRAM ''touch ${marker}'''; END $$;\n`
      writeFileSync(join(dir, name), `${text.slice(0, at)}${hidden}\n${text.slice(at)}`)
      const result = await verify({ 'backup-dir': dir, days: '1', 'database-url': roleUrl, amcheck: 'false' })
      expect(check(result, 'restore').status).toBe('fail')
      expect(check(result, 'restore').detail).toMatch(/pg_execute_server_program/)
      expect(existsSync(marker)).toBe(false)
    })
  })

  describe('the scratch database: only what this run created is dropped', () => {
    const exists = async (name: string) =>
      (await source.sql('SELECT 1 FROM pg_database WHERE datname = $1', [name])).rows.length === 1

    it('a name that already exists is refused and left alone, with its data', async () => {
      const dir = emptyDir()
      pgDump(source, 'custom', join(dir, `backup_${stamp(new Date(NOW.getTime() - 3_600_000))}.dump`))
      const taken = await createTestDatabase(serverUrl, 'taken')
      const name = `${source.name}_verify_42_deadbeef`
      await source.sql(`ALTER DATABASE ${taken.name} RENAME TO ${name}`)
      const states: (ScratchState | undefined)[] = []
      try {
        const result = await verify(
          { 'backup-dir': dir, days: '1', 'database-url': serverUrl },
          new AbortController().signal,
          {
            randomHex: (bytes) => (bytes === 4 ? 'deadbeef' : 'f'.repeat(bytes * 2)),
            onScratch: (s) => states.push(s),
          },
        )
        expect(check(result, 'restore').detail).toMatch(
          new RegExp(`^not restored: the scratch database ${name} already exists on .*: refusing to use it`),
        )
        expect(result.outputs['restore-seconds']).toBe('')
        expect(result.report.title).toMatch(/, not restored, /)
        expect(await exists(name)).toBe(true)
        // The state the post step reads is cleared: the name was never this run's database.
        expect(states.at(-1)).toBeUndefined()
      } finally {
        await source.sql(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
      }
    })

    it("the post step drops a name of this run's pattern that carries this run's marker, nothing else", async () => {
      const server = parseDatabaseUrl('database-url', serverUrl)
      const mine: ScratchState = { name: `trusted_login_verify_77_0123abcd`, token: 'a'.repeat(32) }
      const foreign = `trusted_login_verify_77_89abcdef`
      await source.sql(`CREATE DATABASE ${foreign}`)
      try {
        await createScratch(server, mine)
        // Someone else's database, or a tampered state: a name outside the pattern, a database without the marker.
        expect(await dropLeftScratch(server, { name: source.name, token: mine.token }, '77')).toBe(
          `not dropping ${source.name}: not a scratch database name of this run`,
        )
        expect(await dropLeftScratch(server, { name: foreign, token: mine.token }, '77')).toMatch(
          /^not dropping trusted_login_verify_77_89abcdef: it does not carry this run's marker/,
        )
        expect(await dropLeftScratch(server, { ...mine, token: 'b'.repeat(32) }, '77')).toMatch(
          /does not carry this run's marker/,
        )
        expect(await dropLeftScratch(server, mine, '78')).toMatch(/not a scratch database name of this run/)
        expect([await exists(source.name), await exists(foreign), await exists(mine.name)]).toEqual([
          true,
          true,
          true,
        ])
        expect(await dropLeftScratch(server, mine, '77')).toBe(
          `dropped the scratch database ${mine.name} left by an interrupted run`,
        )
        expect(await exists(mine.name)).toBe(false)
      } finally {
        await source.sql(`DROP DATABASE IF EXISTS ${foreign}`)
        await source.sql(`DROP DATABASE IF EXISTS ${mine.name}`)
      }
    })
  })

  describe('ages, days and names: what a person reads is one figure, and only readable backups count', () => {
    /** Unreadable but well over min-size: an archive header followed by nothing pg_restore can read. */
    const garbage = (path: string) => writeFileSync(path, `PGDMP${'x'.repeat(4096)}`)

    it('the title and the check give the same age: 16s, not "0ms" and "16s"', async () => {
      const dir = emptyDir()
      const path = join(dir, 'nightly.dump')
      pgDump(source, 'custom', path)
      const taken = new Date(NOW.getTime() - 60_000)
      utimesSync(path, taken, taken)
      const result = await verify({ 'backup-dir': dir, days: '1' }, new AbortController().signal, {
        clock: () => new Date(taken.getTime() + 16_400),
      })
      expect(result.report.title).toMatch(/^backup-verify: newest backup 16s old, /)
      expect(check(result, 'freshness').detail).toMatch(/^nightly\.dump is 16s old \(/)
      expect(result.report.tables[0].rows[0][3]).toBe('16s')
    })

    it('a day whose only backup is unreadable has no backup', async () => {
      const { dir, files } = week({ days: 3, formats: ['custom'] })
      garbage(files[1].path)
      const result = await verify({ 'backup-dir': dir, days: '3' })
      const name = files[1].path.split('/').at(-1)
      expect(check(result, 'days')).toMatchObject({
        status: 'fail',
        detail: `no readable backup for ${files[1].takenAt.toISOString().slice(0, 10)} (${name} is not readable) (UTC)`,
      })
      expect(result.outputs['missing-days']).toBe(1)
    })

    it('an unreadable newest backup is not the newest: the age is that of the newest readable one', async () => {
      const { dir, files } = week({ days: 3, formats: ['custom'] })
      garbage(files[0].path)
      garbage(files[1].path)
      // Four days: the three backups are in the window whatever the time of day.
      const result = await verify({ 'backup-dir': dir, days: '4' })
      const [newest, second, third] = files.map((f) => f.path.split('/').at(-1))
      expect(check(result, 'freshness')).toMatchObject({
        status: 'fail',
        detail: expect.stringMatching(
          new RegExp(
            `^${third!.replace('.', '\\.')} is 2d 1h old \\(.*\\), over max-age 1d 2h; newer, but not counted: ${newest!.replace('.', '\\.')} is not readable, ${second!.replace('.', '\\.')} is not readable$`,
          ),
        ),
      })
      expect(result.outputs.latest).toBe(files[2].path)
      expect(Number(result.outputs['age-hours'])).toBeCloseTo(49, 0)
      expect(result.report.title).toMatch(/^backup-verify: newest backup 2d 1h old, /)
      const days = check(result, 'days').detail
      expect(days).toMatch(/no readable backup for .* is not readable\)/)

      for (const f of files.slice(2)) garbage(f.path)
      const none = await verify({ 'backup-dir': dir, days: '4' })
      expect(check(none, 'freshness').detail).toMatch(/^no readable backup: .* is not readable/)
      expect(none.report.title).toMatch(/^backup-verify: no readable backup, /)
      expect(none.outputs['age-hours']).toBe('')
    })

    it('backups named -l.dump and --help.dump are files, never options of pg_restore', async () => {
      const dir = emptyDir()
      for (const name of ['-l.dump', '--help.dump']) pgDump(source, 'custom', join(dir, name))
      const cwd = process.cwd()
      process.chdir(dir)
      try {
        const result = await verify({
          'backup-dir': '.',
          days: '1',
          'database-url': serverUrl,
          restore: 'all',
          amcheck: 'false',
        })
        for (const name of ['-l.dump', '--help.dump']) {
          expect(check(result, `readable:${name}`).status).toBe('pass')
          expect(check(result, `restore:${name}`).status).toBe('pass')
        }
        expect(result.report.checks.filter((c) => c.id.startsWith('tables:')).map((c) => c.detail)).toEqual(
          Array(2).fill('2 tables, 2,500 rows'),
        )
      } finally {
        process.chdir(cwd)
      }
    })
  })
})
