// Backups made by the real pg_dump, in every format, over a week of dates, from a real database.
import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync, utimesSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import { createTestDatabase } from '../support/postgres.js'

export type TestDatabase = Awaited<ReturnType<typeof createTestDatabase>>

/** The source: users, sessions (a foreign key, an index, a sequence), like the Trusted Login database. */
export async function createSource(serverUrl: string): Promise<TestDatabase> {
  const db = await createTestDatabase(serverUrl, 'trusted_login')
  await db.sql(`
    CREATE TABLE users (id serial PRIMARY KEY, email text UNIQUE NOT NULL, created timestamptz DEFAULT now());
    CREATE TABLE sessions (id bigserial PRIMARY KEY, user_id int NOT NULL REFERENCES users (id), token text NOT NULL);
    CREATE INDEX sessions_user_idx ON sessions (user_id);
    INSERT INTO users (email) SELECT 'user' || g || '@example.test' FROM generate_series(1, 500) g;
    INSERT INTO sessions (user_id, token) SELECT g % 500 + 1, md5(g::text) FROM generate_series(1, 2000) g;
  `)
  return db
}

export const FORMATS = {
  custom: { ext: 'dump', args: ['-Fc'] },
  plain: { ext: 'sql', args: ['-Fp'] },
  gzip: { ext: 'sql.gz', args: ['-Fp', '-Z', '6'] },
  tar: { ext: 'tar', args: ['-Ft'] },
  directory: { ext: 'dir', args: ['-Fd'] },
} as const
export type Format = keyof typeof FORMATS

/** pg_dump with the password in the environment, never on the command line. */
export function pgDump(source: TestDatabase, format: Format, path: string, extra: string[] = []): void {
  const url = new URL(source.url)
  execFileSync(
    'pg_dump',
    [
      ...FORMATS[format].args,
      ...extra,
      '-h',
      url.hostname,
      '-p',
      url.port,
      '-U',
      url.username,
      '-f',
      path,
      source.name,
    ],
    {
      env: { ...process.env, PGPASSWORD: decodeURIComponent(url.password) },
      stdio: 'pipe',
    },
  )
}

/**
 * "Now" for these tests, passed to the action as its clock: the real time, moved on to 02:00 UTC when it is
 * earlier in the day. A backup an hour old is then on today's date and a week of daily backups spans the
 * seven calendar days of the window whatever the hour the tests run (between 00:00 and 01:00 UTC the newest
 * would otherwise fall on yesterday and the oldest out of the window).
 */
export const NOW = (() => {
  const real = new Date()
  const dayStart = Date.UTC(real.getUTCFullYear(), real.getUTCMonth(), real.getUTCDate())
  return new Date(Math.max(real.getTime(), dayStart + 2 * 3_600_000))
})()

/** `backup_YYYYMMDD_HHMMSS` for an instant, in UTC. */
export function stamp(at: Date): string {
  const iso = at.toISOString()
  return `${iso.slice(0, 10).replace(/-/g, '')}_${iso.slice(11, 19).replace(/:/g, '')}`
}

/**
 * A folder with one backup per day for `days` days, the newest an hour old, cycling through the formats
 * (custom first, so "latest" is a custom dump unless `formats` says otherwise).
 */
export function makeWeek(
  source: TestDatabase,
  options: { days?: number; formats?: Format[]; now?: Date } = {},
) {
  const dir = mkdtempSync(join(tmpdir(), 'backups-'))
  const formats = options.formats ?? (['custom', 'plain', 'gzip', 'tar', 'directory'] as Format[])
  const now = options.now ?? NOW
  const files: { path: string; format: Format; takenAt: Date }[] = []
  for (let i = 0; i < (options.days ?? 7); i++) {
    const takenAt = new Date(now.getTime() - 3_600_000 - i * 86_400_000)
    const format = formats[i % formats.length]
    const path = join(dir, `backup_${stamp(takenAt)}.${FORMATS[format].ext}`)
    pgDump(source, format, path)
    utimesSync(path, takenAt, takenAt)
    files.push({ path, format, takenAt })
  }
  return { dir, files, dispose: () => rmSync(dir, { recursive: true, force: true }) }
}
