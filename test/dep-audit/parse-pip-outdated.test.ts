import { describe, expect, it } from 'vitest'

import { parsePipOutdated } from '../../src/dep-audit/parse-pip-outdated.js'
import { fixture } from './fixtures.js'

describe('parsePipOutdated', () => {
  it('reads the real pip list --outdated JSON with the update type', () => {
    const { rows, incomplete } = parsePipOutdated(fixture('pip-outdated.json'), '', 'python environment')
    expect(incomplete).toBeUndefined()
    const expected = JSON.parse(fixture('pip-outdated.json')) as {
      name: string
      version: string
      latest_version: string
    }[]
    expect(rows.map((r) => [r.package, r.current, r.latest])).toEqual(
      expected.map((e) => [e.name, e.version, e.latest_version]),
    )
    expect(rows.every((r) => r.project === 'python environment')).toBe(true)
    expect(rows.find((r) => r.package === 'annotated-types')?.update).toBe('minor')
  })

  it('calls an index pip could not reach incomplete, not "nothing outdated"', () => {
    const stderr =
      "WARNING: Retrying (Retry(total=0, connect=None, read=None, redirect=None, status=None)) after connection broken by 'NewConnectionError'"
    expect(parsePipOutdated('[]', stderr, 'env')).toEqual({
      rows: [],
      incomplete: expect.stringMatching(/^pip could not reach its index: WARNING: Retrying/),
    })
  })

  it('calls text or a non-list incomplete', () => {
    expect(parsePipOutdated('', '', 'env').incomplete).toMatch(/printed nothing/)
    expect(parsePipOutdated('{"a": 1}', '', 'env').incomplete).toMatch(/not a list/)
  })
})
