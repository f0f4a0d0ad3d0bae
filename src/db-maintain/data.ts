import { Snapshot } from './catalog.js'

/** What the JSON report's `data` holds: what the job summary shortens, in full, for scripts. */
export interface DbMaintainData {
  /** The slowest statements, whole text included; only where pg_stat_statements is installed. */
  slowQueries: NonNullable<Snapshot['statements']>
}
