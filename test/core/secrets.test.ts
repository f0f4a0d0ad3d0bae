import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'

import {
  MASK,
  addSecret,
  clearSecretsForTests,
  maskUrl,
  redact,
  redactDeep,
  setMaskSink,
} from '../../src/core/secrets.js'

let written: string[]
let masked: string[]

beforeEach(() => {
  clearSecretsForTests()
  written = []
  masked = []
  // What the runner installs (core.setSecret) stands for any sink: here, one that records.
  setMaskSink((secret) => masked.push(secret))
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    written.push(String(chunk))
    return true
  })
})

afterEach(() => {
  setMaskSink(undefined)
  vi.restoreAllMocks()
})

/** The secrets announced to the mask sink, as `::add-mask::` commands would carry them. */
const maskCommands = () => masked.map((secret) => `::add-mask::${secret}`)

describe('the mask sink', () => {
  it('without one (a terminal), registering a secret prints nothing, yet it is still redacted', () => {
    setMaskSink(undefined)
    addSecret('hunter2pw')
    expect(written.join('')).toBe('')
    expect(masked).toEqual([])
    expect(redact('password hunter2pw')).toBe('password ***')
  })

  it('a sink set later is told every secret registered before it', () => {
    setMaskSink(undefined)
    addSecret('early-secret')
    const late: string[] = []
    setMaskSink((secret) => late.push(secret))
    expect(late).toEqual(['early-secret'])
  })
})

describe('addSecret and redact', () => {
  it('replaces every occurrence of a registered secret', () => {
    addSecret('s3cr3t-value')
    expect(redact('token s3cr3t-value here, and s3cr3t-value again')).toBe('token *** here, and *** again')
  })

  it('asks the runner to mask the secret in its log', () => {
    addSecret('s3cr3t-value')
    expect(maskCommands()).toContain('::add-mask::s3cr3t-value')
  })

  it('registers each secret once', () => {
    addSecret('s3cr3t-value')
    addSecret('s3cr3t-value')
    expect(maskCommands().filter((c) => c === '::add-mask::s3cr3t-value')).toHaveLength(1)
  })

  it('also redacts the URL-encoded form of a secret', () => {
    addSecret('p@ss word!')
    expect(redact('postgres://u:p%40ss%20word!@db/x')).toBe('postgres://u:***@db/x')
    expect(redact('p@ss word!')).toBe(MASK)
    expect(maskCommands()).toEqual(
      expect.arrayContaining(['::add-mask::p@ss word!', '::add-mask::p%40ss%20word!']),
    )
  })

  it('also redacts the decoded form of a secret given URL-encoded', () => {
    addSecret('p%40ssw0rd')
    expect(redact('password is p@ssw0rd')).toBe('password is ***')
    expect(redact('password is p%40ssw0rd')).toBe('password is ***')
  })

  it('copes with a secret that is not valid percent-encoding', () => {
    addSecret('100%pure')
    expect(redact('it is 100%pure')).toBe('it is ***')
  })

  it('does not register values shorter than 3 characters', () => {
    addSecret('ab')
    addSecret('')
    addSecret(undefined)
    expect(redact('a cab sat on ab')).toBe('a cab sat on ab')
    expect(maskCommands()).toEqual([])
  })

  it('redacts the longest secret first so overlapping secrets go whole', () => {
    addSecret('abc')
    addSecret('abcdef')
    expect(redact('xabcdefy abc')).toBe('x***y ***')
  })

  it('leaves text alone when nothing is registered', () => {
    expect(redact('nothing secret here')).toBe('nothing secret here')
    expect(redact('')).toBe('')
  })

  it('forgets secrets after clearSecretsForTests', () => {
    addSecret('s3cr3t-value')
    clearSecretsForTests()
    expect(redact('s3cr3t-value')).toBe('s3cr3t-value')
  })
})

describe('redactDeep', () => {
  it('redacts every string in nested objects and arrays, leaving other values', () => {
    addSecret('hunter22')
    const value = {
      title: 'login with hunter22',
      count: 3,
      ok: true,
      nothing: null,
      checks: [{ detail: 'hunter22 rejected', tags: ['a', 'hunter22'] }],
    }
    expect(redactDeep(value)).toEqual({
      title: 'login with ***',
      count: 3,
      ok: true,
      nothing: null,
      checks: [{ detail: '*** rejected', tags: ['a', '***'] }],
    })
  })

  it('does not change its argument', () => {
    addSecret('hunter22')
    const value = { detail: 'hunter22', list: ['hunter22'] }
    redactDeep(value)
    expect(value).toEqual({ detail: 'hunter22', list: ['hunter22'] })
  })

  it('redacts a plain string', () => {
    addSecret('hunter22')
    expect(redactDeep('x hunter22')).toBe('x ***')
  })
})

describe('maskUrl', () => {
  it('masks the password and registers it as a secret', () => {
    const shown = maskUrl('https://admin:pa55word@example.test/health')
    expect(shown).toBe('https://admin:***@example.test/health')
    expect(redact('could not connect with pa55word')).toBe('could not connect with ***')
    expect(maskCommands()).toContain('::add-mask::pa55word')
  })

  it('masks credential-looking query values and keeps the others', () => {
    const shown = maskUrl(
      'https://example.test/health?token=abc123xyz&verbose=1&api_key=k3y-k3y&sig=s1gnature',
    )
    expect(shown).toBe('https://example.test/health?token=***&verbose=1&api_key=***&sig=***')
    expect(redact('abc123xyz k3y-k3y s1gnature')).toBe('*** *** ***')
  })

  it('matches query names case-insensitively', () => {
    expect(maskUrl('https://example.test/?Access_Token=abcdef1')).toBe(
      'https://example.test/?Access_Token=***',
    )
  })

  it('registers every value of a repeated credential parameter', () => {
    maskUrl('https://example.test/?token=first-token&token=second-token')
    expect(redact('first-token second-token')).toBe('*** ***')
  })

  it('registers a URL-encoded password in both forms', () => {
    expect(maskUrl('https://admin:p%40ss%3Aword@example.test/')).toBe('https://admin:***@example.test/')
    expect(redact('p@ss:word')).toBe(MASK)
    expect(redact('p%40ss%3Aword')).toBe(MASK)
  })

  it('leaves a URL without credentials as it is', () => {
    expect(maskUrl('http://localhost:8007/health?verbose=1')).toBe('http://localhost:8007/health?verbose=1')
    expect(maskUrl('https://user@example.test/')).toBe('https://user@example.test/')
    expect(maskCommands()).toEqual([])
  })

  it('returns text that is not a URL unchanged', () => {
    expect(maskUrl('not a url')).toBe('not a url')
    expect(maskUrl('')).toBe('')
  })

  it('does not register an empty credential value', () => {
    expect(maskUrl('https://example.test/?token=&x=1')).toBe('https://example.test/?token=&x=1')
    expect(maskCommands()).toEqual([])
  })
})
