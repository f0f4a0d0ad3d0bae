// A deterministic application log for the log-review benchmark, and the exact truth of what it holds.
//
// One file mixes four formats line by line: Python logging (`2026-11-20 10:00:00,123 INFO app.api: …`,
// levels in capitals), JSON lines (`{"time":"…Z","level":"info",…}`, levels in lower case), logfmt
// (`time=…Z level=info msg="…" duration=0.012s`, lower case) and gunicorn access lines with a trailing
// response time in seconds. About 1% of the events are errors (a few dozen templates whose numbers, ids,
// e-mails, UUIDs and IPs vary, so that they group), about 2% warnings; some Python errors carry a
// traceback; some events are timeouts, some operations are slow (>= 1 s) and one hour is an error
// spike. Timestamps grow with the bytes written, from NOW - 6 days to just before NOW, so the whole
// file spans about 6 days whatever its size.
//
// The truth is counted by the contract (notes-tmp/log-review-contract.md) while the lines are written:
//   errors    error-level events: Python ERROR/CRITICAL (a traceback is part of the ERROR line before
//             it), JSON/logfmt error/fatal, access-log 5xx;
//   warnings  Python WARNING, JSON/logfmt warn/warning;
//   timeouts  errors and warnings whose first line, or the exception line of their traceback, matches
//             TIMEOUT_WORDS, plus access-log 504 (the generator checks that case does not matter);
//   slow      events of any level with a duration >= 1 s: JSON duration_ms / duration (seconds),
//             logfmt duration=1.2s / 350ms, the access line's trailing seconds, and Python messages
//             `finished in 1234ms` / `took 2.5s` (the forms action.yml names); no other line has
//             anything that reads as a duration, and no duration is near the threshold (< 0.9 s or
//             >= 1.2 s), so the count does not depend on rounding;
//   grep      lines that `grep -cE 'ERROR|WARN'` counts, by testing the same regular expression on
//             every line written (only Python's capital levels match; JSON/logfmt levels do not).
// Everything written is ASCII, so characters are bytes.
//
// Usage: node bench/log-review/generate.mjs [--access] [file]   (BENCH_LOG_REVIEW_MB, default 1024; _SEED,
// default 1) writes the log (default: a temp dir) and prints the truth as JSON. --access writes the
// access-only log of generateAccessLog instead (gunicorn lines alone, for the comparison with GoAccess).
import { once } from 'node:events'
import { createWriteStream, mkdtempSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { parseArgs } from 'node:util'

/** Bump when the output changes, so cached files of an older generator are not reused. */
export const GENERATOR_VERSION = 1
/** The fixed "now": the log covers the 6 days before it. */
export const NOW = '2026-11-26T12:00:00.000Z'
export const SPAN_HOURS = 144
/** The hour (0-based from the start of the log) whose errors spike. */
export const SPIKE_HOUR = 100
/** The timeout words of the contract. */
export const TIMEOUT_WORDS = /timeout|timed out|time-out|TimeoutError|deadline exceeded|ETIMEDOUT/
const TIMEOUT_WORDS_ANY_CASE = new RegExp(TIMEOUT_WORDS.source, 'i')
const GREP = /ERROR|WARN/
/** Anything in a message that could read as a duration ("in 12ms", "took 1.2s", "after 3 s"). */
const DURATION_TEXT = /\b\d+(\.\d+)?\s*(ns|us|ms|s|sec|secs|seconds?|min|mins|minutes)\b/i
const SLOW_MS = 1000

const ERROR_P = 0.009
const SPIKE_ERROR_P = 0.1
const WARN_P = 0.02
/** Share of Python ERROR lines followed by a traceback. */
const TRACEBACK_P = 0.25
const CHUNK_BYTES = 1 << 20

// ---------------------------------------------------------------------------------------------------
// Seeded randomness (mulberry32)

function prng(seed) {
  let a = seed >>> 0
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  const int = (lo, hi) => lo + Math.floor(next() * (hi - lo + 1))
  const pick = (list) => list[Math.floor(next() * list.length)]
  const hex = (n) => {
    let s = ''
    for (let i = 0; i < n; i++) s += '0123456789abcdef'[Math.floor(next() * 16)]
    return s
  }
  return {
    next,
    int,
    pick,
    hex,
    uuid: () => `${hex(8)}-${hex(4)}-4${hex(3)}-a${hex(3)}-${hex(12)}`,
    ip: () => `10.${int(0, 255)}.${int(0, 255)}.${int(1, 254)}`,
    email: () => `${pick(FIRST)}.${pick(LAST)}${int(1, 999)}@${pick(DOMAINS)}`,
  }
}

const FIRST = ['ana', 'ben', 'chen', 'dara', 'eli', 'fatima', 'goran', 'hana', 'ivan', 'jo', 'kai', 'lena']
const LAST = ['silva', 'ng', 'okafor', 'meyer', 'rossi', 'kowalski', 'tanaka', 'haddad', 'novak', 'berg']
const DOMAINS = ['example.test', 'mail.example.test', 'corp.example.test']
const TABLES = ['users', 'orders', 'sessions', 'invoices', 'audit_events', 'payments']
const JOBS = ['sync_accounts', 'send_digest', 'rebuild_index', 'expire_sessions', 'export_invoices']
const LOGGERS = ['app.api', 'app.db', 'app.worker', 'app.auth', 'app.mail', 'app.billing']
const AGENTS = ['curl/8.5.0', 'python-requests/2.31.0', 'kube-probe/1.29', 'Mozilla/5.0 (X11; Linux x86_64)']
const ROUTES = [
  { method: 'GET', template: '/api/users/{id}', path: (r) => `/api/users/${r.int(1, 99999)}` },
  { method: 'GET', template: '/api/orders/{id}', path: (r) => `/api/orders/${r.int(1, 999999)}` },
  { method: 'POST', template: '/api/orders', path: () => '/api/orders' },
  {
    method: 'GET',
    template: '/api/search',
    path: (r) => `/api/search?q=${r.pick(LAST)}&page=${r.int(1, 9)}`,
  },
  {
    method: 'PUT',
    template: '/api/users/{id}/profile',
    path: (r) => `/api/users/${r.int(1, 99999)}/profile`,
  },
  { method: 'GET', template: '/api/invoices/{id}/pdf', path: (r) => `/api/invoices/${r.int(1, 99999)}/pdf` },
  { method: 'POST', template: '/api/login', path: () => '/api/login' },
  { method: 'GET', template: '/healthz', path: () => '/healthz' },
]

// ---------------------------------------------------------------------------------------------------
// Templates: (rng) => message. Error and warning messages hold no timeout words unless `timeout`, and
// nothing that reads as a duration.

const ERRORS = [
  (r) => `user ${r.int(1, 99999)} not found`,
  (r) => `payment ${r.int(1, 999999)} declined for ${r.email()}`,
  (r) => `failed to send mail to ${r.email()}: smtp 550 mailbox unavailable`,
  (r) => `order ${r.uuid()} could not be saved: constraint violation orders_pkey`,
  (r) => `session ${r.hex(32)} rejected: signature mismatch`,
  (r) => `database connection lost after ${r.int(2, 5000)} queries`,
  (r) => `upstream billing-api returned 502 for invoice ${r.int(1, 99999)}`,
  (r) => `could not acquire lock on account ${r.int(1, 99999)}`,
  (r) => `job ${r.int(1, 999999)} crashed: worker killed by signal 9`,
  (r) => `invalid signature on webhook ${r.hex(24)}`,
  (r) => `cache backend unavailable: redis ${r.ip()} refused connection`,
  (r) => `template render failed for ${r.email()}`,
  (r) => `file upload ${r.uuid()} rejected: checksum mismatch`,
  (r) => `quota exceeded for tenant ${r.int(1, 5000)}`,
  (r) => `unhandled exception in handler for order ${r.int(1, 999999)}`,
  (r) => `migration step ${r.int(1, 300)} failed: duplicate column`,
  (r) => `failed to decode token for user ${r.int(1, 99999)}: bad padding`,
  (r) => `search index shard ${r.int(0, 31)} is read-only`,
  (r) => `s3 put failed for key exports/${r.int(1, 9999)}/${r.uuid()}.csv`,
  (r) => `login failed for ${r.email()} from ${r.ip()}`,
  (r) => `password reset link for ${r.email()} could not be generated`,
  (r) => `audit log write failed: disk ${r.int(95, 99)} percent full`,
  (r) => `queue consumer ${r.int(1, 64)} lost its heartbeat`,
  (r) => `report ${r.int(1, 99999)} generation aborted: out of memory`,
  (r) => `pdf export ${r.uuid()} failed with exit code ${r.int(1, 127)}`,
  (r) => `refund ${r.int(1, 99999)} rejected by provider: code ${r.int(1000, 9999)}`,
  (r) => `duplicate key for ${r.email()} in users_email_key`,
  (r) => `inventory reservation ${r.int(1, 999999)} conflicted with ${r.int(1, 999999)}`,
]
const ERROR_TIMEOUTS = [
  (r) => `request to ${r.ip()}:5432 timed out on attempt ${r.int(1, 5)}`,
  (r) => `read timeout from payments gateway for order ${r.int(1, 999999)}`,
  (r) => `deadline exceeded calling inventory.reserve for sku ${r.int(1, 99999)}`,
  (r) => `connect ETIMEDOUT ${r.ip()}:6379`,
  (r) => `gateway timeout from geo-service for lookup ${r.int(1, 99999)}`,
]
const WARNINGS = [
  (r) => `retrying request to billing-api, attempt ${r.int(1, 5)}`,
  (r) => `cache miss storm on key users:${r.int(1, 99999)}`,
  (r) => `deprecated api version v1 used by client ${r.int(1, 999)}`,
  (r) => `rate limit near for tenant ${r.int(1, 5000)}: ${r.int(80, 99)} percent of quota`,
  (r) => `disk usage at ${r.int(80, 94)} percent on /var/lib/app`,
  (r) => `certificate for api${r.int(1, 9)}.example.test expires soon`,
  (r) => `connection pool ${r.int(80, 99)} percent saturated`,
  (r) => `user ${r.email()} used an expired reset token`,
  (r) => `payload for upload ${r.int(1, 99999)} truncated`,
  (r) => `config key ${r.pick(['smtp_host', 'feature_x', 'max_rows'])} missing, using default`,
  (r) => `queue depth ${r.int(1000, 50000)} above soft limit`,
  (r) => `slow query on ${r.pick(TABLES)}: ${r.int(10000, 900000)} rows scanned`,
]
const WARNING_TIMEOUTS = [
  (r) => `lock wait timeout on accounts row ${r.int(1, 99999)}`,
  (r) => `read timed out, retrying job ${r.int(1, 999999)}`,
]
/** Info messages without a duration. Some name timeouts: info events are not reviewed, so no count. */
const INFOS = [
  (r) => `user ${r.int(1, 99999)} logged in`,
  (r) => `cache warmed with ${r.int(100, 90000)} keys`,
  () => 'health check ok',
  (r) => `scheduled ${r.int(1, 400)} jobs for the next window`,
  (r) => `socket timeout set to ${r.int(5, 60)} for worker ${r.int(1, 16)}`,
  (r) => `invoice ${r.int(1, 99999)} sent to ${r.email()}`,
  (r) => `feature flag ${r.pick(['beta_ui', 'new_search', 'fast_export'])} evaluated`,
  (r) => `worker ${r.int(1, 16)} recovered after an earlier timeout`,
]

/** Python tracebacks: in-app frames, a library frame, the exception line. */
const TRACEBACKS = [
  {
    frames: [
      ['/app/app/api/users.py', 88, 'get_user', 'user = repo.load(user_id)'],
      ['/app/app/db.py', 12, 'connect', 'conn = psycopg2.connect(dsn, connect_timeout=5)'],
      [
        '/usr/local/lib/python3.12/site-packages/psycopg2/__init__.py',
        122,
        'connect',
        'conn = _connect(dsn, connection_factory=connection_factory, **kwasync)',
      ],
    ],
    exception: () => 'psycopg2.OperationalError: could not connect to server: Connection refused',
  },
  {
    frames: [
      ['/app/app/api/orders.py', 141, 'create_order', 'payload = parse(request.json)'],
      ['/app/app/schemas.py', 57, 'parse', "return int(data['quantity'])"],
    ],
    exception: (r) => `ValueError: invalid literal for int() with base 10: '${r.hex(6)}'`,
  },
  {
    frames: [
      ['/app/app/billing/client.py', 63, 'charge', 'response = session.post(url, json=body, timeout=10)'],
      [
        '/usr/local/lib/python3.12/site-packages/requests/adapters.py',
        713,
        'send',
        'raise ReadTimeout(e, request=request)',
      ],
    ],
    exception: () =>
      "requests.exceptions.ReadTimeout: HTTPSConnectionPool(host='billing.internal', port=443): Read timed out. (read timeout=10)",
  },
  {
    frames: [
      ['/app/app/worker/tasks.py', 204, 'sync_accounts', 'batch = await fetch_batch(cursor)'],
      ['/app/app/worker/remote.py', 31, 'fetch_batch', 'return await asyncio.wait_for(call(cursor), 30)'],
    ],
    exception: () => 'TimeoutError',
  },
  {
    frames: [['/app/app/auth/tokens.py', 77, 'refresh', "claims = cache[token_id]['claims']"]],
    exception: (r) => `KeyError: 'tok_${r.hex(10)}'`,
  },
  {
    frames: [
      ['/app/app/api/users.py', 120, 'update_profile', 'db.session.commit()'],
      [
        '/usr/local/lib/python3.12/site-packages/sqlalchemy/orm/session.py',
        1969,
        'commit',
        'trans.commit(_to_root=True)',
      ],
    ],
    exception: () =>
      'sqlalchemy.exc.IntegrityError: (psycopg2.errors.UniqueViolation) duplicate key value violates unique constraint "users_email_key"',
  },
  {
    frames: [['/app/app/reports/build.py', 45, 'average', 'return total / count']],
    exception: () => 'ZeroDivisionError: division by zero',
  },
  {
    frames: [['/app/app/mail/digest.py', 92, 'render', 'name = user.profile.display_name']],
    exception: () => "AttributeError: 'NoneType' object has no attribute 'display_name'",
  },
]

// ---------------------------------------------------------------------------------------------------
// Lines

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']
const pythonTime = (iso) => `${iso.slice(0, 10)} ${iso.slice(11, 19)},${iso.slice(20, 23)}`
const accessTime = (iso) =>
  `${iso.slice(8, 10)}/${MONTHS[Number(iso.slice(5, 7)) - 1]}/${iso.slice(0, 4)}:${iso.slice(11, 19)} +0000`
/** A duration in ms: mostly fast (1..800), `slowShare` of them slow (1200..30000); never near 1 s. */
const duration = (r, slowShare) => (r.next() < slowShare ? r.int(1200, 30000) : r.int(1, 800))
const seconds = (ms) => (ms / 1000).toFixed(3)

/**
 * A gunicorn access line at `iso` with a trailing response time in seconds: 5xx (a fifth of them 504,
 * which always take 30 s) when `level` is 'error', else a 2xx-4xx. Returns the line and what it counts.
 */
function accessLine(r, iso, level) {
  const route = r.pick(ROUTES)
  let status
  if (level === 'error') status = r.next() < 0.2 ? 504 : r.pick([500, 500, 502, 503])
  else status = r.pick([200, 200, 200, 200, 200, 201, 204, 301, 304, 400, 401, 403, 404])
  const ms = status === 504 ? r.int(30000, 30999) : duration(r, 0.01)
  const text = `${r.ip()} - - [${accessTime(iso)}] "${route.method} ${route.path(r)} HTTP/1.1" ${status} ${status === 204 || status === 304 ? 0 : r.int(120, 48000)} "-" "${r.pick(AGENTS)}" ${seconds(ms)}`
  return { text, status, ms, group: `access ${status} ${route.method} ${route.template}` }
}

/** The log's clock: a line's time grows with the bytes before it, from NOW - SPAN_HOURS to NOW. */
function logClock(targetBytes) {
  const end = Date.parse(NOW)
  const start = end - SPAN_HOURS * 3600_000
  const spanMs = end - start
  let lastMs = -1
  let iso = ''
  return {
    start,
    /** The ISO time and the hour (0-based from the start) of a line written after `bytes`. */
    at(bytes) {
      const ms = start + Math.floor((bytes / targetBytes) * spanMs)
      if (ms !== lastMs) {
        iso = new Date(ms).toISOString()
        lastMs = ms
      }
      return { iso, hour: Math.floor((ms - start) / 3600_000) }
    },
  }
}

/**
 * Lines to `path` in chunks of about CHUNK_BYTES, the stream's backpressure respected. `bytes` counts
 * every byte added so far (written or not yet); close() checks the file has exactly that many.
 */
function chunkedWriter(path) {
  const out = createWriteStream(path)
  let chunk = []
  let pending = 0
  let written = 0
  const flush = async () => {
    if (chunk.length === 0) return
    const text = `${chunk.join('\n')}\n`
    chunk = []
    written += pending
    pending = 0
    if (!out.write(text)) await once(out, 'drain')
  }
  return {
    get bytes() {
      return written + pending
    },
    add(text) {
      chunk.push(text)
      pending += text.length + 1
    },
    async flushIfFull() {
      if (pending >= CHUNK_BYTES) await flush()
    },
    async close() {
      await flush()
      out.end()
      await once(out, 'finish')
      const size = statSync(path).size
      if (size !== written) throw new Error(`generator: wrote ${size} bytes, counted ${written}`)
    },
  }
}

/**
 * Spikes as the contract defines them: the hours from the first to the last event's hour, an hour a
 * spike when its errors are >= spike-min (10) and >= spike-factor (5) x the median hour. Returns the
 * errors per hour up to the last event's and the spikes.
 */
function spikesOf(hourErrors, start, lastIso) {
  const lastHour = Math.floor((Date.parse(lastIso) - start) / 3600_000)
  const counts = hourErrors.slice(0, lastHour + 1)
  const sorted = [...counts].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  const medianErrors = sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
  const spikeHours = counts
    .map((errors, hour) => ({ hour: new Date(start + hour * 3600_000).toISOString(), errors }))
    .filter(({ errors }) => errors >= 10 && errors >= 5 * medianErrors)
  return {
    hours: counts,
    spikes: { count: spikeHours.length, hours: spikeHours, medianErrorsPerHour: medianErrors },
  }
}

/**
 * Writes the log to `path` (about `targetBytes`: it stops after the event that reaches them) and
 * resolves with the truth. `seed` makes it deterministic; the stream's backpressure is respected.
 */
export async function generateLog(path, { targetBytes, seed = 1 } = {}) {
  const r = prng(seed)
  const clock = logClock(targetBytes)
  const out = chunkedWriter(path)
  const truth = {
    generator: { version: GENERATOR_VERSION, seed, targetBytes, now: NOW, spanHours: SPAN_HOURS },
    bytes: 0,
    lines: 0,
    events: 0,
    errors: 0,
    warnings: 0,
    timeouts: 0,
    slow: 0,
    tracebacks: 0,
    tracebackLines: 0,
    tracebacksBy: {},
    grep: 0,
    byFormat: {},
    timeoutsBy: { firstLine: 0, exceptionLine: 0, status504: 0 },
    slowBy: { json: 0, logfmt: 0, access: 0, python: 0 },
    errorsBy: { pythonError: 0, pythonCritical: 0, json: 0, logfmt: 0, access5xx: 0 },
    from: undefined,
    to: undefined,
    hours: [],
    spikes: undefined,
    groupsEstimate: undefined,
  }
  for (const format of ['python', 'json', 'logfmt', 'access'])
    truth.byFormat[format] = { lines: 0, events: 0, errors: 0, warnings: 0, grep: 0 }
  const hourErrors = new Array(SPAN_HOURS).fill(0)
  const groups = new Set()

  const line = (format, text) => {
    const grep = GREP.test(text)
    if (grep) {
      truth.grep++
      truth.byFormat[format].grep++
    }
    truth.lines++
    truth.byFormat[format].lines++
    out.add(text)
  }
  /** Counts one reviewed event (level 'error' | 'warning' | 'info'). */
  const event = (format, level, { hour, firstLine, exceptionLine, status, ms, group }) => {
    truth.events++
    truth.byFormat[format].events++
    if (ms !== undefined && ms >= SLOW_MS) {
      truth.slow++
      truth.slowBy[format]++
    }
    if (level === 'info') return
    if (level === 'error') {
      truth.errors++
      truth.byFormat[format].errors++
      hourErrors[hour]++
    } else {
      truth.warnings++
      truth.byFormat[format].warnings++
    }
    groups.add(group)
    // The contract's words, checked on the first line and the exception line; case must not matter.
    const timeoutIn = (text) => {
      const strict = TIMEOUT_WORDS.test(text)
      if (strict !== TIMEOUT_WORDS_ANY_CASE.test(text))
        throw new Error(`generator: timeout words differ by case in ${JSON.stringify(text)}`)
      return strict
    }
    if (timeoutIn(firstLine)) truth.timeoutsBy.firstLine++
    else if (exceptionLine !== undefined && timeoutIn(exceptionLine)) truth.timeoutsBy.exceptionLine++
    else if (status === 504) truth.timeoutsBy.status504++
    else return
    truth.timeouts++
  }
  const checkMessage = (message) => {
    if (DURATION_TEXT.test(message))
      throw new Error(`generator: a message reads as a duration: ${JSON.stringify(message)}`)
    return message
  }

  while (out.bytes < targetBytes) {
    const { iso, hour } = clock.at(out.bytes)
    if (truth.from === undefined) truth.from = iso
    truth.to = iso
    const roll = r.next()
    const errorP = hour === SPIKE_HOUR ? SPIKE_ERROR_P : ERROR_P
    const level = roll < errorP ? 'error' : roll < errorP + WARN_P ? 'warning' : 'info'
    const f = r.next()
    // Access lines carry no warnings: a warning goes to one of the three others.
    const format =
      level === 'warning'
        ? f < 0.4
          ? 'python'
          : f < 0.8
            ? 'json'
            : 'logfmt'
        : f < 0.3
          ? 'python'
          : f < 0.6
            ? 'json'
            : f < 0.75
              ? 'logfmt'
              : 'access'

    if (format === 'access') {
      const { text, status, ms, group } = accessLine(r, iso, level)
      line('access', text)
      event('access', level, { hour, firstLine: text, status, ms, group })
    } else {
      let message
      let group
      let ms
      let jsonDuration
      if (level === 'info') {
        // Info: requests with durations (JSON/logfmt), jobs with durations in the text (Python), or plain.
        const which = r.next()
        if (format === 'python' && which < 0.25) {
          ms = duration(r, 0.02)
          message =
            r.next() < 0.5
              ? `job ${r.pick(JOBS)} finished in ${ms}ms`
              : `export ${r.int(1, 99999)} took ${seconds(ms)}s`
        } else if (format !== 'python' && which < 0.6) {
          ms = duration(r, 0.005)
          message = 'request finished'
        } else message = checkMessage(r.pick(INFOS)(r))
        group = 'info'
      } else {
        const timeout = r.next() < 0.12
        const list =
          level === 'error' ? (timeout ? ERROR_TIMEOUTS : ERRORS) : timeout ? WARNING_TIMEOUTS : WARNINGS
        const index = Math.floor(r.next() * list.length)
        message = checkMessage(list[index](r))
        group = `${level} ${timeout ? 't' : ''}${index}`
        // Some errors and warnings measured how long they took (a timeout always long).
        if (format !== 'python' && (timeout || r.next() < 0.2))
          ms = timeout ? r.int(5000, 30000) : duration(r, 0.3)
      }
      const route = r.pick(ROUTES)
      if (format === 'python') {
        const critical = level === 'error' && r.next() < 0.03
        const name = critical
          ? 'CRITICAL'
          : level === 'error'
            ? 'ERROR'
            : level === 'warning'
              ? 'WARNING'
              : 'INFO'
        const text = `${pythonTime(iso)} ${name} ${r.pick(LOGGERS)}: ${message}`
        line('python', text)
        let exceptionLine
        if (level === 'error' && r.next() < TRACEBACK_P) {
          const tb = r.pick(TRACEBACKS)
          line('python', 'Traceback (most recent call last):')
          for (const [file, lineNo, fn, code] of tb.frames) {
            line('python', `  File "${file}", line ${lineNo}, in ${fn}`)
            line('python', `    ${code}`)
          }
          exceptionLine = tb.exception(r)
          line('python', exceptionLine)
          truth.tracebacks++
          const type = exceptionLine.split(':')[0]
          truth.tracebacksBy[type] = (truth.tracebacksBy[type] ?? 0) + 1
          truth.tracebackLines += 2 + tb.frames.length * 2
          const inApp = tb.frames
            .filter(([file]) => !/site-packages|dist-packages|lib\/python/.test(file))
            .at(-1)
          group = `traceback ${exceptionLine.split(':')[0]} ${inApp[0]} ${inApp[2]}`
        }
        if (critical) truth.errorsBy.pythonCritical++
        else if (level === 'error') truth.errorsBy.pythonError++
        event('python', level, {
          hour,
          firstLine: text,
          exceptionLine,
          ms,
          group: `${critical ? 'critical' : ''}${group}`,
        })
      } else if (format === 'json') {
        const name =
          level === 'error'
            ? r.next() < 0.03
              ? 'fatal'
              : 'error'
            : level === 'warning'
              ? r.next() < 0.5
                ? 'warn'
                : 'warning'
              : r.next() < 0.05
                ? 'debug'
                : 'info'
        // Durations: mostly duration_ms; some `duration` in seconds (a number).
        jsonDuration =
          ms === undefined ? '' : r.next() < 0.85 ? `,"duration_ms":${ms}` : `,"duration":${seconds(ms)}`
        const text = `{"time":"${iso}","level":"${name}","msg":${JSON.stringify(message)},"method":"${route.method}","route":"${route.template}","request_id":"${r.uuid()}"${jsonDuration}}`
        line('json', text)
        if (level === 'error') truth.errorsBy.json++
        event('json', level, {
          hour,
          firstLine: text,
          ms,
          group: `${name === 'fatal' ? 'fatal' : ''}${group}`,
        })
      } else {
        const name = level === 'error' ? 'error' : level === 'warning' ? 'warn' : 'info'
        const logfmtDuration =
          ms === undefined ? '' : r.next() < 0.8 ? ` duration=${seconds(ms)}s` : ` duration=${ms}ms`
        const text = `time=${iso} level=${name} msg=${JSON.stringify(message)} method=${route.method} route=${route.template}${logfmtDuration}`
        line('logfmt', text)
        if (level === 'error') truth.errorsBy.logfmt++
        event('logfmt', level, { hour, firstLine: text, ms, group })
      }
    }
    if (format === 'access' && level === 'error') truth.errorsBy.access5xx++
    await out.flushIfFull()
  }
  await out.close()
  truth.bytes = out.bytes
  Object.assign(truth, spikesOf(hourErrors, clock.start, truth.to))
  truth.groupsEstimate = groups.size
  return truth
}

/**
 * An access-only log: the gunicorn lines of generateLog alone (same clock, error share and spike hour;
 * no warnings, as access lines carry none), for the comparison with GoAccess. Its own random sequence,
 * so the mixed log's bytes do not depend on it. Resolves with the truth in generateLog's shape (errors
 * are the 5xx, timeouts the 504s, slow the requests of >= 1 s, one record and event per line) plus
 * `requests` and `byStatus` (requests per status code).
 */
export async function generateAccessLog(path, { targetBytes, seed = 1 } = {}) {
  const r = prng(seed)
  const clock = logClock(targetBytes)
  const out = chunkedWriter(path)
  const truth = {
    generator: {
      version: GENERATOR_VERSION,
      kind: 'access',
      seed,
      targetBytes,
      now: NOW,
      spanHours: SPAN_HOURS,
    },
    bytes: 0,
    lines: 0,
    events: 0,
    requests: 0,
    errors: 0,
    warnings: 0,
    timeouts: 0,
    slow: 0,
    byStatus: {},
    byFormat: { access: { lines: 0, events: 0, errors: 0, warnings: 0, grep: 0 } },
    from: undefined,
    to: undefined,
    hours: [],
    spikes: undefined,
    groupsEstimate: undefined,
  }
  const hourErrors = new Array(SPAN_HOURS).fill(0)
  const groups = new Set()
  while (out.bytes < targetBytes) {
    const { iso, hour } = clock.at(out.bytes)
    truth.from ??= iso
    truth.to = iso
    const level = r.next() < (hour === SPIKE_HOUR ? SPIKE_ERROR_P : ERROR_P) ? 'error' : 'info'
    const { text, status, ms, group } = accessLine(r, iso, level)
    out.add(text)
    truth.byStatus[status] = (truth.byStatus[status] ?? 0) + 1
    if (ms >= SLOW_MS) truth.slow++
    if (level === 'error') {
      truth.errors++
      hourErrors[hour]++
      groups.add(group)
      if (status === 504) truth.timeouts++
    }
    await out.flushIfFull()
  }
  await out.close()
  truth.bytes = out.bytes
  truth.lines = truth.events = truth.requests = Object.values(truth.byStatus).reduce((a, b) => a + b, 0)
  Object.assign(truth.byFormat.access, { lines: truth.lines, events: truth.lines, errors: truth.errors })
  Object.assign(truth, spikesOf(hourErrors, clock.start, truth.to))
  truth.groupsEstimate = groups.size
  return truth
}

// ---------------------------------------------------------------------------------------------------
// As a script

const USAGE =
  'node bench/log-review/generate.mjs [--access] [file] (size: BENCH_LOG_REVIEW_MB, default 1024; seed: BENCH_LOG_REVIEW_SEED, default 1)'

if (import.meta.url === pathToFileURL(resolve(process.argv[1] ?? '')).href) {
  const mb = Number(process.env.BENCH_LOG_REVIEW_MB) > 0 ? Number(process.env.BENCH_LOG_REVIEW_MB) : 1024
  const seed = Number.isInteger(Number(process.env.BENCH_LOG_REVIEW_SEED))
    ? Number(process.env.BENCH_LOG_REVIEW_SEED)
    : 1
  let parsed
  try {
    parsed = parseArgs({
      options: { access: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
      allowPositionals: true,
    })
  } catch (error) {
    // An unknown flag must not become the name of a 1 GiB file.
    console.error(`generate.mjs: ${error.message}; usage: ${USAGE}`)
    process.exit(1)
  }
  if (parsed.values.help) {
    console.log(`usage: ${USAGE}`)
    process.exit(0)
  }
  const access = parsed.values.access === true
  const path =
    parsed.positionals[0] ??
    join(mkdtempSync(join(tmpdir(), 'log-review-gen-')), access ? 'access.log' : 'app.log')
  const started = Date.now()
  const generate = access ? generateAccessLog : generateLog
  const truth = await generate(path, { targetBytes: Math.round(mb * 1024 * 1024), seed })
  console.log(JSON.stringify({ path, ms: Date.now() - started, ...truth, hours: undefined }, null, 2))
}
