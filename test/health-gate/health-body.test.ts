import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

import { describe, expect, it } from 'vitest'

import {
  BodyOptions,
  Vocabulary,
  classify,
  describeStatus,
  interpretBody,
  toSeconds,
} from '../../src/health-gate/health-body.js'
import { JsonPath, parseJsonPath } from '../../src/health-gate/json-path.js'

// The action's defaults (healthy-values / degraded-values).
const vocabulary: Vocabulary = { healthy: ['healthy', 'pass', 'ok', 'up'], degraded: ['degraded', 'warn'] }
const options: BodyOptions = { vocabulary }
const JSON_TYPE = 'application/json'

function path(text: string): JsonPath {
  const parsed = parseJsonPath(text)
  if (typeof parsed === 'string') throw new Error(parsed)
  return parsed
}

const read = (body: unknown, contentType = JSON_TYPE, extra: Partial<BodyOptions> = {}) =>
  interpretBody(typeof body === 'string' ? body : JSON.stringify(body), contentType, false, {
    ...options,
    ...extra,
  })

const componentsOf = (body: unknown, contentType = JSON_TYPE) =>
  Object.fromEntries(read(body, contentType).components.map((c) => [c.name, c.health]))

describe('interpretBody: the runbook format', () => {
  it.each([
    ['healthy', 'healthy'],
    ['degraded', 'degraded'],
    ['unhealthy', 'unhealthy'],
    ['broken', 'unhealthy'],
  ])('reads {"status":"%s"} as %s', (status, health) => {
    const verdict = read({ status })
    expect(verdict).toMatchObject({ format: 'status field', health, status, where: '.status' })
    expect(verdict.problem).toBeUndefined()
  })

  it('reads the status case-insensitively', () => {
    expect(read({ status: 'HEALTHY' }).health).toBe('healthy')
    expect(read({ status: ' Degraded ' }).health).toBe('degraded')
  })

  it('reads .outcome and .state too', () => {
    expect(read({ outcome: 'UP' })).toMatchObject({ health: 'healthy', where: '.outcome' })
    expect(read({ state: 'warn' })).toMatchObject({ health: 'degraded', where: '.state' })
  })

  it('reads plain components under checks', () => {
    expect(componentsOf({ status: 'healthy', checks: { database: 'ok', storage: 'degraded' } })).toEqual({
      database: 'healthy',
      storage: 'degraded',
    })
  })

  it('reports a JSON object without a status as unhealthy and says what to do', () => {
    const verdict = read({ message: 'hello' })
    expect(verdict.health).toBe('unhealthy')
    expect(verdict.problem).toMatch(/no status in the JSON body.*set status-path/)
  })

  it('reports JSON that is not an object as unhealthy', () => {
    const verdict = read([{ status: 'ok' }])
    expect(verdict.health).toBe('unhealthy')
    expect(verdict.problem).toMatch(/^body is JSON but not an object: /)
  })

  it('reads a JSON string as a plain status', () => {
    expect(read('"ok"')).toMatchObject({ format: 'plain text', health: 'healthy', status: 'ok' })
  })
})

describe('interpretBody: boolean flags', () => {
  it('reads {"ok": true} as healthy', () => {
    expect(read({ ok: true })).toMatchObject({ format: 'status field', health: 'healthy', where: '.ok' })
  })

  it('reads {"ok": false} and {"healthy": false} as unhealthy', () => {
    expect(read({ ok: false }).health).toBe('unhealthy')
    expect(read({ healthy: false })).toMatchObject({ health: 'unhealthy', where: '.healthy' })
    expect(read({ up: true }).health).toBe('healthy')
  })

  it('prefers a status string over a boolean flag', () => {
    expect(read({ ok: true, status: 'degraded' })).toMatchObject({ health: 'degraded', where: '.status' })
  })
})

describe('interpretBody: IETF health+json', () => {
  const body = {
    status: 'pass',
    version: '1',
    checks: {
      'database:responseTime': [{ componentType: 'datastore', observedValue: 12, status: 'pass' }],
      'database:connections': [{ componentType: 'datastore', observedValue: 4, status: 'pass' }],
      'cache:hitRatio': [{ status: 'warn' }],
    },
  }

  it('detects the format from the content type', () => {
    expect(read(body, 'application/health+json')).toMatchObject({ format: 'health+json', health: 'healthy' })
  })

  it('detects the format from the shape when the content type is plain JSON', () => {
    expect(read(body, JSON_TYPE).format).toBe('health+json')
  })

  it('names components by the part before the colon', () => {
    const verdict = read(body, 'application/health+json')
    expect(verdict.components).toEqual([
      { name: 'database', status: 'pass', health: 'healthy' },
      { name: 'cache', status: 'warn', health: 'degraded' },
    ])
  })

  it('gives a component listed under several measurements its worst status', () => {
    const verdict = read(
      {
        status: 'fail',
        checks: {
          'database:responseTime': [{ status: 'pass' }],
          'database:connections': [{ status: 'fail' }],
          'database:replication': [{ status: 'warn' }],
        },
      },
      'application/health+json',
    )
    expect(verdict.health).toBe('unhealthy')
    expect(verdict.components).toEqual([{ name: 'database', status: 'fail', health: 'unhealthy' }])
  })

  it('gives a component with several instances its worst status', () => {
    const components = componentsOf(
      { status: 'warn', checks: { 'cpu:utilization': [{ status: 'pass' }, { status: 'warn' }] } },
      'application/health+json',
    )
    expect(components).toEqual({ cpu: 'degraded' })
  })
})

describe('interpretBody: Spring Boot Actuator', () => {
  it('reads UP as healthy and lists the components', () => {
    const verdict = read({
      status: 'UP',
      components: { db: { status: 'UP' }, diskSpace: { status: 'DOWN' } },
    })
    expect(verdict).toMatchObject({ format: 'spring actuator', health: 'healthy', status: 'UP' })
    expect(verdict.components).toEqual([
      { name: 'db', status: 'UP', health: 'healthy' },
      { name: 'diskSpace', status: 'DOWN', health: 'unhealthy' },
    ])
  })

  it('reads DOWN and OUT_OF_SERVICE as unhealthy', () => {
    expect(read({ status: 'DOWN', components: {} }).health).toBe('unhealthy')
    expect(read({ status: 'OUT_OF_SERVICE', components: {} }).health).toBe('unhealthy')
  })

  it('lists nested components with dotted names', () => {
    const components = componentsOf({
      status: 'UP',
      components: {
        db: {
          status: 'UP',
          components: { primary: { status: 'UP' }, replica: { status: 'DOWN' } },
        },
        ping: { status: 'UP' },
      },
    })
    expect(components).toEqual({
      db: 'healthy',
      'db.primary': 'healthy',
      'db.replica': 'unhealthy',
      ping: 'healthy',
    })
  })

  it('does not take the details of a component for components (show-details=always)', () => {
    const verdict = read({
      status: 'UP',
      components: {
        db: { status: 'UP', details: { database: 'PostgreSQL', validationQuery: 'isValid()' } },
        diskSpace: {
          status: 'UP',
          details: {
            total: 499963174912,
            free: 91300069376,
            threshold: 10485760,
            path: '/app/.',
            exists: true,
          },
        },
        ping: { status: 'UP' },
      },
    })
    expect(verdict.health).toBe('healthy')
    expect(verdict.components.map((c) => `${c.name}=${c.health}`)).toEqual([
      'db=healthy',
      'diskSpace=healthy',
      'ping=healthy',
    ])
  })

  it('reads the Spring Boot 2.0 layout, where components sit under details', () => {
    const components = componentsOf({
      status: 'UP',
      details: {
        db: { status: 'UP', details: { database: 'H2', hello: 1 } },
        diskSpace: { status: 'DOWN', details: { free: 1 } },
      },
    })
    expect(components).toEqual({ db: 'healthy', diskSpace: 'unhealthy' })
  })
})

describe('interpretBody: MicroProfile Health', () => {
  it('reads the status and the checks list', () => {
    const verdict = read({
      status: 'UP',
      checks: [
        { name: 'db', status: 'DOWN', data: { error: 'timeout' } },
        { name: 'disk', status: 'UP' },
      ],
    })
    expect(verdict).toMatchObject({ format: 'microprofile', health: 'healthy', status: 'UP' })
    expect(verdict.components).toEqual([
      { name: 'db', status: 'DOWN', health: 'unhealthy' },
      { name: 'disk', status: 'UP', health: 'healthy' },
    ])
  })

  it('reads an overall DOWN as unhealthy', () => {
    expect(read({ status: 'DOWN', checks: [{ name: 'db', status: 'DOWN' }] }).health).toBe('unhealthy')
  })
})

describe('interpretBody: plain text and empty bodies', () => {
  it.each(['ok', 'OK', 'healthy', 'UP', ' pass \n'])('reads the text body %j as healthy', (text) => {
    const verdict = read(text, 'text/plain')
    expect(verdict).toMatchObject({ format: 'plain text', health: 'healthy', where: 'body' })
    expect(verdict.problem).toBeUndefined()
  })

  it('reads a degraded word as degraded', () => {
    expect(read('degraded', 'text/plain').health).toBe('degraded')
  })

  it('reads an empty body as healthy (the HTTP status decides)', () => {
    expect(read('', 'text/plain')).toEqual({ format: 'empty', health: 'healthy', components: [] })
    expect(read('  \n ', '')).toMatchObject({ format: 'empty', health: 'healthy' })
  })

  it('reports an empty body as a problem when a status-path is set', () => {
    const verdict = read('', JSON_TYPE, { statusPath: path('.status') })
    expect(verdict.health).toBe('unhealthy')
    expect(verdict.problem).toBe('body is empty; expected JSON with .status')
  })

  it('reports an unknown text body as unhealthy with a preview', () => {
    const verdict = read('<html><body>502 Bad Gateway</body></html>', 'text/html')
    expect(verdict.health).toBe('unhealthy')
    expect(verdict.problem).toBe('body is not JSON: "<html><body>502 Bad Gateway</body></html>"')
  })

  it('does not accept a bare word when the server says the body is JSON', () => {
    const verdict = read('ok', JSON_TYPE)
    expect(verdict.health).toBe('unhealthy')
    expect(verdict.problem).toBe('body is not JSON: "ok"')
  })

  it('reports invalid JSON with a one-line, shortened preview', () => {
    const text = '{"status": "healthy",\n  "detail": "' + 'x'.repeat(200)
    const verdict = read(text, JSON_TYPE)
    expect(verdict.health).toBe('unhealthy')
    expect(verdict.problem).toMatch(
      /^body is not JSON: "\{\\"status\\": \\"healthy\\", \\"detail\\": \\"x+…"$/,
    )
    expect(verdict.problem).not.toContain('\n')
    expect(verdict.problem!.length).toBeLessThan(140)
  })

  it('says when the body was truncated', () => {
    const verdict = interpretBody('{"status": "heal', JSON_TYPE, true, options)
    expect(verdict.problem).toMatch(/^the body was cut at the 1 MiB cap, so it cannot be judged/)
  })

  it('never judges a truncated body healthy, even when what was read says ok', () => {
    // `ok` then spaces up to the cap: trimmed, the part read is a healthy word.
    const verdict = interpretBody(`ok${' '.repeat(1000)}`, 'text/plain', true, options)
    expect(verdict.health).toBe('unhealthy')
    expect(verdict.problem).toMatch(/^the body was cut at the 1 MiB cap, so it cannot be judged .*: "ok"$/)
    const json = interpretBody(`{"status": "healthy"}${' '.repeat(1000)}`, JSON_TYPE, true, options)
    expect(json.health).toBe('unhealthy')
  })
})

/** A body from test/fixtures/health-gate (real bodies from each project's docs and tests; SOURCES.md). */
const fixture = (name: string) =>
  readFileSync(fileURLToPath(new URL(`../fixtures/health-gate/${name}`, import.meta.url)), 'utf8')

describe('interpretBody: django-health-check (a map of check to "working" or the error, no status)', () => {
  it('reads every check working as healthy, with the checks as components', () => {
    const verdict = read(fixture('django-health-check-working.json'))
    expect(verdict).toMatchObject({ format: 'django-health-check', health: 'healthy', status: 'working' })
    expect(verdict.problem).toBeUndefined()
    expect(verdict.components.map((c) => `${c.name}=${c.health}`)).toEqual([
      'CacheBackend=healthy',
      'DatabaseBackend=healthy',
      'S3BotoStorageHealthCheck=healthy',
    ])
  })

  it('names the failing check and its error', () => {
    const verdict = read(fixture('django-health-check-failing.json'))
    expect(verdict).toMatchObject({
      format: 'django-health-check',
      health: 'unhealthy',
      status: 'unknown error: JSON Error',
      where: '.DatabaseBackend',
    })
    expect(verdict.components.find((c) => c.name === 'DatabaseBackend')?.health).toBe('unhealthy')
  })

  it('reads a warning (ServiceWarning, answered with 200 unless WARNINGS_AS_ERRORS) as degraded', () => {
    const body = JSON.parse(fixture('django-health-check-working.json')) as Record<string, string>
    body.S3BotoStorageHealthCheck = 'warning: bucket is slow'
    const verdict = read(body)
    expect(verdict).toMatchObject({ health: 'degraded', where: '.S3BotoStorageHealthCheck' })
    // Named once: where the status was read, not again in the list of other failing components.
    expect(describeStatus(verdict)).toBe('status warning: bucket is slow at .S3BotoStorageHealthCheck')
  })

  it('does not take an arbitrary object of strings for one', () => {
    expect(read({ message: 'hello', version: '1.2' }).problem).toMatch(/^no status in the JSON body/)
  })
})

describe('interpretBody: Kubernetes /readyz?verbose text', () => {
  it('reads the documented all-ok list as healthy, each check a component', () => {
    const verdict = read(fixture('kubernetes-readyz-verbose-passed.txt'), 'text/plain; charset=utf-8')
    expect(verdict).toMatchObject({ format: 'kubernetes', health: 'healthy', status: 'healthz check passed' })
    expect(verdict.problem).toBeUndefined()
    expect(verdict.components).toHaveLength(18)
    expect(verdict.components.find((c) => c.name === 'etcd')).toMatchObject({
      status: 'ok',
      health: 'healthy',
    })
    expect(verdict.components.find((c) => c.name === 'poststarthook/rbac/bootstrap-roles')?.health).toBe(
      'healthy',
    )
  })

  it('names the failing check', () => {
    const verdict = read(fixture('kubernetes-readyz-verbose-failed.txt'), 'text/plain; charset=utf-8')
    expect(verdict).toMatchObject({
      format: 'kubernetes',
      health: 'unhealthy',
      status: 'failed: reason withheld',
      where: 'bad',
    })
  })

  it('reads an excluded check as passed', () => {
    const verdict = read(fixture('kubernetes-readyz-verbose-excluded.txt'), 'text/plain; charset=utf-8')
    expect(verdict.health).toBe('healthy')
    expect(verdict.components.find((c) => c.name === 'bad')?.status).toBe('excluded: ok')
  })

  it('does not call a list without its final "check passed" line healthy', () => {
    const verdict = read('[+]ping ok\n[+]etcd ok\n', 'text/plain')
    expect(verdict.health).toBe('unhealthy')
    expect(verdict.problem).toMatch(/does not end in a "… check passed" line/)
  })
})

describe('interpretBody: health-go (OK, Partially Available, Unavailable; failures named)', () => {
  it('reads OK as healthy', () => {
    expect(read(fixture('health-go-ok.json'))).toMatchObject({ format: 'health-go', health: 'healthy' })
  })

  it('reads Partially Available as degraded, naming the failed component', () => {
    const verdict = read(fixture('health-go-partially-available.json'))
    expect(verdict).toMatchObject({ format: 'health-go', health: 'degraded', status: 'Partially Available' })
    expect(verdict.problem).toBeUndefined()
    expect(verdict.components).toEqual([
      { name: 'rabbitmq', status: 'Failed during rabbitmq health check', health: 'degraded' },
    ])
  })

  it('reads Unavailable as unhealthy, naming the failed component', () => {
    const verdict = read(fixture('health-go-unavailable.json'))
    expect(verdict).toMatchObject({ health: 'unhealthy', status: 'Unavailable' })
    expect(verdict.components).toEqual([
      { name: 'mongodb', status: 'Failed during mongodb health check', health: 'unhealthy' },
    ])
  })
})

describe('interpretBody: status-path', () => {
  it('reads the value at the path', () => {
    const verdict = read({ data: { health: 'OK' } }, JSON_TYPE, { statusPath: path('.data.health') })
    expect(verdict).toMatchObject({
      format: 'status-path',
      health: 'healthy',
      status: 'OK',
      where: '.data.health',
    })
  })

  it('uses the path even when a status field exists', () => {
    const verdict = read({ status: 'healthy', db: { state: 'down' } }, JSON_TYPE, {
      statusPath: path('.db.state'),
    })
    expect(verdict).toMatchObject({ health: 'unhealthy', status: 'down' })
  })

  it('reads array indexes and booleans at the path', () => {
    expect(read({ nodes: [{ ok: true }] }, JSON_TYPE, { statusPath: path('.nodes[0].ok') }).health).toBe(
      'healthy',
    )
    expect(read({ nodes: [{ ok: false }] }, JSON_TYPE, { statusPath: path('.nodes[-1].ok') }).health).toBe(
      'unhealthy',
    )
  })

  it('reports a missing or non-scalar value at the path', () => {
    const missing = read({ status: 'healthy' }, JSON_TYPE, { statusPath: path('.data.health') })
    expect(missing).toMatchObject({ health: 'unhealthy', problem: 'no status value at .data.health' })
    const object = read({ data: { health: {} } }, JSON_TYPE, { statusPath: path('.data.health') })
    expect(object.problem).toBe('no status value at .data.health')
    const nothing = read({ data: { health: null } }, JSON_TYPE, { statusPath: path('.data.health') })
    expect(nothing.problem).toBe('no status value at .data.health')
  })

  it('reports a body that is not JSON', () => {
    const verdict = read('ok', 'text/plain', { statusPath: path('.status') })
    expect(verdict).toMatchObject({
      format: 'status-path',
      health: 'unhealthy',
      problem: 'body is not JSON: "ok"',
    })
  })
})

describe('interpretBody: vocabulary', () => {
  const custom: Vocabulary = { healthy: ['green'], degraded: ['yellow'] }

  it('uses the given words, case-insensitively', () => {
    expect(read({ status: 'GREEN' }, JSON_TYPE, { vocabulary: custom }).health).toBe('healthy')
    expect(read({ status: 'Yellow' }, JSON_TYPE, { vocabulary: custom }).health).toBe('degraded')
    expect(read({ status: 'red' }, JSON_TYPE, { vocabulary: custom }).health).toBe('unhealthy')
    expect(read('Green', 'text/plain', { vocabulary: custom }).health).toBe('healthy')
  })

  it('does not accept the default words when others are given', () => {
    expect(read({ status: 'ok' }, JSON_TYPE, { vocabulary: custom }).health).toBe('unhealthy')
  })

  it('classify treats true as healthy and other non-words as unhealthy', () => {
    expect(classify(true, vocabulary)).toBe('healthy')
    expect(classify(false, vocabulary)).toBe('unhealthy')
    expect(classify(null, vocabulary)).toBe('unhealthy')
    expect(classify({ status: 'ok' }, vocabulary)).toBe('unhealthy')
    expect(classify(1, { healthy: ['1'], degraded: [] })).toBe('healthy')
  })
})

describe('interpretBody: uptime', () => {
  it.each<[string, unknown, number]>([
    ['uptime in seconds', { status: 'ok', uptime: 3600 }, 3600],
    ['uptime_seconds', { status: 'ok', uptime_seconds: 125.5 }, 125.5],
    ['uptimeSeconds', { status: 'ok', uptimeSeconds: 60 }, 60],
    ['a numeric string', { status: 'ok', uptime: '42' }, 42],
    ['a duration', { status: 'ok', uptime: '3d' }, 259_200],
    ['a Python timedelta', { status: 'ok', uptime: '1 day, 2:03:04' }, 93_784],
    ['a timedelta of several days', { status: 'ok', uptime: '3 days, 0:00:01.5' }, 259_201.5],
    ['a timedelta under a day', { status: 'ok', uptime: '0:05:00' }, 300],
    ['one level down', { status: 'ok', info: { uptime_seconds: 99 } }, 99],
  ])('reads %s', (_, body, seconds) => {
    expect(read(body).uptimeSeconds).toBe(seconds)
  })

  it.each<[string, number]>([
    ['s', 1209600.5],
    ['ms', 1209.6005],
    ['min', 72576030],
    ['minutes', 72576030],
    ['h', 4354561800],
    ['hours', 4354561800],
  ])('reads the IETF uptime check in %s', (unit, seconds) => {
    const body = {
      status: 'pass',
      checks: {
        uptime: [{ componentType: 'system', observedValue: 1209600.5, observedUnit: unit, status: 'pass' }],
      },
    }
    expect(read(body, 'application/health+json').uptimeSeconds).toBeCloseTo(seconds, 6)
  })

  it('reads an IETF uptime check named component:uptime, in seconds by default', () => {
    const body = { status: 'pass', checks: { 'system:uptime': [{ observedValue: 500, status: 'pass' }] } }
    expect(read(body, 'application/health+json').uptimeSeconds).toBe(500)
  })

  it('reads uptime at an explicit uptime-path', () => {
    const body = { status: 'ok', app: { process: { started: 'x', up: '2h' } } }
    expect(read(body, JSON_TYPE, { uptimePath: path('.app.process.up') }).uptimeSeconds).toBe(7200)
  })

  it('has no uptime when none is reported or it cannot be read', () => {
    expect(read({ status: 'ok' }).uptimeSeconds).toBeUndefined()
    expect(read({ status: 'ok', uptime: 'a while' }).uptimeSeconds).toBeUndefined()
    expect(read({ status: 'ok', uptime: -5 }).uptimeSeconds).toBeUndefined()
  })

  it('reports uptime even when the status cannot be found', () => {
    expect(read({ uptime: 10 })).toMatchObject({ health: 'unhealthy', uptimeSeconds: 10 })
  })
})

describe('toSeconds', () => {
  it.each<[unknown, number | undefined]>([
    [0, 0],
    [12.5, 12.5],
    ['12', 12],
    ['1:00:00', 3600],
    ['2 days, 1:00:00', 176_400],
    ['90s', 90],
    ['1h30m', 5400],
    [-1, undefined],
    [Infinity, undefined],
    ['soon', undefined],
    [null, undefined],
    [{}, undefined],
  ])('reads %j as %s', (value, seconds) => {
    expect(toSeconds(value)).toBe(seconds)
  })
})
