import { ConfigurationError } from './errors.js'

const DURATION_UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }
const SIZE_UNITS: Record<string, number> = { b: 1, kb: 1024, mb: 1024 ** 2, gb: 1024 ** 3, tb: 1024 ** 4 }

/**
 * Parses `500ms`, `5s`, `2m`, `1h`, `7d` (and compounds like `1h30m`) into milliseconds.
 * Returns undefined when the text is not a duration, so the caller can name the input in its error.
 */
export function parseDuration(text: string): number | undefined {
  const value = text.trim().toLowerCase()
  if (value === '0') return 0
  const parts = [...value.matchAll(/(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)/g)]
  const compact = parts.map((p) => p[0].replace(/\s+/g, '')).join('')
  if (parts.length === 0 || compact !== value.replace(/\s+/g, '')) return undefined
  return parts.reduce((total, [, amount, unit]) => total + Number(amount) * DURATION_UNITS[unit], 0)
}

/** Parses `512B`, `1KB`, `10MB`, `1GB` (binary multiples, as people mean them for files) into bytes. */
export function parseSize(text: string): number | undefined {
  const match = /^(\d+(?:\.\d+)?)\s*(b|kb|mb|gb|tb|kib|mib|gib|tib)?$/i.exec(text.trim())
  if (!match) return undefined
  const unit = (match[2] ?? 'b').toLowerCase().replace('ib', 'b')
  return Math.round(Number(match[1]) * SIZE_UNITS[unit])
}

/** Milliseconds as a person reads them: `850ms`, `12s`, `3m 20s`, `2h 5m`, `3d 4h`. */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms)) return String(ms)
  const sign = ms < 0 ? '-' : ''
  const abs = Math.abs(ms)
  if (abs < 1000) return `${sign}${Math.round(abs)}ms`
  if (abs < 60_000) return `${sign}${trim(abs / 1000)}s`
  const units: [string, number][] = [
    ['d', 86_400_000],
    ['h', 3_600_000],
    ['m', 60_000],
    ['s', 1000],
  ]
  const parts: string[] = []
  let rest = Math.round(abs / 1000) * 1000
  for (const [unit, size] of units) {
    const amount = Math.floor(rest / size)
    if (amount > 0 && parts.length < 2) parts.push(`${amount}${unit}`)
    if (parts.length > 0) rest -= amount * size
    if (parts.length === 2) break
  }
  return sign + parts.join(' ')
}

/** Bytes as a person reads them: `980 B`, `1.5 KB`, `12 MB`. */
export function formatSize(bytes: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB']
  let value = bytes
  let unit = 0
  while (Math.abs(value) >= 1024 && unit < units.length - 1) {
    value /= 1024
    unit++
  }
  return `${unit === 0 ? value : trim(value)} ${units[unit]}`
}

function trim(value: number): string {
  return value >= 100 ? String(Math.round(value)) : String(Math.round(value * 10) / 10)
}

/** Throws the standard one-line input error: names the input, what was given and what is allowed. */
export function invalidInput(name: string, given: string, allowed: string): never {
  throw new ConfigurationError(`input '${name}' is '${given}': ${allowed}`)
}
