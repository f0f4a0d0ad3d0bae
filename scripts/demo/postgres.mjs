// A disposable PostgreSQL for the demo: initdb + pg_ctl in a temp dir, on a free port of 127.0.0.1 with
// password authentication, the same way the tests make theirs (test/support/postgres-cluster.ts): initdb
// refuses to run as root, so as root the server runs as the `postgres` user.
import { execFile } from 'node:child_process'
import { appendFileSync, chmodSync, chownSync, existsSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { promisify } from 'node:util'

const run = promisify(execFile)

/** Where Debian keeps the newest server's programs (out of PATH), else the PATH's; undefined when none. */
export function findPostgresBinDir() {
  const root = '/usr/lib/postgresql'
  const versions = existsSync(root)
    ? readdirSync(root)
        .filter((v) => existsSync(join(root, v, 'bin', 'initdb')))
        .sort((a, b) => Number(b) - Number(a))
    : []
  if (versions.length > 0) return join(root, versions[0], 'bin')
  for (const dir of (process.env.PATH ?? '').split(':'))
    if (dir && existsSync(join(dir, 'initdb')) && existsSync(join(dir, 'pg_ctl'))) return dir
  return undefined
}

/**
 * initdb's arguments for a disposable cluster, the same for the demo, the tests and the benchmarks: the
 * superuser `postgres`, trusted on the unix socket, a password (from `pwfile`) over TCP, UTF-8.
 * @param {string} dataDir @param {string} pwfile
 */
export function initdbArgs(dataDir, pwfile) {
  return [
    '-D',
    dataDir,
    '-U',
    'postgres',
    '--auth-local=trust',
    '--auth-host=scram-sha-256',
    `--pwfile=${pwfile}`,
    '-E',
    'UTF8',
    '--locale=C.UTF-8',
  ]
}

/**
 * The postgresql.conf lines of a disposable cluster: its port on 127.0.0.1 only, its socket in its own
 * folder, no durability (the data is thrown away), then the caller's own `settings`.
 * @param {{ port: number, socketDir: string, settings?: string[] }} options
 */
export function clusterConf({ port, socketDir, settings = [] }) {
  return [
    `port = ${port}`,
    `listen_addresses = '127.0.0.1'`,
    `unix_socket_directories = '${socketDir}'`,
    `fsync = off`,
    `synchronous_commit = off`,
    `full_page_writes = off`,
    ...settings,
    '',
  ].join('\n')
}

/**
 * Starts a server whose files all live in `dir` (made by the caller; removed by the caller).
 * @param {{ binDir: string, dir: string, port: number }} options
 * @returns {Promise<{ url: (database: string) => string, binDir: string, stop: () => Promise<void> }>}
 */
export async function startPostgres({ binDir, dir, port }) {
  const dataDir = join(dir, 'data')
  const password = `demo-${Math.random().toString(36).slice(2, 12)}`
  const pwfile = join(dir, 'pwfile')
  writeFileSync(pwfile, password)
  const asRoot = process.getuid?.() === 0
  if (asRoot) {
    const id = async (/** @type {string} */ flag) =>
      Number((await run('id', [flag, 'postgres'])).stdout.trim())
    const [uid, gid] = [await id('-u'), await id('-g')]
    chmodSync(dir, 0o755)
    chownSync(dir, uid, gid)
    chownSync(pwfile, uid, gid)
  }
  /** @param {string} program @param {string[]} args */
  const server = (program, args) =>
    asRoot
      ? run('runuser', ['-u', 'postgres', '--', join(binDir, program), ...args], { timeout: 60_000 })
      : run(join(binDir, program), args, { timeout: 60_000 })

  await server('initdb', initdbArgs(dataDir, pwfile))
  rmSync(pwfile)
  appendFileSync(
    join(dataDir, 'postgresql.conf'),
    clusterConf({ port, socketDir: dir, settings: [`max_connections = 40`] }),
  )
  await server('pg_ctl', ['-D', dataDir, '-l', join(dir, 'server.log'), '-w', '-t', '60', 'start'])
  let stopped = false
  return {
    url: (database) => `postgres://postgres:${password}@127.0.0.1:${port}/${database}`,
    binDir,
    stop: async () => {
      if (stopped) return
      stopped = true
      await server('pg_ctl', ['-D', dataDir, '-m', 'immediate', '-w', 'stop']).catch(() => {})
    },
  }
}
