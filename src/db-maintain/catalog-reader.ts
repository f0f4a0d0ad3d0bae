import pg from 'pg'

import { CheckOnlySection, REPORT_SETTINGS, Snapshot, readSnapshot } from './catalog.js'
import { DbMaintainInputs } from './inputs.js'
import { APPLICATION_NAME } from './maintain.js'
import { closeQuietly, connect } from '../core/postgres.js'

/** How long the catalog connection may sit idle (through the maintenance) and still be used again. */
const READER_MAX_IDLE_MS = 60_000

/**
 * Reads the catalog on one read-only connection with short timeouts, opened on first use. The read after
 * maintenance reuses it, so it needs no new connection and finds the backend's catalog caches warm; but a
 * connection the server closed, or one idle for over a minute (a firewall or idle_session_timeout may have
 * dropped it meanwhile), is replaced by a fresh one.
 */
export class CatalogReader {
  private readonly inputs: DbMaintainInputs
  private client: pg.Client | undefined
  private ended = false
  private lastUsed = 0

  constructor(inputs: DbMaintainInputs) {
    this.inputs = inputs
  }

  async read(skip: readonly CheckOnlySection[] = []): Promise<Snapshot> {
    if (this.client && (this.ended || performance.now() - this.lastUsed > READER_MAX_IDLE_MS)) {
      await this.close()
    }
    if (!this.client) {
      const client = await connect(this.inputs.database, {
        applicationName: APPLICATION_NAME,
        settings: REPORT_SETTINGS,
      })
      client.on('end', () => {
        if (this.client === client) this.ended = true
      })
      this.client = client
      this.ended = false
    }
    try {
      return await readSnapshot(this.client, this.inputs.top, { skip })
    } finally {
      this.lastUsed = performance.now()
    }
  }

  async close(): Promise<void> {
    const client = this.client
    this.client = undefined
    await closeQuietly(client)
  }
}
