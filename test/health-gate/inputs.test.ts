import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'

import {
  HealthGateInputs,
  parseStatusRanges,
  readInputs,
  statusExpected,
} from '../../src/health-gate/inputs.js'
import { InputReader, objectInputGetter } from '../../src/core/inputs.js'
import { redact } from '../../src/core/secrets.js'
import { configError, freshSecrets } from '../support/assertions.js'

const URL_INPUT = 'http://localhost:8007/health'

function inputs(values: Record<string, string>): HealthGateInputs {
  return readInputs(new InputReader(objectInputGetter({ url: URL_INPUT, ...values })))
}

let dir: string

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'health-gate-inputs-'))
})

afterAll(() => {
  rmSync(dir, { recursive: true, force: true })
})

beforeEach(freshSecrets)

describe('readInputs: defaults', () => {
  it('needs only a URL and fills in the documented defaults', () => {
    const read = inputs({})
    expect(read.targets.map((t) => t.url.href)).toEqual(['http://localhost:8007/health'])
    expect(read.targets[0].display).toBe('http://localhost:8007/health')
    expect(read).toMatchObject({
      method: 'GET',
      headers: {},
      body: undefined,
      expectedStatus: { text: '200', ranges: [[200, 200]] },
      statusPath: undefined,
      vocabulary: { healthy: ['healthy', 'pass', 'ok', 'up'], degraded: ['degraded', 'warn'] },
      failOnDegraded: false,
      requiredChecks: [],
      timeoutMs: 10_000,
      retries: 3,
      retryDelayMs: 2_000,
      waitMs: 0,
      samples: 5,
      concurrency: 1,
      maxP95Ms: undefined,
      maxP99Ms: undefined,
      maxErrorRate: 0,
      minUptimeMs: undefined,
      uptimePath: undefined,
      tlsWarnDays: 21,
      tlsFailDays: 7,
      insecure: false,
      ca: undefined,
      reportPath: undefined,
    })
  })

  it('reads every input when set', () => {
    const read = inputs({
      url: 'https://a.example.test/health, https://b.example.test/health',
      method: 'head',
      'expected-status': '2xx',
      'status-path': '.data.health',
      'uptime-path': '.meta.uptime',
      'healthy-values': 'GREEN, Fine',
      'degraded-values': 'Yellow',
      'fail-on-degraded': 'true',
      'required-checks': 'db\ncache',
      timeout: '5s',
      retries: '0',
      'retry-delay': '500ms',
      wait: '2m',
      samples: '100',
      concurrency: '4',
      'max-p95': '250ms',
      'max-p99': '1s',
      'max-error-rate': '5%',
      'min-uptime': '10m',
      'tls-warn-days': '30',
      'tls-fail-days': '10',
      insecure: 'TRUE',
      'report-path': 'out/report.json',
      body: '{"probe": true}',
    })
    expect(read.targets.map((t) => t.url.host)).toEqual(['a.example.test', 'b.example.test'])
    expect(read).toMatchObject({
      method: 'HEAD',
      expectedStatus: { ranges: [[200, 299]] },
      statusPath: { segments: ['data', 'health'] },
      uptimePath: { segments: ['meta', 'uptime'] },
      vocabulary: { healthy: ['green', 'fine'], degraded: ['yellow'] },
      failOnDegraded: true,
      requiredChecks: ['db', 'cache'],
      timeoutMs: 5_000,
      retries: 0,
      retryDelayMs: 500,
      waitMs: 120_000,
      samples: 100,
      concurrency: 4,
      maxP95Ms: 250,
      maxP99Ms: 1_000,
      maxErrorRate: 0.05,
      minUptimeMs: 600_000,
      tlsWarnDays: 30,
      tlsFailDays: 10,
      insecure: true,
      reportPath: 'out/report.json',
      body: '{"probe": true}',
    })
  })

  it('treats status-path "auto" as not set', () => {
    expect(inputs({ 'status-path': 'auto' }).statusPath).toBeUndefined()
    expect(inputs({ 'status-path': 'AUTO' }).statusPath).toBeUndefined()
  })
})

describe('readInputs: url', () => {
  it('requires a URL', () => {
    expect(configError(() => inputs({ url: '' }))).toBe("input 'url' is required but was not set")
    expect(configError(() => inputs({ url: ' , \n' }))).toBe("input 'url' is required but was not set")
  })

  it('rejects text that is not a URL', () => {
    expect(configError(() => inputs({ url: '/health' }))).toBe(
      "input 'url' is '/health': use a full http:// or https:// URL such as http://localhost:8007/health",
    )
    expect(configError(() => inputs({ url: 'http://exa mple.test/' }))).toMatch(
      /^input 'url' is 'http:\/\/exa mple\.test\/': use a full http/,
    )
  })

  it('rejects a URL without its scheme', () => {
    expect(configError(() => inputs({ url: 'localhost:8007/health' }))).toMatch(
      /^input 'url' is 'localhost:8007\/health': use a full http:\/\/ or https:\/\/ URL/,
    )
  })

  it('rejects a scheme other than http and https', () => {
    const message = configError(() => inputs({ url: 'ftp://files.example.test/health' }))
    expect(message).toMatch(/^input 'url' is 'ftp:\/\/files\.example\.test\/health': /)
    expect(message).toMatch(/the scheme must be http or https, not ftp/)
    expect(configError(() => inputs({ url: 'file:///etc/passwd' }))).toMatch(/not file$/)
  })

  it('masks the password and token of a URL for display and registers them as secrets', () => {
    const [target] = inputs({
      url: 'https://probe:pa55w0rd@example.test/health?token=t0k3n-value&v=1',
    }).targets
    expect(target.display).toBe('https://probe:***@example.test/health?token=***&v=1')
    expect(target.url.password).toBe('pa55w0rd')
    expect(target.url.searchParams.get('token')).toBe('t0k3n-value')
    expect(redact('pa55w0rd')).toBe('***')
    expect(redact('t0k3n-value')).toBe('***')
  })

  it('does not echo the password of a rejected URL', () => {
    const message = configError(() => inputs({ url: 'ftp://user:pa55w0rd@example.test/' }))
    expect(message).not.toContain('pa55w0rd')
    expect(message).toContain('ftp://user:***@example.test/')
  })
})

describe('readInputs: numbers and durations', () => {
  it.each(['0', '10001'])('rejects samples %s', (samples) => {
    const message = configError(() => inputs({ samples }))
    expect(message).toBe(`input 'samples' is '${samples}': use a value from 1 to 10000`)
  })

  it('accepts samples at the bounds', () => {
    expect(inputs({ samples: '1' }).samples).toBe(1)
    expect(inputs({ samples: '10000' }).samples).toBe(10_000)
  })

  it.each([
    ['timeout', '10 seconds'],
    ['retry-delay', 'soon'],
    ['wait', '5'],
    ['max-p95', '250'],
    ['min-uptime', '-1h'],
  ])('rejects the malformed duration %s: %j', (name, value) => {
    const message = configError(() => inputs({ [name]: value }))
    expect(message).toBe(`input '${name}' is '${value}': use a duration such as 500ms, 5s, 2m, 1h or 7d`)
  })

  it('rejects a timeout outside its bounds', () => {
    expect(configError(() => inputs({ timeout: '0' }))).toBe(
      "input 'timeout' is '0': use a value from 1ms to 10m",
    )
    expect(configError(() => inputs({ timeout: '11m' }))).toBe(
      "input 'timeout' is '11m': use a value from 1ms to 10m",
    )
  })

  it('rejects a malformed boolean, method and error rate', () => {
    expect(configError(() => inputs({ insecure: 'yes' }))).toBe(
      "input 'insecure' is 'yes': use true or false",
    )
    expect(configError(() => inputs({ method: 'FETCH' }))).toMatch(
      /^input 'method' is 'FETCH': use one of GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS$/,
    )
    expect(configError(() => inputs({ 'max-error-rate': '150%' }))).toMatch(
      /^input 'max-error-rate' is '150%'/,
    )
  })
})

describe('readInputs: status-path', () => {
  it.each([
    ['status', "a path starts with '.'"],
    ['.a..b', 'expected a field name at character 4'],
    ['.checks[0', "expected ']' at character 10"],
  ])('rejects %j, saying why', (text, why) => {
    const message = configError(() => inputs({ 'status-path': text }))
    expect(message).toMatch(new RegExp(`^input 'status-path' is '${text.replace(/[.[\]]/g, '\\$&')}': `))
    expect(message).toContain(why)
  })

  it('rejects a bad uptime-path too', () => {
    expect(configError(() => inputs({ 'uptime-path': 'uptime' }))).toMatch(
      /^input 'uptime-path' is 'uptime': /,
    )
  })
})

describe('readInputs: expected-status', () => {
  it.each<[string, [number, number][]]>([
    ['200', [[200, 200]]],
    ['200-299', [[200, 299]]],
    ['2xx', [[200, 299]]],
    ['2XX', [[200, 299]]],
    [
      '200,204',
      [
        [200, 200],
        [204, 204],
      ],
    ],
    [
      '200, 204 301-302',
      [
        [200, 200],
        [204, 204],
        [301, 302],
      ],
    ],
    ['100-599', [[100, 599]]],
  ])('reads %j', (text, ranges) => {
    expect(inputs({ 'expected-status': text }).expectedStatus).toEqual({ text, ranges })
  })

  it.each(['99', '600', 'abc', '299-200', '200-600', '6xx', '0xx', '20', '2000', '200-', '200;204'])(
    'rejects %j, naming the input and the value',
    (text) => {
      const message = configError(() => inputs({ 'expected-status': text }))
      expect(message).toMatch(new RegExp(`^input 'expected-status' is '${text}': use HTTP codes and ranges`))
    },
  )

  it('statusExpected checks a status against the ranges', () => {
    const expected = parseStatusRanges('2xx,304')
    expect(statusExpected(200, expected)).toBe(true)
    expect(statusExpected(299, expected)).toBe(true)
    expect(statusExpected(304, expected)).toBe(true)
    expect(statusExpected(300, expected)).toBe(false)
    expect(statusExpected(503, expected)).toBe(false)
  })
})

describe('readInputs: headers', () => {
  it('parses one header per line with lower-cased names, keeping commas and colons in values', () => {
    const read = inputs({
      headers: 'Authorization: Bearer abc.def-123\nAccept: application/json, text/plain\n\nX-Trace: a:b:c',
    })
    expect(read.headers).toEqual({
      authorization: 'Bearer abc.def-123',
      accept: 'application/json, text/plain',
      'x-trace': 'a:b:c',
    })
  })

  it('registers header values as secrets, and the token after Bearer on its own', () => {
    inputs({ headers: 'Authorization: Bearer abc.def-123\nX-Api-Key: k3y-s3cr3t' })
    expect(redact('Bearer abc.def-123')).toBe('***')
    expect(redact('abc.def-123')).toBe('***')
    expect(redact('k3y-s3cr3t')).toBe('***')
    expect(redact('header X-Api-Key sent')).toBe('header X-Api-Key sent')
  })

  it('rejects a line without a colon without echoing it', () => {
    const message = configError(() => inputs({ headers: 'Accept: */*\nghp_supersecrettokenvalue1234' }))
    expect(message).toBe(`input 'headers' is '***': use one "Name: value" header per line`)
    expect(message).not.toContain('ghp_')
  })

  it('rejects a name-and-value line missing its colon without echoing the value', () => {
    const message = configError(() => inputs({ headers: 'X-Token s3cr3tvalue-abcdef' }))
    expect(message).toMatch(/^input 'headers' is '.*': use one "Name: value" header per line$/)
    expect(message).not.toContain('s3cr3t')
  })

  it('rejects an invalid header name, showing the name but not the value', () => {
    const message = configError(() => inputs({ headers: 'Bad Name: s3cr3tvalue' }))
    expect(message).toBe(`input 'headers' is 'Bad Name: ***': use one "Name: value" header per line`)
    expect(redact('s3cr3tvalue')).toBe('***')
  })

  it('rejects a line that starts with a colon', () => {
    const message = configError(() => inputs({ headers: ': s3cr3tvalue' }))
    expect(message).not.toContain('s3cr3t')
  })
})

describe('readInputs: TLS', () => {
  it('rejects tls-fail-days above tls-warn-days', () => {
    const message = configError(() => inputs({ 'tls-warn-days': '5', 'tls-fail-days': '10' }))
    expect(message).toBe("input 'tls-fail-days' is '10': use at most tls-warn-days (5)")
  })

  it('rejects tls-fail-days above the default tls-warn-days', () => {
    expect(configError(() => inputs({ 'tls-fail-days': '30' }))).toBe(
      "input 'tls-fail-days' is '30': use at most tls-warn-days (21)",
    )
  })

  it('accepts equal days', () => {
    expect(inputs({ 'tls-warn-days': '14', 'tls-fail-days': '14' })).toMatchObject({
      tlsWarnDays: 14,
      tlsFailDays: 14,
    })
  })

  it('rejects a ca-cert file that does not exist', () => {
    const missing = join(dir, 'no-such-ca.pem')
    expect(configError(() => inputs({ 'ca-cert': missing }))).toBe(
      `input 'ca-cert' is '${missing}': the file cannot be read; give the path of a PEM file`,
    )
  })

  it('rejects a ca-cert file without a PEM certificate', () => {
    const file = join(dir, 'not-a-cert.txt')
    writeFileSync(file, 'hello\n')
    expect(configError(() => inputs({ 'ca-cert': file }))).toBe(
      `input 'ca-cert' is '${file}': the file holds no PEM certificate`,
    )
  })

  it('reads a PEM ca-cert file', () => {
    const file = join(dir, 'ca.pem')
    const pem = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n'
    writeFileSync(file, pem)
    expect(inputs({ 'ca-cert': file }).ca).toBe(pem)
  })
})

describe('url that cannot be parsed', () => {
  it('hides credentials of a URL it cannot parse', () => {
    let message = ''
    try {
      readInputs(new InputReader(objectInputGetter({ url: 'http://ops:hunter22@exa mple/health' })))
    } catch (error) {
      message = (error as Error).message
    }
    expect(message).toContain("'http://***@exa mple/health'")
    expect(message).not.toContain('hunter22')
  })
})
