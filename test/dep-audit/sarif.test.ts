import { readFileSync } from 'node:fs'

import { Ajv } from 'ajv'
import formats from 'ajv-formats'
import { describe, expect, it } from 'vitest'

import { Finding, fingerprint } from '../../src/dep-audit/model.js'
import { parseBandit } from '../../src/dep-audit/parse-bandit.js'
import { parseNpmAudit } from '../../src/dep-audit/parse-npm-audit.js'
import { parsePipAudit } from '../../src/dep-audit/parse-pip-audit.js'
import { SARIF_SCHEMA, artifactLocation, toSarif } from '../../src/dep-audit/sarif.js'
import { fixture } from './fixtures.js'

/** The OASIS SARIF 2.1.0 schema, as shipped by an npm package (see test/fixtures/sarif/SOURCES.md). */
const schema = JSON.parse(
  readFileSync(new URL('../fixtures/sarif/sarif-schema-2.1.0.json', import.meta.url), 'utf8'),
) as Record<string, unknown>
const ajv = new Ajv({ allErrors: true, strict: false })
formats.default(ajv)
const validate = ajv.compile(schema)

function expectValid(log: object) {
  const valid = validate(log)
  expect(validate.errors ?? [], JSON.stringify(validate.errors, null, 2)).toEqual([])
  expect(valid).toBe(true)
}

// Loosely typed views of the log, for reading fields in assertions.
interface Result {
  ruleId: string
  ruleIndex: number
  level: string
  message: { text: string }
  locations: {
    physicalLocation: { artifactLocation: { uri: string; uriBaseId?: string }; region: { startLine: number } }
  }[]
  partialFingerprints: Record<string, string>
}
interface Rule {
  id: string
  shortDescription: { text: string }
  helpUri?: string
  defaultConfiguration: { level: string }
  properties: { 'security-severity': string; tags: string[]; aliases?: string[] }
}
interface Run {
  tool: { driver: { name: string; informationUri: string; rules: Rule[] } }
  results: Result[]
  conversion?: { tool: { driver: { name: string; version: string } } }
}
interface Log {
  $schema: string
  version: string
  runs: Run[]
}

const asLog = (log: object) => log as Log
const where = (result: Result) => {
  const { artifactLocation, region } = result.locations[0].physicalLocation
  return `${artifactLocation.uriBaseId}:${artifactLocation.uri}:${region.startLine}`
}

const APP = 'test/fixtures/python-app/app'
const npm = parseNpmAudit(fixture('npm-audit-v2-via-chain.json'), 'frontend').findings
const pip = parsePipAudit(fixture('pip-audit-vulns.json'), 'backend/requirements.txt').findings
const bandit = parseBandit(fixture('bandit.json'), { project: APP }).findings
const manifests = {
  frontend: 'frontend/package-lock.json',
  'backend/requirements.txt': 'backend/requirements.txt',
}

describe('toSarif', () => {
  const log = toSarif([...npm, ...pip, ...bandit], { manifests, toolVersion: '0.1.0' })
  const runs = asLog(log).runs
  const run = (name: string) => {
    const found = runs.find((r) => r.tool.driver.name === name)
    if (!found) throw new Error(`no run of ${name}`)
    return found
  }

  it('validates against the official SARIF 2.1.0 schema', () => {
    expect(npm.length).toBeGreaterThan(0)
    expect(pip.length).toBeGreaterThan(0)
    expect(bandit.length).toBe(4)
    expectValid(log)
    expect(asLog(log).$schema).toBe(SARIF_SCHEMA)
    expect(asLog(log).version).toBe('2.1.0')
  })

  it('has a validator that rejects what code scanning would reject', () => {
    const broken = structuredClone(log) as Log
    broken.runs[0].results[0].level = 'fatal'
    broken.runs[2].results[0].locations[0].physicalLocation.region.startLine = 0
    broken.runs[2].results[0].locations[0].physicalLocation.artifactLocation.uri = 'a b.py'
    expect(validate(broken)).toBe(false)
    expect(validate.errors?.map((e) => e.instancePath)).toEqual([
      '/runs/0/results/0/level',
      '/runs/2/results/0/locations/0/physicalLocation/artifactLocation/uri',
      '/runs/2/results/0/locations/0/physicalLocation/region/startLine',
    ])
  })

  it('makes one run per scanner, each with its driver', () => {
    expect(runs.map((r) => [r.tool.driver.name, r.tool.driver.informationUri])).toEqual([
      ['npm audit', 'https://docs.npmjs.com/cli/commands/npm-audit'],
      ['pip-audit', 'https://github.com/pypa/pip-audit'],
      ['bandit', 'https://bandit.readthedocs.io/'],
    ])
    expect(runs.map((r) => r.results.length)).toEqual([npm.length, pip.length, bandit.length])
    expect(runs[0].conversion?.tool.driver).toEqual({ name: 'runbook-actions dep-audit', version: '0.1.0' })
  })

  it('writes npm audit findings as rules per advisory and results on the project lock file', () => {
    const { tool, results } = run('npm audit')
    expect(tool.driver.rules.map((r) => r.id)).toEqual([
      'GHSA-cph5-m8f7-6c5x',
      'GHSA-4w2v-q235-vp99',
      'GHSA-42xw-2xvc-qx8m',
      'GHSA-pw2r-vq6v-hr8c',
      'GHSA-74fj-2j2h-c42q',
    ])
    expect(tool.driver.rules[3]).toEqual({
      id: 'GHSA-pw2r-vq6v-hr8c',
      shortDescription: {
        text: 'Exposure of Sensitive Information to an Unauthorized Actor in follow-redirects',
      },
      helpUri: 'https://github.com/advisories/GHSA-pw2r-vq6v-hr8c',
      help: expect.objectContaining({ text: expect.stringContaining('GHSA-pw2r-vq6v-hr8c') }),
      defaultConfiguration: { level: 'warning' },
      properties: { 'security-severity': '5.5', tags: ['security'] },
    })
    expect(tool.driver.rules[0].properties['security-severity']).toBe('8.0')

    const result = results[3]
    expect(result.ruleId).toBe('GHSA-pw2r-vq6v-hr8c')
    expect(result.ruleIndex).toBe(3)
    expect(result.level).toBe('warning')
    expect(where(result)).toBe('%SRCROOT%:frontend/package-lock.json:1')
    // npm 7+ does not report installed versions; the message says so, and how to fix it.
    expect(result.message.text).toBe(
      'follow-redirects (installed version not reported): Exposure of Sensitive Information to an Unauthorized ' +
        'Actor in follow-redirects (GHSA-pw2r-vq6v-hr8c, moderate, through axios>follow-redirects). ' +
        'Fix: install axios@0.26.0, a major update (npm audit fix --force).',
    )
    expect(result.partialFingerprints).toEqual({ 'runbook/v1': fingerprint(npm[3]) })
    expect(results.map((r) => r.level)).toEqual(['error', 'error', 'error', 'warning', 'error'])
  })

  it('writes pip-audit findings on the requirements file, with package@version and the fixed version', () => {
    const { tool, results } = run('pip-audit')
    const starlette = results.find((r) => r.ruleId === 'GHSA-2c2j-9gv5-cj73')
    expect(starlette?.message.text).toMatch(/^starlette@0\.46\.1: When parsing a multi-part form/)
    expect(starlette?.message.text).toMatch(/Fix: upgrade to 0\.47\.2\.$/)
    expect(starlette && where(starlette)).toBe('%SRCROOT%:backend/requirements.txt:1')
    // pip-audit reports no severity: unknown is a warning scored 5.0.
    expect(new Set(results.map((r) => r.level))).toEqual(new Set(['warning']))
    const rule = tool.driver.rules.find((r) => r.id === 'GHSA-5cpq-9538-jm2j')
    expect(rule?.properties).toEqual({
      'security-severity': '5.0',
      tags: ['security'],
      aliases: ['CVE-2024-8966'],
    })
    expect(rule?.helpUri).toBe('https://github.com/advisories/GHSA-5cpq-9538-jm2j')
    const noFix = results.find((r) => r.ruleId === 'GHSA-5cpq-9538-jm2j')
    expect(noFix?.message.text).toMatch(/^gradio@5\.10\.0: .*Fix: no fixed version is known\.$/)
    expect(tool.driver.rules).toHaveLength(new Set(pip.map((f) => f.id)).size)
  })

  it('writes bandit findings on their file and line, one rule per test id', () => {
    const { tool, results } = run('bandit')
    expect(
      tool.driver.rules.map((r) => [r.id, r.properties['security-severity'], r.defaultConfiguration.level]),
    ).toEqual([
      ['B307', '5.5', 'warning'],
      ['B106', '3.0', 'note'],
      ['B404', '3.0', 'note'],
      ['B602', '8.0', 'error'],
    ])
    expect(results.map((r) => [r.ruleId, r.level, where(r)])).toEqual([
      ['B307', 'warning', `%SRCROOT%:${APP}/calc.py:5`],
      ['B106', 'note', `%SRCROOT%:${APP}/db.py:5`],
      ['B404', 'note', `%SRCROOT%:${APP}/tasks.py:2`],
      ['B602', 'error', `%SRCROOT%:${APP}/tasks.py:6`],
    ])
    expect(tool.driver.rules[3].helpUri).toBe(
      'https://bandit.readthedocs.io/en/latest/plugins/b602_subprocess_popen_with_shell_equals_true.html',
    )
    expect(tool.driver.rules.every((r) => r.properties.tags.join() === 'security')).toBe(true)
    expect(results[3].message.text).toBe(
      'B602: subprocess call with shell=True identified, security issue. (severity high, confidence high).',
    )
    expect(results.map((r) => r.partialFingerprints['runbook/v1'])).toEqual(bandit.map(fingerprint))
  })

  it('makes no bandit run for findings without bandit, and no run at all for none', () => {
    const withoutBandit = toSarif([...npm, ...pip], { manifests })
    expectValid(withoutBandit)
    expect(asLog(withoutBandit).runs.map((r) => r.tool.driver.name)).toEqual(['npm audit', 'pip-audit'])
    expect(asLog(withoutBandit).runs[0].conversion).toBeUndefined()

    const onlyPip = toSarif(pip, { manifests })
    expect(asLog(onlyPip).runs.map((r) => r.tool.driver.name)).toEqual(['pip-audit'])

    const none = toSarif([], { manifests })
    expectValid(none)
    expect(asLog(none).runs).toEqual([])
  })

  it('gives the scanners that ran clean an empty run when told which ran, so code scanning closes old alerts', () => {
    const log = toSarif(npm, { manifests, tools: ['npm-audit', 'bandit'] })
    expectValid(log)
    expect(
      asLog(log).runs.map((r) => [r.tool.driver.name, r.results.length, r.tool.driver.rules.length]),
    ).toEqual([
      ['npm audit', npm.length, 5],
      ['bandit', 0, 0],
    ])
  })

  it('raises a rule to the worst severity of its findings and keeps identical bandit findings apart', () => {
    const base: Finding = {
      tool: 'bandit',
      id: 'B105',
      aliases: [],
      severity: 'low',
      fixedVersions: [],
      fixAvailable: false,
      title: "Possible hardcoded password: 'x'",
      file: 'backend/app/config.py',
      line: 3,
      code: 'PASSWORD = "x"',
      project: 'backend/app',
    }
    const log = toSarif([base, { ...base, line: 9, severity: 'critical' }], { manifests: {} })
    expectValid(log)
    const [bandit] = asLog(log).runs
    expect(bandit.tool.driver.rules).toHaveLength(1)
    expect(bandit.tool.driver.rules[0].properties['security-severity']).toBe('9.5')
    expect(bandit.tool.driver.rules[0].defaultConfiguration.level).toBe('error')
    expect(bandit.results.map((r) => [r.level, r.partialFingerprints['runbook/v1']])).toEqual([
      ['note', fingerprint(base)],
      ['error', `${fingerprint(base)}#2`],
    ])
  })

  it('splits a finding merged across projects into one result per manifest, and falls back without a manifest', () => {
    const finding: Finding = {
      tool: 'npm-audit',
      id: 'GHSA-pw2r-vq6v-hr8c',
      aliases: ['CVE-2022-0536'],
      package: 'follow-redirects',
      version: '1.14.7',
      severity: 'critical',
      fixedVersions: ['1.14.8'],
      fixAvailable: true,
      title: 'Exposure of Sensitive Information',
      project: 'frontend',
      projects: ['frontend', 'admin ui'],
    }
    const log = toSarif([finding], { manifests: { frontend: 'frontend/npm-shrinkwrap.json' } })
    expectValid(log)
    const [run] = asLog(log).runs
    expect(run.results.map((r) => [where(r), r.level, r.partialFingerprints['runbook/v1']])).toEqual([
      ['%SRCROOT%:frontend/npm-shrinkwrap.json:1', 'error', fingerprint({ ...finding, projects: undefined })],
      // No manifest given: the project's package-lock.json, percent-encoded.
      [
        '%SRCROOT%:admin%20ui/package-lock.json:1',
        'error',
        fingerprint({ ...finding, project: 'admin ui', projects: undefined }),
      ],
    ])
    expect(run.results[0].message.text).toBe(
      'follow-redirects@1.14.7: Exposure of Sensitive Information (GHSA-pw2r-vq6v-hr8c, critical). Fix: upgrade to 1.14.8.',
    )
    // No url on the finding: the advisory page of its id.
    expect(run.tool.driver.rules[0].helpUri).toBe('https://github.com/advisories/GHSA-pw2r-vq6v-hr8c')
    expect(run.tool.driver.rules[0].properties['security-severity']).toBe('9.5')
  })

  it('omits helpUri when an id has no known advisory page', () => {
    const finding: Finding = {
      tool: 'npm-audit',
      id: 'npm-1002',
      aliases: [],
      package: 'left-pad',
      severity: 'low',
      fixedVersions: [],
      fixAvailable: false,
      title: 'Something',
      project: '.',
    }
    const log = toSarif([finding], { manifests: {} })
    expectValid(log)
    const [run] = asLog(log).runs
    expect(run.tool.driver.rules[0].helpUri).toBeUndefined()
    expect(where(run.results[0])).toBe('%SRCROOT%:package-lock.json:1')
    expect(run.results[0].level).toBe('note')
    expect(run.results[0].message.text).toMatch(/Fix: no fixed version is known\.$/)
  })
})

describe('artifactLocation', () => {
  it('makes relative, forward-slashed, encoded URIs under %SRCROOT%', () => {
    expect(artifactLocation('backend\\app\\main.py')).toEqual({
      uri: 'backend/app/main.py',
      uriBaseId: '%SRCROOT%',
    })
    expect(artifactLocation('./frontend//package-lock.json')).toEqual({
      uri: 'frontend/package-lock.json',
      uriBaseId: '%SRCROOT%',
    })
    expect(artifactLocation('a b/c#d.py')).toEqual({ uri: 'a%20b/c%23d.py', uriBaseId: '%SRCROOT%' })
  })

  it('turns absolute paths into file URIs', () => {
    expect(artifactLocation('/home/runner/work/x/requirements.txt')).toEqual({
      uri: 'file:///home/runner/work/x/requirements.txt',
    })
    expect(artifactLocation('C:\\work\\x\\requirements.txt')).toEqual({
      uri: 'file:///C:/work/x/requirements.txt',
    })
  })
})
