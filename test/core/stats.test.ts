import { describe, expect, it } from 'vitest'

import { median, percentile, round1 } from '../../src/core/stats.js'

describe('percentile (nearest rank)', () => {
  // The worked example for the nearest-rank method: 15, 20, 35, 40, 50.
  const values = [15, 20, 35, 40, 50]

  it.each([
    [5, 15],
    [30, 20],
    [40, 20],
    [50, 35],
    [100, 50],
  ])('the %dth percentile of 15, 20, 35, 40, 50 is %d', (p, expected) => {
    expect(percentile(values, p)).toBe(expected)
  })

  it('always returns a measured value, never an interpolation', () => {
    const samples = [3, 1, 4, 1, 5, 9, 2, 6]
    for (const p of [1, 10, 25, 33, 50, 66, 75, 90, 95, 99, 100]) {
      expect(samples).toContain(percentile(samples, p))
    }
  })

  it('gives p95 and p99 of 1..100 as 95 and 99', () => {
    const hundred = Array.from({ length: 100 }, (_, i) => 100 - i)
    expect(percentile(hundred, 95)).toBe(95)
    expect(percentile(hundred, 99)).toBe(99)
  })

  it('sorts numerically, not as text', () => {
    expect(percentile([100, 9, 20], 100)).toBe(100)
    expect(percentile([100, 9, 20], 1)).toBe(9)
  })

  it('clamps p 0 to the smallest value', () => {
    expect(percentile(values, 0)).toBe(15)
  })

  it('returns the one value of a single sample', () => {
    expect(percentile([42], 50)).toBe(42)
    expect(percentile([42], 99)).toBe(42)
  })

  it('is undefined for no values', () => {
    expect(percentile([], 95)).toBeUndefined()
  })

  it('does not reorder its argument', () => {
    const input = [3, 1, 2]
    percentile(input, 50)
    expect(input).toEqual([3, 1, 2])
  })
})

describe('median', () => {
  it('is the middle value of an odd count', () => {
    expect(median([3, 1, 2])).toBe(2)
  })

  it('is the mean of the two middle values of an even count', () => {
    expect(median([4, 1, 3, 2])).toBe(2.5)
  })

  it('sorts numerically', () => {
    expect(median([100, 9, 20])).toBe(20)
  })

  it('is undefined for no values', () => {
    expect(median([])).toBeUndefined()
  })

  it('does not reorder its argument', () => {
    const input = [3, 1, 2]
    median(input)
    expect(input).toEqual([3, 1, 2])
  })
})

describe('round1', () => {
  it('rounds to one decimal place', () => {
    expect(round1(12.345)).toBe(12.3)
    expect(round1(12.36)).toBe(12.4)
    expect(round1(7)).toBe(7)
  })
})
