/**
 * Fingerprints: a message with its variable parts masked, so `user 123 not found` and `user 456 not
 * found` are one group (the masking step of Drain and of Sentry's message grouping).
 */

const MASKS: [RegExp, string][] = [
  // A match starts only where a name starts (see redact.ts: linear time on long lines).
  [/(?<![\w.+-])[\w.+-]{1,64}@[\w-]+(?:\.[\w-]+)+/g, '<email>'],
  [/\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi, '<uuid>'],
  [/\b\d{1,3}(?:\.\d{1,3}){3}(?::\d+)?\b/g, '<ip>'],
  [/\b(?:[0-9a-f]{1,4}:){3,7}[0-9a-f]{1,4}\b/gi, '<ip>'],
  // Quoted values; an apostrophe inside a word (can't) does not open a quote.
  [/"[^"]*"|(?<!\w)'[^']*'/g, '<str>'],
  [/\b0x[0-9a-f]+\b|\b(?=[0-9a-f]*\d)(?=[0-9a-f]*[a-f])[0-9a-f]{8,}\b/gi, '<hex>'],
  // A minus sign is part of the number (`blk_-42` and `blk_42` are one id) unless it joins two words
  // or numbers (`host-41`, `2015-10-18`).
  [/(?:(?<![A-Za-z\d])-)?\d+(?:[.,:]\d+)*/g, '<num>'],
]

/** The template of a message: variable parts masked, white space squeezed, at most 300 characters. */
export function template(message: string): string {
  // The first 4 KB identify a message; masking all of a 64 KB line would only cost time.
  let out = message.length > 4096 ? message.slice(0, 4096) : message
  for (const [pattern, mask] of MASKS) out = out.replace(pattern, mask)
  out = out.replace(/\s+/g, ' ').trim()
  return out.length > 300 ? `${out.slice(0, 299)}…` : out
}

/** A URL path as an endpoint: the query dropped, ids masked (`/api/users/<num>`). */
export function endpoint(method: string, path: string): string {
  const bare = path.split(/[?#]/, 1)[0]
  return `${method} ${template(bare)}`
}
