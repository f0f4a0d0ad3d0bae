import { describe, expect, it } from 'vitest'

import { parsePipAudit, titleOf } from '../../src/dep-audit/parse-pip-audit.js'
import { fixture } from './fixtures.js'

describe('parsePipAudit', () => {
  it('reads the real report: 181 dependencies, 11 vulnerabilities in 7 packages, no severity', () => {
    const result = parsePipAudit(fixture('pip-audit-vulns.json'), 'backend/requirements.txt')
    expect(result.incomplete).toBeUndefined()
    expect(result.audited).toBe(181)
    expect(result.skipped).toEqual([])
    expect(
      result.findings.map(
        (f) => `${f.package}@${f.version} ${f.id} ${f.aliases.join(',')} ${f.fixedVersions.join(',')}`,
      ),
    ).toEqual([
      'starlette@0.46.1 GHSA-2c2j-9gv5-cj73 CVE-2025-54121 0.47.2',
      'gradio@5.10.0 GHSA-5cpq-9538-jm2j CVE-2024-8966 ',
      'gradio@5.10.0 GHSA-j2jg-fq62-7c3h CVE-2025-23042 5.11.0',
      'gradio@5.10.0 GHSA-8jw3-6x8j-v96g CVE-2025-48889 5.31.0',
      'gradio@5.10.0 GHSA-wmjh-cpqj-4v6x CVE-2025-5320 ',
      'browser-use@0.1.37 GHSA-x39x-9qw5-ghrf CVE-2025-47241 0.1.45',
      'aiohttp@3.11.14 GHSA-9548-qrrj-x5pj CVE-2025-53643 3.12.14',
      'requests@2.32.3 GHSA-9hjg-9r4m-mvj7 CVE-2024-47081 2.32.4',
      'urllib3@2.3.0 GHSA-48p4-8xcf-vxj5 CVE-2025-50182 2.5.0',
      'urllib3@2.3.0 GHSA-pq67-6m6q-mj2v CVE-2025-50181 2.5.0',
      'h11@0.14.0 GHSA-vqfr-h8mv-ghfj CVE-2025-43859 0.16.0',
    ])
    expect(result.findings.every((f) => f.severity === 'unknown' && f.tool === 'pip-audit')).toBe(true)
    expect(result.findings.filter((f) => !f.fixAvailable).map((f) => f.id)).toEqual([
      'GHSA-5cpq-9538-jm2j',
      'GHSA-wmjh-cpqj-4v6x',
    ])
    expect(result.findings.find((f) => f.package === 'requests')).toEqual({
      tool: 'pip-audit',
      id: 'GHSA-9hjg-9r4m-mvj7',
      aliases: ['CVE-2024-47081'],
      package: 'requests',
      version: '2.32.3',
      severity: 'unknown',
      fixedVersions: ['2.32.4'],
      fixAvailable: true,
      title:
        'Due to a URL parsing issue, Requests releases prior to 2.32.4 may leak .netrc credentials to third parties for specific maliciously-crafted URLs.',
      url: 'https://github.com/advisories/GHSA-9hjg-9r4m-mvj7',
      project: 'backend/requirements.txt',
    })
  })

  it('makes one-line titles of Markdown descriptions whose newlines were lost', () => {
    const { findings } = parsePipAudit(fixture('pip-audit-vulns.json'), 'r.txt')
    const title = (id: string) => findings.find((f) => f.id === id)?.title
    expect(title('GHSA-2c2j-9gv5-cj73')).toBe(
      'When parsing a multi-part form with large files (greater than the default max spool size) starlette will block the main thread to roll the file over to disk.',
    )
    expect(title('GHSA-j2jg-fq62-7c3h')).toBe(
      "Gradio's Access Control List (ACL) for file paths can be bypassed by altering the letter case of a blocked file or directory path.",
    )
    expect(
      findings.every((f) => f.title.length <= 160 && !f.title.includes('\n') && !f.title.includes('#')),
    ).toBe(true)
  })

  it('reads unfixable vulnerabilities as having no fix', () => {
    const result = parsePipAudit(fixture('pip-audit-no-fix.json'), 'requirements.txt')
    expect(result.audited).toBe(53)
    expect(
      result.findings.map((f) => [f.package, f.version, f.id, f.aliases, f.fixAvailable, f.fixedVersions]),
    ).toEqual([
      ['basicsr', '1.4.2', 'GHSA-86w8-vhw6-q9qq', ['CVE-2024-27763'], false, []],
      ['future', '1.0.0', 'GHSA-xqrq-4mgf-ff32', ['CVE-2025-50817'], false, []],
    ])
  })

  it('reports skipped dependencies as incomplete, naming them and why', () => {
    // The shape of pypa/pip-audit pip_audit/_format/json.py for a SkippedDependency (synthetic values).
    const report = {
      dependencies: [
        { name: 'flask', version: '3.0.0', vulns: [] },
        {
          name: 'internal-lib',
          skip_reason: 'Dependency not found on PyPI and could not be audited: internal-lib (1.2.0)',
        },
        {
          name: 'torch',
          skip_reason: 'Dependency not found on PyPI and could not be audited: torch (2.1.0+cpu)',
        },
      ],
      fixes: [],
    }
    const result = parsePipAudit(JSON.stringify(report), 'backend/requirements.txt')
    expect(result.findings).toEqual([])
    expect(result.audited).toBe(1)
    expect(result.skipped).toEqual([
      {
        package: 'internal-lib',
        reason: 'Dependency not found on PyPI and could not be audited: internal-lib (1.2.0)',
      },
      {
        package: 'torch',
        reason: 'Dependency not found on PyPI and could not be audited: torch (2.1.0+cpu)',
      },
    ])
    expect(result.incomplete).toBe(
      'pip-audit skipped 2 dependencies: internal-lib (Dependency not found on PyPI and could not be audited: internal-lib (1.2.0)); torch (Dependency not found on PyPI and could not be audited: torch (2.1.0+cpu))',
    )
  })

  it('reads the bare array of old pip-audit without aliases, linking PYSEC ids to OSV', () => {
    const text = JSON.stringify([
      { name: 'pyyaml', version: '5.3', vulns: [{ id: 'PYSEC-2021-142', fix_versions: ['5.4'] }] },
    ])
    const result = parsePipAudit(text, 'requirements.txt')
    expect(result.findings).toEqual([
      {
        tool: 'pip-audit',
        id: 'PYSEC-2021-142',
        aliases: [],
        package: 'pyyaml',
        version: '5.3',
        severity: 'unknown',
        fixedVersions: ['5.4'],
        fixAvailable: true,
        title: 'PYSEC-2021-142',
        url: 'https://osv.dev/vulnerability/PYSEC-2021-142',
        project: 'requirements.txt',
      },
    ])
  })

  it.each([
    ['empty output', '', 'pip-audit printed nothing instead of a JSON report'],
    [
      'an error message',
      'ERROR:pip_audit._cli:Invalid requirement',
      'pip-audit printed text instead of a JSON report: ERROR:pip_audit._cli:Invalid requirement',
    ],
    ['JSON without dependencies', '{"fixes": []}', 'pip-audit printed JSON without a "dependencies" list'],
  ])('reads %s as incomplete', (_, text, reason) => {
    expect(parsePipAudit(text, 'r.txt')).toMatchObject({ findings: [], incomplete: reason })
  })
})

describe('titleOf', () => {
  it('skips headings and keeps the first sentence', () => {
    expect(titleOf('### Impact\n\nA bad thing. More words.')).toBe('A bad thing.')
    expect(titleOf('## Summary  See [the docs](https://x) for `foo`. Then')).toBe('See the docs for foo.')
    expect(titleOf('')).toBeUndefined()
    expect(titleOf('x'.repeat(300))).toHaveLength(160)
  })
})
