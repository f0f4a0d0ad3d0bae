// Types of scripts/demo/postgres.mjs, for the tests' cluster (test/support/postgres-cluster.ts), which
// starts its clusters with the same initdb arguments and settings as the demo and the benchmarks.

/** Where Debian keeps the newest server's programs (out of PATH), else the PATH's; undefined when none. */
export function findPostgresBinDir(): string | undefined

/** initdb's arguments for a disposable cluster (superuser postgres, trust on the socket, a password on TCP). */
export function initdbArgs(dataDir: string, pwfile: string): string[]

/** The postgresql.conf lines of a disposable cluster: 127.0.0.1 only, its own socket, no durability, then `settings`. */
export function clusterConf(options: { port: number; socketDir: string; settings?: string[] }): string

export function startPostgres(options: { binDir: string; dir: string; port: number }): Promise<{
  url: (database: string) => string
  binDir: string
  stop: () => Promise<void>
}>
