// Runs every benchmark under bench/<name>/index.mjs, in name order, and prints what each reports.
// Each module's default export is an async function returning { title, lines }; a benchmark that
// throws makes the whole run exit non-zero (the others still run).
//
// Usage: npm run bench            (all benchmarks)
//        npm run bench -- health  (only those whose folder name contains "health")
import { existsSync, readdirSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { fileURLToPath, pathToFileURL } from 'node:url'

const benchDir = dirname(fileURLToPath(import.meta.url))
const filters = process.argv.slice(2)

const names = readdirSync(benchDir, { withFileTypes: true })
  .filter((entry) => entry.isDirectory() && existsSync(join(benchDir, entry.name, 'index.mjs')))
  .map((entry) => entry.name)
  .filter((name) => filters.length === 0 || filters.some((f) => name.includes(f)))
  .sort()

if (names.length === 0) {
  console.error('no benchmarks found (bench/<name>/index.mjs)')
  process.exit(1)
}

let failed = 0
for (const name of names) {
  const started = performance.now()
  console.log(`\n== ${name} ==`)
  try {
    const module = await import(pathToFileURL(join(benchDir, name, 'index.mjs')).href)
    const bench = module.default ?? module.run
    if (typeof bench !== 'function') throw new Error(`bench/${name}/index.mjs exports no default function`)
    const result = await bench({ log: (message) => console.error(`  [${name}] ${message}`) })
    if (result?.title) console.log(result.title)
    for (const line of result?.lines ?? []) console.log(line)
    console.log(`(${name}: ${((performance.now() - started) / 1000).toFixed(1)} s)`)
  } catch (error) {
    failed++
    console.error(`bench ${name} failed: ${error?.stack ?? error}`)
  }
}

if (failed > 0) {
  console.error(`\n${failed} of ${names.length} benchmark(s) failed`)
  process.exit(1)
}
