import { JsonPath, getAtPath } from './json-path.js'
import { parseDuration } from '../core/units.js'

export type Health = 'healthy' | 'degraded' | 'unhealthy'

/** The words that mean healthy or degraded, lower-cased; anything else is unhealthy. */
export interface Vocabulary {
  healthy: string[]
  degraded: string[]
}

export interface Component {
  name: string
  status: string
  health: Health
}

export interface BodyVerdict {
  /** Which health format the body was read as. */
  format:
    | 'status field'
    | 'health+json'
    | 'spring actuator'
    | 'microprofile'
    | 'plain text'
    | 'status-path'
    | 'empty'
    | 'django-health-check'
    | 'kubernetes'
    | 'health-go'
  health: Health
  /** The raw status value and where it was found (`.status`). */
  status?: string
  where?: string
  /** Why the body could not be read as a health response; makes it unhealthy. */
  problem?: string
  components: Component[]
  /**
   * The body names only the components that failed (health-go): one it does not name passed its check.
   */
  onlyFailuresListed?: boolean
  uptimeSeconds?: number
}

export interface BodyOptions {
  statusPath?: JsonPath
  uptimePath?: JsonPath
  vocabulary: Vocabulary
}

const STATUS_KEYS = ['status', 'outcome', 'state'] as const
const CONTAINER_KEYS = ['components', 'checks', 'details', 'services', 'dependencies'] as const
const UPTIME_KEYS = ['uptime', 'uptime_seconds', 'uptimeSeconds'] as const
const SPRING_WORDS = /^(up|down|out_of_service|unknown)$/i
/** A body is read up to 1 MiB: enough for any health document, bounded for an endless one. */
export const MAX_BODY_BYTES = 1024 * 1024

/** Classifies one status value. Booleans count too: `{"ok": true}`. */
export function classify(value: unknown, vocabulary: Vocabulary): Health {
  if (value === true) return 'healthy'
  if (typeof value !== 'string' && typeof value !== 'number') return 'unhealthy'
  const word = String(value).trim().toLowerCase()
  if (vocabulary.healthy.includes(word)) return 'healthy'
  if (vocabulary.degraded.includes(word)) return 'degraded'
  return 'unhealthy'
}

/**
 * Reads a health response body: the runbook's `{"status": "healthy"}`, the IETF health+json draft,
 * Spring Boot Actuator, MicroProfile Health, django-health-check, health-go, Kubernetes'
 * `/readyz?verbose` text, a plain `ok`, or the value at `status-path`. Also finds the components
 * (database, storage ...) and the reported uptime. A body cut at the read cap is never healthy.
 */
export function interpretBody(
  text: string,
  contentType: string,
  truncated: boolean,
  options: BodyOptions,
): BodyVerdict {
  const trimmed = text.trim()
  // `ok` followed by a megabyte of spaces is not a health document: whatever came after the cap is
  // unknown, so nothing read before it can make the body healthy.
  if (truncated) {
    return problem(
      options.statusPath ? 'status-path' : 'plain text',
      `the body was cut at the ${MAX_BODY_BYTES / 1024 / 1024} MiB cap, so it cannot be judged (a health document is small; is this the health endpoint?): ${preview(trimmed)}`,
    )
  }
  if (trimmed === '') {
    if (options.statusPath)
      return problem('empty', `body is empty; expected JSON with ${options.statusPath.text}`)
    return { format: 'empty', health: 'healthy', components: [] }
  }
  let json: unknown
  try {
    json = JSON.parse(trimmed)
  } catch {
    return readPlain(trimmed, contentType, options)
  }

  const components = findComponents(json, options.vocabulary)
  const uptimeSeconds = findUptime(json, options.uptimePath)
  if (options.statusPath) {
    const value = getAtPath(json, options.statusPath)
    if (value === undefined || value === null || typeof value === 'object') {
      return {
        ...problem('status-path', `no status value at ${options.statusPath.text}`),
        components,
        uptimeSeconds,
      }
    }
    return verdict(
      'status-path',
      value,
      options.statusPath.text,
      components,
      uptimeSeconds,
      options.vocabulary,
    )
  }
  if (typeof json === 'string')
    return verdict('plain text', json, 'body', components, uptimeSeconds, options.vocabulary)
  if (!json || typeof json !== 'object' || Array.isArray(json)) {
    return problem('status field', `body is JSON but not an object: ${preview(trimmed)}`)
  }
  const object = json as Record<string, unknown>
  const framework =
    readHealthGo(object, uptimeSeconds) ?? readDjangoHealthCheck(object, uptimeSeconds, options.vocabulary)
  if (framework) return framework
  for (const key of STATUS_KEYS) {
    if (typeof object[key] === 'string') {
      return verdict(
        detectFormat(object, contentType),
        object[key],
        `.${key}`,
        components,
        uptimeSeconds,
        options.vocabulary,
      )
    }
  }
  for (const key of ['healthy', 'ok', 'up']) {
    if (typeof object[key] === 'boolean') {
      return verdict('status field', object[key], `.${key}`, components, uptimeSeconds, options.vocabulary)
    }
  }
  return {
    ...problem(
      'status field',
      `no status in the JSON body (looked for .status, .outcome, .state); set status-path`,
    ),
    components,
    uptimeSeconds,
  }
}

function verdict(
  format: BodyVerdict['format'],
  value: unknown,
  where: string,
  components: Component[],
  uptimeSeconds: number | undefined,
  vocabulary: Vocabulary,
): BodyVerdict {
  return {
    format,
    health: classify(value, vocabulary),
    status: String(value),
    where,
    components,
    uptimeSeconds,
  }
}

function problem(format: BodyVerdict['format'], message: string): BodyVerdict {
  return { format, health: 'unhealthy', problem: message, components: [] }
}

function readPlain(text: string, contentType: string, options: BodyOptions): BodyVerdict {
  const word = text.toLowerCase()
  const known = [...options.vocabulary.healthy, ...options.vocabulary.degraded]
  if (!options.statusPath && !/json/i.test(contentType) && known.includes(word)) {
    return verdict('plain text', text, 'body', [], undefined, options.vocabulary)
  }
  if (!options.statusPath) {
    const kubernetes = readKubernetesChecks(text)
    if (kubernetes) return kubernetes
  }
  return problem(options.statusPath ? 'status-path' : 'plain text', `body is not JSON: ${preview(text)}`)
}

/** health-go's statuses (github.com/hellofresh/health-go, health.go), in its own words. */
const HEALTH_GO_STATUS: Record<string, Health> = {
  OK: 'healthy',
  'Partially Available': 'degraded',
  Unavailable: 'unhealthy',
}

/**
 * health-go: `{"status": "Partially Available", "failures": {"rabbitmq": "Failed during ..."},
 * "component": {...}}`. It always writes `component` (the service's name and version) and lists only
 * the checks that failed; "Partially Available" means only checks marked skip-on-error failed.
 */
function readHealthGo(object: Record<string, unknown>, uptimeSeconds?: number): BodyVerdict | undefined {
  const status = object.status
  const health = typeof status === 'string' ? HEALTH_GO_STATUS[status] : undefined
  if (!health || !isPlainObject(object.component)) return undefined
  const failures = isPlainObject(object.failures) ? object.failures : {}
  // A failure under "Partially Available" degrades the service; under "Unavailable" it may be the cause.
  const failed: Health = health === 'unhealthy' ? 'unhealthy' : 'degraded'
  const components = Object.entries(failures).map(([name, message]) => ({
    name,
    status: String(message),
    health: failed,
  }))
  return {
    format: 'health-go',
    health,
    status: status as string,
    where: '.status',
    components,
    onlyFailuresListed: true,
    uptimeSeconds,
  }
}

const DJANGO_ERROR = /^(unknown error|unavailable|unexpected result|warning): /

/**
 * django-health-check's JSON: one key per check, the value "working" or the error text
 * (`"unavailable: ..."`, `"warning: ..."`), and no status key. Recognised only when every value is
 * such a text, so an arbitrary object without a status still asks for `status-path`.
 */
function readDjangoHealthCheck(
  object: Record<string, unknown>,
  uptimeSeconds: number | undefined,
  vocabulary: Vocabulary,
): BodyVerdict | undefined {
  const entries = Object.entries(object)
  const known = (value: unknown) =>
    typeof value === 'string' && (value.trim().toLowerCase() === 'working' || DJANGO_ERROR.test(value))
  if (entries.length === 0 || !entries.every(([, value]) => known(value))) return undefined
  const components: Component[] = entries.map(([name, value]) => {
    const status = String(value)
    const health: Health =
      status.trim().toLowerCase() === 'working' || classify(status, vocabulary) === 'healthy'
        ? 'healthy'
        : status.startsWith('warning: ')
          ? 'degraded'
          : 'unhealthy'
    return { name, status, health }
  })
  const worst = worstComponent(components)
  return {
    format: 'django-health-check',
    health: worst?.health ?? 'healthy',
    status: worst ? worst.status : 'working',
    where: worst ? fieldPath(worst.name) : 'every check',
    components,
    uptimeSeconds,
  }
}

/**
 * Kubernetes' `/readyz?verbose` (and `/livez`, `/healthz`) text: a line per check, `[+]etcd ok`,
 * `[+]etcd excluded: ok` or `[-]etcd failed: reason withheld`, then `readyz check passed` or
 * `readyz check failed`. Without that last line the list may be incomplete, so it is not healthy.
 */
function readKubernetesChecks(text: string): BodyVerdict | undefined {
  const lines = text.split('\n').map((line) => line.trim())
  const components: Component[] = []
  for (const line of lines) {
    const check = /^\[([+-])\](\S+) (.+)$/.exec(line)
    if (check) {
      components.push({
        name: check[2],
        status: check[3],
        health: check[1] === '+' ? 'healthy' : 'unhealthy',
      })
    }
  }
  if (components.length === 0) return undefined
  const last = /^(\S+) check (passed|failed)$/.exec(lines.at(-1) ?? '')
  if (!last) {
    return {
      ...problem('kubernetes', `the check list does not end in a "… check passed" line: ${preview(text)}`),
      components,
    }
  }
  const failing = components.find((c) => c.health !== 'healthy')
  if (last[2] === 'passed' && !failing) {
    return {
      format: 'kubernetes',
      health: 'healthy',
      status: lines.at(-1),
      where: 'the last line',
      components,
    }
  }
  return {
    format: 'kubernetes',
    health: 'unhealthy',
    status: failing ? failing.status : lines.at(-1),
    where: failing ? failing.name : 'the last line',
    components,
  }
}

/** The status and where it was read, then the other components that fail: `status DOWN at .status; failing: db (DOWN)`. */
export function describeStatus(verdict: BodyVerdict): string {
  const status = `status ${verdict.status} at ${verdict.where}`
  const failing = failingComponents(verdict)
  return failing ? `${status}; ${failing}` : status
}

/**
 * The components that are not healthy, for a reason line: `failing: db (DOWN), cache (timeout)`.
 * Unless `includeNamed`, leaves out the one whose own status is the verdict's (django-health-check and
 * Kubernetes report `status failed: ... at etcd`), which is named already.
 */
export function failingComponents(
  verdict: BodyVerdict,
  { includeNamed = false, limit = 5 } = {},
): string | undefined {
  const named = (c: Component) => verdict.where === c.name || verdict.where === fieldPath(c.name)
  const failing = verdict.components.filter((c) => c.health !== 'healthy' && (includeNamed || !named(c)))
  if (failing.length === 0) return undefined
  const shown = failing.slice(0, limit).map((c) => `${c.name} (${preview(c.status, 60).slice(1, -1)})`)
  const more = failing.length > limit ? ` and ${failing.length - limit} more` : ''
  return `failing: ${shown.join(', ')}${more}`
}

/**
 * The component a required-checks name refers to. Where the body lists only failures (health-go), a
 * component it does not name passed its check; everywhere else an unnamed component is unknown.
 */
export function findComponent(verdict: BodyVerdict, name: string): Component | undefined {
  const found = verdict.components.find((c) => c.name.toLowerCase() === name.toLowerCase())
  if (found || !verdict.onlyFailuresListed) return found
  return { name, status: 'not among the failures (health-go lists only failing checks)', health: 'healthy' }
}

function worstComponent(components: Component[]): Component | undefined {
  const worst = components.reduce<Component | undefined>(
    (w, c) => (rank(c.health) > rank(w?.health ?? 'healthy') ? c : w),
    undefined,
  )
  return worst
}

function fieldPath(name: string): string {
  return /^[A-Za-z_$][\w$-]*$/.test(name) ? `.${name}` : `.${JSON.stringify(name)}`
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return !!value && typeof value === 'object' && !Array.isArray(value)
}

function detectFormat(object: Record<string, unknown>, contentType: string): BodyVerdict['format'] {
  if (/health\+json/i.test(contentType)) return 'health+json'
  if (Array.isArray(object.checks)) return 'microprofile'
  if (
    object.components &&
    typeof object.components === 'object' &&
    SPRING_WORDS.test(String(object.status))
  ) {
    return 'spring actuator'
  }
  const checks = object.checks
  if (checks && typeof checks === 'object' && Object.values(checks).some(Array.isArray)) return 'health+json'
  return 'status field'
}

/**
 * Components from every shape the formats use: Spring's `components: {db: {status}}` (nested too),
 * health+json's `checks: {"db:responseTime": [{status}]}`, MicroProfile's `checks: [{name, status}]`
 * and the plain `checks: {db: "ok"}`. A component listed twice keeps its worst status.
 */
export function findComponents(json: unknown, vocabulary: Vocabulary): Component[] {
  const found = new Map<string, Component>()
  const add = (name: string, status: string) => {
    const health = classify(status, vocabulary)
    const existing = found.get(name.toLowerCase())
    if (!existing || rank(health) > rank(existing.health))
      found.set(name.toLowerCase(), { name, status, health })
  }
  const walk = (value: unknown, prefix: string, depth: number) => {
    if (!value || typeof value !== 'object' || depth > 3) return
    const object = value as Record<string, unknown>
    for (const key of CONTAINER_KEYS) {
      const container = object[key]
      if (Array.isArray(container)) {
        for (const entry of container) {
          const e = entry as Record<string, unknown> | null
          const name = e && (e.name ?? e.componentId ?? e.id)
          const status = e ? statusOf(e) : undefined
          if (typeof name === 'string' && status !== undefined) add(prefix + name, status)
        }
      } else if (container && typeof container === 'object') {
        for (const [rawName, entry] of Object.entries(container)) {
          // Spring's `details` also hold plain facts (`"database": "PostgreSQL"`, `"exists": true`):
          // there only an object can be a component.
          if (key === 'details' && (!entry || typeof entry !== 'object' || Array.isArray(entry))) continue
          // health+json keys are "component:measurement"; the component is what users name.
          const name = prefix + (key === 'checks' && Array.isArray(entry) ? rawName.split(':')[0] : rawName)
          const status = statusOf(entry)
          if (status !== undefined) add(name, status)
          if (entry && typeof entry === 'object' && !Array.isArray(entry)) walk(entry, `${name}.`, depth + 1)
        }
      }
    }
  }
  walk(json, '', 0)
  return [...found.values()]
}

function statusOf(entry: unknown): string | undefined {
  if (typeof entry === 'string') return entry
  if (typeof entry === 'boolean') return entry ? 'up' : 'down'
  if (Array.isArray(entry)) {
    const statuses = entry.map(statusOf).filter((s): s is string => s !== undefined)
    // The worst entry decides; order words by how bad they sound since the vocabulary is not known here.
    return statuses.sort((a, b) => badness(b) - badness(a))[0]
  }
  if (entry && typeof entry === 'object') {
    const object = entry as Record<string, unknown>
    for (const key of STATUS_KEYS) if (typeof object[key] === 'string') return object[key]
    if (typeof object.healthy === 'boolean') return object.healthy ? 'up' : 'down'
  }
  return undefined
}

function badness(status: string): number {
  if (/^(pass|ok|up|healthy)$/i.test(status)) return 0
  if (/^(warn|degraded)$/i.test(status)) return 1
  return 2
}

function rank(health: Health): number {
  return health === 'healthy' ? 0 : health === 'degraded' ? 1 : 2
}

/** Uptime in seconds from `uptime-path`, the usual keys (top level or one level down), or a health+json `uptime` check. */
export function findUptime(json: unknown, path?: JsonPath): number | undefined {
  if (path) return toSeconds(getAtPath(json, path))
  if (!json || typeof json !== 'object') return undefined
  const object = json as Record<string, unknown>
  const nested = Object.values(object).filter(
    (v): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v),
  )
  for (const candidate of [object, ...nested]) {
    for (const key of UPTIME_KEYS) {
      const seconds = toSeconds(candidate[key])
      if (seconds !== undefined) return seconds
    }
  }
  const checks = object.checks
  if (checks && typeof checks === 'object' && !Array.isArray(checks)) {
    for (const [key, entries] of Object.entries(checks)) {
      if (!/(^|:)uptime$/i.test(key) || !Array.isArray(entries)) continue
      const entry = entries[0] as { observedValue?: unknown; observedUnit?: string } | undefined
      const seconds = toSeconds(entry?.observedValue)
      if (seconds === undefined) continue
      const unit = (entry?.observedUnit ?? 's').toLowerCase()
      const factor =
        unit === 'ms'
          ? 0.001
          : unit.startsWith('min')
            ? 60
            : unit === 'h' || unit.startsWith('hour')
              ? 3600
              : 1
      return seconds * factor
    }
  }
  return undefined
}

/** Seconds from a number, a numeric string, a duration (`3d`), or Python's timedelta (`1 day, 2:03:04`). */
export function toSeconds(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) && value >= 0 ? value : undefined
  if (typeof value !== 'string') return undefined
  const text = value.trim()
  if (/^\d+(\.\d+)?$/.test(text)) return Number(text)
  const timedelta = /^(?:(\d+) days?, )?(\d+):(\d{2}):(\d{2}(?:\.\d+)?)$/.exec(text)
  if (timedelta) {
    const [, days, h, m, s] = timedelta
    return Number(days ?? 0) * 86400 + Number(h) * 3600 + Number(m) * 60 + Number(s)
  }
  const ms = parseDuration(text)
  return ms === undefined ? undefined : ms / 1000
}

/** The first characters of a body, on one line, for error messages. */
export function preview(text: string, length = 80): string {
  const line = text.replace(/\s+/g, ' ').trim()
  return JSON.stringify(line.length > length ? `${line.slice(0, length)}…` : line)
}
