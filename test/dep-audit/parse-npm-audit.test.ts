import { describe, expect, it } from 'vitest'

import { Finding } from '../../src/dep-audit/model.js'
import { MAX_PATHS, ghsaFromUrl, parseNpmAudit } from '../../src/dep-audit/parse-npm-audit.js'
import { fixture } from './fixtures.js'

const byId = (findings: Finding[], id: string, pkg?: string) => {
  const found = findings.filter((f) => f.id === id && (pkg === undefined || f.package === pkg))
  expect(found).toHaveLength(1)
  return found[0]
}

const countBy = (findings: Finding[], key: (f: Finding) => string) =>
  findings.reduce<Record<string, number>>((acc, f) => ({ ...acc, [key(f)]: (acc[key(f)] ?? 0) + 1 }), {})

describe('parseNpmAudit, npm 7+', () => {
  it('resolves the via chain github-build → axios → follow-redirects to five advisories', () => {
    const result = parseNpmAudit(fixture('npm-audit-v2-via-chain.json'), 'frontend')
    expect(result.incomplete).toBeUndefined()
    expect(result.reportVersion).toBe(2)
    expect(result.findings.map((f) => `${f.package} ${f.id} ${f.severity}`)).toEqual([
      'axios GHSA-cph5-m8f7-6c5x high',
      'axios GHSA-4w2v-q235-vp99 high',
      'axios GHSA-42xw-2xvc-qx8m high',
      'follow-redirects GHSA-pw2r-vq6v-hr8c moderate',
      'follow-redirects GHSA-74fj-2j2h-c42q high',
    ])
    // github-build is only vulnerable through axios: it is on the paths, it has no advisory of its own.
    expect(result.findings.some((f) => f.package === 'github-build')).toBe(false)

    const moderate = byId(result.findings, 'GHSA-pw2r-vq6v-hr8c')
    expect(moderate).toEqual({
      tool: 'npm-audit',
      id: 'GHSA-pw2r-vq6v-hr8c',
      aliases: [],
      package: 'follow-redirects',
      severity: 'moderate',
      fixedVersions: [],
      fixAvailable: true,
      fix: 'install axios@0.26.0, a major update (npm audit fix --force)',
      title: 'Exposure of Sensitive Information to an Unauthorized Actor in follow-redirects',
      url: 'https://github.com/advisories/GHSA-pw2r-vq6v-hr8c',
      path: 'axios>follow-redirects',
      paths: ['axios>follow-redirects', 'github-build>axios>follow-redirects'],
      project: 'frontend',
    })
    // The fix is axios itself: its version is a fixed version of axios.
    const axios = byId(result.findings, 'GHSA-cph5-m8f7-6c5x')
    expect(axios.fixedVersions).toEqual(['0.26.0'])
    expect(axios.paths).toEqual(['axios', 'github-build>axios'])
  })

  it('gives each package the worst of the advisories its via chain leads to', () => {
    const { packages } = parseNpmAudit(fixture('npm-audit-v2-via-chain.json'), '.')
    const pkg = (name: string) => packages.find((p) => p.name === name)
    // follow-redirects carries a moderate and a high advisory: the package is high.
    expect(pkg('follow-redirects')).toEqual({
      name: 'follow-redirects',
      severity: 'high',
      reportedSeverity: 'high',
      direct: false,
      advisories: ['GHSA-pw2r-vq6v-hr8c', 'GHSA-74fj-2j2h-c42q'],
      fixAvailable: true,
    })
    expect(pkg('github-build')?.advisories).toEqual([
      'GHSA-cph5-m8f7-6c5x',
      'GHSA-4w2v-q235-vp99',
      'GHSA-42xw-2xvc-qx8m',
      'GHSA-pw2r-vq6v-hr8c',
      'GHSA-74fj-2j2h-c42q',
    ])
    expect(pkg('github-build')?.severity).toBe('high')
    expect(pkg('github-build')?.fixAvailable).toBe(true)
    expect(pkg('github-build')?.direct).toBe(true)
  })

  it('reads the large real report: 71 packages, 106 advisory findings', () => {
    const result = parseNpmAudit(fixture('npm-audit-v2-large.json'), '.')
    expect(result.incomplete).toBeUndefined()
    expect(result.packages).toHaveLength(71)
    // 108 advisory objects in via; picomatch lists GHSA-3v7f-55p6-f55p and GHSA-c2c7-rcm5-vvqj twice (two copies).
    expect(result.findings).toHaveLength(106)
    expect(countBy(result.findings, (f) => f.severity)).toEqual({
      moderate: 48,
      high: 45,
      low: 7,
      critical: 6,
    })
    expect(result.findings.every((f) => /^GHSA(-[0-9a-z]{4}){3}$/.test(f.id))).toBe(true)
    // The same advisory in two packages is two findings.
    expect(result.findings.filter((f) => f.id === 'GHSA-p6mc-m468-83gw').map((f) => f.package)).toEqual([
      'lodash',
      'lodash.pick',
    ])

    const tar = result.findings.filter((f) => f.package === 'tar')
    expect(tar).toHaveLength(7)
    expect(tar[0].path).toBe('bcrypt>@mapbox/node-pre-gyp>tar')
    expect(tar[0].fix).toBe('install bcrypt@6.0.0, a major update (npm audit fix --force)')
    expect(byId(result.findings, 'GHSA-9vvw-cc9w-f27h', 'debug').paths).toEqual([
      'mocha>debug',
      'supertest>superagent>debug',
    ])
    expect(byId(result.findings, 'GHSA-35jh-r3h4-6jhm', 'lodash').paths).toEqual(['lodash', 'bull>lodash'])

    // Six packages have fixAvailable: false.
    const unfixable = new Set(result.findings.filter((f) => !f.fixAvailable).map((f) => f.package))
    expect([...unfixable].sort()).toEqual(['form-data', 'marked', 'qs', 'request', 'tough-cookie', 'uuid'])
    expect(byId(result.findings, 'GHSA-fjxv-7rqg-78g4').fix).toBeUndefined()
  })

  it('resolves 24 packages whose via holds only names; npm judges copies, so three differ', () => {
    const { packages } = parseNpmAudit(fixture('npm-audit-v2-large.json'), '.')
    const differ = packages
      .filter((p) => p.severity !== p.reportedSeverity)
      .map((p) => `${p.name} ${p.reportedSeverity}→${p.severity}`)
    expect(differ).toEqual([
      '@aws-sdk/xml-builder moderate→high',
      'bull high→critical',
      'supertest moderate→high',
    ])
    expect(packages.find((p) => p.name === 'bcrypt')?.advisories).toHaveLength(7)
    expect(packages.find((p) => p.name === 'mocha')?.severity).toBe('critical')
    expect(packages.every((p) => p.advisories.length > 0)).toBe(true)
  })

  it('reads the early npm 7 shape without isDirect, cwe or cvss', () => {
    const result = parseNpmAudit(fixture('npm-audit-v2-npm-advisory-url.json'), '.')
    expect(result.findings).toHaveLength(1)
    expect(result.findings[0]).toMatchObject({
      id: 'GHSA-28xh-wpgr-7fm8',
      package: 'open',
      severity: 'critical',
      fixedVersions: ['8.4.0'],
      path: 'open',
    })
    expect(result.packages[0].direct).toBe(true)
  })

  it('uses the npm advisory number when the URL names no GHSA, and roots chains without isDirect', () => {
    const report = {
      auditReportVersion: 2,
      vulnerabilities: {
        a: { name: 'a', severity: 'high', via: ['b'], fixAvailable: true },
        b: {
          name: 'b',
          severity: 'high',
          via: [
            {
              source: 1040620,
              name: 'b',
              title: 'Bad b',
              url: 'https://npmjs.com/advisories/1040620',
              severity: 'high',
            },
          ],
          fixAvailable: false,
        },
      },
    }
    const result = parseNpmAudit(JSON.stringify(report), '.')
    expect(result.findings).toHaveLength(1)
    expect(result.findings[0]).toMatchObject({
      id: 'npm-1040620',
      path: 'a>b',
      url: 'https://npmjs.com/advisories/1040620',
    })
  })

  it('survives a cycle of via names and still resolves every advisory', () => {
    const advisory = (name: string, ghsa: string, severity: string) => ({
      source: 1,
      name,
      title: `${name} bug`,
      url: `https://github.com/advisories/${ghsa}`,
      severity,
    })
    const report = {
      auditReportVersion: 2,
      vulnerabilities: {
        app: { name: 'app', severity: 'critical', isDirect: true, via: ['x'], fixAvailable: true },
        x: {
          name: 'x',
          severity: 'critical',
          isDirect: false,
          via: ['y', advisory('x', 'GHSA-aaaa-bbbb-cccc', 'low')],
        },
        y: {
          name: 'y',
          severity: 'critical',
          isDirect: false,
          via: ['x', advisory('y', 'GHSA-dddd-eeee-ffff', 'critical')],
        },
      },
    }
    const result = parseNpmAudit(JSON.stringify(report), '.')
    const pkg = (name: string) => result.packages.find((p) => p.name === name)
    expect(pkg('app')?.advisories.sort()).toEqual(['GHSA-aaaa-bbbb-cccc', 'GHSA-dddd-eeee-ffff'])
    expect(pkg('app')?.severity).toBe('critical')
    expect(pkg('x')?.advisories.sort()).toEqual(['GHSA-aaaa-bbbb-cccc', 'GHSA-dddd-eeee-ffff'])
    expect(pkg('y')?.advisories.sort()).toEqual(['GHSA-aaaa-bbbb-cccc', 'GHSA-dddd-eeee-ffff'])
    expect(result.findings.map((f) => `${f.id} ${f.path}`)).toEqual([
      'GHSA-aaaa-bbbb-cccc app>x',
      'GHSA-dddd-eeee-ffff app>x>y',
    ])
  })

  it('does not reuse a result that a longer cycle cut short', () => {
    const advisory = (name: string, ghsa: string) => ({
      source: 1,
      name,
      title: name,
      url: `https://github.com/advisories/${ghsa}`,
      severity: 'high',
    })
    // a → m → n → a: resolving a first meets a again under n, so m's and n's sets seen from a lack A.
    const report = {
      auditReportVersion: 2,
      vulnerabilities: {
        a: { name: 'a', severity: 'high', isDirect: true, via: ['m', advisory('a', 'GHSA-aaaa-aaaa-aaaa')] },
        m: { name: 'm', severity: 'high', isDirect: false, via: ['n', advisory('m', 'GHSA-mmmm-mmmm-mmmm')] },
        n: { name: 'n', severity: 'high', isDirect: false, via: ['a', advisory('n', 'GHSA-nnnn-nnnn-nnnn')] },
      },
    }
    const { packages } = parseNpmAudit(JSON.stringify(report), '.')
    expect(packages.map((p) => `${p.name}: ${p.advisories.sort().join(' ')}`)).toEqual([
      'a: GHSA-aaaa-aaaa-aaaa GHSA-mmmm-mmmm-mmmm GHSA-nnnn-nnnn-nnnn',
      'm: GHSA-aaaa-aaaa-aaaa GHSA-mmmm-mmmm-mmmm GHSA-nnnn-nnnn-nnnn',
      'n: GHSA-aaaa-aaaa-aaaa GHSA-mmmm-mmmm-mmmm GHSA-nnnn-nnnn-nnnn',
    ])
  })

  it('keeps at most MAX_PATHS paths, the shortest first', () => {
    const vulnerabilities: Record<string, unknown> = {
      leaf: {
        name: 'leaf',
        severity: 'high',
        via: [
          {
            source: 9,
            name: 'leaf',
            title: 't',
            url: 'https://github.com/advisories/GHSA-1111-2222-3333',
            severity: 'high',
          },
        ],
      },
    }
    for (let i = 0; i < 15; i++)
      vulnerabilities[`p${String(i).padStart(2, '0')}`] = {
        name: `p${i}`,
        severity: 'high',
        isDirect: true,
        via: ['leaf'],
      }
    const [finding] = parseNpmAudit(JSON.stringify({ auditReportVersion: 2, vulnerabilities }), '.').findings
    expect(finding.paths).toHaveLength(MAX_PATHS)
    expect(finding.path).toBe('p00>leaf')
  })

  it('reads a clean report as clean, with no findings and nothing incomplete', () => {
    const result = parseNpmAudit(fixture('npm-audit-v2-clean.json'), '.')
    expect(result).toEqual({ findings: [], packages: [], reportVersion: 2 })
  })
})

describe('parseNpmAudit, npm 6', () => {
  it('reads advisories with their GHSA id, CVE aliases, versions and paths', () => {
    const result = parseNpmAudit(fixture('npm-audit-v1-npm6.json'), 'frontend')
    expect(result.incomplete).toBeUndefined()
    expect(result.reportVersion).toBe(1)
    expect(
      result.findings.map((f) => `${f.package}@${f.version} ${f.id} ${f.aliases.join(',')} ${f.severity}`),
    ).toEqual([
      'follow-redirects@1.0.0 GHSA-pw2r-vq6v-hr8c CVE-2022-0536 moderate',
      'follow-redirects@1.0.0 GHSA-74fj-2j2h-c42q CVE-2022-0155 high',
      'axios@0.15.3 GHSA-cph5-m8f7-6c5x CVE-2021-3749 high',
      'axios@0.15.3 GHSA-4w2v-q235-vp99 CVE-2020-28168 high',
      'axios@0.15.3 GHSA-42xw-2xvc-qx8m CVE-2019-10742 high',
    ])
    expect(byId(result.findings, 'GHSA-pw2r-vq6v-hr8c')).toEqual({
      tool: 'npm-audit',
      id: 'GHSA-pw2r-vq6v-hr8c',
      aliases: ['CVE-2022-0536'],
      package: 'follow-redirects',
      version: '1.0.0',
      severity: 'moderate',
      fixedVersions: ['>=1.14.8'],
      fixAvailable: true,
      fix: 'Upgrade to version 1.14.8 or later',
      title: 'Exposure of Sensitive Information to an Unauthorized Actor in follow-redirects',
      url: 'https://github.com/advisories/GHSA-pw2r-vq6v-hr8c',
      path: 'axios>follow-redirects',
      paths: ['axios>follow-redirects', 'github-build>axios>follow-redirects'],
      project: 'frontend',
    })
  })

  it('splits one advisory by installed version and reads <0.0.0 as no fix', () => {
    const report = {
      advisories: {
        '7': {
          id: 7,
          module_name: 'minimist',
          severity: 'low',
          github_advisory_id: 'GHSA-vh95-rmgr-6w4m',
          cves: [],
          patched_versions: '<0.0.0',
          title: 'Prototype Pollution',
          findings: [
            { version: '0.0.8', paths: ['mkdirp>minimist'] },
            { version: '1.2.0', paths: ['optimist>minimist', 'a>b>minimist'] },
          ],
        },
      },
    }
    const result = parseNpmAudit(JSON.stringify(report), '.')
    expect(result.findings.map((f) => [f.version, f.paths, f.fixAvailable, f.fixedVersions])).toEqual([
      ['0.0.8', ['mkdirp>minimist'], false, []],
      ['1.2.0', ['optimist>minimist', 'a>b>minimist'], false, []],
    ])
  })
})

describe('parseNpmAudit, failures are incomplete, never clean', () => {
  it('reads the real output of a refused advisory endpoint as incomplete with npm’s message', () => {
    const result = parseNpmAudit(fixture('npm-audit-error-endpoint.json'), 'frontend')
    expect(result.findings).toEqual([])
    expect(result.incomplete).toBe(
      'npm audit failed: 405 Method Not Allowed - POST https://registry.example.invalid/-/npm/v1/security/advisories/bulk',
    )
  })

  it('reads the ENOLOCK error envelope as incomplete with code, summary and detail', () => {
    // The envelope of IBM/audit-ci#214, verbatim.
    const envelope = {
      error: {
        code: 'ENOLOCK',
        summary: 'This command requires an existing lockfile.',
        detail:
          'Try creating one first with: npm i --package-lock-only\nOriginal error: loadVirtual requires existing shrinkwrap file',
      },
    }
    expect(parseNpmAudit(JSON.stringify(envelope), '.').incomplete).toBe(
      'npm audit failed: ENOLOCK: This command requires an existing lockfile. Try creating one first with: npm i --package-lock-only Original error: loadVirtual requires existing shrinkwrap file',
    )
  })

  it('reads an error object as incomplete even next to a vulnerabilities map', () => {
    const text = JSON.stringify({ auditReportVersion: 2, vulnerabilities: {}, error: { code: 'ENOAUDIT' } })
    expect(parseNpmAudit(text, '.').incomplete).toBe(
      'npm audit failed: ENOAUDIT: npm printed an error without a message',
    )
  })

  it.each([
    ['empty output', '', 'npm audit printed nothing instead of a JSON report'],
    [
      'text',
      'npm ERR! code ENOAUDIT\nnpm ERR! audit endpoint returned an error',
      'npm audit printed text instead of a JSON report: npm ERR! code ENOAUDIT',
    ],
    [
      'a version-2 report without vulnerabilities',
      '{"auditReportVersion": 2, "metadata": {}}',
      'npm audit printed a report without its "vulnerabilities" map',
    ],
    [
      'some other JSON',
      '{"ok": true}',
      'npm audit printed JSON that is neither an npm 7+ nor an npm 6 report (keys: ok)',
    ],
    ['a JSON array', '[]', 'npm audit printed JSON that is not a report: []'],
    ['JSON null', 'null', 'npm audit printed JSON that is not a report: null'],
  ])('reads %s as incomplete', (_, text, reason) => {
    const result = parseNpmAudit(text, '.')
    expect(result.findings).toEqual([])
    expect(result.incomplete).toBe(reason)
  })
})

describe('ghsaFromUrl', () => {
  it('takes the GHSA id from an advisory URL, in its canonical case', () => {
    expect(ghsaFromUrl('https://github.com/advisories/GHSA-pw2r-vq6v-hr8c')).toBe('GHSA-pw2r-vq6v-hr8c')
    expect(ghsaFromUrl('https://github.com/advisories/ghsa-PW2R-vq6v-hr8c?x=1')).toBe('GHSA-pw2r-vq6v-hr8c')
    expect(ghsaFromUrl('https://npmjs.com/advisories/1040620')).toBeUndefined()
    expect(ghsaFromUrl(undefined)).toBeUndefined()
  })
})
