// The dep-audit bundle on Node 24, run as the GitHub runner runs it: real npm against a registry on
// 127.0.0.1, real bandit, and the recorded pip-audit output (PyPI is not reachable here).
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest'

import { Workspace, fakePypi, fakeRegistry, makeWorkspace, pipOnly } from '../dep-audit/workspace.js'
import { startGitHubApi } from '../support/github-api.js'
import { RunResult, runBundle, visibleText } from '../support/runner.js'
import { LoopbackServer } from '../support/servers.js'

const node = inject('node24')
const fixture = (name: string) => new URL(`../fixtures/audit/${name}`, import.meta.url).pathname
let registry: LoopbackServer
let refusing: LoopbackServer
let pypi: LoopbackServer
let ws: Workspace
const runs: RunResult[] = []

beforeAll(async () => {
  registry = await fakeRegistry()
  refusing = await fakeRegistry({ refuse: true })
  pypi = await fakePypi({ fastapi: ['0.65.1', '0.110.0'], starlette: ['0.14.2'] })
})
afterAll(async () => {
  await registry.close()
  await refusing.close()
  await pypi.close()
})
afterEach(() => {
  runs.splice(0).forEach((r) => r.cleanup())
  ws?.dispose()
})

async function run(inputs: Record<string, string>, server: LoopbackServer) {
  const result = await runBundle('dep-audit', {
    node,
    inputs: { 'working-directory': ws.dir, 'pip-audit-report': fixture('pip-audit-vulns.json'), ...inputs },
    env: {
      npm_config_registry: `${server.url}/`,
      HOME: process.env.HOME ?? '/tmp',
      ...pipOnly(`${pypi.url}/simple`),
    },
    timeoutMs: 120_000,
  })
  runs.push(result)
  return result
}

describe('dep-audit bundle on Node 24', () => {
  it('fails closed when the advisory service refuses, and says which tool and why', async () => {
    ws = makeWorkspace('7.0.0')
    const result = await run({ 'bandit-fail-on': 'none', 'unknown-severity': 'low' }, refusing)
    expect(result.exitCode).toBe(1)
    const errors = result.annotations.filter((a) => a.kind === 'error').map((a) => a.message)
    expect(errors.some((m) => /^incomplete: .*405 Method Not Allowed/.test(m))).toBe(true)
    expect(result.outputs.status).toBe('fail')
  })

  it('gates on real findings: outputs, linked summary, bandit annotations on file and line, token masked', async () => {
    ws = makeWorkspace('6.0.0')
    const token = 'ghp_fakeTokenForTheTest0123456789'
    const result = await run({ token, sarif: 'out/dep-audit.sarif' }, registry)
    expect(result.exitCode).toBe(1)
    expect(Number(result.outputs.vulnerabilities)).toBeGreaterThan(1)
    expect(Number(result.outputs.high)).toBeGreaterThan(0)
    expect(Number(result.outputs['code-issues'])).toBeGreaterThanOrEqual(3)
    // is-number (npm) and fastapi's pin in backend/requirements.txt (pip's index)
    expect(result.outputs.outdated).toBe('2')
    expect(result.summary).toContain(
      '<a href="https://github.com/advisories/GHSA-abcd-efgh-ijkl">GHSA-abcd-efgh-ijkl</a>',
    )
    expect(result.summary).toContain('Findings by severity')
    const notices = result.annotations.filter((a) => a.kind === 'notice')
    expect(notices.some((a) => a.title?.startsWith('bandit B602'))).toBe(true)
    expect(result.stdout).toMatch(/::notice title=bandit B602[^:]*,file=backend\/app\/tasks\.py,line=6::/)
    // bandit quotes a hard-coded password in its message: never repeated anywhere.
    expect(result.stdout).toContain("Possible hardcoded password: '***'")
    expect(
      [result.stdout, result.summary, readFileSync(result.outputs.report, 'utf8')].join('\n'),
    ).not.toContain('hunter2-not-a-real-secret')
    expect(JSON.parse(readFileSync(`${ws.dir}/out/dep-audit.sarif`, 'utf8')).version).toBe('2.1.0')
    expect(result.masks).toContain(token)
    expect(visibleText(result)).not.toContain(token)
  })

  it('bad input: one line naming the input, exit 1, nothing scanned', async () => {
    ws = makeWorkspace('7.0.0')
    const result = await run({ 'fail-on': 'severe' }, registry)
    expect(result.exitCode).toBe(1)
    expect(result.annotations.filter((a) => a.kind === 'error').map((a) => a.message)).toEqual([
      "dep-audit: input 'fail-on' is 'severe': use one of low, moderate, high, critical, none",
    ])
    expect(registry.requests.filter((r) => r.url?.includes('advisories')).length).toBeGreaterThanOrEqual(0)
    expect(result.outputs.report).toBeUndefined()
  })
})

describe('dep-audit bundle on a pull request, with comment', () => {
  it('posts the findings as one comment through GITHUB_API_URL, keeps that one comment on the next run, never shows the token', async () => {
    const api = await startGitHubApi({ repository: 'example/trusted-login' })
    try {
      const pull = api.addPullRequest({ title: 'Bump axios' })
      ws = makeWorkspace('7.0.0')
      const event = join(ws.dir, 'event.json')
      writeFileSync(
        event,
        JSON.stringify({ action: 'opened', number: pull.number, pull_request: { number: pull.number } }),
      )
      const once = async () => {
        const result = await runBundle('dep-audit', {
          node,
          inputs: {
            'working-directory': ws.dir,
            'npm-audit-report': fixture('npm-audit-v2-via-chain.json'),
            'pip-audit-report': fixture('pip-audit-vulns.json'),
            'bandit-report': fixture('bandit.json'),
            outdated: 'false',
            comment: 'true',
            token: api.token,
          },
          env: {
            GITHUB_API_URL: api.url,
            GITHUB_SERVER_URL: 'https://github.com',
            GITHUB_EVENT_NAME: 'pull_request',
            GITHUB_EVENT_PATH: event,
          },
          timeoutMs: 60_000,
        })
        runs.push(result)
        return result
      }
      const first = await once()
      expect(first.exitCode).toBe(1)
      const second = await once()
      expect(second.exitCode).toBe(1)

      const comments = api.state.comments.filter((c) => c.issue_number === pull.number)
      expect(comments).toHaveLength(1)
      expect(first.outputs.status).toBe('fail')
      expect(first.stdout).toContain('dep-audit: pull-request comment created: ')
      // The same findings again: the comment is found by its marker and left as it is.
      expect(second.stdout).toContain('dep-audit: pull-request comment unchanged: ')
      expect(comments[0].body).toContain('### ❌ dep-audit')
      expect(comments[0].body).toContain('(https://github.com/example/trusted-login/actions/runs/1234)')
      expect(api.violations).toEqual([])
      expect(api.requests.every((r) => r.token === api.token)).toBe(true)
      for (const result of [first, second]) expect(visibleText(result)).not.toContain(api.token)
      expect(comments[0].body).not.toContain(api.token)
    } finally {
      await api.close()
    }
  })
})
