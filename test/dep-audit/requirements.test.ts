// Reading a project's requirements files and comparing their pins with what pip's index offers.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import { afterEach, describe, expect, it } from 'vitest'

import { parsePipIndexVersions, pythonUpdate } from '../../src/dep-audit/pip-outdated.js'
import { parseRequirement, readRequirements } from '../../src/dep-audit/requirements.js'

let dir: string | undefined
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true })
  dir = undefined
})

describe('readRequirements', () => {
  it('follows -r includes (once each), joins continued lines, keeps pins and names the unpinned', () => {
    dir = mkdtempSync(join(tmpdir(), 'requirements-'))
    writeFileSync(
      join(dir, 'requirements.txt'),
      [
        '# production',
        '-r base.txt',
        '--index-url https://example.invalid/simple',
        'Django==4.2.1  # LTS',
        'gunicorn[gevent] == 21.2.0 ; sys_platform != "win32"',
        'celery>=5,<6',
        '-e ./libs/shared',
        'mylib @ file:///opt/mylib',
        'https://example.invalid/pkg.tar.gz',
        '-r missing.txt',
      ].join('\n'),
    )
    writeFileSync(
      join(dir, 'base.txt'),
      'psycopg2-binary==2.9.9 \\\n    --hash=sha256:aa\n-r requirements.txt\n',
    )
    const result = readRequirements(join(dir, 'requirements.txt'))
    expect(result.pinned).toEqual([
      { name: 'psycopg2-binary', version: '2.9.9' },
      { name: 'django', version: '4.2.1' },
      { name: 'gunicorn', version: '21.2.0' },
    ])
    expect(result.unpinned).toEqual(['celery'])
    expect(result.unreadable).toEqual([join(dir, 'missing.txt')])
  })

  it.each([
    ['Flask_SQLAlchemy===3.1.1', { name: 'flask-sqlalchemy', version: '3.1.1' }],
    ['requests', { name: 'requests' }],
    ['numpy==1.*', { name: 'numpy' }],
    ['--hash=sha256:aa', undefined],
  ])('%s', (line, expected) => {
    expect(parseRequirement(line)).toEqual(expected)
  })
})

describe('pip index versions', () => {
  it("reads the newest version from pip's first line, for the name asked", () => {
    const stdout = 'fastapi (0.110.0)\nAvailable versions: 0.110.0, 0.65.2, 0.65.1\n'
    expect(parsePipIndexVersions(stdout, 'fastapi')).toBe('0.110.0')
    expect(parsePipIndexVersions(stdout, 'starlette')).toBeUndefined()
    expect(parsePipIndexVersions('', 'fastapi')).toBeUndefined()
  })

  it.each([
    ['0.65.1', '0.110.0', 'minor'],
    ['2.31', '2.32.3', 'minor'],
    ['2.31.0', '3.0', 'major'],
    ['1.0.0rc1', '1.0.0', 'patch'],
    ['2024.1', '2024.1.1', 'patch'],
    ['1.2.3', '1.2.3', 'none'],
    ['1.3', '1.2.9', 'none'],
  ])('%s → %s is %s', (from, to, update) => {
    expect(pythonUpdate(from, to)).toBe(update)
  })
})
