// The demo target: a small stand-in for the Trusted Login System that every check of the runbook can run
// against, made by `npm run demo` and by the example-workflow test. Importing this module does nothing;
// `startDemoTarget()` starts, in one temp dir (or `dir`):
// - the backend on 127.0.0.1:8007 (or, when 8007 is taken, a free port, with a note): GET /health with
//   status, uptime, system metrics and components; the login routes (scripts/demo/login-service.mjs);
// - a disposable PostgreSQL holding trusted_login_db, and a week of real pg_dump backups of it
//   (left out, with a note naming the package to install, where PostgreSQL's programs are missing);
// - logs/app.log, a week of the backend's log.
// `stop()` stops the server and PostgreSQL and removes the temp dir; it may be called more than once.
import { randomBytes } from 'node:crypto'
import {
  chmodSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  statSync,
  truncateSync,
  writeFileSync,
} from 'node:fs'
import { createServer } from 'node:http'
import { connect as connectTcp, createServer as createNetServer } from 'node:net'
import { freemem, loadavg, tmpdir, totalmem } from 'node:os'
import { join } from 'node:path'

import { appLog } from './app-log.mjs'
import { loginRoutes, send } from './login-service.mjs'
import { findPostgresBinDir, startPostgres } from './postgres.mjs'
import { seedDatabase } from './seed.mjs'

export const DEMO_PORT = 8007

/**
 * @typedef {object} DemoTargetOptions
 * @property {number} [port] where the backend listens: 8007 by default, 0 for any free port
 * @property {string} [dir] where its files go (kept after stop); by default a temp dir, removed by stop
 * @property {'admin-open' | 'backup-cut-short' | false} [failOnPurpose] one flaw a check will find:
 *   ordinary users let into /api/admin, or the newest backup cut in half
 * @property {boolean} [postgres] false to leave PostgreSQL out even where it is installed
 * @property {(note: string) => void} [note] where notes go (port taken, PostgreSQL missing); stderr by default
 *
 * @typedef {object} DemoTarget
 * @property {string} url the health endpoint, http://127.0.0.1:8007/health
 * @property {string} origin http://127.0.0.1:8007
 * @property {string | undefined} databaseUrl trusted_login_db, or undefined without PostgreSQL
 * @property {string | undefined} scratchUrl the same server's `postgres` database, to restore backups into
 * @property {string} backupDir the week of backups (empty without PostgreSQL)
 * @property {string} logPath logs/app.log
 * @property {string} dir the folder holding all of the above
 * @property {Record<string, string>} env what checks read from the environment: SMOKE_PASSWORD (alice's),
 *   DEMO_URL, DEMO_BACKUP_DIR, DEMO_LOG and, with PostgreSQL, DATABASE_URL and SCRATCH_DATABASE_URL
 * @property {boolean} postgres whether PostgreSQL runs
 * @property {() => Promise<void>} stop
 */

/**
 * @param {DemoTargetOptions} [options]
 * @returns {Promise<DemoTarget>}
 */
export async function startDemoTarget(options = {}) {
  const note = options.note ?? ((/** @type {string} */ text) => process.stderr.write(`${text}\n`))
  const ownDir = options.dir === undefined
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), 'runbook-demo-'))
  // As root, PostgreSQL runs as the `postgres` user, who must be able to reach its folder inside.
  if (ownDir) chmodSync(dir, 0o755)
  /** @type {(() => Promise<void>)[]} undone in reverse order by stop() */
  const undo = []
  if (ownDir) undo.push(async () => rmSync(dir, { recursive: true, force: true }))
  let stopping
  const stop = () =>
    (stopping ??= (async () => {
      for (const step of undo.reverse()) await step().catch(() => {})
    })())

  try {
    const backupDir = join(dir, 'backups')
    const logPath = join(dir, 'logs', 'app.log')
    mkdirSync(backupDir, { recursive: true })
    mkdirSync(join(dir, 'logs'), { recursive: true })
    writeFileSync(logPath, appLog())

    const binDir = options.postgres === false ? undefined : findPostgresBinDir()
    /** @type {Awaited<ReturnType<typeof startPostgres>> | undefined} */
    let postgres
    if (options.postgres !== false && !binDir)
      note(
        'PostgreSQL is not installed, so the demo runs without a database and backups (the checks that ' +
          'need them are left out). To see them: sudo apt-get install postgresql',
      )
    if (binDir) {
      const pgDir = join(dir, 'postgres')
      mkdirSync(pgDir)
      postgres = await startPostgres({ binDir, dir: pgDir, port: await freePort() })
      undo.push(postgres.stop)
      await seedDatabase({
        adminUrl: postgres.url('postgres'),
        databaseUrl: postgres.url('trusted_login_db'),
        binDir,
        backupDir,
      })
      if (options.failOnPurpose === 'backup-cut-short') cutNewestBackup(backupDir)
    }
    const databaseUrl = postgres?.url('trusted_login_db')

    // alice's password, made up for this run and handed to the smoke flow in SMOKE_PASSWORD.
    const password = randomBytes(9).toString('base64url')
    const accounts = {
      alice: { password, admin: false },
      root: { password: randomBytes(9).toString('base64url'), admin: true },
    }
    const flaws = options.failOnPurpose === 'admin-open' ? /** @type {const} */ (['admin-open']) : []
    const login = loginRoutes(accounts, [...flaws])
    const started = Date.now() - 3_600_000 // up an hour already: past a min-uptime of minutes
    const server = createServer((request, response) => {
      login
        .handle(request, response)
        .then(async (handled) => {
          if (handled) return
          if (request.method === 'GET' && request.url?.split('?')[0] === '/health')
            return send(response, 200, await health(started, postgres && databaseUrl))
          send(response, 404, { error: 'not found' })
        })
        .catch(() => send(response, 500, { error: 'internal error' }))
    })
    const port = await listen(server, options.port ?? DEMO_PORT, note)
    undo.push(
      () =>
        new Promise((resolve) => {
          server.closeAllConnections()
          server.close(() => resolve(undefined))
        }),
    )
    const origin = `http://127.0.0.1:${port}`
    /** @type {Record<string, string>} */
    const env = {
      SMOKE_PASSWORD: password,
      DEMO_URL: `${origin}/health`,
      DEMO_BACKUP_DIR: backupDir,
      DEMO_LOG: logPath,
    }
    if (postgres) {
      env.DATABASE_URL = postgres.url('trusted_login_db')
      env.SCRATCH_DATABASE_URL = postgres.url('postgres')
    }
    return {
      url: `${origin}/health`,
      origin,
      databaseUrl,
      scratchUrl: postgres?.url('postgres'),
      backupDir,
      logPath,
      dir,
      env,
      postgres: postgres !== undefined,
      stop,
    }
  } catch (error) {
    await stop()
    throw error
  }
}

/**
 * The health answer: status, uptime, system metrics and each component's state. The database is "ok"
 * when its port takes a connection; without PostgreSQL the stand-in keeps its users in memory.
 * @param {number} started
 * @param {string | undefined} databaseUrl
 */
async function health(started, databaseUrl) {
  const database = databaseUrl ? ((await reachable(new URL(databaseUrl))) ? 'ok' : 'down') : 'ok'
  const total = totalmem()
  const components = { database, storage: 'ok', 'ocr-api': 'ok' }
  return {
    status: Object.values(components).every((state) => state === 'ok') ? 'healthy' : 'unhealthy',
    uptime: Math.round((Date.now() - started) / 1000),
    version: '2.4.1',
    system: {
      load: loadavg().map((value) => Math.round(value * 100) / 100),
      memory: {
        totalBytes: total,
        freeBytes: freemem(),
        usedPercent: Math.round((1 - freemem() / total) * 100),
      },
    },
    checks: components,
    databaseMode: databaseUrl ? 'postgresql' : 'in-memory',
  }
}

/** @param {URL} url */
function reachable(url) {
  return new Promise((resolve) => {
    const socket = connectTcp({ host: url.hostname, port: Number(url.port), timeout: 1000 })
    socket.once('connect', () => (socket.destroy(), resolve(true)))
    socket.once('error', () => resolve(false))
    socket.once('timeout', () => (socket.destroy(), resolve(false)))
  })
}

/**
 * Listens on 127.0.0.1:`port`, or on a free port with a note when that one is taken.
 * @param {import('node:http').Server} server
 * @param {number} port
 * @param {(note: string) => void} note
 * @returns {Promise<number>}
 */
async function listen(server, port, note) {
  try {
    await new Promise((resolve, reject) => {
      server.once('error', reject)
      server.listen(port, '127.0.0.1', () => (server.off('error', reject), resolve(undefined)))
    })
  } catch (error) {
    if (/** @type {NodeJS.ErrnoException} */ (error).code !== 'EADDRINUSE' || port === 0) throw error
    await new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(undefined)))
    note(`127.0.0.1:${port} is taken, so the stand-in listens on a free port: ${addressPort(server)}`)
  }
  return addressPort(server)
}

/** @param {import('node:http').Server | import('node:net').Server} server */
const addressPort = (server) => /** @type {import('node:net').AddressInfo} */ (server.address()).port

/** A port nothing listens on now, for PostgreSQL. */
async function freePort() {
  const server = createNetServer()
  await new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(undefined)))
  const port = addressPort(server)
  await new Promise((resolve) => server.close(() => resolve(undefined)))
  return port
}

/** The flaw `backup-cut-short`: the newest backup loses its second half, as a full disk leaves it. */
function cutNewestBackup(/** @type {string} */ backupDir) {
  const newest = readdirSorted(backupDir).at(-1)
  if (!newest) return
  const path = join(backupDir, newest)
  truncateSync(path, Math.floor(statSync(path).size / 2))
}

/** @param {string} dir */
function readdirSorted(dir) {
  return readdirSync(dir).sort()
}
