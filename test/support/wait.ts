// Waiting on an event instead of sleeping: the machine running the tests may be loaded, so a fixed
// delay is either too short (the event has not happened yet) or wastes time.
import pg from 'pg'

export interface WaitOptions {
  /** A bound for a test whose event never comes (default 60 s). */
  timeoutMs?: number
  /** Stops waiting, e.g. when the step whose statement is awaited has ended. */
  signal?: AbortSignal
}

/**
 * Polls `condition` until it holds. The bound (`timeoutMs`, generous) only stops a test whose event never
 * comes; it is not a measurement, so a slow machine passes as a fast one does.
 */
export async function waitFor(
  what: string,
  condition: () => Promise<boolean>,
  { timeoutMs = 60_000, intervalMs = 100, signal }: WaitOptions & { intervalMs?: number } = {},
): Promise<void> {
  const attempts = Math.ceil(timeoutMs / intervalMs)
  for (let i = 0; i < attempts; i++) {
    if (signal?.aborted) throw new Error(`stopped waiting for ${what}`)
    if (await condition()) return
    await new Promise((resolve) => setTimeout(resolve, intervalMs))
  }
  throw new Error(`waited ${timeoutMs} ms for ${what}; it did not happen`)
}

/**
 * Waits until another session runs a statement matching `query` (a LIKE pattern) in the database of
 * `databaseUrl`, or in a database whose name matches `database` (a LIKE pattern, for one whose name is
 * not known yet), and, when `waitEvent` is given, waits on that wait event ('relation' for a table lock,
 * 'virtualxid' for an old snapshot, 'PgSleep' for pg_sleep).
 */
export async function waitForStatement(
  databaseUrl: string,
  what: { query: string; waitEvent?: string; database?: string },
  options?: WaitOptions,
): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl })
  await client.connect()
  try {
    await waitFor(
      `a statement like ${what.query}${what.waitEvent ? ` waiting on ${what.waitEvent}` : ''}`,
      async () => {
        const { rows } = await client.query(
          `SELECT count(*)::int AS n FROM pg_stat_activity
            WHERE datname LIKE coalesce($3, current_database()) AND pid <> pg_backend_pid()
              AND query LIKE $1 AND ($2::text IS NULL OR wait_event = $2)`,
          [what.query, what.waitEvent ?? null, what.database ?? null],
        )
        return rows[0].n > 0
      },
      options,
    )
  } finally {
    await client.end()
  }
}
