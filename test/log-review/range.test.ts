import { readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'

import { describe, expect, it } from 'vitest'

import { readInputs } from '../../src/log-review/inputs.js'
import { readLines } from '../../src/log-review/lines.js'
import { reviewRange } from '../../src/log-review/review.js'
import { InputReader, objectInputGetter } from '../../src/core/inputs.js'

const LOGHUB = join(import.meta.dirname, '..', 'fixtures', 'log-review', 'loghub')
const NOW = new Date('2026-11-27T12:00:00Z')
const inputs = readInputs(new InputReader(objectInputGetter({ since: 'all' })), NOW, LOGHUB)

/** The byte offset of the line start nearest the middle of the file. */
function middleLineStart(path: string): number {
  const bytes = readFileSync(path)
  return bytes.indexOf(0x0a, Math.floor(bytes.length / 2)) + 1
}

describe('reviewRange: a worker’s share of a file', () => {
  for (const name of ['Apache_2k.log', 'Hadoop_2k.log', 'OpenSSH_2k.log']) {
    it(`${name} read as two ranges counts what reading it whole counts`, async () => {
      const path = join(LOGHUB, name)
      const size = statSync(path).size
      const cut = middleLineStart(path)
      const whole = await reviewRange(path, { start: 0, end: size }, inputs, name)
      const first = await reviewRange(path, { start: 0, end: cut }, inputs, name)
      const second = await reviewRange(path, { start: cut, end: size }, inputs, name)

      const expected: string[] = []
      await readLines(path, (line) => expected.push(line))
      expect(whole.file.lines).toBe(expected.length)
      expect(first.file.lines + second.file.lines).toBe(whole.file.lines)
      expect(first.file.bytes + second.file.bytes).toBe(size)
      const tally = (part: typeof whole) => part.aggregate.tally
      for (const key of ['errors', 'warnings', 'events', 'slow'] as const)
        expect(tally(first)[key] + tally(second)[key]).toBe(tally(whole)[key])
      expect(whole.aggregate.tally.events).toBeGreaterThan(0)
      const firsts = [first.aggregate.first, second.aggregate.first].filter((t) => t !== undefined)
      const lasts = [first.aggregate.last, second.aggregate.last].filter((t) => t !== undefined)
      expect(firsts.length ? Math.min(...firsts) : undefined).toBe(whole.aggregate.first)
      expect(lasts.length ? Math.max(...lasts) : undefined).toBe(whole.aggregate.last)
    })
  }
})
