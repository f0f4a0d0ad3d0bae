import { randomBytes } from 'node:crypto'

import pg from 'pg'

/** A fresh database on the test server, dropped by `drop()`; its URL keeps the server's credentials. */
export async function createTestDatabase(serverUrl: string, prefix = 'test') {
  const name = `${prefix}_${randomBytes(4).toString('hex')}`
  const admin = new pg.Client({ connectionString: serverUrl })
  await admin.connect()
  try {
    await admin.query(`CREATE DATABASE ${admin.escapeIdentifier(name)}`)
  } finally {
    await admin.end()
  }
  const url = new URL(serverUrl)
  url.pathname = `/${name}`
  return {
    name,
    url: url.href,
    /** Runs SQL in the new database (each call on its own connection). */
    sql: async (text: string, values?: unknown[]) => {
      const client = new pg.Client({ connectionString: url.href })
      await client.connect()
      try {
        return await client.query(text, values)
      } finally {
        await client.end()
      }
    },
    drop: async () => {
      const client = new pg.Client({ connectionString: serverUrl })
      await client.connect()
      try {
        await client.query(`DROP DATABASE IF EXISTS ${client.escapeIdentifier(name)} WITH (FORCE)`)
      } finally {
        await client.end()
      }
    },
  }
}
