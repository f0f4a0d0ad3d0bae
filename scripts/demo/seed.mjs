// What the demo's PostgreSQL holds and a week of its backups: `trusted_login_db` with users and sessions,
// dead tuples in `sessions` (autovacuum off on that table, so they stay for db-maintain to find) and an
// index no query uses; then one real `pg_dump -Fc` a day for the last 7 days, named as backup-verify reads
// them (`backup_YYYYMMDD_HHMMSS.dump`), the data growing a little each day as a live service's does.
import { execFile } from 'node:child_process'
import { utimesSync } from 'node:fs'
import { join } from 'node:path'
import { promisify } from 'node:util'

import pg from 'pg'

const run = promisify(execFile)

const SCHEMA = `
  CREATE TABLE users (
    id serial PRIMARY KEY,
    username text NOT NULL UNIQUE,
    email text NOT NULL,
    password_hash text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    last_login timestamptz
  );
  CREATE TABLE sessions (
    id bigserial PRIMARY KEY,
    user_id integer NOT NULL REFERENCES users(id),
    token_hash text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    expires_at timestamptz NOT NULL
  ) WITH (autovacuum_enabled = false);
`
// Made for a report nobody runs any more: db-maintain shows it as unused. Built once the rows are in, so
// its size is known to the catalog (an index built on an empty table counts 0 pages until a VACUUM).
const UNUSED_INDEX = 'CREATE INDEX sessions_token_hash_idx ON sessions (token_hash)'

/** @param {pg.Client} db @param {number} count */
async function addUsers(db, count) {
  await db.query(
    `INSERT INTO users (username, email, password_hash, last_login)
     SELECT 'user' || n, 'user' || n || '@example.com', md5(n::text || clock_timestamp()::text), now() - n * interval '1 minute'
     FROM generate_series((SELECT coalesce(max(id), 0) + 1 FROM users), (SELECT coalesce(max(id), 0) + $1 FROM users)) AS n`,
    [count],
  )
}

/**
 * Creates and fills trusted_login_db, then writes the week of backups into `backupDir`.
 * @param {{ adminUrl: string, databaseUrl: string, binDir: string, backupDir: string, now?: Date }} options
 */
export async function seedDatabase({ adminUrl, databaseUrl, binDir, backupDir, now = new Date() }) {
  const admin = new pg.Client({ connectionString: adminUrl })
  await admin.connect()
  try {
    await admin.query('CREATE DATABASE trusted_login_db')
  } finally {
    await admin.end()
  }
  const db = new pg.Client({ connectionString: databaseUrl })
  await db.connect()
  try {
    await db.query(SCHEMA)
    await addUsers(db, 2000)
    await db.query(
      `INSERT INTO sessions (user_id, token_hash, created_at, expires_at)
       SELECT 1 + n % 2000, md5(n::text), now() - (n % 600) * interval '1 hour', now() - (n % 600 - 24) * interval '1 hour'
       FROM generate_series(1, 20000) AS n`,
    )
    // Expired sessions deleted and the rest touched, with nothing vacuuming: thousands of dead tuples.
    await db.query(UNUSED_INDEX)
    await db.query(`DELETE FROM sessions WHERE expires_at < now()`)
    await db.query(`UPDATE sessions SET expires_at = expires_at + interval '1 day' WHERE id % 3 = 0`)
    await db.query('ANALYZE users')

    for (let daysAgo = 6; daysAgo >= 0; daysAgo--) {
      // Taken at 02:00 UTC each night; today's an hour ago, so the newest is always fresh.
      const taken = new Date(now.getTime() - daysAgo * 86_400_000)
      if (daysAgo === 0) taken.setTime(now.getTime() - 3_600_000)
      else taken.setUTCHours(2, 0, 0, 0)
      const stamp = taken.toISOString().replace(/[-:]/g, '').replace('T', '_').slice(0, 15)
      const file = join(backupDir, `backup_${stamp}.dump`)
      await run(join(binDir, 'pg_dump'), ['-Fc', '-f', file, '-d', databaseUrl], { timeout: 60_000 })
      utimesSync(file, taken, taken)
      await addUsers(db, 25)
    }
  } finally {
    await db.end()
  }
}
