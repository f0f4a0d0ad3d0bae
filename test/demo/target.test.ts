// The demo target other tests run workflow steps against (scripts/demo/target.mjs): what it serves and
// holds, and that stop() takes all of it away, however often it is called.
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs'
import { connect } from 'node:net'

import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { DemoTarget, startDemoTarget } from '../../scripts/demo/target.mjs'

const listening = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = connect({ host: '127.0.0.1', port })
    socket.once('connect', () => (socket.destroy(), resolve(true)))
    socket.once('error', () => resolve(false))
  })

describe('startDemoTarget', () => {
  let target: DemoTarget
  beforeAll(async () => {
    target = await startDemoTarget({ port: 0, failOnPurpose: 'backup-cut-short' })
  })
  afterAll(() => target?.stop())

  it('serves a health answer with uptime, system metrics and components', async () => {
    const body = (await (await fetch(target.url)).json()) as Record<string, unknown>
    expect(body.status).toBe('healthy')
    expect(body.uptime).toBeGreaterThanOrEqual(3600)
    expect(body).toMatchObject({
      system: { load: expect.any(Array), memory: { usedPercent: expect.any(Number) } },
    })
    expect(body.checks).toEqual({ database: 'ok', storage: 'ok', 'ocr-api': 'ok' })
  })

  it('logs alice in with the password it hands over, and keeps ordinary users out of /api/admin', async () => {
    const login = await fetch(`${target.origin}/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'alice', password: target.env.SMOKE_PASSWORD }),
    })
    const { token } = (await login.json()) as { token: string }
    const admin = await fetch(`${target.origin}/api/admin`, { headers: { authorization: `Bearer ${token}` } })
    expect(admin.status).toBe(403)
  })

  it('holds trusted_login_db with dead tuples, a week of backups (the newest cut short) and a log', async () => {
    expect(target.postgres).toBe(true)
    const db = new pg.Client({ connectionString: target.databaseUrl })
    await db.connect()
    try {
      const { rows } = await db.query<{ count: string }>('SELECT count(*) FROM users')
      expect(Number(rows[0].count)).toBeGreaterThan(1000)
      // Dead rows left for db-maintain (autovacuum is off on sessions), and an index nothing scans.
      const sessions = await db.query<{ dead: string; autovacuum: string[] }>(
        `SELECT n_dead_tup AS dead, reloptions AS autovacuum FROM pg_stat_user_tables s JOIN pg_class c ON c.oid = s.relid WHERE s.relname = 'sessions'`,
      )
      expect(Number(sessions.rows[0].dead)).toBeGreaterThan(1000)
      expect(sessions.rows[0].autovacuum).toContain('autovacuum_enabled=false')
      const index = await db.query<{ scans: string }>(
        `SELECT idx_scan AS scans FROM pg_stat_user_indexes WHERE indexrelname = 'sessions_token_hash_idx'`,
      )
      expect(index.rows.map((row) => Number(row.scans))).toEqual([0])
    } finally {
      await db.end()
    }
    const backups = readdirSync(target.backupDir).sort()
    expect(backups).toHaveLength(7)
    for (const name of backups) expect(name).toMatch(/^backup_\d{8}_\d{6}\.dump$/)
    const sizes = backups.map((name) => statSync(`${target.backupDir}/${name}`).size)
    expect(sizes.at(-1)).toBeLessThan(sizes[0] * 0.6)
    expect(readFileSync(target.logPath, 'utf8')).toContain('Traceback (most recent call last):')
  })

  it('stop() takes the server, PostgreSQL and the files away, and may be called again', async () => {
    const port = new URL(target.origin).port
    const databasePort = new URL(target.databaseUrl!).port
    await target.stop()
    await target.stop()
    expect(existsSync(target.dir)).toBe(false)
    expect(await listening(Number(port))).toBe(false)
    expect(await listening(Number(databasePort))).toBe(false)
  })
})
