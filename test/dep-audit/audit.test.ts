// dep-audit end to end in-process: real npm against a registry on 127.0.0.1, real bandit, the recorded
// pip-audit outputs (PyPI is not reachable here), allowlist, baseline, SARIF.
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'

import { audit } from '../../src/dep-audit/audit.js'
import { readInputs } from '../../src/dep-audit/inputs.js'
import { InputReader, objectInputGetter } from '../../src/core/inputs.js'
import { Logger, recordingLogger } from '../../src/core/logger.js'
import { cellText } from '../../src/core/report.js'
import { renderSummary } from '../../src/core/summary.js'
import { configError } from '../support/assertions.js'
import { LoopbackServer } from '../support/servers.js'
import { Workspace, fakePypi, fakeRegistry, makeWorkspace, pipOnly } from './workspace.js'

const fixture = (name: string) => new URL(`../fixtures/audit/${name}`, import.meta.url).pathname
let registry: LoopbackServer
let refusing: LoopbackServer
let pypi: LoopbackServer
let ws: Workspace
const saved = { ...process.env }

beforeAll(async () => {
  registry = await fakeRegistry()
  refusing = await fakeRegistry({ refuse: true })
  // backend/requirements.txt pins fastapi==0.65.1 and starlette==0.14.2.
  pypi = await fakePypi({ fastapi: ['0.65.1', '0.65.2', '0.110.0'], starlette: ['0.14.2'] })
})
afterAll(async () => {
  await registry.close()
  await refusing.close()
  await pypi.close()
})
afterEach(() => {
  ws?.dispose()
  process.env = { ...saved }
})

/**
 * npm talks to the loopback registry and pip to the loopback index; pip-audit is read from a saved report
 * unless a test says otherwise.
 */
async function run(
  inputs: Record<string, string>,
  options: { registry?: LoopbackServer; pipIndex?: string; logger?: Logger } = {},
) {
  process.env.npm_config_registry = `${(options.registry ?? registry).url}/`
  Object.assign(process.env, pipOnly(options.pipIndex ?? `${pypi.url}/simple`))
  const parsed = readInputs(
    new InputReader(
      objectInputGetter({
        'working-directory': ws.dir,
        'pip-audit-report': fixture('pip-audit-vulns.json'),
        ...inputs,
      }),
    ),
  )
  return audit(parsed, options.logger ?? recordingLogger())
}

const check = (result: Awaited<ReturnType<typeof run>>, id: string) => {
  const found = result.report.checks.find((c) => c.id === id || c.id.startsWith(`${id}:`))
  if (!found) throw new Error(`no check ${id}: ${result.report.checks.map((c) => c.id).join(', ')}`)
  return found
}

describe('dep-audit', () => {
  it('fails closed when the advisory endpoint refuses: an incomplete audit is never a clean one', async () => {
    ws = makeWorkspace('7.0.0')
    const failed = await run({}, { registry: refusing })
    const npm = check(failed, 'tool:npm audit')
    expect(npm.status).toBe('fail')
    expect(npm.detail).toMatch(/^incomplete: .*405 Method Not Allowed/)
    expect(failed.report.status).toBe('fail')

    const warned = await run(
      { 'on-tool-error': 'warn', 'fail-on': 'none', 'bandit-fail-on': 'none' },
      { registry: refusing },
    )
    expect(check(warned, 'tool:npm audit').status).toBe('warn')
    expect(warned.report.status).toBe('warn')
  })

  it('both dependency scanners failed: "Vulnerable dependencies" is unknown, never ✅ none', async () => {
    ws = makeWorkspace('7.0.0')
    // npm's advisory endpoint refuses (real npm), and pip-audit printed its error instead of a report.
    const pipFailed = join(ws.dir, 'pip-audit-output.txt')
    writeFileSync(pipFailed, 'ERROR:pip_audit._cli:Failed to upgrade `pip`: connection refused\n')
    const result = await run(
      { 'pip-audit-report': pipFailed, 'bandit-fail-on': 'none', outdated: 'false' },
      { registry: refusing },
    )
    const vulns = check(result, 'vulnerabilities')
    expect(vulns.status).toBe('fail')
    expect(vulns.detail).toMatch(/^unknown: no dependency scan finished \(npm audit \(frontend\): .*405/)
    expect(vulns.detail).toContain(
      'pip-audit (pip-audit-output.txt): pip-audit printed text instead of a JSON report',
    )
    expect(vulns.recommendation).toContain('npm-audit-report')
    expect(renderSummary(result.report)).not.toMatch(/✅[^\n]*Vulnerable dependencies/)
  })

  describe('bandit with nothing to scan says "not scanned" and names bandit-paths (real bandit)', () => {
    it('the default backend/app does not exist', async () => {
      ws = makeWorkspace('7.0.0')
      rmSync(join(ws.dir, 'backend', 'app'), { recursive: true })
      const result = await run({ outdated: 'false' })
      const code = check(result, 'code-issues')
      expect(code.status).toBe('warn')
      expect(code.detail).toBe(
        'not scanned: bandit-paths is not set and backend/app (its default) does not exist',
      )
      expect(code.recommendation).toMatch(/^set bandit-paths to the folders of your Python code/)
      expect(check(result, 'tool:bandit').status).toBe('warn')
    })

    it("the scanned path holds no Python file: bandit's report lists no file and reports nothing", async () => {
      ws = makeWorkspace('7.0.0')
      const result = await run({ 'bandit-paths': 'frontend', outdated: 'false' })
      const code = check(result, 'code-issues')
      expect(code.status).toBe('warn')
      expect(code.detail).toBe('not scanned: bandit found no Python file in frontend')
      expect(code.recommendation).toMatch(/^set bandit-paths/)
      expect(renderSummary(result.report)).not.toMatch(/✅[^\n]*Code issues/)
    })
  })

  it('no npm project and no requirements file: vulnerable dependencies are "not scanned"', async () => {
    ws = makeWorkspace('7.0.0')
    rmSync(join(ws.dir, 'frontend'), { recursive: true })
    rmSync(join(ws.dir, 'backend', 'requirements.txt'))
    const result = await run({ 'pip-audit-report': '', outdated: 'false' })
    const vulns = check(result, 'vulnerabilities')
    expect(vulns.status).toBe('warn')
    expect(vulns.detail).toBe(
      'not scanned: no npm project (package-lock.json) and no requirements file was found',
    )
    expect(vulns.recommendation).toMatch(/set npm-projects or python-requirements/)
  })

  it('finds the vulnerable npm package (real npm audit), the code issues (real bandit) and the outdated package', async () => {
    ws = makeWorkspace('6.0.0')
    const result = await run({})
    expect(check(result, 'tool:npm audit').detail).toMatch(/^1 vulnerability\(ies\), in /)
    const vulns = check(result, 'vulnerabilities')
    expect(vulns.status).toBe('fail')
    expect(vulns.detail).toContain('GHSA-abcd-efgh-ijkl in is-number (high)')
    const code = check(result, 'code-issues')
    expect(code.status).toBe('fail')
    expect(code.detail).toMatch(/B602 .* at app\/tasks\.py:6|B602 .* at backend\/app\/tasks\.py:6/)
    expect(result.outputs['code-issues']).toBeGreaterThanOrEqual(3)
    // Nothing is installed (no node_modules), so npm reports the current version as missing; fastapi's
    // pin is behind the index.
    expect(check(result, 'outdated').detail).toBe('2 outdated (0 major)')
    const outdated = result.report.tables.find((t) => t.title === 'Outdated packages')!
    expect(outdated.rows.find((r) => r[0] === 'is-number')!.slice(0, 4)).toEqual([
      'is-number',
      'missing',
      '6.0.0',
      '7.0.0',
    ])
    const findings = result.report.tables.find((t) => t.title.startsWith('Findings, worst first'))!
    const ghsa = findings.rows.find((r) => cellText(r[1]) === 'GHSA-abcd-efgh-ijkl')!
    expect(ghsa[1]).toEqual({
      text: 'GHSA-abcd-efgh-ijkl',
      href: 'https://github.com/advisories/GHSA-abcd-efgh-ijkl',
    })
  })

  it('counts pip-audit findings (no severity) as unknown-severity says', async () => {
    ws = makeWorkspace('7.0.0')
    const high = await run({ 'bandit-fail-on': 'none' })
    expect(check(high, 'vulnerabilities').status).toBe('fail')
    expect(high.outputs.high).toBeGreaterThan(0)
    const low = await run({ 'bandit-fail-on': 'none', 'unknown-severity': 'low' })
    expect(check(low, 'vulnerabilities').status).toBe('warn')
    expect(low.outputs.high).toBe(0)
  })

  it('fixable-only gates only on findings with a fix', async () => {
    ws = makeWorkspace('7.0.0')
    const result = await run({
      'bandit-fail-on': 'none',
      'pip-audit-report': fixture('pip-audit-no-fix.json'),
      'fixable-only': 'true',
    })
    // pip-audit-no-fix has findings, none with a fix: none of them gates.
    expect(check(result, 'vulnerabilities').status).toBe('pass')
    expect(check(result, 'vulnerabilities').detail).toBe('none')
    expect(result.outputs.vulnerabilities).toBeGreaterThan(0)
  })

  describe("pip outdated: the project's pinned requirements against pip's index (real pip)", () => {
    it("lists the pins behind the index, per requirements file, not the runner's own packages", async () => {
      ws = makeWorkspace('7.0.0')
      writeFileSync(
        join(ws.dir, 'backend', 'requirements.txt'),
        '# the backend\n-r requirements-base.txt\nFastAPI[all]==0.65.1 ; python_version >= "3.8"\nrequests>=2\n',
      )
      writeFileSync(
        join(ws.dir, 'backend', 'requirements-base.txt'),
        'starlette==0.14.2 \\\n  --hash=sha256:00\n',
      )
      const result = await run({ 'bandit-fail-on': 'none' })
      const pip = check(result, 'tool:pip outdated:backend/requirements.txt')
      expect(pip.status).toBe('pass')
      expect(pip.detail).toMatch(
        /^1 outdated package\(s\), in [\d.]+s \(2 pinned requirement\(s\) checked against pip's index; 1 requirement\(s\) without an == pin not compared \(requests\)\)$/,
      )
      const table = result.report.tables.find((t) => t.title === 'Outdated packages')!
      expect(table.rows.filter((r) => r[5] === 'backend/requirements.txt')).toEqual([
        ['fastapi', '0.65.1', '0.110.0', '0.110.0', 'minor', 'backend/requirements.txt'],
      ])
      expect(result.report.checks.some((c) => c.id.includes('python environment'))).toBe(false)
    })

    it('fails closed when the index is unreachable (as PyPI is here), saying so and how to fix it', async () => {
      ws = makeWorkspace('7.0.0')
      const result = await run(
        { 'bandit-fail-on': 'none', 'unknown-severity': 'low' },
        { pipIndex: `http://127.0.0.1:${refusing.port + 1}/simple` },
      )
      const pip = check(result, 'tool:pip outdated:backend/requirements.txt')
      expect(pip.status).toBe('fail')
      expect(pip.detail).toMatch(
        /^incomplete: pip could not get the newest version of 2 of 2 pinned requirement\(s\) from its index: fastapi \(ERROR: No matching distribution found for fastapi\); starlette .*PIP_INDEX_URL or pip\.conf.*outdated: false$/,
      )
      const outdated = check(result, 'outdated')
      expect(outdated.status).toBe('fail')
      expect(outdated.detail).toMatch(
        /^unknown: pip outdated \(backend\/requirements\.txt\) did not finish; /,
      )
      expect(result.report.status).toBe('fail')
    })
  })

  describe('a report over max-report-size says so, with its size and the way out', () => {
    it('real npm printing a report of about 2 MB against a 1MB cap; raising the cap reads it', async () => {
      ws = makeWorkspace('6.0.0')
      const large = await fakeRegistry({ advisories: 1000 })
      try {
        const inputs = { outdated: 'false', 'bandit-fail-on': 'none', 'max-report-size': '1MB' }
        const capped = await run(inputs, { registry: large })
        const npm = check(capped, 'tool:npm audit')
        expect(npm.status).toBe('fail')
        expect(npm.detail).toMatch(
          /^incomplete: npm audit printed a report of \d+(\.\d)? MB, over the 1 MB max-report-size: raise max-report-size, or narrow the audit \(production-only: true, or one project at a time with npm-projects\), or give a saved report as npm-audit-report$/,
        )
        expect(npm.detail).not.toContain('printed text instead of a JSON report')
        const raised = await run({ ...inputs, 'max-report-size': '64MB' }, { registry: large })
        expect(check(raised, 'tool:npm audit').detail).toMatch(/^1001 vulnerability\(ies\), in /)
      } finally {
        await large.close()
      }
    }, 120_000)

    it('at the default 16 MiB: a stand-in npm on PATH prints 17 MB of JSON (real npm needs ~40 s and ~650 MB for that)', async () => {
      ws = makeWorkspace('6.0.0')
      const bin = mkdtempSync(join(tmpdir(), 'large-npm-'))
      writeFileSync(
        join(bin, 'npm'),
        [
          '#!/bin/sh',
          `printf '{"auditReportVersion": 2, "vulnerabilities": {'`,
          `head -c 17000000 /dev/zero | tr '\\0' ' '`,
          `printf '}}'`,
        ].join('\n'),
        { mode: 0o755 },
      )
      process.env.PATH = `${bin}:${process.env.PATH}`
      try {
        const result = await run({ outdated: 'false', 'bandit-fail-on': 'none' })
        expect(check(result, 'tool:npm audit').detail).toMatch(
          /^incomplete: npm audit printed a report of 16\.2 MB, over the 16 MB max-report-size: raise max-report-size/,
        )
      } finally {
        rmSync(bin, { recursive: true, force: true })
      }
    })
  })

  describe('allowlist', () => {
    it('suppresses within scope until the expiry, fails an expired entry, reports an unused one', async () => {
      ws = makeWorkspace('6.0.0')
      const file = join(ws.dir, 'allow.yml')
      writeFileSync(
        file,
        [
          '- id: GHSA-abcd-efgh-ijkl',
          '  package: is-number',
          '  reason: not reachable from our code',
          '  expires: 2999-01-01',
          '- id: B602',
          '  path: backend/app/tasks.py',
          '  reason: fixed command, no user input',
          '  expires: 2000-01-01',
          '- id: CVE-1999-0001',
          '  reason: old',
          '  expires: 2999-01-01',
        ].join('\n'),
      )
      const result = await run({
        allowlist: file,
        'pip-audit-report': fixture('pip-audit-no-fix.json'),
        'fail-on': 'critical',
      })
      expect(result.report.details[0].body).toContain(
        'GHSA-abcd-efgh-ijkl is-number: not reachable from our code (until 2999-01-01)',
      )
      expect(check(result, 'allowlist-expired').detail).toBe(
        'B602 expired on 2000-01-01 (line 5: fixed command, no user input)',
      )
      expect(check(result, 'allowlist-unused').detail).toBe('CVE-1999-0001 (line 9) matched nothing')
      expect(result.report.status).toBe('fail')
    })

    it('rejects invalid YAML with its line, and entries without reason or expiry', async () => {
      ws = makeWorkspace('7.0.0')
      const file = join(ws.dir, 'allow.yml')
      writeFileSync(file, '- id: GHSA-x\n  reason: [unclosed\n  expires: 2999-01-01\n')
      await expect(run({ allowlist: file })).rejects.toThrow(
        /^input 'allowlist': .*allow\.yml is not valid YAML at line \d+: /,
      )
      writeFileSync(file, '- id: GHSA-x\n  expires: 2999-01-01\n')
      await expect(run({ allowlist: file })).rejects.toThrow(/the entry GHSA-x at .*line 1 has no reason/)
      writeFileSync(file, '- id: GHSA-x\n  reason: ok\n')
      await expect(run({ allowlist: file })).rejects.toThrow(/has no expires date \(YYYY-MM-DD\)/)
    })
  })

  it('baseline: only findings not in the earlier report count; a moved bandit finding is not new', async () => {
    ws = makeWorkspace('6.0.0')
    const first = await run({})
    const baseline = join(ws.dir, 'base-report.json')
    writeFileSync(baseline, JSON.stringify(first.report))
    // Move the flagged code down two lines: same finding, new line number.
    const tasks = join(ws.dir, 'backend', 'app', 'tasks.py')
    writeFileSync(tasks, `\n\n${readFileSync(tasks, 'utf8')}`)
    const second = await run({ baseline })
    expect(second.outputs.new).toBe(0)
    expect(check(second, 'vulnerabilities').status).toBe('pass')
    expect(check(second, 'code-issues').status).toBe('pass')
    // A new eval in a new file is new.
    writeFileSync(join(ws.dir, 'backend', 'app', 'extra.py'), 'def f(x):\n    return eval(x)\n')
    const third = await run({ baseline })
    expect(third.outputs.new).toBe(1)
    expect(check(third, 'baseline').detail).toMatch(/^1 new finding\(s\) against /)
    const changes = (result: Awaited<ReturnType<typeof run>>) =>
      result.report.tables.find((t) => t.title.startsWith('Changes since the baseline'))
    expect(changes(second)?.title).toBe('Changes since the baseline: 0 new, 0 fixed')
    expect(changes(third)?.rows.map((r) => r.map(cellText))).toEqual([
      ['new', 'bandit', 'B307', expect.any(String), expect.any(String), 'backend/app/extra.py'],
    ])
    expect(third.outputs.fixed).toBe(0)

    // Against the third run's report, removing that eval is a fix, and nothing is new.
    writeFileSync(baseline, JSON.stringify(third.report))
    rmSync(join(ws.dir, 'backend', 'app', 'extra.py'))
    const fourth = await run({ baseline })
    expect(fourth.outputs).toMatchObject({ new: 0, fixed: 1 })
    expect(changes(fourth)?.rows.map((r) => cellText(r[0]) + ' ' + cellText(r[5]))).toEqual([
      'fixed backend/app/extra.py',
    ])
  })

  it('a baseline that cannot serve is one warning, and every finding counts (the gate fails closed)', async () => {
    ws = makeWorkspace('6.0.0')
    const without = await run({})
    const write = (name: string, text: string) => {
      writeFileSync(join(ws.dir, name), text)
      return name // relative to working-directory, as a workflow gives it
    }
    const unusable: [string, RegExp][] = [
      ['no-such-report.json', /cannot be read/],
      [write('not-json.json', '{ nope'), /is not JSON/],
      [
        write('other.json', JSON.stringify({ ...without.report, action: 'db-maintain' })),
        /is a db-maintain report/,
      ],
      [
        write('old.json', JSON.stringify({ ...without.report, schemaVersion: undefined })),
        /from before versions/,
      ],
    ]
    for (const [baseline, why] of unusable) {
      const logger = recordingLogger()
      const result = await run({ baseline }, { logger })
      const warnings = logger.messages.filter((m) => m.startsWith('warning: baseline'))
      expect(warnings).toHaveLength(1)
      expect(warnings[0]).toMatch(why)
      expect(result.outputs.new).toBe(without.outputs.new)
      expect(result.outputs.fixed).toBeUndefined()
      expect(result.report.status).toBe(without.report.status)
      expect(result.report.checks.some((c) => c.id === 'baseline')).toBe(false)
    }
  })

  it('writes SARIF for upload-sarif', async () => {
    ws = makeWorkspace('6.0.0')
    const sarif = join(ws.dir, 'out', 'dep-audit.sarif')
    await run({ sarif })
    expect(existsSync(sarif)).toBe(true)
    const log = JSON.parse(readFileSync(sarif, 'utf8'))
    expect(log.version).toBe('2.1.0')
    expect(log.runs.map((r: { tool: { driver: { name: string } } }) => r.tool.driver.name).sort()).toEqual([
      'bandit',
      'npm audit',
      'pip-audit',
    ])
  })

  it('fails closed when pip-audit is missing and cannot be installed; its venv is in RUNNER_TEMP, said, and removed', async () => {
    ws = makeWorkspace('7.0.0')
    // No pip-audit on PATH, and an index on a port that refuses: the install fails at once.
    Object.assign(process.env, pipOnly(`http://127.0.0.1:${refusing.port + 1}/simple`))
    process.env.PATH = (process.env.PATH ?? '')
      .split(':')
      .filter((d) => !existsSync(join(d, 'pip-audit')))
      .join(':')
    const runnerTemp = mkdtempSync(join(tmpdir(), 'runner-temp-'))
    process.env.RUNNER_TEMP = runnerTemp
    try {
      const parsed = readInputs(
        new InputReader(
          objectInputGetter({
            'working-directory': ws.dir,
            'npm-audit-report': fixture('npm-audit-v2-clean.json'),
            'bandit-fail-on': 'none',
            outdated: 'false',
          }),
        ),
      )
      const logger = recordingLogger()
      const venvs: string[] = []
      const result = await audit(parsed, logger, new Date(), { onVenv: (dir) => dir && venvs.push(dir) })
      expect(check(result, 'tool:pip-audit').detail).toMatch(
        /^incomplete: could not (install pip-audit|create a virtual environment)/,
      )
      expect(result.report.status).toBe('fail')
      // Where it went was said, it was under RUNNER_TEMP, the post step was told, and it is gone.
      expect(venvs).toHaveLength(1)
      expect(venvs[0].startsWith(join(runnerTemp, 'dep-audit-pip-audit-'))).toBe(true)
      expect(logger.messages).toContain(`pip-audit is not on PATH: installing it into ${venvs[0]}`)
      expect(logger.messages).toContain(`removed the pip-audit virtual environment ${venvs[0]}`)
      expect(readdirSync(runnerTemp)).toEqual([])
    } finally {
      rmSync(runnerTemp, { recursive: true, force: true })
    }
  }, 120_000)

  it('a scanner that runs long says so while it runs (a stand-in bandit on PATH that waits)', async () => {
    ws = makeWorkspace('7.0.0')
    // A real process that does not finish until the action has printed progress: a bandit that hangs
    // cannot be made here on demand, so this script stands in for it. Its wait is bounded (20 s).
    const bin = mkdtempSync(join(tmpdir(), 'slow-bandit-'))
    const release = join(bin, 'release')
    writeFileSync(
      join(bin, 'bandit'),
      [
        '#!/bin/sh',
        'i=0',
        `while [ ! -f '${release}' ] && [ $i -lt 200 ]; do sleep 0.1; i=$((i + 1)); done`,
        `echo '{"errors": [], "metrics": {"_totals": {}, "backend/app/calc.py": {}}, "results": []}'`,
      ].join('\n'),
      { mode: 0o755 },
    )
    process.env.PATH = `${bin}:${process.env.PATH}`
    const logger = recordingLogger()
    const progress: Logger = {
      ...logger,
      info: (message) => {
        logger.info(message)
        if (message.startsWith('still running bandit')) writeFileSync(release, '')
      },
    }
    try {
      const parsed = readInputs(
        new InputReader(
          objectInputGetter({
            'working-directory': ws.dir,
            'npm-audit-report': fixture('npm-audit-v2-clean.json'),
            'pip-audit-report': fixture('pip-audit-no-fix.json'),
            outdated: 'false',
          }),
        ),
      )
      const result = await audit(parsed, progress, new Date(), { progressEveryMs: 200 })
      expect(check(result, 'tool:bandit').status).toBe('pass')
      const said = logger.messages.filter((m) => m.startsWith('still running bandit'))
      expect(said[0]).toMatch(/^still running bandit \(backend\/app\) after \d+(ms|(\.\d+)?s)$/)
      // Nothing more is said once it has finished.
      const count = said.length
      await new Promise((resolve) => setTimeout(resolve, 500))
      expect(logger.messages.filter((m) => m.startsWith('still running bandit'))).toHaveLength(count)
    } finally {
      rmSync(bin, { recursive: true, force: true })
    }
  }, 60_000)

  describe('bad input, before any scan', () => {
    it.each([
      [{ 'npm-projects': 'nope' }, "input 'npm-projects' is 'nope': the npm project does not exist"],
      [
        { 'python-requirements': 'backend/missing.txt' },
        "input 'python-requirements' is 'backend/missing.txt': the requirements file does not exist",
      ],
      [
        { 'fail-on': 'severe' },
        "input 'fail-on' is 'severe': use one of low, moderate, high, critical, none",
      ],
      [{ allowlist: 'none.yml' }, "input 'allowlist' is 'none.yml': the file does not exist"],
      [{ 'max-report-size': '10KB' }, "input 'max-report-size' is '10KB'"],
    ])('%o', (inputs, message) => {
      ws = makeWorkspace('7.0.0')
      expect(
        configError(() =>
          readInputs(new InputReader(objectInputGetter({ 'working-directory': ws.dir, ...inputs }))),
        ),
      ).toMatch(new RegExp(`^${message.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`))
    })
  })
})
