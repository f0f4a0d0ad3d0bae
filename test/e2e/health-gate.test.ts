// The real bundle, run the way the GitHub runner runs it (action.yml defaults, INPUT_* variables, file
// commands), on Node 24 as action.yml declares, against real servers on 127.0.0.1.
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest'

import {
  RunOptions,
  RunResult,
  readActionMetadata,
  readReport,
  runBundle,
  visibleText,
} from '../support/runner.js'
import {
  Certificate,
  LoopbackServer,
  freePort,
  json,
  makeCertificate,
  startServer,
} from '../support/servers.js'

const node = inject('node24')
const runs: RunResult[] = []
const servers: LoopbackServer[] = []
afterEach(async () => {
  runs.splice(0).forEach((r) => r.cleanup())
  await Promise.all(servers.splice(0).map((s) => s.close()))
})

async function run(
  inputs: Record<string, string>,
  env: Record<string, string> = {},
  options: Pick<RunOptions, 'onStdout'> = {},
) {
  const result = await runBundle('health-gate', {
    node,
    inputs: { 'retry-delay': '100ms', ...inputs },
    env,
    ...options,
  })
  runs.push(result)
  return result
}

async function serve(...args: Parameters<typeof startServer>) {
  const server = await startServer(...args)
  servers.push(server)
  return server
}

describe('health-gate bundle on Node 24', () => {
  it('runs the bundles on Node 24, the runtime action.yml declares', () => {
    expect(execFileSync(node, ['--version'], { encoding: 'utf8' })).toMatch(/^v24\./)
    expect(readActionMetadata('health-gate').runs.using).toBe('node24')
  })

  it('passes a healthy service and writes outputs, summary and report', async () => {
    const server = await serve(
      json(200, { status: 'healthy', uptime: 7200, checks: { database: 'ok', storage: 'ok' } }),
    )
    const result = await run({ url: `${server.url}/health`, 'required-checks': 'database,storage' })
    expect(result.exitCode).toBe(0)
    expect(result.outputs.status).toBe('healthy')
    expect(result.outputs['uptime-seconds']).toBe('7200')
    for (const name of ['p50-ms', 'p95-ms', 'p99-ms']) expect(Number(result.outputs[name])).toBeGreaterThan(0)
    expect(result.summary).toContain('health-gate: 1 of 1 URL(s) healthy')
    expect(result.summary).toContain('<td>database: ok, storage: ok</td>')
    expect(result.annotations.filter((a) => a.kind === 'error')).toEqual([])
    const report = readReport(result)
    expect(report.status).toBe('pass')
    expect(report.checks.map((c) => c.id)).toEqual([
      `availability:${server.url}/health`,
      `components:${server.url}/health`,
      `latency:${server.url}/health`,
    ])
    expect(result.post).toBeUndefined()
  })

  it("keeps V8's compiled code in the runner's tool cache for the next run", async () => {
    const server = await serve(json(200, { status: 'healthy' }))
    const toolCache = mkdtempSync(join(tmpdir(), 'tool-cache-'))
    try {
      for (let i = 0; i < 2; i++) {
        const result = await run({ url: server.url }, { RUNNER_TOOL_CACHE: toolCache })
        expect(result.exitCode).toBe(0)
        expect(result.outputs.status).toBe('healthy')
      }
      // Node keeps one folder per Node version and V8 flags, holding the compiled modules.
      const cache = join(toolCache, 'runbook-actions', 'compile-cache')
      const [version] = readdirSync(cache)
      expect(version).toMatch(/^v24\./)
      expect(readdirSync(join(cache, version)).length).toBeGreaterThan(0)
    } finally {
      rmSync(toolCache, { recursive: true, force: true })
    }
  })

  it('runs the check as usual when the compile cache cannot be written', async () => {
    const server = await serve(json(200, { status: 'healthy' }))
    const result = await run({ url: server.url }, { RUNNER_TOOL_CACHE: '/proc/self/no-such-folder' })
    expect(result.exitCode).toBe(0)
    expect(result.outputs.status).toBe('healthy')
    expect(result.annotations).toEqual([])
  })

  it('fails loudly on an unhealthy service: exit 1, an error annotation, failing row first', async () => {
    const good = await serve(json(200, { status: 'healthy', checks: { database: 'ok' } }))
    const bad = await serve(json(200, { status: 'UP', components: { database: { status: 'DOWN' } } }))
    const result = await run({ url: `${good.url},${bad.url}`, 'required-checks': 'database' })
    expect(result.exitCode).toBe(1)
    expect(result.outputs.status).toBe('unhealthy')
    const errors = result.annotations.filter((a) => a.kind === 'error')
    expect(errors.map((e) => e.message)).toContain('component database is DOWN')
    expect(errors.at(-1)?.message).toMatch(/^health-gate: component database is DOWN/)
    const rows = result.summary.split('<h3>URLs</h3>').at(-1) ?? result.summary
    expect(rows.indexOf(bad.url)).toBeLessThan(rows.indexOf(`<td>${good.url}</td>`))
  })

  it('a 500 from django-health-check is one error naming the failing check, not three', async () => {
    const body = readFileSync(
      fileURLToPath(new URL('../fixtures/health-gate/django-health-check-failing.json', import.meta.url)),
      'utf8',
    )
    const server = await serve(json(500, body))
    const result = await run({
      url: server.url,
      retries: '0',
      'min-uptime': '10m',
      'required-checks': 'DatabaseBackend',
    })
    expect(result.exitCode).toBe(1)
    const errors = result.annotations.filter((a) => a.kind === 'error').map((a) => a.message)
    // The failure itself, then the run's one-line conclusion that repeats it.
    expect(errors.filter((m) => !m.startsWith('health-gate:'))).toEqual([
      'HTTP 500 (expected 200); failing: DatabaseBackend (unknown error: JSON Error)',
    ])
    expect(result.summary).not.toContain('no uptime in the body')
    expect(result.summary).toContain('not checked: the service answered 500')
  })

  it('waits for a service that comes up after the action started', async () => {
    // The service comes up once the action has been refused (an event: a loaded machine may take longer
    // than any fixed delay to start the action).
    const port = await freePort()
    let started: Promise<unknown> | undefined
    const result = await run(
      { url: `http://127.0.0.1:${port}/health`, wait: '20s', 'retry-delay': '500ms' },
      {},
      {
        onStdout: (stdout) => {
          if (!started && /connection refused; trying again/.test(stdout))
            started = serve(json(200, { status: 'healthy' }), { port })
        },
      },
    )
    await started
    expect(result.exitCode).toBe(0)
    expect(result.stdout).toMatch(/connection refused; trying again in 500ms/)
  })

  it('never shows a header secret: not in stdout, summary, outputs, annotations or the report', async () => {
    const secret = 'tok-3f9a7c1e5b2d48a6'
    const server = await serve((req, res) => {
      // An echoing endpoint: the worst case, the secret comes back in the body.
      json(req.headers.authorization === `Bearer ${secret}` ? 200 : 401, {
        status: 'healthy',
        echo: req.headers.authorization,
      })(req, res, 0)
    })
    const result = await run({
      url: server.url,
      headers: `Authorization: Bearer ${secret}\nX-Api-Key: key-${secret}`,
    })
    expect(result.exitCode).toBe(0)
    expect(server.requests[0].headers['x-api-key']).toBe(`key-${secret}`)
    expect(result.masks).toContain(secret)
    const visible = visibleText(result)
    expect(visible).not.toContain(secret)
    expect(result.summary).toContain('&quot;echo&quot;: &quot;***&quot;')
  })

  it('never shows a URL password, even in a failure', async () => {
    const port = await freePort()
    const result = await run({ url: `http://ops:pa55-w0rd-x@127.0.0.1:${port}/health`, retries: '0' })
    expect(result.exitCode).toBe(1)
    expect(visibleText(result)).not.toContain('pa55-w0rd-x')
    expect(result.stdout).toContain(`http://ops:***@127.0.0.1:${port}/health`)
  })

  it('never shows credentials given only in the URL, nor their Basic (base64) form, even when echoed', async () => {
    const password = 'pa55-w0rd-y'
    const basic = Buffer.from(`ops:${password}`).toString('base64')
    const server = await serve((req, res) => {
      // An echoing endpoint: the Authorization header Node built from the URL comes back in the body.
      json(200, { status: 'healthy', echo: req.headers.authorization })(req, res, 0)
    })
    const result = await run({ url: `http://ops:${password}@127.0.0.1:${server.port}/health`, samples: '1' })
    expect(result.exitCode).toBe(0)
    expect(server.requests[0].headers.authorization).toBe(`Basic ${basic}`) // the credentials were sent
    const visible = visibleText(result)
    for (const secret of [password, basic, basic.replace(/=+$/, ''), `ops:${password}`]) {
      expect(visible).not.toContain(secret)
    }
    expect(result.masks).toContain(basic)
    expect(result.summary).toContain('&quot;echo&quot;: &quot;Basic ***&quot;')
  })

  it('fails on a certificate 3 days from expiry', async () => {
    const cert: Certificate = makeCertificate(3)
    try {
      const server = await serve(json(200, { status: 'healthy' }), { tls: cert })
      const result = await run({ url: server.url, 'ca-cert': cert.certPath })
      expect(result.exitCode).toBe(1)
      expect(result.annotations.find((a) => a.kind === 'error')?.message).toMatch(
        /2\.9 days left \(under 7\)/,
      )
    } finally {
      cert.dispose()
    }
  })

  describe('bad input fails before any request, in one line naming the input', () => {
    let server: LoopbackServer
    beforeAll(async () => {
      server = await startServer(json(200, { status: 'healthy' }))
    })
    afterAll(() => server.close())

    it.each([
      [{ url: 'not a url' }, "health-gate: input 'url' is 'not a url': use a full http:// or https:// URL"],
      [
        { url: 'ftp://127.0.0.1/health' },
        "health-gate: input 'url' is 'ftp://127.0.0.1/health': the scheme must be http or https, not ftp",
      ],
      [
        { timeout: '10 parsecs' },
        "health-gate: input 'timeout' is '10 parsecs': use a duration such as 500ms, 5s, 2m, 1h or 7d",
      ],
      [{ samples: '0' }, "health-gate: input 'samples' is '0': use a value from 1 to 10000"],
      [{ samples: '10001' }, "health-gate: input 'samples' is '10001': use a value from 1 to 10000"],
      [{ 'status-path': 'status' }, "health-gate: input 'status-path' is 'status': a path starts with '.'"],
      [
        { 'expected-status': '2000' },
        "health-gate: input 'expected-status' is '2000': use HTTP codes and ranges",
      ],
      [{ url: '' }, "health-gate: input 'url' is required but was not set"],
    ])('%o', async (inputs, message) => {
      const before = server.requests.length
      const result = await run({ url: server.url, ...inputs })
      expect(result.exitCode).toBe(1)
      const errors = result.annotations.filter((a) => a.kind === 'error')
      expect(errors).toHaveLength(1)
      expect(errors[0].message.startsWith(message)).toBe(true)
      expect(errors[0].message).not.toContain('\n')
      expect(result.stdout).not.toMatch(/\n\s+at /) // no stack trace
      expect(server.requests.length).toBe(before)
      expect(result.outputs.report).toBeUndefined()
    })
  })
})
