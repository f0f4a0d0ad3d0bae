import { describe, expect, it } from 'vitest'

import { JsonPath, getAtPath, parseJsonPath } from '../../src/health-gate/json-path.js'

function parsed(text: string): JsonPath {
  const path = parseJsonPath(text)
  if (typeof path === 'string') throw new Error(`expected ${text} to parse, got: ${path}`)
  return path
}

describe('parseJsonPath', () => {
  it.each<[string, (string | number)[]]>([
    ['.', []],
    ['.status', ['status']],
    ['.data.health', ['data', 'health']],
    ['.checks[0].status', ['checks', 0, 'status']],
    ['.checks[12]', ['checks', 12]],
    ['.[-1]', [-1]],
    ['.items[-2].name', ['items', -2, 'name']],
    ['.["a key"]', ['a key']],
    ['."a key"', ['a key']],
    ['.a."b c".d', ['a', 'b c', 'd']],
    ['.a["b.c"]', ['a', 'b.c']],
    ['.["say \\"hi\\""]', ['say "hi"']],
    ['.a.[0]', ['a', 0]],
    ['.$meta._id', ['$meta', '_id']],
    ['.disk-space', ['disk-space']],
    ['.a[0][1]', ['a', 0, 1]],
  ])('parses %s', (text, segments) => {
    expect(parsed(text).segments).toEqual(segments)
  })

  it('keeps the trimmed text for messages', () => {
    expect(parsed('  .data.health  ').text).toBe('.data.health')
  })

  it.each([
    ['status', "a path starts with '.', as in .status or .data.health"],
    ['', "a path starts with '.', as in .status or .data.health"],
    ['$.status', "a path starts with '.', as in .status or .data.health"],
    ['.a..b', 'expected a field name at character 4'],
    ['.a.', 'expected a field name at character 4'],
    ['.1abc', 'expected a field name at character 2'],
    ['.a[', 'expected an index or a quoted key at character 4'],
    ['.a[x]', 'expected an index or a quoted key at character 4'],
    ['.a[0', "expected ']' at character 5"],
    ['.a["b"', "expected ']' at character 7"],
    ['."abc', 'unterminated quote at character 2'],
    ['.["abc]', 'unterminated quote at character 3'],
    ['.a b', "unexpected ' ' at character 3"],
    ['.a|length', "unexpected '|' at character 3"],
  ])('rejects %j: %s', (text, message) => {
    expect(parseJsonPath(text)).toBe(message)
  })
})

describe('getAtPath', () => {
  const body = {
    status: 'UP',
    data: { health: 'ok', 'a key': 'spaced', zero: 0, nothing: null, no: false },
    checks: [
      { name: 'db', status: 'pass' },
      { name: 'cache', status: 'warn' },
    ],
  }

  it.each<[string, unknown]>([
    ['.status', 'UP'],
    ['.data.health', 'ok'],
    ['.data["a key"]', 'spaced'],
    ['.checks[0].status', 'pass'],
    ['.checks[1].name', 'cache'],
    ['.checks[-1].name', 'cache'],
    ['.checks[-2].name', 'db'],
    ['.data.zero', 0],
    ['.data.nothing', null],
    ['.data.no', false],
  ])('reads %s', (path, value) => {
    expect(getAtPath(body, parsed(path))).toBe(value)
  })

  it('returns the whole value for "."', () => {
    expect(getAtPath(body, parsed('.'))).toBe(body)
  })

  it.each([
    '.missing',
    '.data.missing',
    '.data.health.deeper',
    '.checks[2]',
    '.checks[-3]',
    '.checks.name',
    '.status[0]',
    '.data[0]',
    '.data.nothing.x',
  ])('is undefined for the missing %s', (path) => {
    expect(getAtPath(body, parsed(path))).toBeUndefined()
  })

  it('reads an index of a top-level array', () => {
    expect(getAtPath(['a', 'b', 'c'], parsed('.[-1]'))).toBe('c')
    expect(getAtPath(['a', 'b', 'c'], parsed('.[0]'))).toBe('a')
  })

  it('is undefined for a path into a scalar or null', () => {
    expect(getAtPath('text', parsed('.status'))).toBeUndefined()
    expect(getAtPath(null, parsed('.status'))).toBeUndefined()
    expect(getAtPath(42, parsed('.[0]'))).toBeUndefined()
  })
})
