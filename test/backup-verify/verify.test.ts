// backup-verify against a real PostgreSQL server, with backups made by the real pg_dump.
import { createHash } from 'node:crypto'
import {
  copyFileSync,
  existsSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  truncateSync,
  unlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gunzipSync, gzipSync } from 'node:zlib'

import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest'

import { readInputs } from '../../src/backup-verify/inputs.js'
import { verifyBackups } from '../../src/backup-verify/verify.js'
import { InputReader, objectInputGetter } from '../../src/shared/inputs.js'
import { recordingLogger } from '../../src/shared/logger.js'
import { waitForStatement } from '../support/wait.js'
import { TestDatabase, createSource, makeWeek, pgDump, stamp } from './fixture.js'

const serverUrl = inject('databaseUrl')
/**
 * The tests' "now", given to the action as its clock: the last noon UTC. A backup made an hour before it
 * is on the same calendar day whatever the hour the tests run (run for real between 00:00 and 01:00 UTC,
 * "an hour ago" was yesterday, and a week of backups spilled out of the window).
 */
const NOW = new Date(Math.floor((Date.now() - 12 * 3_600_000) / 86_400_000) * 86_400_000 + 12 * 3_600_000)
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

async function verify(inputs: Record<string, string>, signal = new AbortController().signal) {
  const parsed = readInputs(new InputReader(objectInputGetter(inputs)))
  const logger = recordingLogger()
  return {
    ...(await verifyBackups(parsed, logger, { signal, runId: '42', now: NOW })),
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
})
