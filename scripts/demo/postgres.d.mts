// Types of scripts/demo/postgres.mjs, for the tests' cluster (test/support/postgres-cluster.ts).

/** Where Debian keeps the newest server's programs (out of PATH), else the PATH's; undefined when none. */
export function findPostgresBinDir(): string | undefined

export function startPostgres(options: { binDir: string; dir: string; port: number }): Promise<{
  url: (database: string) => string
  binDir: string
  stop: () => Promise<void>
}>
