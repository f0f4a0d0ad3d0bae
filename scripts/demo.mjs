// `npm run demo`: the whole runbook against a stand-in for the Trusted Login System, on a fresh machine,
// in under a minute, with nothing leaving 127.0.0.1. It starts the demo target (scripts/demo/target.mjs:
// the backend on 127.0.0.1:8007, a disposable PostgreSQL with trusted_login_db, a week of backups and of
// logs), runs the daily, weekly and monthly schedules of scripts/demo/runbook.yml through the runbook
// CLI, prints each check's result, and writes the combined summaries as reports/demo.html. One check
// fails on purpose (the admin page let open to ordinary users), so a newcomer sees a failure; the demo
// still exits 0 when that is the only one. Everything it started is stopped, on Ctrl-C too.
import { mkdirSync, writeFileSync } from 'node:fs'
import { join, relative, resolve } from 'node:path'

import { demoPage } from './demo/html.mjs'
import { failedChecks, runSchedule } from './demo/run-schedule.mjs'
import { startDemoTarget } from './demo/target.mjs'
import { runbookWithout } from './demo/without-checks.mjs'

const ROOT = resolve(import.meta.dirname, '..')
const RUNBOOK = 'scripts/demo/runbook.yml'
const PAGE = join(ROOT, 'reports', 'demo.html')
const SCHEDULES = ['daily', 'weekly', 'monthly']
// The check that fails on purpose, and why: the target lets ordinary users into /api/admin.
const ON_PURPOSE = {
  schedule: 'daily',
  check: 'health-gate',
  why: 'the demo lets ordinary users into /api/admin',
}
// Checks that need PostgreSQL: left out, with a note, where it is not installed.
const NEEDS_POSTGRES = ['backup-verify', 'db-maintain']

/** @type {Set<import('node:child_process').ChildProcess>} */
const children = new Set()
/** @type {Awaited<ReturnType<typeof startDemoTarget>> | undefined} */
let target
/** @type {ReturnType<typeof startDemoTarget> | undefined} the target while it starts: Ctrl-C then waits for it */
let starting
/** Set by Ctrl-C: no further schedule starts. */
let interrupted = false

let cleaning
/**
 * Stops the CLI if it runs, then the target (server, PostgreSQL, and its temp dir, which also holds the
 * CLI's report and summary files); once, however often called.
 */
const cleanUp = () =>
  (cleaning ??= (async () => {
    for (const child of children) child.kill('SIGTERM')
    await Promise.all([...children].map((child) => new Promise((done) => child.once('close', done))))
    // A target still starting is stopped once up (a failed start has removed what it made).
    await (starting ?? Promise.resolve(target)).then((started) => started?.stop()).catch(() => {})
  })())

for (const signal of /** @type {const} */ (['SIGINT', 'SIGTERM'])) {
  process.once(signal, () => {
    interrupted = true
    process.stdout.write(
      `\n${signal === 'SIGINT' ? 'Ctrl-C' : signal}: stopping the demo and cleaning up...\n`,
    )
    void cleanUp().finally(() => process.exit(signal === 'SIGINT' ? 130 : 143))
  })
}

try {
  process.exitCode = await demo()
} catch (error) {
  process.stderr.write(`demo failed: ${error instanceof Error ? error.message : String(error)}\n`)
  process.exitCode = 1
} finally {
  await cleanUp()
}

/** @returns {Promise<number>} */
async function demo() {
  const started = Date.now()
  say(
    'Starting the stand-in for the Trusted Login System (backend, PostgreSQL, a week of backups and logs)...',
  )
  // DEMO_POSTGRES=off shows the demo as it runs where PostgreSQL is not installed.
  const withPostgres = process.env.DEMO_POSTGRES !== 'off'
  starting = startDemoTarget({
    failOnPurpose: 'admin-open',
    postgres: withPostgres,
    note: (text) => say(`note: ${text}`),
  })
  target = await starting
  const outDir = join(target.dir, 'runbook-out')
  mkdirSync(outDir)
  say(
    `  backend   ${target.origin}  (GET /health, POST /auth/login, GET /api/me, GET /api/admin, POST /auth/logout)`,
  )
  say(
    target.postgres
      ? `  database  trusted_login_db on a disposable PostgreSQL; ${target.backupDir} holds a week of pg_dump backups`
      : `  database  none: ${withPostgres ? 'PostgreSQL is not installed (sudo apt-get install postgresql)' : 'left out (DEMO_POSTGRES=off)'}`,
  )
  say(`  logs      ${target.logPath}\n`)
  const { path: runbook, emptied } = target.postgres
    ? { path: RUNBOOK, emptied: [] }
    : runbookWithout(join(ROOT, RUNBOOK), NEEDS_POSTGRES, outDir)
  if (!target.postgres)
    say(`Without PostgreSQL, ${NEEDS_POSTGRES.join(' and ')} are left out of every schedule.\n`)

  /** @type {{ heading: string, markdown: string }[]} */
  const sections = []
  /** @type {string[]} */
  const unexpected = []
  let failedOnPurpose = false
  for (const schedule of SCHEDULES) {
    if (interrupted) return 130
    if (emptied.includes(schedule)) {
      say(`━━ ${schedule} ━━ skipped: every check of it needs PostgreSQL\n`)
      sections.push({
        heading: `${schedule} runbook`,
        markdown:
          '_Skipped: every check of this schedule needs PostgreSQL (`sudo apt-get install postgresql`)._',
      })
      continue
    }
    say(`━━ ${schedule} ━━ node dist/cli/index.js runbook --runbook=${runbook} --schedule=${schedule}`)
    const run = await runSchedule({
      root: ROOT,
      runbook,
      schedule,
      outDir,
      env: target.env,
      onProgress: (line) => say(`  ${line}`),
      children,
    })
    say(run.stdout.trimEnd())
    const failed = failedChecks(run.report)
    for (const check of failed) {
      if (schedule === ON_PURPOSE.schedule && check === ON_PURPOSE.check) failedOnPurpose = true
      else unexpected.push(`${schedule}: ${check}`)
    }
    if (run.code !== 0 && failed.length === 0)
      unexpected.push(`${schedule}: the runbook CLI exited ${run.code}`)
    sections.push({ heading: `${schedule} runbook`, markdown: run.summary || '_No summary was written._' })
    say('')
  }

  mkdirSync(join(ROOT, 'reports'), { recursive: true })
  writeFileSync(
    PAGE,
    demoPage({
      title: 'runbook-actions demo: the Trusted Login System runbook',
      intro: `The daily, weekly and monthly schedules of ${RUNBOOK}, run ${new Date().toISOString()} against the demo's stand-in. The daily health-gate fails on purpose: ${ON_PURPOSE.why}.`,
      sections,
      pagePath: PAGE,
      mermaidPath: join(ROOT, 'node_modules', 'mermaid', 'dist', 'mermaid.min.js'),
    }),
  )
  if (failedOnPurpose)
    say(
      `❌ daily health-gate failed ON PURPOSE: ${ON_PURPOSE.why}, and the smoke flow caught it. This is what a failure looks like.`,
    )
  else unexpected.push(`daily: health-gate was meant to fail (${ON_PURPOSE.why}) and did not`)
  for (const problem of unexpected) say(`❌ unexpected: ${problem}`)
  say(`\nThe combined summaries, as GitHub shows a job summary: ${relative(process.cwd(), PAGE) || PAGE}`)
  say(`(${PAGE})`)
  say(`Done in ${((Date.now() - started) / 1000).toFixed(1)} s.`)
  return unexpected.length === 0 ? 0 : 1
}

/** @param {string} line */
function say(line) {
  process.stdout.write(`${line}\n`)
}
