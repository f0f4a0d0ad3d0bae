// A disposable PostgreSQL cluster for the db-maintain benchmark: initdb + pg_ctl in a temp dir on a free
// port, password authentication on 127.0.0.1 only. The same recipe as test/support/postgres-cluster.ts,
// in plain JS (benchmarks import no TypeScript), with autovacuum off so dead tuples stay where the
// benchmark put them. initdb refuses to run as root, so as root the server runs as the `postgres` user.
import { execFileSync } from 'node:child_process'
import {
  appendFileSync,
  chmodSync,
  chownSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import { clusterConf, findPostgresBinDir, initdbArgs } from '../../scripts/demo/postgres.mjs'

/** The newest PostgreSQL server binaries on this machine (Debian keeps them out of PATH). */
export function serverBinDir() {
  const binDir = findPostgresBinDir()
  if (!binDir) throw new Error('no PostgreSQL server found in /usr/lib/postgresql/*/bin: install postgresql')
  return binDir
}

/** A port that was free on 127.0.0.1 a moment ago. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address()
      server.close(() => resolve(port))
    })
  })
}

function postgresIds() {
  const id = (flag) => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }).trim())
  return { uid: id('-u'), gid: id('-g') }
}

/**
 * Starts the cluster. `settings` are appended to postgresql.conf. Returns the connection facts and a
 * synchronous, idempotent `stop` that stops the server (immediate) and removes the temp dir.
 */
export async function startCluster({ settings = [], log = () => {} } = {}) {
  const binDir = serverBinDir()
  const base = mkdtempSync(join(tmpdir(), 'bench-db-maintain-pg-'))
  const dataDir = join(base, 'data')
  const logFile = join(base, 'server.log')
  const password = `pw-${Math.random().toString(36).slice(2, 12)}`
  const asRoot = process.getuid?.() === 0
  const run = (program, args, timeout = 120_000) => {
    const command = asRoot ? 'runuser' : join(binDir, program)
    const fullArgs = asRoot ? ['-u', 'postgres', '--', join(binDir, program), ...args] : args
    execFileSync(command, fullArgs, { stdio: 'pipe', timeout })
  }

  let started = false
  let stopped = false
  const stop = () => {
    if (stopped) return
    stopped = true
    try {
      if (started) run('pg_ctl', ['-D', dataDir, '-m', 'immediate', '-w', '-t', '60', 'stop'], 90_000)
    } catch (error) {
      log(`pg_ctl stop failed: ${String(error?.message ?? error).split('\n')[0]}`)
    } finally {
      rmSync(base, { recursive: true, force: true })
    }
  }

  try {
    const port = await freePort()
    const pwfile = join(base, 'pwfile')
    writeFileSync(pwfile, password)
    if (asRoot) {
      const { uid, gid } = postgresIds()
      chmodSync(base, 0o755)
      chownSync(base, uid, gid)
      chownSync(pwfile, uid, gid)
    }
    run('initdb', initdbArgs(dataDir, pwfile))
    rmSync(pwfile, { force: true })
    appendFileSync(join(dataDir, 'postgresql.conf'), clusterConf({ port, socketDir: base, settings }))
    started = true
    run('pg_ctl', ['-D', dataDir, '-l', logFile, '-w', '-t', '60', 'start'])
    return {
      host: '127.0.0.1',
      port,
      user: 'postgres',
      password,
      binDir,
      url: (database = 'postgres') =>
        `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/${database}`,
      serverLogTail: (lines = 20) => {
        try {
          return readFileSync(logFile, 'utf8').trim().split('\n').slice(-lines).join('\n')
        } catch {
          return ''
        }
      },
      stop,
    }
  } catch (error) {
    const tail = (() => {
      try {
        return readFileSync(logFile, 'utf8').trim().split('\n').slice(-10).join('\n')
      } catch {
        return ''
      }
    })()
    stop()
    const said = error?.stderr ? String(error.stderr).trim() : ''
    throw new Error(`could not start PostgreSQL: ${error?.message ?? error}\n${said}\n${tail}`.trim(), {
      cause: error,
    })
  }
}
