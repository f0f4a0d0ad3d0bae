/**
 * Fingerprints: a message with its variable parts masked, so `user 123 not found` and `user 456 not
 * found` are one group (the masking step of Drain and of Sentry's message grouping).
 */

/** A pattern, its mask, and a character a text must hold for the pattern to match (a cheap test first). */
type Mask = [RegExp, string, string?]

const MASKS: Mask[] = [
  // A match starts only where a name starts (see redact.ts: linear time on long lines).
  [/(?<![\w.+-])[\w.+-]{1,64}@[\w-]+(?:\.[\w-]+)+/g, '<email>', '@'],
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

/**
 * A file path in a message (`/bgl/apps/x/run.rts`, `./runtime_malloc`, `/home/u//t.rts`): which file
 * failed varies like an id does. Absolute paths need two parts, so `/<ip>` or `/tmp` alone stay. Only
 * messages get it: an endpoint keeps its path (`GET /api/users/<num>`), since there the path is the name.
 */
const PATH: Mask = [/(?<![\w.~/<>-])(?:\.{1,2}(?:\/+[\w.+~<>-]+)+|(?:\/+[\w.+~<>-]+){2,})\/?/g, '<path>', '/']
const MESSAGE_MASKS: Mask[] = [...MASKS.slice(0, 2), PATH, ...MASKS.slice(2)]
/**
 * Three or more variable words in a row are one list (`name an14 an15 ... an128`, `softheader=
 * 001a0000 2c 00 00`): its length and the kind of each item vary from line to line, its place does not.
 */
const LIST = /(?<!\S)[^\s<]*<(?:num|hex|ip|uuid|path)>\S*(?: [^\s<]*<(?:num|hex|ip|uuid|path)>\S*){2,}/g

/** The first 4 KB of a text with `masks` applied and white space squeezed. */
function masked(text: string, masks: Mask[]): string {
  // The first 4 KB identify a message; masking all of a 64 KB line would only cost time.
  let out = text.length > 4096 ? text.slice(0, 4096) : text
  for (const [pattern, mask, needs] of masks)
    if (needs === undefined || out.includes(needs)) out = out.replace(pattern, mask)
  return out.replace(/\s+/g, ' ').trim()
}

/** The template of a message: variable parts masked, white space squeezed, at most 300 characters. */
export function template(message: string): string {
  let out = masked(message, MESSAGE_MASKS)
  // A list needs three masks; most messages have fewer and skip the search.
  const listed = holds(out, '<', 3) ? out.replace(LIST, '<list>') : out
  // A message that is nothing but a list keeps its items: `<list>` alone would say nothing.
  if (listed !== '<list>') out = listed
  return out.length > 300 ? `${out.slice(0, 299)}…` : out
}

/** Whether `text` holds `char` at least `count` times. */
function holds(text: string, char: string, count: number): boolean {
  let at = -1
  for (let i = 0; i < count; i++) if ((at = text.indexOf(char, at + 1)) < 0) return false
  return true
}

/** A URL path as an endpoint: the query dropped, ids masked (`/api/users/<num>`). */
export function endpoint(method: string, path: string): string {
  const bare = path.split(/[?#]/, 1)[0]
  const out = masked(bare, MASKS)
  return `${method} ${out.length > 300 ? `${out.slice(0, 299)}…` : out}`
}

/** A mask the templates put in place of a variable part (`<num>`, `<path>`, `<redacted>` ...). */
const MASK_WORD = /<[a-z]+>/g

/** Templates of this many words or more may differ in one of them and still be one message. */
const MIN_SHAPE_WORDS = 4

/**
 * Whether two templates are one message whose masking missed one variable: the same number of words,
 * the same first word, and one word apart, where that word is a mask in one template and anything in
 * the other, around the same text (`chdir(<path>)` and `chdir(pwd)`; `<path>:` and `run_V<num>.rts:`).
 * This is Drain's rule (Zhu et al. 2019) that a word where templates of one shape differ is a
 * variable, kept to one word and to a place already known to vary: two constant words never merge,
 * nor do words whose constant parts differ (`dcbf...<num>` and `icbi...<num>`).
 * Returns the index of the differing word, or -1.
 */
export function oneVariableApart(a: readonly string[], b: readonly string[]): number {
  if (a.length !== b.length || a.length < MIN_SHAPE_WORDS) return -1
  let at = -1
  // The first word stays: Drain's parse tree splits on it too (`Connection ...` vs `Timeout ...`).
  for (let i = 1; i < a.length; i++) {
    if (a[i] === b[i]) continue
    if (at >= 0) return -1
    at = i
  }
  return at > 0 && a[0] === b[0] && (fills(a[at], b[at]) || fills(b[at], a[at])) ? at : -1
}

/** Whether `word` is `masked` with one of its masks replaced by some text (`chdir(pwd)`, `chdir(<path>)`). */
function fills(masked: string, word: string): boolean {
  for (const mask of masked.matchAll(MASK_WORD)) {
    const before = masked.slice(0, mask.index)
    const after = masked.slice(mask.index + mask[0].length)
    if (word.length > before.length + after.length && word.startsWith(before) && word.endsWith(after))
      return true
  }
  return false
}
