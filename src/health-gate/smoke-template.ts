/**
 * The `${{ env.NAME }}` and `${{ captures.name }}` placeholders of a smoke file. Environment values are
 * filled in when the file is read (and registered as secrets: they are passwords and tokens); captures
 * only exist once an earlier step has run, so they are filled in just before the request is sent.
 * The syntax looks like a workflow expression on purpose, but nothing else of it is evaluated.
 */
import { addSecret } from '../core/secrets.js'

const PLACEHOLDER = /\$\{\{\s*(.*?)\s*\}\}/g
const REFERENCE = /^(env|captures)\.([A-Za-z_][A-Za-z0-9_-]*)$/

/** Fills in `${{ env.NAME }}`; returns an error message for an unset variable or an unknown placeholder. */
export function expandEnv(text: string, env: NodeJS.ProcessEnv): { text: string } | { error: string } {
  let error: string | undefined
  const expanded = text.replace(PLACEHOLDER, (whole, expression: string) => {
    const reference = REFERENCE.exec(expression)
    if (!reference) {
      error ??= `'${whole}' is not a placeholder health-gate knows: use \${{ env.NAME }} or \${{ captures.name }}`
      return whole
    }
    if (reference[1] === 'captures') return whole
    const value = env[reference[2]]
    if (value === undefined || value === '') {
      error ??= `\${{ env.${reference[2]} }} is empty: set ${reference[2]} in the step's env (from a secret)`
      return whole
    }
    addSecret(value)
    return value
  })
  return error === undefined ? { text: expanded } : { error }
}

/** The capture names a text refers to. */
export function capturesUsed(text: string): string[] {
  return [...text.matchAll(PLACEHOLDER)]
    .map((match) => REFERENCE.exec(match[1]))
    .filter((reference) => reference?.[1] === 'captures')
    .map((reference) => reference![2])
}

/** Fills in `${{ captures.name }}` from the values captured so far (the caller checked they all exist). */
export function fillCaptures(text: string, captures: ReadonlyMap<string, string>): string {
  return text.replace(PLACEHOLDER, (whole, expression: string) => {
    const reference = REFERENCE.exec(expression)
    return reference?.[1] === 'captures' ? (captures.get(reference[2]) ?? whole) : whole
  })
}

/** Applies `edit` to every string in a JSON-like value (a request body), keeping its shape. */
export function mapStrings(value: unknown, edit: (text: string) => string): unknown {
  if (typeof value === 'string') return edit(value)
  if (Array.isArray(value)) return value.map((item) => mapStrings(item, edit))
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, mapStrings(item, edit)]))
  }
  return value
}
