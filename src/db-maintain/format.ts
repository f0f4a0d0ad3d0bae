import { formatSize } from '../core/units.js'

/**
 * A whole number with en-US thousands separators (`1,234,567`), as `toLocaleString('en-US')` prints it but
 * without Intl, whose first use costs a process ~30 ms of start-up.
 */
export function groupDigits(value: number): string {
  return String(Math.round(value)).replace(/\B(?=(\d{3})+(?!\d))/g, ',')
}

/** A SQL string literal, for statements that are printed (never sent). */
export function quoteLiteral(text: string): string {
  return `'${text.replace(/'/g, "''")}'`
}

/** A size, or 'not measured' when the catalog does not know it. */
export function sizeOrUnknown(bytes: number | undefined): string {
  return bytes === undefined ? 'not measured' : formatSize(bytes)
}
