/*
 * The post step. A main step that was killed (the job cancelled past its grace period, the runner lost) may
 * leave its statements running on the server and the invalid copies of an interrupted REINDEX CONCURRENTLY
 * behind; the main step records, as it goes, what the post step needs to clean up after it.
 */
import { marked } from './catalog.js'
import { DbMaintainInputs } from './inputs.js'
import { APPLICATION_NAME, RunOptions, concurrentLeftovers } from './maintain.js'
import { StateStore } from '../core/action.js'
import { Logger } from '../core/logger.js'
import { closeQuietly, connect, qualified } from '../core/postgres.js'

/** State the post step needs: tables whose REINDEX started (with the leftovers there before), our pids. */
export const REINDEX_STATE = 'reindex-tables'
export const SESSIONS_STATE = 'sessions'

/** What the main step left for the post step: leftovers by table oid, and the pids of its sessions. */
export interface CleanupState {
  reindex: Record<string, string[]>
  pids: number[]
}

/**
 * The hooks of the maintenance that save, as each REINDEX or session starts, what the post step would
 * clean: saved as they happen, so the post step still knows if this process is killed.
 */
export function recordForCleanup(state: StateStore): Pick<RunOptions, 'onReindexStart' | 'onSessionStart'> {
  const reindex: CleanupState['reindex'] = {}
  const pids: number[] = []
  return {
    onReindexStart: (table, leftovers) => {
      reindex[table.oid] = leftovers
      state.set(REINDEX_STATE, JSON.stringify(reindex))
    },
    onSessionStart: (pid) => {
      pids.push(pid)
      state.set(SESSIONS_STATE, JSON.stringify(pids))
    },
  }
}

/** What the main step recorded; empty when it recorded nothing. */
export function readCleanupState(state: StateStore): CleanupState {
  return {
    reindex: JSON.parse(state.get(REINDEX_STATE) || '{}') as CleanupState['reindex'],
    pids: JSON.parse(state.get(SESSIONS_STATE) || '[]') as number[],
  }
}

/** Whether the main step left anything to clean (most runs leave nothing, and need no connection). */
export function hasCleanupWork(state: CleanupState): boolean {
  return state.pids.length > 0 || Object.keys(state.reindex).length > 0
}

/**
 * The `post` step, for a main step that was killed: its statements may still run on the server (a backend
 * does not notice a vanished client while it waits), so cancel this run's own sessions (by the pids it
 * recorded, and only if they still carry its application_name), then drop the invalid `_ccnew`/`_ccold`
 * indexes its interrupted REINDEX CONCURRENTLY left (and only those it left).
 */
export async function cleanup(
  inputs: DbMaintainInputs,
  state: CleanupState,
  logger: Logger,
): Promise<number> {
  if (!hasCleanupWork(state)) return 0
  const client = await connect(inputs.database, {
    applicationName: `${APPLICATION_NAME} (cleanup)`,
    settings: { lock_timeout: `${inputs.lockTimeoutMs}ms` },
  })
  let dropped = 0
  try {
    const ours = `SELECT pid FROM pg_stat_activity WHERE pid = ANY($1::int[]) AND application_name = $2 AND state <> 'idle'`
    const busy = (await client.query<{ pid: number }>(marked(ours), [state.pids, APPLICATION_NAME])).rows.map(
      (r) => r.pid,
    )
    if (busy.length > 0) {
      logger.info(
        `cancelling ${busy.length} statement(s) the interrupted run left running (pids ${busy.join(', ')})`,
      )
      await client.query(marked('SELECT pg_cancel_backend(pid) FROM unnest($1::int[]) AS pid'), [busy])
      for (let i = 0; i < 50 && (await client.query(marked(ours), [busy, APPLICATION_NAME])).rowCount; i++) {
        await new Promise((resolve) => setTimeout(resolve, 200))
      }
    }
    const { rows } = await client.query<{ oid: string }>(
      marked('SELECT index_relid::bigint::text AS oid FROM pg_stat_progress_create_index'),
    )
    const building = new Set(rows.map((r) => r.oid))
    for (const [oid, before] of Object.entries(state.reindex)) {
      for (const leftover of await concurrentLeftovers(client, Number(oid))) {
        if (before.includes(leftover.name) || building.has(leftover.oid)) continue
        await client.query(
          marked(`DROP INDEX CONCURRENTLY IF EXISTS ${qualified(leftover.schema, leftover.name)}`),
        )
        logger.info(
          `dropped ${leftover.schema}.${leftover.name}, left by an interrupted REINDEX CONCURRENTLY`,
        )
        dropped++
      }
    }
  } finally {
    await closeQuietly(client)
  }
  return dropped
}
