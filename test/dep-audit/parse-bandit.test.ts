import { fileURLToPath } from 'node:url'

import { describe, expect, it } from 'vitest'

import { fingerprint } from '../../src/dep-audit/model.js'
import { flaggedCode, normaliseFile, parseBandit } from '../../src/dep-audit/parse-bandit.js'
import { execTool } from '../../src/core/exec.js'
import { fixture } from './fixtures.js'

const APP = 'test/fixtures/python-app/app'
const ROOT = fileURLToPath(new URL('../..', import.meta.url))

describe('parseBandit', () => {
  it('reads the recorded report of the test app: four findings with severity, confidence, file and line', () => {
    const result = parseBandit(fixture('bandit.json'), { project: APP })
    expect(result.incomplete).toBeUndefined()
    expect(result.errors).toEqual([])
    expect(result.findings.map((f) => `${f.id} ${f.file}:${f.line} ${f.severity}/${f.confidence}`)).toEqual([
      'B307 test/fixtures/python-app/app/calc.py:5 moderate/high',
      'B106 test/fixtures/python-app/app/db.py:5 low/medium',
      'B404 test/fixtures/python-app/app/tasks.py:2 low/high',
      'B602 test/fixtures/python-app/app/tasks.py:6 high/high',
    ])
    expect(result.findings[3]).toEqual({
      tool: 'bandit',
      id: 'B602',
      aliases: [],
      severity: 'high',
      confidence: 'high',
      fixedVersions: [],
      fixAvailable: false,
      title: 'subprocess call with shell=True identified, security issue.',
      file: 'test/fixtures/python-app/app/tasks.py',
      line: 6,
      url: 'https://bandit.readthedocs.io/en/latest/plugins/b602_subprocess_popen_with_shell_equals_true.html',
      // Only the flagged line, not bandit's context lines, and without its number.
      code: 'return subprocess.run("logrotate " + directory, shell=True, check=False)',
      project: APP,
    })
    // B404's line_range is 2–4: the import and the two blank lines after it.
    expect(result.findings[2].code).toBe('import subprocess')
  })

  it('reports files bandit could not parse (errors[]) as incomplete, with their names', () => {
    const result = parseBandit(fixture('bandit-errors.json'), { project: 'test/fixtures/python-app' })
    expect(result.findings.map((f) => `${f.id} ${f.file}:${f.line}`)).toEqual([
      'B307 test/fixtures/python-app/app/calc.py:5',
    ])
    expect(result.errors).toEqual([
      {
        file: 'test/fixtures/python-app/broken/not_python3.py',
        reason: 'syntax error while parsing AST from file',
      },
    ])
    expect(result.incomplete).toBe(
      'bandit could not scan 1 file: test/fixtures/python-app/broken/not_python3.py (syntax error while parsing AST from file)',
    )
  })

  it('maps UNDEFINED severity and confidence to unknown and normalises Windows and absolute paths', () => {
    const report = {
      errors: [],
      results: [
        {
          code: '3 x = 1\n',
          filename: '/home/runner/work/repo/repo/backend\\app\\main.py',
          issue_confidence: 'UNDEFINED',
          issue_severity: 'UNDEFINED',
          issue_text: 'Something.',
          line_number: 3,
          line_range: [3],
          test_id: 'B999',
          test_name: 'something',
        },
      ],
    }
    const [finding] = parseBandit(JSON.stringify(report), {
      project: 'backend',
      root: '/home/runner/work/repo/repo',
    }).findings
    expect(finding).toMatchObject({ severity: 'unknown', confidence: 'unknown', file: 'backend/app/main.py' })
    expect(finding.url).toBeUndefined()
  })

  it.each([
    ['empty output', '', 'bandit printed nothing instead of a JSON report'],
    [
      'a usage error',
      'usage: bandit [-h] [-r]',
      'bandit printed text instead of a JSON report: usage: bandit [-h] [-r]',
    ],
    ['JSON without results', '{"errors": []}', 'bandit printed JSON without a "results" list'],
  ])('reads %s as incomplete', (_, text, reason) => {
    expect(parseBandit(text, { project: '.' })).toMatchObject({ findings: [], incomplete: reason })
  })
})

describe('flaggedCode and normaliseFile', () => {
  it('keeps only the numbered lines of line_range', () => {
    const code = '4 def evaluate(expression):\n5     return eval(expression)\n6 \n'
    expect(flaggedCode(code, [5], 5)).toBe('return eval(expression)')
    expect(flaggedCode(code, undefined, 4)).toBe('def evaluate(expression):')
    expect(flaggedCode(undefined, [5], 5)).toBe('')
  })

  it('relativises only paths inside the root', () => {
    expect(normaliseFile('./app/x.py')).toBe('app/x.py')
    expect(normaliseFile('/elsewhere/x.py', '/work')).toBe('/elsewhere/x.py')
    expect(normaliseFile('/work/app/x.py', '/work')).toBe('app/x.py')
  })
})

describe('the real bandit on test/fixtures/python-app', () => {
  it('finds the hard-coded password, shell=True and eval on their files and lines', async () => {
    const version = await execTool('bandit', ['--version'], { timeoutMs: 30_000 })
    const [major, minor] = (/bandit (\d+)\.(\d+)/.exec(version.stdout)?.slice(1) ?? ['0', '0']).map(Number)
    const run = await execTool('bandit', ['-r', APP, '-f', 'json'], { timeoutMs: 60_000, cwd: ROOT })
    // bandit exits 1 when it found something; 2 would be a usage error.
    expect(run.exitCode).toBe(1)
    const result = parseBandit(run.stdout, { project: APP, root: ROOT })
    expect(result.incomplete).toBeUndefined()
    const at = (id: string) => result.findings.filter((f) => f.id === id).map((f) => `${f.file}:${f.line}`)

    expect(at('B602')).toEqual([`${APP}/tasks.py:6`])
    expect(at('B307')).toEqual([`${APP}/calc.py:5`])
    expect(at('B106')).toEqual([`${APP}/db.py:5`])
    // Debian 12's bandit 1.6.2 listens for ast.Str, which Python 3.8+ no longer produces: it cannot see
    // `DATABASE_PASSWORD = "…"` (B105). bandit 1.7+ can (see test/fixtures/python-app/README.md).
    if (major > 1 || (major === 1 && minor >= 7)) expect(at('B105')).toEqual([`${APP}/config.py:5`])
    else expect(at('B105')).toEqual([])

    const shell = result.findings.find((f) => f.id === 'B602')
    expect(shell).toMatchObject({ severity: 'high', confidence: 'high' })
    expect(shell?.code).toBe('return subprocess.run("logrotate " + directory, shell=True, check=False)')
    // The live run and the recorded fixture agree on identity, whatever the date in generated_at.
    const recorded = parseBandit(fixture('bandit.json'), { project: APP }).findings.map(fingerprint)
    expect(recorded).toEqual(expect.arrayContaining([fingerprint(shell!)]))
  })
})

describe('hidePassword', () => {
  it('masks the quoted password of the hard-coded password tests only', async () => {
    const { hidePassword } = await import('../../src/dep-audit/parse-bandit.js')
    expect(hidePassword('B106', "Possible hardcoded password: 's3cr3t'")).toBe(
      "Possible hardcoded password: '***'",
    )
    expect(hidePassword('B105', 'PASSWORD = "s3cr3t"  # x')).toBe('PASSWORD = "***"  # x')
    expect(hidePassword('B602', "call with shell=True: 'ls'")).toBe("call with shell=True: 'ls'")
  })
})
