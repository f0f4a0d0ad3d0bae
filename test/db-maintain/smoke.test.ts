import { expect, inject, it } from 'vitest'

import { createTestDatabase } from '../support/postgres.js'

it('has a real PostgreSQL server with pg_stat_statements preloaded', async () => {
  const db = await createTestDatabase(inject('databaseUrl'))
  try {
    const { rows } = await db.sql(
      `SELECT current_setting('shared_preload_libraries') AS libs, version() AS v`,
    )
    expect(rows[0].libs).toContain('pg_stat_statements')
    expect(rows[0].v).toMatch(/^PostgreSQL \d+/)
  } finally {
    await db.drop()
  }
})
