import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'

import { createReport } from '../../src/core/report.js'
import { addSecret, clearSecretsForTests } from '../../src/core/secrets.js'
import { publishReport } from '../../src/runner/publish.js'

let dir: string

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'publish-'))
  writeFileSync(join(dir, 'output'), '')
  vi.stubEnv('GITHUB_OUTPUT', join(dir, 'output'))
  // No step summary file (@actions/core keeps the first one it saw): the summary goes to the log.
  vi.stubEnv('GITHUB_STEP_SUMMARY', undefined)
  clearSecretsForTests()
  vi.spyOn(process.stdout, 'write').mockImplementation(() => true)
})

afterEach(() => {
  vi.restoreAllMocks()
  vi.unstubAllEnvs()
  clearSecretsForTests()
  rmSync(dir, { recursive: true, force: true })
})

const report = () =>
  createReport({
    action: 'dep-audit',
    title: 'dep-audit: 2 findings',
    checks: [
      { id: 'vulnerabilities', title: 'Vulnerable dependencies', status: 'warn', detail: '2 below none' },
    ],
    data: {
      findings: [
        { id: 'GHSA-aaaa-bbbb-cccc', title: 'Prototype pollution’s fix', paths: ['a>b', 'c>b'] },
        { id: 'GHSA-dddd-eeee-ffff', title: 'token s3cr3t-value leaked', paths: [] },
      ],
    },
    startedAt: '2026-12-02T08:00:00.000Z',
    finishedAt: '2026-12-02T08:00:01.000Z',
  })

describe('publishReport', () => {
  it('writes the report JSON indented, ending in one newline', async () => {
    const path = await publishReport(report(), {}, join(dir, 'report.json'))
    const text = readFileSync(path, 'utf8')
    expect(text).toBe(JSON.stringify(report(), null, 2) + '\n')
  })

  it('writes it on one line with compactReport: the same content once parsed, redacted alike', async () => {
    addSecret('s3cr3t-value')
    const indented = JSON.parse(readFileSync(await publishReport(report(), {}, join(dir, 'a.json')), 'utf8'))
    const text = readFileSync(
      await publishReport(report(), {}, join(dir, 'b.json'), { compactReport: true }),
      'utf8',
    )
    expect(text.endsWith('}\n')).toBe(true)
    expect(text.trimEnd()).not.toContain('\n')
    expect(JSON.parse(text)).toEqual(indented)
    expect(text).toContain('token *** leaked')
    expect(text).not.toContain('s3cr3t-value')
  })
})
