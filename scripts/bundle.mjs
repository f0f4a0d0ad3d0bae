// Builds dist/<name>/index.js for every folder in actions/ (found by reading the folder, so a new
// action needs no edit here). ncc runs in ESM mode because package.json has "type": "module".
import { execFileSync } from 'node:child_process'
import { copyFileSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { writeFileSync } from 'node:fs'

import { ACTION_INPUTS_PATH, actionInputsJson } from './action-inputs.mjs'
import { RUNBOOK_SCHEMA_PATH, runbookSchemaJson } from './runbook-schema.mjs'

const only = process.argv.slice(2)
// Every action, the runbook action (the root action.yml) and the terminal CLI (src/cli/index.ts), which
// runs the same logic outside GitHub.
const names = [
  ...readdirSync('actions', { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort(),
  'runbook',
  'cli',
].filter((name) => only.length === 0 || only.includes(name))

// The CLI's flags are the actions' inputs: read from action.yml before the CLI is bundled.
writeFileSync(ACTION_INPUTS_PATH, actionInputsJson())
// The runbook file's schema lists every action's inputs, from the same action.yml files.
writeFileSync(RUNBOOK_SCHEMA_PATH, await runbookSchemaJson())

function ncc(entry, out) {
  execFileSync(
    process.execPath,
    [
      'node_modules/@vercel/ncc/dist/ncc/cli.js',
      'build',
      entry,
      '-o',
      out,
      '--license',
      'licenses.txt',
      '--quiet',
    ],
    { stdio: 'inherit' },
  )
}

// log-review's worker thread (src/log-review/worker.ts) is a script of its own, loaded from next to the
// bundle that starts it: every bundle that holds log-review (its own, the runbook's, the CLI's) gets a
// copy, found by the file name the bundle asks for (BUNDLED_WORKER in src/log-review/parallel.ts).
const WORKER_FILE = 'log-review-worker.js'
let workerBuild

for (const name of names) {
  const entry = join('src', name, 'index.ts')
  if (!existsSync(entry)) {
    console.error(`${name} has no ${entry}`)
    process.exit(1)
  }
  const out = join('dist', name)
  rmSync(out, { recursive: true, force: true })
  ncc(entry, out)
  console.log(`bundled ${out}/index.js`)
  // index.js or a chunk ncc emitted beside it (`<id>.index.js`) may hold log-review.
  const scripts = readdirSync(out).filter((file) => file.endsWith('.js'))
  if (scripts.some((file) => readFileSync(join(out, file), 'utf8').includes(WORKER_FILE))) {
    if (!workerBuild) {
      workerBuild = mkdtempSync(join(tmpdir(), 'log-review-worker-'))
      ncc('src/log-review/worker.ts', workerBuild)
    }
    copyFileSync(join(workerBuild, 'index.js'), join(out, WORKER_FILE))
    console.log(`bundled ${out}/${WORKER_FILE}`)
  }
}
if (workerBuild) rmSync(workerBuild, { recursive: true, force: true })
