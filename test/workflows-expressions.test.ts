// The expression evaluator that fills the example workflows' inputs in test/e2e/workflows.test.ts: GitHub's
// semantics for the forms the examples use, so a wrong example is not hidden by a lenient evaluator.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'

import { afterAll, describe, expect, it } from 'vitest'

import { evaluate, interpolate } from './support/expressions.js'

const workspace = mkdtempSync(path.join(tmpdir(), 'expressions-'))
mkdirSync(path.join(workspace, '.github'))
writeFileSync(path.join(workspace, '.github', 'smoke.yml'), 'steps: []\n')
afterAll(() => rmSync(workspace, { recursive: true, force: true }))

const contexts = {
  github: { event_name: 'pull_request', event: { inputs: { 'dry-run': 'true' } }, token: 'ghs_x' },
  vars: { HEALTH_URL: 'https://login.example.com/health' },
  secrets: { HEALTH_TOKEN: 't0k3n' },
  steps: { target: { outputs: { trusted: 'false' } } },
}
const ev = (expression: string) => evaluate(expression, contexts, { workspace })

describe('expressions', () => {
  it('looks contexts up, absent ones as null, hyphens included', () => {
    expect(ev('vars.HEALTH_URL')).toBe('https://login.example.com/health')
    expect(ev('github.event.inputs.dry-run')).toBe('true')
    expect(ev('vars.NOT_SET')).toBeNull()
    expect(ev('github.event.deployment.created_at')).toBeNull()
  })

  it('gives && and || their operands, as the conditional idiom needs', () => {
    expect(ev("github.event_name == 'pull_request' && 'baselines/dep-audit.json' || ''")).toBe(
      'baselines/dep-audit.json',
    )
    expect(ev("github.event_name == 'push' && 'baselines/dep-audit.json' || ''")).toBe('')
    expect(ev("vars.NOT_SET || 'http://localhost:8007/health'")).toBe('http://localhost:8007/health')
    expect(ev("github.event_name == 'pull_request'")).toBe(true)
    expect(ev("!(vars.NOT_SET != '')")).toBe(true)
  })

  it("compares strings case-insensitively and null with ''", () => {
    expect(ev("github.event_name == 'PULL_REQUEST'")).toBe(true)
    expect(ev("vars.NOT_SET == ''")).toBe(true)
    expect(ev("vars.HEALTH_URL == ''")).toBe(false)
    expect(ev("steps.target.outputs.trusted == 'true'")).toBe(false)
  })

  it('runs format() and hashFiles() against the workspace', () => {
    expect(ev("format('Authorization: Bearer {0}', secrets.HEALTH_TOKEN)")).toBe(
      'Authorization: Bearer t0k3n',
    )
    expect(ev("hashFiles('.github/smoke.yml') != '' && '.github/smoke.yml' || ''")).toBe('.github/smoke.yml')
    expect(ev("hashFiles('.github/none.yml') != '' && '.github/none.yml' || ''")).toBe('')
  })

  it('puts expressions into text, booleans as true/false and null as nothing', () => {
    expect(interpolate('Authorization: Bearer ${{ secrets.HEALTH_TOKEN }}\n', contexts, { workspace })).toBe(
      'Authorization: Bearer t0k3n\n',
    )
    expect(interpolate("${{ github.event_name == 'pull_request' }}", contexts, { workspace })).toBe('true')
    expect(interpolate('a${{ vars.NOT_SET }}b', contexts, { workspace })).toBe('ab')
    expect(interpolate(15, contexts, { workspace })).toBe('15')
  })

  it('refuses what it does not understand instead of guessing', () => {
    expect(() => ev('toJSON(github)')).toThrow(/not supported/)
    expect(() => ev("vars.A == 'x")).toThrow()
  })
})
