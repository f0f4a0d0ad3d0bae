import { Snapshot } from './catalog.js'
import { Status } from '../core/report.js'

/** What the JSON report's `data` holds: what the job summary shortens, in full, for scripts. */
export interface DbMaintainData {
  /** The slowest statements, whole text included; only where pg_stat_statements is installed. */
  slowQueries?: NonNullable<Snapshot['statements']>
  /** What a later run, given this report as its `baseline`, compares with (the capacity review). */
  capacity: CapacitySnapshot
}

/** The figures of one run that a later run measures growth and change against. */
export interface CapacitySnapshot {
  /** When the catalog was read (ISO 8601): growth per day is measured between two of these. */
  takenAt: string
  databaseBytes: number
  /** The largest tables by total size (with TOAST and indexes), as `schema.table`; unmeasured ones left out. */
  largestTables: { table: string; bytes: number }[]
  /** Connections in use when the catalog was read, out of those the application may use. */
  connections: { used: number; usable: number }
  /** Every check's id and status, so a later run can tell findings that are new from those fixed. */
  findings: { id: string; status: Status }[]
}
