import { describe, expect, it } from 'vitest'

import {
  compareVersions,
  parseNpmOutdated,
  parseVersion,
  updateType,
} from '../../src/dep-audit/parse-npm-outdated.js'
import { fixture } from './fixtures.js'

describe('parseNpmOutdated', () => {
  it('reads the real report: 48 packages, 38 major, 9 minor, 1 patch', () => {
    const result = parseNpmOutdated(fixture('npm-outdated.json'), 'frontend')
    expect(result.incomplete).toBeUndefined()
    expect(result.rows).toHaveLength(48)
    const count = (update: string) => result.rows.filter((r) => r.update === update).length
    expect([count('major'), count('minor'), count('patch'), count('none'), count('unknown')]).toEqual([
      38, 9, 1, 0, 0,
    ])
    expect(result.rows.find((r) => r.update === 'patch')?.package).toBe('@hapi/inert')
    expect(result.rows.find((r) => r.package === 'lodash')).toEqual({
      package: 'lodash',
      current: '4.17.23',
      wanted: '4.18.1',
      latest: '4.18.1',
      dependent: 'trinket-oss',
      location: '/workspaces/trinket-oss/node_modules/lodash',
      update: 'minor',
      inRange: true,
      project: 'frontend',
    })
    expect(result.rows.find((r) => r.package === '@hapi/hapi')).toMatchObject({
      current: '20.3.0',
      wanted: '20.3.0',
      latest: '21.4.9',
      update: 'major',
      inRange: false,
    })
    // Five can be updated within their declared range (npm shows them red).
    expect(result.rows.filter((r) => r.inRange).map((r) => r.package)).toEqual([
      '@hapi/inert',
      'joi',
      'lodash',
      'mongoose',
      'sass',
    ])
  })

  it('reads a package outdated in several workspaces (an array) and one not installed', () => {
    // The shapes of npm/cli lib/commands/outdated.js #json: an array when several dependents, no `current`
    // when missing (synthetic values).
    const report = {
      react: [
        {
          current: '17.0.2',
          wanted: '17.0.2',
          latest: '18.3.1',
          dependent: 'web',
          location: 'node_modules/react',
        },
        {
          current: '18.2.0',
          wanted: '18.3.1',
          latest: '18.3.1',
          dependent: 'admin',
          location: 'node_modules/react',
        },
      ],
      'left-pad': { wanted: '1.3.0', latest: '1.3.0', dependent: 'web', location: 'node_modules/left-pad' },
    }
    const result = parseNpmOutdated(JSON.stringify(report), '.')
    expect(result.rows.map((r) => [r.package, r.current, r.dependent, r.update, r.inRange])).toEqual([
      ['react', '17.0.2', 'web', 'major', false],
      ['react', '18.2.0', 'admin', 'minor', true],
      ['left-pad', undefined, 'web', 'unknown', true],
    ])
    expect('current' in result.rows[2]).toBe(false)
  })

  it('keeps the dependency type of --long', () => {
    const text = JSON.stringify({
      a: { current: '1.0.0', wanted: '1.0.1', latest: '1.0.1', type: 'devDependencies' },
    })
    expect(parseNpmOutdated(text, '.').rows[0]).toMatchObject({ type: 'devDependencies', update: 'patch' })
  })

  it('reads nothing outdated ({}) as complete and empty', () => {
    expect(parseNpmOutdated('{}\n', '.')).toEqual({ rows: [] })
  })

  it.each([
    ['empty output', '', 'npm outdated printed nothing instead of a JSON report'],
    ['text', 'npm ERR! code E401', 'npm outdated printed text instead of a JSON report: npm ERR! code E401'],
    [
      'an error envelope',
      '{"error": {"code": "E401", "summary": "Unable to authenticate", "detail": ""}}',
      'npm outdated failed: E401: Unable to authenticate',
    ],
    ['an array', '[]', 'npm outdated printed JSON that is not a report: []'],
  ])('reads %s as incomplete', (_, text, reason) => {
    expect(parseNpmOutdated(text, '.')).toEqual({ rows: [], incomplete: reason })
  })
})

describe('semver', () => {
  it('reads x.y.z, ignoring a v, the prerelease and the build', () => {
    expect(parseVersion('1.2.3')).toEqual([1, 2, 3])
    expect(parseVersion('v10.20.30-beta.1+build.5')).toEqual([10, 20, 30])
    expect(parseVersion('1.2')).toBeUndefined()
    expect(parseVersion('git')).toBeUndefined()
  })

  it('compares numerically, not as text', () => {
    expect(compareVersions('1.10.0', '1.9.9')).toBeGreaterThan(0)
    expect(compareVersions('2.0.0-rc.1', '2.0.0')).toBe(0)
    expect(compareVersions('exotic', '1.0.0')).toBe(0)
  })

  it.each([
    ['1.2.3', '2.0.0', 'major'],
    ['1.2.3', '1.3.0', 'minor'],
    ['1.2.3', '1.2.4', 'patch'],
    ['1.2.3', '1.2.3', 'none'],
    ['1.2.3-beta', '1.2.3', 'none'],
    ['2.0.0', '1.9.0', 'none'],
    ['0.4.16', '0.5.18', 'minor'],
    ['1.2.3', 'latest', 'unknown'],
  ])('%s → %s is %s', (from, to, type) => {
    expect(updateType(from, to)).toBe(type)
  })
})
