// Redaction: each leak the security review found, each over-redaction, every string a review shows,
// and linear time on hostile lines for every masking pattern.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import { afterAll, describe, expect, it } from 'vitest'

import { readInputs } from '../../src/log-review/inputs.js'
import { redact } from '../../src/log-review/redact.js'
import { reviewLogs } from '../../src/log-review/review.js'
import { InputReader, objectInputGetter } from '../../src/core/inputs.js'
import { recordingLogger } from '../../src/core/logger.js'
import { renderSummary } from '../../src/core/summary.js'

/** [what leaked, the line, the secret that must go, what must stay]. */
const LEAKS: [string, string, string, string][] = [
  [
    '--password value',
    'mysqldump --user app --password hunter2secret appdb',
    'hunter2secret',
    'mysqldump --user app --password <redacted> appdb',
  ],
  ['-pSECRET (mysql)', 'mysql -uroot -pS3cretPass appdb', 'S3cretPass', 'mysql -uroot -p<redacted> appdb'],
  [
    'password%3D (URL-encoded)',
    'GET /login?next=%2Fhome%3Fpassword%3Dhunter2secret HTTP/1.1',
    'hunter2secret',
    'password%3D<redacted>',
  ],
  [
    'sk_live_ (Stripe)',
    'charge failed with key sk_live_abcdefghijklmnopqrstuvwx',
    'abcdefghijklmnopqrstuvwx',
    'charge failed with key <redacted>',
  ],
  [
    'Slack webhook path',
    'POST https://hooks.slack.com/services/T01ABCDEF/B02GHIJKL/abcdefghijklmnopqrstuvwx failed',
    'abcdefghijklmnopqrstuvwx',
    'https://hooks.slack.com/services/<redacted> failed',
  ],
  [
    'Slack webhook path without the host',
    'notify /services/T01ABCDEF/B02GHIJKL/abcdefghijklmnopqrstuvwx returned 404',
    'abcdefghijklmnopqrstuvwx',
    'notify /services/<redacted> returned 404',
  ],
  [
    'pass "quoted value"',
    'login pass "my quoted value" rejected',
    'my quoted value',
    'login pass "<redacted>" rejected',
  ],
  [
    'password="with spaces"',
    'config password="hunter two" loaded',
    'hunter two',
    'config password="<redacted>" loaded',
  ],
  [
    'jsessionid=',
    'GET /cart;jsessionid=ABCDEFGHIJKLmnopqrst HTTP/1.1',
    'ABCDEFGHIJKLmnopqrst',
    '/cart;jsessionid=<redacted>',
  ],
  [
    'Authorization with a lower-case bearer token',
    'Authorization: Bearer abcdefghijklmnop',
    'abcdefghijklmnop',
    'Authorization: Bearer <redacted>',
  ],
  [
    'GitHub token',
    'push with ghp_abcdefghijklmnopqrstuvwxyz0123456789',
    'ghp_abcdefghij',
    'push with <redacted>',
  ],
  [
    '--token value',
    'deploy --token abcdefghijkl --env prod',
    'abcdefghijkl',
    'deploy --token <redacted> --env prod',
  ],
]

/** Lines with a secret word that assign nothing: they must come back unchanged. */
const ORDINARY = [
  'token verification failed',
  'Token expired.',
  'basic authentication failed for user',
  'password reset requested',
  'tests pass: 5 of 5',
  'compass=north passenger=3',
  'refresh-token rotation done',
  'INFO - token refresh scheduled',
  'app.auth:login throttled',
  '/usr/lib/python3/site-packages/sqlalchemy/engine/base.py',
  'pip install -p 3 packages',
]

describe('redact', () => {
  it.each(LEAKS)('masks %s', (_what, line, secret, kept) => {
    const out = redact(line)
    expect(out).not.toContain(secret)
    expect(out).toContain(kept)
  })

  it.each(ORDINARY)('leaves an ordinary line alone: %s', (line) => {
    expect(redact(line)).toBe(line)
  })

  // Each of these made a pattern scan to the line's end from every position (quadratic): 'a-' x 100,000
  // took 63 s in the scheme://user:password pattern. Linear patterns take milliseconds; 2 s per line
  // leaves room for a loaded machine and still fails a quadratic one by far.
  it.each([
    'x',
    'a-',
    'a/',
    'a.',
    'a:',
    'a@a.',
    'password',
    'password_',
    '-password ',
    'pass "',
    'password="',
    'password%3D',
    ' -u -p',
    'sk_live_',
    'Bearer a',
    '/services/TAAAAAAA/B',
    'a://b:',
    'A1a+ ',
    'jsessionid=',
    'password: Bearer ',
  ])('masks 200 KB of %j repeated in linear time', (unit) => {
    const line = unit.repeat(Math.ceil(200_000 / unit.length))
    const started = performance.now()
    redact(line)
    expect(performance.now() - started).toBeLessThan(2000)
  })
})

describe('every string a review shows is masked', () => {
  const dir = mkdtempSync(join(tmpdir(), 'log-review-redact-'))
  afterAll(() => rmSync(dir, { recursive: true, force: true }))
  const NOW = new Date('2026-11-27T12:00:00Z')
  /** What the review takes from the run: a logger and a clock fixed at NOW. */
  const run = () => ({ logger: recordingLogger(), clock: () => NOW })

  it('templates, group names, fingerprints, examples, operations, check details and the summary', async () => {
    writeFileSync(
      join(dir, 'app.log'),
      [
        '10.0.0.1 - - [20/Nov/2026:10:00:00 +0000] "GET /cart;jsessionid=ABCDEFGHIJKLmnopqrst HTTP/1.1" 500 0 "-" "curl" 2.5',
        ...LEAKS.map(([, line], i) => `2026-11-20T10:${String(i + 1).padStart(2, '0')}:00Z [error] ${line}`),
        '2026-11-20T11:00:00Z [error] token verification failed',
      ].join('\n') + '\n',
    )
    const inputs = readInputs(
      new InputReader(objectInputGetter({ since: 'all', paths: 'app.log', 'fail-on-errors': '1' })),
      NOW,
      dir,
    )
    const report = await reviewLogs(inputs, run())
    const shown = JSON.stringify(report) + renderSummary(report)
    expect(LEAKS.map(([, , secret]) => secret).filter((secret) => shown.includes(secret))).toEqual([])
    const groups = report.data?.groups ?? []
    expect(groups.map((g) => g.template)).toContain('HTTP 500 GET /cart;jsessionid=<redacted>')
    expect(groups.map((g) => g.template)).toContain('token verification failed')
  })
})
