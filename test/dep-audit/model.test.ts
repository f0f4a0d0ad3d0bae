import { describe, expect, it } from 'vitest'

import {
  Finding,
  SEVERITIES,
  Severity,
  advisoryUrl,
  atLeast,
  canonicalId,
  compareSeverity,
  dedupe,
  fingerprint,
  fingerprints,
  toSeverity,
  worstSeverity,
} from '../../src/dep-audit/model.js'
import { parseBandit } from '../../src/dep-audit/parse-bandit.js'
import { parseNpmAudit } from '../../src/dep-audit/parse-npm-audit.js'
import { parsePipAudit } from '../../src/dep-audit/parse-pip-audit.js'
import { fixture } from './fixtures.js'

const dep = (parts: Partial<Finding> & Pick<Finding, 'tool' | 'id'>): Finding => ({
  aliases: [],
  package: 'pkg',
  severity: 'unknown',
  fixedVersions: [],
  fixAvailable: false,
  title: parts.id,
  project: '.',
  ...parts,
})

describe('severity', () => {
  it('orders unknown lowest so a known severity wins, and sorts worst first', () => {
    expect(SEVERITIES).toEqual(['unknown', 'low', 'moderate', 'high', 'critical'])
    const sorted = (['low', 'critical', 'unknown', 'high', 'moderate'] as Severity[]).sort((a, b) =>
      compareSeverity(b, a),
    )
    expect(sorted).toEqual(['critical', 'high', 'moderate', 'low', 'unknown'])
    expect(worstSeverity(['unknown', 'moderate', 'low'])).toBe('moderate')
    expect(worstSeverity([])).toBe('unknown')
  })

  it('gates unknown nowhere until the caller maps it', () => {
    expect(atLeast('high', 'high')).toBe(true)
    expect(atLeast('critical', 'high')).toBe(true)
    expect(atLeast('moderate', 'high')).toBe(false)
    expect(atLeast('unknown', 'low')).toBe(false)
  })

  it('reads the words of npm and bandit', () => {
    expect(
      ['info', 'low', 'moderate', 'MEDIUM', 'HIGH', 'critical', 'UNDEFINED', undefined].map(toSeverity),
    ).toEqual(['low', 'low', 'moderate', 'moderate', 'high', 'critical', 'unknown', 'unknown'])
  })

  it('links ids to their advisory pages', () => {
    expect(advisoryUrl('GHSA-9hjg-9r4m-mvj7')).toBe('https://github.com/advisories/GHSA-9hjg-9r4m-mvj7')
    expect(advisoryUrl('PYSEC-2021-142')).toBe('https://osv.dev/vulnerability/PYSEC-2021-142')
    expect(advisoryUrl('CVE-2024-47081')).toBe('https://osv.dev/vulnerability/CVE-2024-47081')
    expect(advisoryUrl('B602')).toBeUndefined()
  })
})

describe('dedupe', () => {
  it('merges the same advisory of the same package and version across projects and npm report versions', () => {
    // npm 6 and npm 7+ reports of the same lockfile in two projects: v1 says the version, v2 does not.
    const v1 = parseNpmAudit(fixture('npm-audit-v1-npm6.json'), 'web').findings
    const v1Again = parseNpmAudit(fixture('npm-audit-v1-npm6.json'), 'admin').findings
    const v2 = parseNpmAudit(fixture('npm-audit-v2-via-chain.json'), 'web').findings
    const v2Again = parseNpmAudit(fixture('npm-audit-v2-via-chain.json'), 'admin').findings
    const merged = dedupe([...v1, ...v1Again, ...v2, ...v2Again])
    // 5 advisories with a version (npm 6) and 5 without (npm 7+): a missing version only matches a missing one.
    expect(merged).toHaveLength(10)
    const first = merged[0]
    expect(first).toMatchObject({
      id: 'GHSA-pw2r-vq6v-hr8c',
      version: '1.0.0',
      project: 'web',
      projects: ['web', 'admin'],
    })
    expect(first.aliases).toEqual(['CVE-2022-0536'])
    expect(merged.filter((f) => f.version === undefined).every((f) => f.projects?.length === 2)).toBe(true)
  })

  it('merges pip-audit findings whose ids and aliases overlap, transitively, keeping the worst severity', () => {
    const findings = [
      dep({
        tool: 'pip-audit',
        id: 'PYSEC-2024-60',
        aliases: ['CVE-2024-35195'],
        package: 'requests',
        version: '2.31.0',
        project: 'backend/requirements.txt',
        fixedVersions: ['2.32.0'],
      }),
      dep({
        tool: 'pip-audit',
        id: 'GHSA-9wx4-h78v-vm56',
        aliases: ['CVE-2024-35195'],
        package: 'Requests',
        version: '2.31.0',
        project: 'worker/requirements.txt',
        fixedVersions: ['2.32.2'],
        fixAvailable: true,
      }),
      dep({
        tool: 'pip-audit',
        id: 'OSV-1',
        aliases: ['GHSA-9wx4-h78v-vm56'],
        package: 'requests',
        version: '2.31.0',
        severity: 'moderate',
      }),
      // Same advisory, other version: another finding.
      dep({ tool: 'pip-audit', id: 'PYSEC-2024-60', package: 'requests', version: '2.30.0' }),
    ]
    const merged = dedupe(findings)
    expect(merged).toHaveLength(2)
    expect(merged[0]).toEqual({
      ...findings[0],
      aliases: ['CVE-2024-35195', 'GHSA-9wx4-h78v-vm56', 'OSV-1'],
      severity: 'moderate',
      fixedVersions: ['2.32.0', '2.32.2'],
      fixAvailable: true,
      url: undefined,
      fix: undefined,
      projects: ['backend/requirements.txt', 'worker/requirements.txt', '.'],
    })
    expect(merged[1].version).toBe('2.30.0')
  })

  it('does not merge across ecosystems: the same name on npm and PyPI is another package', () => {
    const findings = [
      dep({ tool: 'npm-audit', id: 'CVE-2020-1', package: 'debug', version: '1.0.0' }),
      dep({ tool: 'pip-audit', id: 'CVE-2020-1', package: 'debug', version: '1.0.0' }),
      dep({ tool: 'bandit', id: 'CVE-2020-1', package: undefined, file: 'debug', line: 1 }),
    ]
    expect(dedupe(findings)).toHaveLength(3)
  })

  it('merges a bandit finding reported twice by overlapping bandit paths, not two lines of one file', () => {
    const text = fixture('bandit.json')
    const a = parseBandit(text, { project: 'test/fixtures/python-app' }).findings
    const b = parseBandit(text, { project: 'test/fixtures/python-app/app' }).findings
    const merged = dedupe([...a, ...b])
    expect(merged).toHaveLength(4)
    expect(merged.every((f) => f.projects?.length === 2)).toBe(true)
    const twoLines = [
      dep({ tool: 'bandit', id: 'B602', package: undefined, file: 'x.py', line: 3 }),
      dep({ tool: 'bandit', id: 'B602', package: undefined, file: 'x.py', line: 9 }),
    ]
    expect(dedupe(twoLines)).toHaveLength(2)
  })

  it('keeps the order of first appearance and is a no-op on the real reports', () => {
    const npm = parseNpmAudit(fixture('npm-audit-v2-large.json'), '.').findings
    const pip = parsePipAudit(fixture('pip-audit-vulns.json'), 'r.txt').findings
    expect(dedupe([...npm, ...pip])).toEqual([...npm, ...pip])
  })
})

describe('fingerprint', () => {
  const bandit = () => parseBandit(fixture('bandit.json'), { project: 'app' }).findings

  it('does not change when a bandit finding moves to another line', () => {
    const shell = bandit().find((f) => f.id === 'B602')!
    const moved = { ...shell, line: 40, code: `    ${shell.code}  ` }
    expect(fingerprint(moved)).toBe(fingerprint(shell))
    expect(fingerprint(shell)).toMatch(
      /^bandit:test\/fixtures\/python-app\/app\/tasks\.py:B602:[0-9a-f]{16}$/,
    )
  })

  it('changes when the flagged code, the file or the test changes', () => {
    const shell = bandit().find((f) => f.id === 'B602')!
    const keys = new Set([
      fingerprint(shell),
      fingerprint({ ...shell, code: 'subprocess.run(cmd, shell=True)' }),
      fingerprint({ ...shell, file: 'other.py' }),
      fingerprint({ ...shell, id: 'B603' }),
    ])
    expect(keys.size).toBe(4)
  })

  it('uses the issue text when bandit gave no code', () => {
    const a = dep({
      tool: 'bandit',
      id: 'B105',
      package: undefined,
      file: 'a.py',
      line: 1,
      title: 'Possible  hardcoded password',
    })
    expect(fingerprint({ ...a, line: 7, title: 'Possible hardcoded password' })).toBe(fingerprint(a))
  })

  it('tells identical findings in one file apart by their order, whatever the lines', () => {
    const shell = bandit().find((f) => f.id === 'B602')!
    const before = fingerprints([
      { ...shell, line: 6 },
      { ...shell, line: 20 },
    ])
    const after = fingerprints([
      { ...shell, line: 31 },
      { ...shell, line: 12 },
    ])
    expect(before).toEqual([fingerprint(shell), `${fingerprint(shell)}#2`])
    expect(after).toEqual([`${fingerprint(shell)}#2`, fingerprint(shell)])
  })

  it('keys a dependency finding on project, package and GHSA id, not on the version or path', () => {
    const [finding] = parsePipAudit(fixture('pip-audit-vulns.json'), 'backend/requirements.txt').findings
    expect(fingerprint(finding)).toBe('pypi:backend/requirements.txt:starlette:GHSA-2C2J-9GV5-CJ73')
    expect(fingerprint({ ...finding, version: '0.47.0' })).toBe(fingerprint(finding))
    // pip-audit's OSV service names the PYSEC record with the GHSA as an alias: the same key.
    expect(
      fingerprint({ ...finding, id: 'PYSEC-2025-1', aliases: ['GHSA-2c2j-9gv5-cj73', 'CVE-2025-54121'] }),
    ).toBe(fingerprint(finding))
    const npm = parseNpmAudit(fixture('npm-audit-v2-via-chain.json'), 'frontend').findings[0]
    expect(fingerprint({ ...npm, path: 'x>axios' })).toBe('npm:frontend:axios:GHSA-CPH5-M8F7-6C5X')
  })

  it('falls back to the CVE, then to the id', () => {
    expect(canonicalId(dep({ tool: 'pip-audit', id: 'PYSEC-1', aliases: ['CVE-2', 'CVE-1'] }))).toBe('CVE-1')
    expect(canonicalId(dep({ tool: 'pip-audit', id: 'pysec-1' }))).toBe('PYSEC-1')
  })
})
