// The health-gate logic against real HTTP(S) servers on 127.0.0.1: everything but the runner.
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

import { afterEach, describe, expect, it } from 'vitest'

import { readInputs } from '../../src/health-gate/inputs.js'
import { checkHealth } from '../../src/health-gate/action.js'
import { outputsOf } from '../../src/health-gate/evaluate.js'
import { InputReader, objectInputGetter } from '../../src/core/inputs.js'
import { recordingLogger } from '../../src/core/logger.js'
import {
  Certificate,
  LoopbackServer,
  freePort,
  json,
  makeCertificate,
  startServer,
} from '../support/servers.js'

const servers: LoopbackServer[] = []
const certificates: Certificate[] = []
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()))
  certificates.splice(0).forEach((c) => c.dispose())
})

async function serve(...args: Parameters<typeof startServer>) {
  const server = await startServer(...args)
  servers.push(server)
  return server
}

const DAY = 86_400_000

/**
 * Runs the checks with action.yml-like inputs; fast retry delays so the tests stay quick. The clock is
 * the real one unless a test moves it (certificates are made with the real date).
 */
async function check(inputs: Record<string, string>, clock = () => new Date()) {
  const parsed = readInputs(
    new InputReader(objectInputGetter({ 'retry-delay': '50ms', samples: '3', ...inputs })),
  )
  const logger = recordingLogger()
  const report = await checkHealth(parsed, { logger, clock })
  const failures = report.checks.filter((c) => c.status !== 'pass').map((c) => c.detail)
  return { report, outputs: outputsOf(report), failures, logger }
}

describe('health-gate: the runbook check', () => {
  it('passes when /health says healthy, as the runbook expects', async () => {
    const server = await serve(json(200, { status: 'healthy', uptime: 5400 }))
    const { report, outputs } = await check({ url: `${server.url}/health` })
    expect(report.status).toBe('pass')
    expect(outputs.status).toBe('healthy')
    expect(outputs['uptime-seconds']).toBe(5400)
    expect(Number(outputs['p95-ms'])).toBeGreaterThan(0)
    expect(server.requests).toHaveLength(1 + 3) // the check, then three latency samples
  })

  it('warns on degraded, and fails on it when fail-on-degraded is set', async () => {
    const server = await serve(json(200, { status: 'degraded' }))
    const warned = await check({ url: server.url })
    expect(warned.report.status).toBe('warn')
    expect(warned.outputs.status).toBe('degraded')
    expect(warned.failures[0]).toMatch(/degraded: HTTP 200, status degraded at \.status/)

    const failed = await check({ url: server.url, 'fail-on-degraded': 'true' })
    expect(failed.report.status).toBe('fail')
    expect(failed.outputs.status).toBe('unhealthy')
  })

  it('fails on an unhealthy status, naming the value and where it was read', async () => {
    const server = await serve(json(200, { status: 'unhealthy' }))
    const { report, failures } = await check({ url: server.url })
    expect(report.status).toBe('fail')
    expect(failures).toContain('status unhealthy at .status')
  })

  it('fails on HTTP 503 after retrying it with backoff', async () => {
    const server = await serve(json(503, { status: 'unhealthy' }))
    const { failures, logger } = await check({ url: server.url, retries: '2' })
    expect(failures[0]).toBe('HTTP 503 (expected 200) after 3 attempts')
    expect(logger.messages.filter((m) => m.includes('trying again'))).toHaveLength(2)
  })

  it('does not retry a 404, which no retry will fix', async () => {
    const server = await serve(json(404, 'not found'))
    const { failures } = await check({ url: server.url, retries: '3' })
    expect(failures).toEqual(['HTTP 404 (expected 200)'])
    // Neither retried nor sampled: every latency sample would fail for the same reason.
    expect(server.requests.length).toBe(1)
  })

  it('passes when the server fails twice and then recovers (retries)', async () => {
    const server = await serve((_req, res, count) =>
      count <= 2
        ? json(503, { status: 'starting' })(_req, res, count)
        : json(200, { status: 'healthy' })(_req, res, count),
    )
    const { report, logger } = await check({ url: server.url, retries: '3' })
    expect(report.status).toBe('pass')
    expect(report.checks[0].detail).toContain('after 3 attempts')
    expect(logger.messages.some((m) => m.includes('HTTP 503 (expected 200); trying again in 50ms'))).toBe(
      true,
    )
  })

  it('times out a server slower than the timeout, and says after how long', async () => {
    // The server never answers: only the timeout can end this test before vitest's own.
    const server = await serve(() => undefined)
    const { failures } = await check({ url: server.url, timeout: '300ms', retries: '0' })
    expect(failures[0]).toBe('timed out after 300ms')
  })

  it('reports connection refused in those words', async () => {
    const port = await freePort()
    const { failures, report } = await check({ url: `http://127.0.0.1:${port}/health`, retries: '1' })
    expect(failures[0]).toBe('connection refused after 2 attempts')
    expect(report.checks.find((c) => c.id.startsWith('latency'))).toBeUndefined()
  })

  it('waits for a server that starts 3 s after the check began (post-deploy gate)', async () => {
    const port = await freePort()
    const late = new Promise<void>((resolve) =>
      setTimeout(async () => {
        await serve(json(200, { status: 'healthy' }), { port })
        resolve()
      }, 3000),
    )
    const started = Date.now()
    const { report } = await check({
      url: `http://127.0.0.1:${port}/health`,
      wait: '20s',
      'retry-delay': '500ms',
    })
    await late
    expect(report.status).toBe('pass')
    // It waited: the server did not exist before 3 s (how much longer a loaded machine takes is no matter).
    expect(Date.now() - started).toBeGreaterThanOrEqual(2900)
  })

  it('gives up waiting when the wait runs out, with the last reason', async () => {
    const server = await serve(json(503, { status: 'down' }))
    const { failures } = await check({ url: server.url, wait: '1s', 'retry-delay': '200ms' })
    expect(failures[0]).toMatch(/^HTTP 503 \(expected 200\) after \d+ attempts$/)
    // Pauses of up to 200 ms fill the 1 s wait, however slow each attempt is: at most 7 attempts. A wait
    // that never ran out would go on until the test's own timeout.
    expect(Number(/after (\d+) attempts/.exec(failures[0])?.[1])).toBeLessThanOrEqual(7)
  })

  it('reads at most 1 MiB of a huge endless body and fails without hanging', async () => {
    const server = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' })
      const chunk = Buffer.alloc(64 * 1024, 'a')
      const pump = () => {
        while (res.write(chunk));
      }
      res.on('drain', pump)
      res.on('close', () => res.off('drain', pump))
      res.write('{"status": "healthy", "junk": "')
      pump()
    })
    const { failures } = await check({ url: server.url, retries: '0', samples: '1', timeout: '5s' })
    expect(failures[0]).toMatch(
      /^the body was cut at the 1 MiB cap, so it cannot be judged .*: "\{\\"status\\": \\"healthy\\"/,
    )
  })

  it('fails a body "ok" followed by endless spaces: cut at the cap, it is not healthy', async () => {
    const server = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain' })
      const chunk = Buffer.alloc(64 * 1024, ' ')
      const pump = () => {
        while (res.write(chunk));
      }
      res.on('drain', pump)
      res.on('close', () => res.off('drain', pump))
      res.write('ok')
      pump()
    })
    const { report, failures } = await check({ url: server.url, retries: '0', samples: '1', timeout: '5s' })
    expect(report.status).toBe('fail')
    expect(failures[0]).toMatch(/^the body was cut at the 1 MiB cap, so it cannot be judged .*: "ok"$/)
  })

  it('gives a 500 one failure, its status; the checks that read the body say "not checked"', async () => {
    const server = await serve(json(500, { error: 'Internal Server Error' }))
    const { report } = await check({
      url: server.url,
      retries: '0',
      'min-uptime': '10m',
      'required-checks': 'database',
    })
    expect(report.status).toBe('fail')
    const failed = report.checks.filter((c) => c.status === 'fail')
    expect(failed.map((c) => c.detail)).toEqual(['HTTP 500 (expected 200)'])
    const unchecked = report.checks.filter((c) => c.status === 'warn')
    expect(unchecked.map((c) => [c.id.split(':')[0], c.detail])).toEqual([
      ['components', 'not checked: the service answered 500'],
      ['uptime', 'not checked: the service answered 500'],
    ])
    expect(report.checks.every((c) => c.status !== 'pass')).toBe(true)
  })

  it('fails on invalid JSON, showing its first characters', async () => {
    const server = await serve(json(200, '<html><body>Bad Gateway</body></html>', 'text/html'))
    const { failures } = await check({ url: server.url })
    expect(failures[0]).toBe('body is not JSON: "<html><body>Bad Gateway</body></html>"')
  })

  it('follows redirects and reports where it ended', async () => {
    const target = await serve(json(200, { status: 'ok' }))
    const redirect = await serve((_req, res) => {
      res.writeHead(302, { location: `${target.url}/health` })
      res.end()
    })
    const { report } = await check({ url: redirect.url })
    expect(report.status).toBe('pass')
    expect(report.checks[0].detail).toContain(`redirected 1x to ${target.url}/health`)
  })

  describe('redirects and the headers the user gave', () => {
    const secretHeaders = {
      headers: 'Authorization: Bearer tok-redirect-1\nX-Api-Key: key-redirect-2\nX-Custom-Token: custom-3',
    }
    /** A server that sends every request to `target`, keeping the path. */
    const redirectTo = (target: () => string) =>
      serve((req, res) => {
        res.writeHead(302, { location: `${target()}${req.url}` })
        res.end()
      })

    it('sends none of them to another origin (another port), not even x-api-key', async () => {
      const other = await serve(json(200, { status: 'ok' }))
      const first = await redirectTo(() => other.url)
      const { report } = await check({ url: `${first.url}/health`, samples: '1', ...secretHeaders })
      expect(report.status).toBe('pass')
      // The first origin got them all ...
      expect(first.requests[0].headers).toMatchObject({
        authorization: 'Bearer tok-redirect-1',
        'x-api-key': 'key-redirect-2',
        'x-custom-token': 'custom-3',
      })
      // ... the other origin none, on the check and on every latency sample.
      expect(other.requests.length).toBe(2)
      for (const request of other.requests) {
        expect(request.headers.authorization).toBeUndefined()
        expect(request.headers['x-api-key']).toBeUndefined()
        expect(request.headers['x-custom-token']).toBeUndefined()
      }
    })

    it('keeps them on a redirect within the same origin', async () => {
      const server = await serve((req, res) => {
        if (req.url === '/old') {
          res.writeHead(301, { location: '/health' })
          res.end()
        } else json(200, { status: 'ok' })(req, res, 0)
      })
      await check({ url: `${server.url}/old`, samples: '1', ...secretHeaders })
      const followed = server.requests.filter((r) => r.url === '/health')
      expect(followed.length).toBeGreaterThan(0)
      expect(followed[0].headers['x-api-key']).toBe('key-redirect-2')
      expect(followed[0].headers.authorization).toBe('Bearer tok-redirect-1')
    })

    it('refuses a redirect from https to http, saying so, and sends nothing over http', async () => {
      const cert = makeCertificate(90)
      certificates.push(cert)
      const plain = await serve(json(200, { status: 'ok' }))
      const secure = await serve(
        (req, res) => {
          res.writeHead(302, { location: `${plain.url}${req.url}` })
          res.end()
        },
        { tls: cert },
      )
      const { report, failures } = await check({
        url: `${secure.url}/health`,
        'ca-cert': cert.certPath,
        retries: '2',
        ...secretHeaders,
      })
      expect(report.status).toBe('fail')
      expect(failures[0]).toBe(
        `refused a redirect from https to http (${plain.url}): it would send the request unencrypted; use the https URL`,
      )
      expect(plain.requests).toHaveLength(0)
      expect(secure.requests).toHaveLength(1) // not retried: asking again redirects again
    })
  })

  it('stops after 5 redirects', async () => {
    const loop = await serve((req, res) => {
      res.writeHead(302, { location: `/next${req.url}` })
      res.end()
    })
    const { failures } = await check({ url: loop.url, retries: '0' })
    expect(failures[0]).toMatch(/^more than 5 redirects/)
  })

  it.each([
    [
      'health+json',
      { status: 'pass', checks: { 'database:responseTime': [{ status: 'pass' }] } },
      'application/health+json',
    ],
    [
      'spring actuator',
      { status: 'UP', components: { db: { status: 'UP' }, diskSpace: { status: 'UP' } } },
      'application/json',
    ],
    ['microprofile', { status: 'UP', checks: [{ name: 'db', status: 'UP' }] }, 'application/json'],
    ['plain text', 'ok', 'text/plain'],
  ])('understands the %s format without status-path', async (format, body, type) => {
    const server = await serve(json(200, body, type))
    const { report } = await check({ url: server.url })
    expect(report.status).toBe('pass')
    expect(report.checks[0].detail).toContain(`(${format})`)
  })

  it('reads the status at an explicit status-path', async () => {
    const server = await serve(json(200, { data: { health: 'UP' }, status: 'ignored' }))
    const { report } = await check({ url: server.url, 'status-path': '.data.health' })
    expect(report.checks[0].detail).toBe('HTTP 200, status UP at .data.health (status-path)')
  })

  it('fails when a required component is down, naming it', async () => {
    const server = await serve(
      json(200, { status: 'UP', components: { db: { status: 'DOWN' }, storage: { status: 'UP' } } }),
    )
    const { failures } = await check({ url: server.url, 'required-checks': 'db, storage' })
    expect(failures).toContain('component db is DOWN')
  })

  it('fails when a required component is not reported at all', async () => {
    const server = await serve(json(200, { status: 'healthy', checks: { database: 'ok' } }))
    const { failures } = await check({ url: server.url, 'required-checks': 'storage' })
    expect(failures[0]).toBe('component storage is not reported (reported: database)')
  })

  it('warns about a component that is down but not required', async () => {
    const server = await serve(json(200, { status: 'healthy', checks: { database: 'ok', cache: 'down' } }))
    const { report, failures } = await check({ url: server.url })
    expect(report.status).toBe('warn')
    expect(failures).toEqual(['component cache is down (not required)'])
  })

  describe('formats real frameworks document (bodies from their docs and tests)', () => {
    const fixture = (name: string) =>
      readFileSync(fileURLToPath(new URL(`../fixtures/health-gate/${name}`, import.meta.url)), 'utf8')
    const text = 'text/plain; charset=utf-8'

    it('django-health-check: passes when every check is working, and finds required checks', async () => {
      const server = await serve(json(200, fixture('django-health-check-working.json')))
      const { report } = await check({ url: server.url, 'required-checks': 'DatabaseBackend, CacheBackend' })
      expect(report.status).toBe('pass')
      expect(report.checks[0].detail).toContain('(django-health-check)')
    })

    it('django-health-check: its 500 names the failing check, in one failure', async () => {
      const server = await serve(json(500, fixture('django-health-check-failing.json')))
      const { failures, report } = await check({
        url: server.url,
        retries: '0',
        'required-checks': 'DatabaseBackend',
      })
      expect(report.checks.filter((c) => c.status === 'fail').map((c) => c.detail)).toEqual([
        'HTTP 500 (expected 200); failing: DatabaseBackend (unknown error: JSON Error)',
      ])
      expect(failures).toContain('not checked: the service answered 500')
    })

    it('Kubernetes /readyz?verbose: passes the documented all-ok list and finds etcd in it', async () => {
      const server = await serve(json(200, fixture('kubernetes-readyz-verbose-passed.txt'), text))
      const { report } = await check({ url: `${server.url}/readyz?verbose`, 'required-checks': 'etcd, log' })
      expect(report.status).toBe('pass')
      expect(report.checks[0].detail).toBe(
        'HTTP 200, status healthz check passed at the last line (kubernetes)',
      )
    })

    it('Kubernetes /readyz?verbose: a failed check fails a required check by name', async () => {
      const server = await serve(json(200, fixture('kubernetes-readyz-verbose-failed.txt'), text))
      const { failures } = await check({ url: server.url, 'required-checks': 'bad' })
      expect(failures).toContain('component bad is failed: reason withheld')
    })

    it('Kubernetes /readyz?verbose: its 500 names the failing check', async () => {
      const server = await serve(json(500, fixture('kubernetes-readyz-verbose-failed.txt'), text))
      const { failures } = await check({ url: server.url, retries: '0' })
      expect(failures[0]).toBe('HTTP 500 (expected 200); failing: bad (failed: reason withheld)')
    })

    it('health-go: Partially Available is degraded and names the failed component', async () => {
      const server = await serve(json(200, fixture('health-go-partially-available.json')))
      const { report, outputs, failures } = await check({ url: server.url })
      expect(report.status).toBe('warn')
      expect(outputs.status).toBe('degraded')
      expect(failures[0]).toBe(
        'degraded: HTTP 200, status Partially Available at .status (health-go); failing: rabbitmq (Failed during rabbitmq health check)',
      )
    })

    it('health-go: required-checks fails on a named failure and passes a check it does not name', async () => {
      const server = await serve(json(200, fixture('health-go-partially-available.json')))
      const required = await check({ url: server.url, 'required-checks': 'rabbitmq' })
      expect(required.report.status).toBe('fail')
      expect(required.failures).toContain('component rabbitmq is Failed during rabbitmq health check')

      const ok = await serve(json(200, fixture('health-go-ok.json')))
      const passed = await check({ url: ok.url, 'required-checks': 'mongodb' })
      expect(passed.report.status).toBe('pass')
      expect(passed.report.checks[1].detail).toBe(
        'mongodb not among the failures (health-go lists only failing checks)',
      )
    })

    it('health-go: Unavailable (503) names the failed component', async () => {
      const server = await serve(json(503, fixture('health-go-unavailable.json')))
      const { failures } = await check({ url: server.url, retries: '0' })
      expect(failures[0]).toBe(
        'HTTP 503 (expected 200); failing: mongodb (Failed during mongodb health check)',
      )
    })
  })

  it('fails when p95 is over max-p95, with both figures', async () => {
    const server = await serve((req, res) =>
      setTimeout(() => json(200, { status: 'healthy' })(req, res, 0), 60),
    )
    const { failures } = await check({ url: server.url, 'max-p95': '20ms' })
    expect(failures[0]).toMatch(/^p95 \d+(\.\d)?ms over 20ms \(p50 /)
  })

  it('counts failed samples against max-error-rate', async () => {
    const server = await serve((req, res, count) =>
      count === 3 ? json(500, 'boom')(req, res, count) : json(200, { status: 'healthy' })(req, res, count),
    )
    const strict = await check({ url: server.url, samples: '4' })
    expect(strict.failures[0]).toMatch(/^1 of 4 samples failed \(1x HTTP 500\), over the allowed 0%/)
  })

  it('fails when uptime is under min-uptime (a restart loop), and when no uptime is reported', async () => {
    const server = await serve(json(200, { status: 'healthy', system: { uptime_seconds: 42 } }))
    const young = await check({ url: server.url, 'min-uptime': '10m' })
    expect(young.failures[0]).toBe(
      'uptime 42s is under 10m: the service restarted recently or is restarting in a loop',
    )

    const silent = await serve(json(200, { status: 'healthy' }))
    const unknown = await check({ url: silent.url, 'min-uptime': '10m' })
    expect(unknown.failures[0]).toMatch(/^no uptime in the body/)
  })

  it('checks every URL and reports the worst', async () => {
    const good = await serve(json(200, { status: 'healthy' }))
    const bad = await serve(json(200, { status: 'unhealthy' }))
    const { report } = await check({ url: `${good.url}\n${bad.url}` })
    expect(report.status).toBe('fail')
    expect(report.title).toBe('health-gate: 1 of 2 URL(s) healthy')
    expect(report.tables[0].rows[0][0]).toBe(bad.url) // failing rows first
  })

  describe('TLS', () => {
    it('fails when the certificate expires in 3 days, with the days left', async () => {
      const cert = makeCertificate(3)
      certificates.push(cert)
      const server = await serve(json(200, { status: 'healthy' }), { tls: cert })
      const { failures, report } = await check({ url: server.url, 'ca-cert': cert.certPath })
      expect(report.checks[0].status).toBe('pass')
      expect(failures[0]).toMatch(/^certificate for localhost 2\.9 days left \(under 7\), until /)
    })

    it('warns when the certificate is inside tls-warn-days', async () => {
      const cert = makeCertificate(15)
      certificates.push(cert)
      const server = await serve(json(200, { status: 'healthy' }), { tls: cert })
      const { report, failures } = await check({ url: server.url, 'ca-cert': cert.certPath })
      expect(report.status).toBe('warn')
      expect(failures[0]).toMatch(/14\.9 days left \(under 21\)/)
    })

    it("counts the days left from the run's clock", async () => {
      const cert = makeCertificate(90)
      certificates.push(cert)
      const server = await serve(json(200, { status: 'healthy' }), { tls: cert })
      // 88.5 days on, the 90-day certificate has about a day and a half left: under tls-fail-days (7).
      const later = new Date(Date.now() + 88.5 * DAY)
      const { report, failures } = await check({ url: server.url, 'ca-cert': cert.certPath }, () => later)
      expect(report.status).toBe('fail')
      expect(failures).toEqual([
        expect.stringMatching(/^certificate for localhost 1\.\d days left \(under 7\)/),
      ])
      expect(report.startedAt).toBe(later.toISOString())
    })

    it('fails an untrusted certificate with a hint, and passes it with insecure', async () => {
      const cert = makeCertificate(90)
      certificates.push(cert)
      const server = await serve(json(200, { status: 'healthy' }), { tls: cert })
      const strict = await check({ url: server.url, retries: '0' })
      expect(strict.failures[0]).toBe('certificate not trusted (self-signed); set ca-cert, or insecure: true')
      const loose = await check({ url: server.url, insecure: 'true' })
      expect(loose.report.status).toBe('pass')
    })
  })
})
