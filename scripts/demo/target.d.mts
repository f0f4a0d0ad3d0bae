// Types of scripts/demo/target.mjs, for tests that run workflow steps against the demo target.

export const DEMO_PORT: 8007

export interface DemoTargetOptions {
  /** Where the backend listens: 8007 by default (a free port, with a note, when taken); 0 for any free port. */
  port?: number
  /** Where its files go (kept after stop); by default a temp dir, removed by stop. */
  dir?: string
  /** One flaw a check will find: ordinary users let into /api/admin, or the newest backup cut in half. */
  failOnPurpose?: 'admin-open' | 'backup-cut-short' | false
  /** false leaves PostgreSQL out even where it is installed. */
  postgres?: boolean
  /** Where notes go (port taken, PostgreSQL missing); stderr by default. */
  note?: (note: string) => void
}

export interface DemoTarget {
  /** The health endpoint, http://127.0.0.1:8007/health. */
  url: string
  /** http://127.0.0.1:8007 */
  origin: string
  /** trusted_login_db, or undefined without PostgreSQL. */
  databaseUrl: string | undefined
  /** The same server's `postgres` database, to restore backups into; undefined without PostgreSQL. */
  scratchUrl: string | undefined
  /** A week of pg_dump backups, backup_YYYYMMDD_HHMMSS.dump (empty without PostgreSQL). */
  backupDir: string
  /** logs/app.log: a week of the backend's log. */
  logPath: string
  /** The folder holding all of the above. */
  dir: string
  /**
   * What checks read from the environment: SMOKE_PASSWORD (alice's, for the login smoke flow), DEMO_URL,
   * DEMO_BACKUP_DIR, DEMO_LOG and, with PostgreSQL, DATABASE_URL and SCRATCH_DATABASE_URL.
   */
  env: Record<string, string>
  /** Whether PostgreSQL runs. */
  postgres: boolean
  /** Stops the server and PostgreSQL and removes the temp dir; safe to call more than once. */
  stop: () => Promise<void>
}

export function startDemoTarget(options?: DemoTargetOptions): Promise<DemoTarget>
