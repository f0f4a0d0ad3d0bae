// The CLI's flags: the actions' inputs, parsed strictly.
import { readFileSync } from 'node:fs'

import { describe, expect, it } from 'vitest'

import { actionInputsJson } from '../../scripts/action-inputs.mjs'
import { parseFlags } from '../../src/cli/flags.js'

describe('parseFlags', () => {
  const inputs = {
    url: { description: 'the URL' },
    samples: { description: 'how many', default: '20' },
    'dry-run': { description: 'plan only', default: 'false' },
    mode: { description: 'report or maintain', default: 'report' },
  }

  it('reads --name=value and --name value, joining repeated flags as a list', () => {
    expect(parseFlags(['--url=http://a', '--samples', '3', '--url', 'http://b'], inputs)).toEqual({
      url: 'http://a\nhttp://b',
      samples: '3',
    })
  })

  it('rejects a stray argument with the fix', () => {
    expect(() => parseFlags(['http://a'], inputs)).toThrow(
      "unexpected argument 'http://a': use --input-name=value",
    )
  })

  it('rejects an unknown flag, naming the closest declared one', () => {
    expect(() => parseFlags(['--dryrun=true', '--mode=maintain'], inputs)).toThrow(
      'unknown flag --dryrun: did you mean --dry-run?',
    )
    expect(() => parseFlags(['--colour=red'], inputs)).toThrow(/^unknown flag --colour$/)
  })

  it('takes a bare boolean as true, at the end or before another flag', () => {
    expect(parseFlags(['--mode=maintain', '--dry-run'], inputs)).toEqual({
      mode: 'maintain',
      'dry-run': 'true',
    })
    expect(parseFlags(['--dry-run', '--mode=maintain'], inputs)).toEqual({
      'dry-run': 'true',
      mode: 'maintain',
    })
    expect(parseFlags(['--dry-run', 'false'], inputs)).toEqual({ 'dry-run': 'false' })
    expect(parseFlags(['--dry-run=false', '--mode', 'report'], inputs)).toEqual({
      'dry-run': 'false',
      mode: 'report',
    })
  })

  it('refuses a flag that needs a value and has none', () => {
    expect(() => parseFlags(['--url', '--samples=2'], inputs)).toThrow(
      'flag --url needs a value: --url=<value>',
    )
    expect(() => parseFlags(['--samples=2', '--url'], inputs)).toThrow(
      'flag --url needs a value: --url=<value>',
    )
    expect(() => parseFlags(['--url=http://a', '--', 'http://b'], inputs)).toThrow(
      "unexpected argument 'http://b'",
    )
  })
})

describe("the CLI flags are the actions' inputs", () => {
  it('src/cli/action-inputs.json is what every actions/<name>/action.yml declares (npm run bundle writes it)', () => {
    expect(readFileSync(new URL('../../src/cli/action-inputs.json', import.meta.url), 'utf8')).toBe(
      actionInputsJson(),
    )
  })
})
