// Smoke flows against a real login service on 127.0.0.1: the file's checks (line and column), the
// steps, authorization failures first, and secrets (passwords, tokens) kept out of what we write.
import { fileURLToPath } from 'node:url'

import { afterEach, beforeEach, describe, expect, it } from 'vitest'

import { checkHealth } from '../../src/health-gate/action.js'
import { outputsOf } from '../../src/health-gate/evaluate.js'
import { readInputs } from '../../src/health-gate/inputs.js'
import { parseSmokeFlow } from '../../src/health-gate/smoke-file.js'
import { runSmokeFlow } from '../../src/health-gate/smoke-run.js'
import { InputReader, objectInputGetter } from '../../src/core/inputs.js'
import { recordingLogger } from '../../src/core/logger.js'
import { clearSecretsForTests } from '../../src/core/secrets.js'
import { renderSummary } from '../../src/core/summary.js'
import { configError } from '../support/assertions.js'
import { ACCOUNTS, LoginFlaw, LoginService, startLoginService } from '../support/login-service.js'
import { startServer } from '../support/servers.js'

const FIXTURES = fileURLToPath(new URL('../fixtures/health-gate/smoke', import.meta.url))
const PASSWORD = ACCOUNTS.alice.password
const env = { SMOKE_PASSWORD: PASSWORD }

const services: LoginService[] = []
beforeEach(() => clearSecretsForTests())
afterEach(async () => {
  await Promise.all(services.splice(0).map((s) => s.close()))
})

async function service(...flaws: LoginFlaw[]) {
  const started = await startLoginService(flaws)
  services.push(started)
  return started
}

/** Runs health-gate with `smoke` pointing into the fixtures, as a workflow would. */
async function run(server: LoginService, smoke = 'login.yml', runEnv: NodeJS.ProcessEnv = env) {
  const inputs = readInputs(
    new InputReader(objectInputGetter({ url: `${server.url}/health`, smoke, samples: '1' })),
    FIXTURES,
    runEnv,
  )
  const logger = recordingLogger()
  const report = await checkHealth(inputs, { logger, clock: () => new Date() })
  const table = report.tables.find((t) => t.title === 'Smoke flow')!
  const row = (name: string) => table.rows.find((r) => r[0] === name)
  return { report, outputs: outputsOf(report), logger, row }
}

describe('smoke file', () => {
  it('reads the typical login flow and infers authorization steps from 401 and 403', () => {
    const server = { url: 'http://127.0.0.1:1' } as LoginService
    const flow = readInputs(
      new InputReader(objectInputGetter({ url: `${server.url}/health`, smoke: 'login.yml' })),
      FIXTURES,
      env,
    ).smoke!
    expect(flow.steps.map((s) => [s.name, s.method, s.kind])).toEqual([
      ['log in', 'POST', 'flow'],
      ['profile with the token', 'GET', 'flow'],
      ['profile without a token', 'GET', 'authz'],
      ['profile with a forged token', 'GET', 'authz'],
      ['admin page as an ordinary user', 'GET', 'authz'],
      ['log out', 'POST', 'flow'],
      ['the old token after logout', 'GET', 'authz'],
    ])
    expect(flow.steps[0].body).toEqual({ type: 'json', value: { username: 'alice', password: PASSWORD } })
    expect(flow.steps[1].needs).toEqual(['token'])
  })

  it('names the file, line and column of a YAML syntax error', () => {
    const message = configError(() =>
      readInputs(
        new InputReader(objectInputGetter({ url: 'http://127.0.0.1:1/', smoke: 'syntax-error.yml' })),
        FIXTURES,
        env,
      ),
    )
    expect(message).toMatch(/^smoke file syntax-error\.yml:\d+:\d+: YAML syntax error: /)
    expect(message).not.toContain('\n')
  })

  it('names the line and column of an unknown key, and the keys allowed there', () => {
    const message = configError(() =>
      readInputs(
        new InputReader(objectInputGetter({ url: 'http://127.0.0.1:1/', smoke: 'unknown-key.yml' })),
        FIXTURES,
        env,
      ),
    )
    expect(message).toBe(
      "smoke file unknown-key.yml:7:7: unknown key 'body': use one of status, json, headers, max-latency",
    )
  })

  it.each([
    [
      'steps:\n  - name: a\n    path: /x\n    expect: { status: [200, nope] }\n',
      "f.yml:4:29: \"nope\" is not valid here: A status (200) or a range ('200-299', '2xx')",
    ],
    ['steps:\n  - name: a\n    path: x\n', 'f.yml:3:11: must match pattern'],
    [
      'steps:\n  - name: a\n    path: /x\n    method: FETCH\n',
      "f.yml:4:13: 'FETCH' is not allowed: use one of GET",
    ],
    [
      'steps:\n  - name: a\n    path: /x\n    expect: { json: { .a..b: { exists: true } } }\n',
      "f.yml:4:23: '.a..b' is not a jq-style path",
    ],
    [
      'steps:\n  - name: a\n    path: /x\n    headers: { X: "${{ captures.t }}" }\n',
      'f.yml:4:19: ${{ captures.t }} is not captured by an earlier step',
    ],
    [
      'steps:\n  - name: a\n    path: "/x?k=${{ env.NOPE }}"\n',
      "f.yml:3:11: ${{ env.NOPE }} is empty: set NOPE in the step's env",
    ],
    ['steps:\n  - name: a\n    path: /x\n  - name: a\n    path: /y\n', "f.yml:4:11: a second step named 'a'"],
    [
      'steps:\n  - name: a\n    path: /x\n    expect: { max-latency: fast }\n',
      "f.yml:4:28: 'fast' is not a duration",
    ],
  ])('points at the mistake in %j', (text, expected) => {
    expect(configError(() => parseSmokeFlow(text, 'f.yml', {}))).toContain(expected)
  })
})

describe('smoke flow against a login service', () => {
  it('passes every step of a healthy service, and masks the password and the token', async () => {
    const server = await service()
    const { report, outputs, logger } = await run(server)
    expect(report.checks.filter((c) => c.status !== 'pass')).toEqual([])
    expect(outputs).toMatchObject({ 'smoke-passed': 7, 'smoke-failed': 0, 'authz-failures': 0 })
    // The forged token and the login's bearer header went out; what came back for alice is hers.
    const written = [JSON.stringify(report), renderSummary(report), ...logger.messages].join('\n')
    expect(server.issued).toHaveLength(1)
    expect(written).not.toContain(server.issued[0])
    expect(written).not.toContain(PASSWORD)
    expect(report.title).toContain('smoke flow: 7 of 7 step(s) passed')
  })

  it('fails the flow when login fails, and skips the steps that needed its token', async () => {
    const { report, outputs, row } = await run(await service('login-fails'))
    expect(row('log in')?.slice(2, 4)).toEqual(['failed', '500'])
    expect(row('log in')?.[5]).toBe('HTTP 500, expected 200')
    expect(row('profile with the token')?.[2]).toBe('skipped')
    expect(row('profile without a token')?.[2]).toBe('passed')
    expect(outputs).toMatchObject({ 'smoke-failed': 1, 'authz-failures': 0 })
    expect(report.status).toBe('fail')
  })

  it.each<[LoginFlaw, string]>([
    ['me-open', 'profile without a token'],
    ['admin-open', 'admin page as an ordinary user'],
    ['logout-keeps-token', 'the old token after logout'],
  ])('reports %s as an authorization failure, first in the report', async (flaw, step) => {
    const { report, outputs, row } = await run(await service(flaw))
    expect(report.checks[0]).toMatchObject({ id: `authz:${step}`, status: 'fail' })
    expect(report.checks[0].detail).toMatch(
      /answered HTTP 200 where it must refuse \((401|403)\): a protected path is open/,
    )
    expect(row(step)?.[2]).toBe('OPEN: refusal expected')
    expect(Number(outputs['authz-failures'])).toBeGreaterThanOrEqual(1)
    expect(report.status).toBe('fail')
  })

  it('fails a step slower than its max-latency, with the time it took', async () => {
    const { outputs, row } = await run(await service('slow-me'))
    expect(row('profile with the token')?.[5]).toMatch(/^took \d+ms, over max-latency 200ms$/)
    expect(outputs).toMatchObject({ 'smoke-failed': 1, 'authz-failures': 0 })
  })

  it('keeps cookies between steps when cookies: true, and forgets one the server deletes', async () => {
    const server = await service()
    const { report, row } = await run(server, 'cookies.yml')
    expect(report.checks.filter((c) => c.status !== 'pass').map((c) => c.detail)).toEqual([])
    expect(row('profile by cookie')?.[3]).toBe('200')
    expect(row('profile after logout')?.[3]).toBe('401')
  })

  it('never writes a secret sent in a header, not even when the step fails', async () => {
    const server = await service()
    const apiKey = 'key-7d1e0f5a9b2c'
    const { report, logger, row } = await run(server, 'secret-header.yml', { ...env, SMOKE_API_KEY: apiKey })
    // The service echoes nothing, but the expectation shows what it found: the value sent is masked.
    expect(row('header echo')?.[2]).toBe('failed')
    const written = [JSON.stringify(report), renderSummary(report), ...logger.messages].join('\n')
    expect(written).not.toContain(apiKey)
    expect(server.requests.some((r) => r.headers['x-api-key'] === apiKey)).toBe(true)
  })

  it('does not call a redirect to a login page an open path, but still fails the step', async () => {
    const server = await startServer((request, response) => {
      response.writeHead(request.url === '/account' ? 302 : 200, { location: '/login' })
      response.end(request.url === '/account' ? '' : '<form>log in</form>')
    })
    const flow = parseSmokeFlow(
      'steps:\n  - name: account\n    path: /account\n    expect: { status: 401 }\n',
      'f.yml',
      {},
    )
    try {
      const [result] = await runSmokeFlow(
        flow,
        { origin: new URL(server.url), timeoutMs: 5000, insecure: false },
        recordingLogger(),
      )
      expect(result).toMatchObject({
        outcome: 'failed',
        opened: false,
        problem: 'HTTP 200 after 1 redirect(s) to /login, expected 401',
      })
    } finally {
      await server.close()
    }
  })
})
