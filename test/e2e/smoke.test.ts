// health-gate's smoke flow in the real bundle on Node 24, as the runner runs it, against the loopback
// login service with an admin route open to ordinary users: the open path fails the run, first.
import { fileURLToPath } from 'node:url'

import { afterEach, describe, expect, inject, it } from 'vitest'

import { ACCOUNTS, LoginService, startLoginService } from '../support/login-service.js'
import { RunResult, readReport, runBundle, visibleText } from '../support/runner.js'

const node = inject('node24')
const LOGIN_FLOW = fileURLToPath(new URL('../fixtures/health-gate/smoke/login.yml', import.meta.url))
const runs: RunResult[] = []
const services: LoginService[] = []
afterEach(async () => {
  runs.splice(0).forEach((r) => r.cleanup())
  await Promise.all(services.splice(0).map((s) => s.close()))
})

describe('health-gate smoke flow bundle on Node 24', () => {
  it('fails on an admin route open to ordinary users, reports it first, and leaks no secret', async () => {
    const service = await startLoginService(['admin-open'])
    services.push(service)
    const password = ACCOUNTS.alice.password
    const result = await runBundle('health-gate', {
      node,
      inputs: { url: `${service.url}/health`, smoke: LOGIN_FLOW, samples: '2' },
      env: { SMOKE_PASSWORD: password },
    })
    runs.push(result)

    expect(result.exitCode).toBe(1)
    expect(result.outputs).toMatchObject({ 'smoke-passed': '6', 'smoke-failed': '1', 'authz-failures': '1' })
    const report = readReport(result)
    expect(report.checks[0]).toMatchObject({ id: 'authz:admin page as an ordinary user', status: 'fail' })
    expect(result.summary).toContain('Smoke flow')
    expect(result.summary).toContain('OPEN: refusal expected')
    // The runner masks the password and the issued token in its log; we never write them anywhere.
    expect(result.masks).toEqual(expect.arrayContaining([password, service.issued[0]]))
    const visible = visibleText(result)
    expect(visible).not.toContain(password)
    expect(visible).not.toContain(service.issued[0])
  })
})
