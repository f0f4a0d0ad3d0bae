/**
 * Masks what must never reach a summary or report: e-mail addresses, bearer and basic credentials,
 * password/token/secret/key values, and long hex or base64 strings (session ids, API keys, JWTs).
 * Applied to every example and template shown, before anything is stored.
 */

const RULES: [RegExp, string | ((match: string, ...groups: string[]) => string)][] = [
  // The lookbehind makes a match start only where a name starts: without it a long run of word
  // characters with no @ costs quadratic time (a 200 KB line took seconds).
  [/(?<![\w.+-])[\w.+-]{1,64}@[\w-]+(?:\.[\w-]+)+/g, '<email>'],
  // JSON web tokens, wherever they appear: three base64url parts joined by dots.
  [/\beyJ[\w-]{4,}\.[\w-]{4,}(?:\.[\w-]*)?/g, '<jwt>'],
  [/\b(Bearer|Basic|Token)\s+[\w.~+/=-]{6,}/gi, '$1 <redacted>'],
  [
    /\b([\w-]*(?:password|passwd|pwd|passphrase|secret|token|api[_-]?key|apikey|access[_-]?key|authorization|credentials?|session[_-]?id|cookie)[\w-]*)(["']?\s*[=:]\s*["']?)([^\s"'&,;}\]]+)/gi,
    '$1$2<redacted>',
  ],
  // scheme://user:password@host
  [/\b([a-z][a-z0-9+.-]*:\/\/[^\s:/@]+:)[^\s@/]+@/gi, '$1<redacted>@'],
  [/\b[0-9a-f]{32,}\b/gi, '<hex>'],
  [
    /(?<![\w/.+-])[A-Za-z0-9+/_-]{24,}={0,2}(?![\w/+-])/g,
    // Only strings that look random (letters of both cases and digits), not long identifiers.
    (match) => (/\d/.test(match) && /[a-z]/.test(match) && /[A-Z]/.test(match) ? '<redacted>' : match),
  ],
]

export function redact(text: string): string {
  let out = text
  for (const [pattern, replacement] of RULES) out = out.replace(pattern, replacement as string)
  return out
}
