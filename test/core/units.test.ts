import { describe, expect, it } from 'vitest'

import { ConfigurationError } from '../../src/core/errors.js'
import { formatDuration, formatSize, invalidInput, parseDuration, parseSize } from '../../src/core/units.js'

describe('parseDuration', () => {
  it.each([
    ['500ms', 500],
    ['5s', 5_000],
    ['2m', 120_000],
    ['1h', 3_600_000],
    ['7d', 604_800_000],
    ['1.5s', 1_500],
    ['0', 0],
    ['0s', 0],
  ])('reads %s as %d ms', (text, ms) => {
    expect(parseDuration(text)).toBe(ms)
  })

  it.each([
    ['1h30m', 5_400_000],
    ['1h 30m', 5_400_000],
    ['1m30s', 90_000],
    ['1d2h', 93_600_000],
    ['2s500ms', 2_500],
  ])('adds up the compound %s to %d ms', (text, ms) => {
    expect(parseDuration(text)).toBe(ms)
  })

  it('ignores case and surrounding whitespace', () => {
    expect(parseDuration('  5S ')).toBe(5_000)
    expect(parseDuration('1H30M')).toBe(5_400_000)
  })

  it('accepts a space between the number and its unit', () => {
    expect(parseDuration('5 s')).toBe(5_000)
    expect(parseDuration('1 h 30 m')).toBe(5_400_000)
  })

  it('reads "m" as minutes and "ms" as milliseconds', () => {
    expect(parseDuration('3m')).toBe(180_000)
    expect(parseDuration('3ms')).toBe(3)
  })

  it.each(['', '5', 'abc', '5x', '-5s', '5sec', '5 seconds', 's', '1h30', 'h1', '1.5.5s', '1 5s', '5s!'])(
    'returns undefined for %j',
    (text) => {
      expect(parseDuration(text)).toBeUndefined()
    },
  )
})

describe('parseSize', () => {
  it.each([
    ['512B', 512],
    ['1KB', 1024],
    ['10MB', 10 * 1024 * 1024],
    ['1GB', 1024 ** 3],
    ['2TB', 2 * 1024 ** 4],
    ['1.5KB', 1536],
    ['2MiB', 2 * 1024 * 1024],
    ['1 kb', 1024],
    [' 10mb ', 10 * 1024 * 1024],
    ['100', 100],
  ])('reads %j as %d bytes', (text, bytes) => {
    expect(parseSize(text)).toBe(bytes)
  })

  it('rounds fractional bytes to whole bytes', () => {
    expect(parseSize('1.0005KB')).toBe(1025)
  })

  it.each(['', 'abc', '-1KB', '10XB', 'KB', '1 2MB', '1KB2'])('returns undefined for %j', (text) => {
    expect(parseSize(text)).toBeUndefined()
  })
})

describe('formatDuration', () => {
  it.each([
    [0, '0ms'],
    [850, '850ms'],
    [12.4, '12ms'],
    [1_500, '1.5s'],
    [12_000, '12s'],
    [200_000, '3m 20s'],
    [120_000, '2m'],
    [7_500_000, '2h 5m'],
    [3_600_000, '1h'],
    [93_784_000, '1d 2h'],
    [3 * 86_400_000 + 4 * 3_600_000, '3d 4h'],
  ])('shows %d ms as %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text)
  })

  it('keeps only the two largest units', () => {
    expect(formatDuration(86_400_000 + 3_600_000 + 60_000 + 1_000)).toBe('1d 1h')
  })

  it('shows negative durations with a minus sign', () => {
    expect(formatDuration(-1_500)).toBe('-1.5s')
    expect(formatDuration(-200_000)).toBe('-3m 20s')
  })

  it('shows non-finite values as they are', () => {
    expect(formatDuration(Infinity)).toBe('Infinity')
    expect(formatDuration(NaN)).toBe('NaN')
  })

  it('round-trips with parseDuration for whole units', () => {
    for (const text of ['5s', '2m', '1h', '7d']) {
      expect(formatDuration(parseDuration(text) as number)).toBe(text)
    }
  })
})

describe('formatSize', () => {
  it.each([
    [0, '0 B'],
    [980, '980 B'],
    [1023, '1023 B'],
    [1024, '1 KB'],
    [1536, '1.5 KB'],
    [150 * 1024, '150 KB'],
    [12 * 1024 * 1024, '12 MB'],
    [1.25 * 1024 ** 3, '1.3 GB'],
    [2 * 1024 ** 4, '2 TB'],
  ])('shows %d bytes as %s', (bytes, text) => {
    expect(formatSize(bytes)).toBe(text)
  })

  it('stops at TB for very large sizes', () => {
    expect(formatSize(1024 ** 5)).toBe('1024 TB')
  })
})

describe('invalidInput', () => {
  it('throws a ConfigurationError naming the input, the value and what is allowed', () => {
    expect(() => invalidInput('timeout', '5 parsecs', 'use a duration')).toThrow(ConfigurationError)
    expect(() => invalidInput('timeout', '5 parsecs', 'use a duration')).toThrow(
      "input 'timeout' is '5 parsecs': use a duration",
    )
  })
})
