// Grouping accuracy of log-review on Loghub's labelled 2k samples, beside Drain's published figures:
// the table in actions/log-review/README.md ("Grouping accuracy"). Run: node bench/log-review/accuracy.mjs
//
// The measure is Zhu et al.'s (ICSE-SEIP 2019, "Tools and Benchmarks for Automated Log Parsing"): a
// line is right when its group holds exactly the lines of its true event. It is taken over the lines
// log-review reviews (errors and warnings, at the action's defaults), through the real parser, event
// assembler and aggregate: test/log-review/loghub.ts, bundled here with ncc as the actions are. The
// fixtures and their provenance: test/fixtures/log-review/loghub, test/fixtures/SOURCES.md. The floors
// that keep these figures are in test/log-review/accuracy.test.ts. Nothing goes to the network.
import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..')
const fixtures = join(root, 'test', 'fixtures', 'log-review', 'loghub')
const out = mkdtempSync(join(tmpdir(), 'log-review-accuracy-'))
try {
  execFileSync(
    process.execPath,
    [
      join(root, 'node_modules/@vercel/ncc/dist/ncc/cli.js'),
      'build',
      join(root, 'test/log-review/loghub.ts'),
      '-o',
      out,
      '--quiet',
    ],
    { cwd: root, stdio: 'inherit', timeout: 300_000 },
  )
  const { DRAIN_ACCURACY, LOGHUB_SYSTEMS, loghubAccuracy } = await import(
    pathToFileURL(join(out, 'index.js')).href
  )
  const rows = [
    '| log | error/warning lines reviewed | labelled errors/warnings reviewed | groups / true events | grouping accuracy | Drain (Zhu et al.) |',
    '| --- | ---: | ---: | ---: | ---: | ---: |',
  ]
  for (const system of LOGHUB_SYSTEMS) {
    const r = loghubAccuracy(system, fixtures)
    const recall = r.recall ? `${r.recall.reviewed} of ${r.recall.labelled}` : 'no level field'
    const accuracy = r.accuracy === undefined ? 'n/a (none)' : r.accuracy.toFixed(3)
    rows.push(
      `| ${system} | ${r.reviewed} | ${recall} | ${r.groups} / ${r.events} | ${accuracy} | ${DRAIN_ACCURACY[system].toFixed(3)} |`,
    )
  }
  console.log(rows.join('\n'))
} finally {
  rmSync(out, { recursive: true, force: true })
}
