/**
 * Every secret this process has seen. The runner's mask (`::add-mask::`) only hides the runner's log;
 * reports, summaries and outputs are files we write ourselves, so everything we write passes through
 * `redact` too.
 */
const secrets = new Set<string>()
export const MASK = '***'

/**
 * Where a new secret is also announced. Under GitHub the runner sets this to `core.setSecret`, so the
 * runner masks its log; in a terminal nothing is set, since `::add-mask::<secret>` printed there would
 * show the very secret it means to hide. The registry itself never imports @actions/*.
 */
let maskSink: ((secret: string) => void) | undefined
export function setMaskSink(sink: ((secret: string) => void) | undefined): void {
  maskSink = sink
  for (const secret of secrets) sink?.(secret)
}

/** Query parameters whose values are credentials more often than not. */
const SENSITIVE_QUERY =
  /^(token|access_token|api[-_]?key|key|secret|password|passwd|pwd|auth|signature|sig|code)$/i

/**
 * Registers a secret: the runner masks it in the log from now on and `redact` removes it from what we
 * write. Values shorter than 3 characters are not registered (masking "a" would mangle every log line),
 * but are never logged either since callers only show redacted forms.
 */
export function addSecret(value: string | undefined): void {
  if (!value || value.length < 3) return
  for (const form of new Set([value, encodeURIComponent(value), safeDecode(value)])) {
    if (form.length < 3 || secrets.has(form)) continue
    secrets.add(form)
    maskSink?.(form)
  }
}

/** Replaces every registered secret in a text with `***`, longest first so overlapping ones go whole. */
export function redact(text: string): string {
  if (secrets.size === 0 || !text) return text
  return redactWith(longestFirst(), text)
}

const longestFirst = () => [...secrets].sort((a, b) => b.length - a.length)

function redactWith(sorted: string[], text: string): string {
  let result = text
  for (const secret of sorted) if (result.includes(secret)) result = result.split(secret).join(MASK)
  return result
}

/** Deeply redacts every string in a JSON-like value (used on the Report before it is written). */
export function redactDeep<T>(value: T): T {
  // Nothing to hide: skip walking (and copying) what may be a report of ten thousand findings.
  if (secrets.size === 0) return value
  // Redacting keeps the shape: only strings change, each into a string. The secrets are sorted once for
  // the walk, not once per string (a report of 10,000 findings has over 100,000).
  return redactValue(value, longestFirst()) as T
}

function redactValue(value: unknown, sorted: string[]): unknown {
  if (typeof value === 'string') return redactWith(sorted, value)
  if (Array.isArray(value)) return value.map((item: unknown) => redactValue(item, sorted))
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]: [string, unknown]) => [k, redactValue(v, sorted)]),
    )
  }
  return value
}

/**
 * Registers the password and credential-looking query values of a URL as secrets and returns the URL
 * as it may be shown: `https://user:***@host/path?token=***`. Text that is not a URL is returned as is.
 */
export function maskUrl(text: string): string {
  let url: URL
  try {
    url = new URL(text)
  } catch {
    return text
  }
  let changed = false
  if (url.password) {
    addSecret(url.password)
    url.password = MASK
    changed = true
  }
  for (const [name, value] of [...url.searchParams]) {
    if (SENSITIVE_QUERY.test(name) && value) {
      addSecret(value)
      url.searchParams.set(name, MASK)
      changed = true
    }
  }
  // Show the URL as the user wrote it unless something had to be masked.
  return changed ? url.href.replaceAll(encodeURIComponent(MASK), MASK) : text
}

/**
 * For text that should have been a URL but is not one: hides (and registers) whatever stands before an
 * '@', where a user:password would be, so even a rejected value is safe to show in an error.
 */
export function maskUnparsedUrl(text: string): string {
  const match = /^([a-z][a-z0-9+.-]*:\/\/)?([^/@]*)@/i.exec(text)
  if (!match) return text
  const userinfo = match[2]
  const colon = userinfo.indexOf(':')
  addSecret(colon >= 0 ? userinfo.slice(colon + 1) : userinfo)
  return `${match[1] ?? ''}***@${text.slice(match[0].length)}`
}

/** Forgets all secrets; for tests only, since a real run never un-learns a secret. */
export function clearSecretsForTests(): void {
  secrets.clear()
}

/** decodeURIComponent, or the text as it is when it is not valid percent-encoding. */
export function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value)
  } catch {
    return value
  }
}
