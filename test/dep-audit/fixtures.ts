import { readFileSync } from 'node:fs'

/** The text of a recorded tool output in test/fixtures/audit (see SOURCES.md there). */
export function fixture(name: string): string {
  return readFileSync(new URL(`../fixtures/audit/${name}`, import.meta.url), 'utf8')
}
