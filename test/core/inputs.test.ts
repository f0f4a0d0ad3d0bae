import { describe, expect, it } from 'vitest'

import { InputReader, objectInputGetter, splitList } from '../../src/core/inputs.js'
import { configError } from '../support/assertions.js'

function reader(values: Record<string, string | undefined>): InputReader {
  return new InputReader(objectInputGetter(values))
}

describe('objectInputGetter', () => {
  it('returns trimmed values and an empty string for unset names', () => {
    const get = objectInputGetter({ a: '  x  ', b: undefined })
    expect(get('a')).toBe('x')
    expect(get('b')).toBe('')
    expect(get('missing')).toBe('')
  })
})

describe('InputReader.required and optional', () => {
  it('returns a set value', () => {
    expect(reader({ url: 'http://x' }).required('url')).toBe('http://x')
    expect(reader({ url: 'http://x' }).optional('url')).toBe('http://x')
  })

  it('treats an empty or blank value as not set', () => {
    expect(reader({ url: '' }).optional('url')).toBeUndefined()
    expect(reader({ url: '   ' }).optional('url')).toBeUndefined()
    expect(reader({}).optional('url')).toBeUndefined()
  })

  it('rejects a missing required input, naming it', () => {
    const message = configError(() => reader({ url: ' ' }).required('url'))
    expect(message).toBe("input 'url' is required but was not set")
  })

  it('string falls back only when the input is empty', () => {
    expect(reader({}).string('method', 'GET')).toBe('GET')
    expect(reader({ method: 'POST' }).string('method', 'GET')).toBe('POST')
  })
})

describe('InputReader.list', () => {
  it('splits on commas and new lines, trims and drops empty items', () => {
    const input = reader({ checks: 'db, cache\nqueue,\n\n  storage  ,,' })
    expect(input.list('checks')).toEqual(['db', 'cache', 'queue', 'storage'])
  })

  it('handles Windows line endings', () => {
    expect(reader({ checks: 'db\r\ncache' }).list('checks')).toEqual(['db', 'cache'])
  })

  it('returns the fallback when unset', () => {
    expect(reader({}).list('checks')).toEqual([])
    expect(reader({}).list('checks', ['a'])).toEqual(['a'])
  })

  it('splitList is the same split', () => {
    expect(splitList(' a ,b\n\nc, ')).toEqual(['a', 'b', 'c'])
  })
})

describe('InputReader.lines', () => {
  it('keeps commas inside a line and drops blank lines', () => {
    const input = reader({ headers: 'Accept: text/html, application/json\n\n  X-Id: 1  \r\nY: 2' })
    expect(input.lines('headers')).toEqual(['Accept: text/html, application/json', 'X-Id: 1', 'Y: 2'])
  })

  it('returns no lines when unset', () => {
    expect(reader({}).lines('headers')).toEqual([])
  })
})

describe('InputReader.boolean', () => {
  it.each([
    ['true', true],
    ['TRUE', true],
    ['True', true],
    ['false', false],
    ['FALSE', false],
  ])('reads %s as %s', (text, value) => {
    expect(reader({ insecure: text }).boolean('insecure', !value)).toBe(value)
  })

  it('returns the fallback when unset', () => {
    expect(reader({}).boolean('insecure', true)).toBe(true)
    expect(reader({}).boolean('insecure', false)).toBe(false)
  })

  it.each(['yes', '1', 'on', 'truee'])('rejects %j, naming the input and the allowed values', (text) => {
    const message = configError(() => reader({ insecure: text }).boolean('insecure', false))
    expect(message).toBe(`input 'insecure' is '${text}': use true or false`)
  })
})

describe('InputReader.enum', () => {
  const METHODS = ['GET', 'HEAD', 'POST'] as const

  it('matches case-insensitively and returns the canonical spelling', () => {
    expect(reader({ method: 'post' }).enum('method', METHODS, 'GET')).toBe('POST')
    expect(reader({ method: 'Head' }).enum('method', METHODS, 'GET')).toBe('HEAD')
  })

  it('returns the fallback when unset', () => {
    expect(reader({}).enum('method', METHODS, 'GET')).toBe('GET')
  })

  it('rejects other values and lists the allowed ones', () => {
    const message = configError(() => reader({ method: 'FETCH' }).enum('method', METHODS, 'GET'))
    expect(message).toBe("input 'method' is 'FETCH': use one of GET, HEAD, POST")
  })
})

describe('InputReader.integer', () => {
  it('reads whole numbers, negative ones too', () => {
    expect(reader({ n: '42' }).integer('n', 0)).toBe(42)
    expect(reader({ n: '-3' }).integer('n', 0)).toBe(-3)
    expect(reader({}).integer('n', 7)).toBe(7)
  })

  it('accepts the bounds themselves', () => {
    expect(reader({ samples: '1' }).integer('samples', 5, { min: 1, max: 10_000 })).toBe(1)
    expect(reader({ samples: '10000' }).integer('samples', 5, { min: 1, max: 10_000 })).toBe(10_000)
  })

  it('rejects a value below the minimum', () => {
    const message = configError(() => reader({ samples: '0' }).integer('samples', 5, { min: 1, max: 10_000 }))
    expect(message).toMatch(/input 'samples' is '0'/)
    expect(message).toMatch(/from 1 to 10000/)
  })

  it('rejects a value above the maximum', () => {
    const message = configError(() =>
      reader({ samples: '10001' }).integer('samples', 5, { min: 1, max: 10_000 }),
    )
    expect(message).toBe("input 'samples' is '10001': use a value from 1 to 10000")
  })

  it('describes one-sided bounds', () => {
    expect(configError(() => reader({ n: '-1' }).integer('n', 0, { min: 0 }))).toMatch(/of at least 0/)
    expect(configError(() => reader({ n: '11' }).integer('n', 0, { max: 10 }))).toMatch(/of at most 10/)
  })

  it.each(['1.5', 'ten', '1e3', '0x10', '+5'])('rejects the non-integer %j', (text) => {
    const message = configError(() => reader({ retries: text }).integer('retries', 3, { min: 0, max: 100 }))
    expect(message).toBe(`input 'retries' is '${text}': use a whole number from 0 to 100`)
  })
})

describe('InputReader.number', () => {
  it('reads decimals and checks bounds', () => {
    expect(reader({ x: '2.5' }).number('x', 0)).toBe(2.5)
    expect(reader({}).number('x', 1)).toBe(1)
    expect(configError(() => reader({ x: '11' }).number('x', 0, { max: 10 }))).toBe(
      "input 'x' is '11': use a value of at most 10",
    )
    expect(configError(() => reader({ x: 'abc' }).number('x', 0))).toBe("input 'x' is 'abc': use a number")
  })
})

describe('InputReader.duration', () => {
  it('reads durations in milliseconds', () => {
    expect(reader({ timeout: '5s' }).duration('timeout', 10_000)).toBe(5_000)
    expect(reader({ timeout: '1h30m' }).duration('timeout', 10_000)).toBe(5_400_000)
    expect(reader({}).duration('timeout', 10_000)).toBe(10_000)
  })

  it('rejects text that is not a duration', () => {
    const message = configError(() => reader({ timeout: '10 seconds' }).duration('timeout', 10_000))
    expect(message).toBe("input 'timeout' is '10 seconds': use a duration such as 500ms, 5s, 2m, 1h or 7d")
  })

  it('rejects durations outside the bounds, showing the bounds as durations', () => {
    const message = configError(() =>
      reader({ timeout: '20m' }).duration('timeout', 10_000, { min: 1, max: 600_000 }),
    )
    expect(message).toBe("input 'timeout' is '20m': use a value from 1ms to 10m")
  })

  it('optionalDuration is undefined when unset', () => {
    expect(reader({}).optionalDuration('max-p95')).toBeUndefined()
    expect(reader({ 'max-p95': '250ms' }).optionalDuration('max-p95')).toBe(250)
  })
})

describe('InputReader.size', () => {
  it('reads sizes in bytes', () => {
    expect(reader({ max: '10MB' }).size('max', 0)).toBe(10 * 1024 * 1024)
    expect(reader({}).size('max', 123)).toBe(123)
  })

  it('rejects text that is not a size', () => {
    const message = configError(() => reader({ max: 'huge' }).size('max', 0))
    expect(message).toBe("input 'max' is 'huge': use a size such as 512B, 1KB, 10MB or 1GB")
  })

  it('rejects sizes outside the bounds', () => {
    const message = configError(() => reader({ max: '2KB' }).size('max', 0, { max: 1024 }))
    expect(message).toBe("input 'max' is '2KB': use a value of at most 1024 bytes")
  })
})

describe('InputReader.fraction', () => {
  it.each([
    ['0.05', 0.05],
    ['5%', 0.05],
    ['0', 0],
    ['1', 1],
    ['100%', 1],
    ['0%', 0],
  ])('reads %j as %d', (text, share) => {
    expect(reader({ rate: text }).fraction('rate', 0.5)).toBeCloseTo(share, 10)
  })

  it('returns the fallback when unset', () => {
    expect(reader({}).fraction('rate', 0.25)).toBe(0.25)
  })

  it.each(['1.5', '150%', '-0.1', '-5%', 'abc', '%', 'five%'])('rejects %j', (text) => {
    const message = configError(() => reader({ rate: text }).fraction('rate', 0))
    expect(message).toBe(`input 'rate' is '${text}': use a share from 0 to 1 (0.05) or a percentage (5%)`)
  })
})
