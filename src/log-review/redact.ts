/**
 * Masks what must never reach a summary or report: e-mail addresses, bearer and basic credentials,
 * password/token/secret/key values (`name=value`, `name: value`, URL-encoded `name%3Dvalue`,
 * `--name value`, `name "quoted value"`, mysql's `-pvalue`), the token formats of well-known services
 * (Stripe, Slack, GitHub, AWS), webhook URLs that are their own credential, and long hex or base64
 * strings (session ids, API keys, JWTs). Applied to every string shown (examples, templates, group
 * names, operations) before anything is stored.
 *
 * Every pattern runs in linear time on any line: a match may start only where a name starts (a
 * lookbehind, or a literal prefix), and quoted values are bounded. A pattern that backtracks over a
 * long run of characters at every position costs quadratic time (a 200 KB line took seconds).
 */

/**
 * A pattern, its replacement, and a cheap test that a text may hold a match at all: most messages hold
 * no secret, and a literal test is several times faster than the pattern it spares.
 */
type Rule = [RegExp, string | ((match: string, ...groups: string[]) => string), RegExp?]

/** Every name the name rules know holds one of these. */
const SECRET_WORD = /pass|pwd|secret|token|key|authorization|credential|session|cookie/i

/**
 * A name of a secret: a secret word with up to 24 letters or digits before it and 64 word characters
 * after (`dbpassword`, `X-Api-Key`, `jsessionid`, `client_secret_v2`). It starts after a character
 * that is not a letter or digit, so `my_app_password` is found from `password`. The bounds keep the
 * backtracking per start constant: `[\w-]*` on both sides took quadratic time on a long run of names.
 */
/** Words that name a secret, wherever they stand: in a key, a flag, a header. */
const SECRET_NAMES = String.raw`password|passwd|pwd|passphrase|secret|token|api[_-]?key|apikey|access[_-]?key|private[_-]?key`
const NAMED = String.raw`(?<![A-Za-z0-9])[A-Za-z0-9]{0,24}(?:${SECRET_NAMES}|authorization|credentials?|session[_-]?id|cookie)[\w-]{0,64}`
/** A quoted value, bounded so that an unclosed quote cannot make a scan per name to the line's end. */
const QUOTED = String.raw`"[^"\n]{0,1000}"|'[^'\n]{0,1000}'`
const MASK = '<redacted>'

/** The mask in place of a value, keeping its quotes: `"<redacted>"`. */
const maskValue = (value: string) =>
  value.startsWith('"') ? `"${MASK}"` : value.startsWith("'") ? `'${MASK}'` : MASK

/** Whether a word after `Bearer`/`Basic`/`Token` is a credential rather than English (`token verification`). */
const looksLikeCredential = (text: string) =>
  /\d/.test(text) || (/[a-z]/.test(text) && /[A-Z]/.test(text.slice(1))) || /[+/=~]/.test(text)

/** Whether a string looks random (letters of both cases and digits), not like a long identifier. */
const looksRandom = (text: string) => /\d/.test(text) && /[a-z]/.test(text) && /[A-Z]/.test(text)

/** A line that runs mysql (or MariaDB's tools) or passes a user with -u: there `-pvalue` is a password. */
const MYSQL_COMMAND = /\b(?:mysql|mariadb)|(?<!\S)-u\s?\S/i

const RULES: Rule[] = [
  // The lookbehind makes a match start only where a name starts (see above).
  [/(?<![\w.+-])[\w.+-]{1,64}@[\w-]+(?:\.[\w-]+)+/g, '<email>', /@/],
  // JSON web tokens, wherever they appear: three base64url parts joined by dots.
  [/\beyJ[\w-]{4,}\.[\w-]{4,}(?:\.[\w-]*)?/g, '<jwt>', /eyJ/],
  // Webhook URLs carry their secret in the path: everything after the fixed prefix goes.
  [
    /\b(hooks\.slack\.com\/(?:services|workflows|triggers)\/|discord(?:app)?\.com\/api\/webhooks\/)[^\s"'<>?#]+/gi,
    `$1${MASK}`,
    /hooks\.slack\.com|discord/i,
  ],
  // The same path without the host: /services/T.../B.../secret.
  [/\/services\/T[0-9A-Z]{6,}\/B[0-9A-Z]{6,}\/[0-9A-Za-z]{8,}/g, `/services/${MASK}`, /\/services\//],
  // Token formats of well-known services, recognisable by their prefix: Stripe (sk_live_, rk_test_ ...),
  // Slack (xoxb-, xoxp- ...), GitHub (ghp_, github_pat_ ...), AWS access key ids.
  [
    /\b(?:[rsp]k_(?:live|test)_[0-9A-Za-z]{8,}|xox[abposr]-[0-9A-Za-z-]{8,}|gh[pousr]_[0-9A-Za-z]{20,}|github_pat_\w{20,}|(?:AKIA|ASIA)[0-9A-Z]{16})\b/g,
    MASK,
    /k_live_|k_test_|xox|gh[pousr]_|github_pat_|AKIA|ASIA/,
  ],
  // A credential after its scheme, when it looks like one: `token verification failed` is English.
  [
    /\b(Bearer|Basic|Token)(\s+)([\w.~+/=-]{6,})/gi,
    (match, scheme: string, space: string, value: string) =>
      looksLikeCredential(value) ? `${scheme}${space}${MASK}` : match,
    /bearer|basic|token/i,
  ],
  // name=value, name: value, "name": "value", name%3Dvalue (URL-encoded); an Authorization value keeps
  // its scheme word (`Authorization: Bearer <redacted>`).
  [
    new RegExp(
      // `pass` alone is a name only before `=` or as a JSON key: `tests pass: 5` is not a secret.
      String.raw`(${NAMED}|(?<![A-Za-z0-9])pass(?=["']?\s*=|["']\s*:))(["']?\s*(?:[=:]|%3[dDaA])\s*)((?:Bearer|Basic|Token|Digest)\s+)?(${QUOTED}|["']?[^\s"'&,;}\]]+)`,
      'gi',
    ),
    (_match, name: string, separator: string, scheme: string | undefined, value: string) =>
      `${name}${separator}${scheme ?? ''}${value.startsWith('"') || value.startsWith("'") ? maskValue(value) : MASK}`,
    SECRET_WORD,
  ],
  // --password value, -token value: a flag that names a secret, then its value (not the next flag).
  [
    new RegExp(
      String.raw`(?<![\w-])(--?[\w-]{0,24}(?:${SECRET_NAMES}|credentials?)[\w-]{0,32})(\s+)(${QUOTED}|[^\s"'-]\S*)`,
      'gi',
    ),
    (_match, flag: string, space: string, value: string) => `${flag}${space}${maskValue(value)}`,
    SECRET_WORD,
  ],
  // pass "quoted value", password 'x y': a name, a space, then a quoted value.
  [
    new RegExp(String.raw`(${NAMED}|(?<![A-Za-z0-9])pass)(\s+)(${QUOTED})`, 'gi'),
    (_match, name: string, space: string, value: string) => `${name}${space}${maskValue(value)}`,
    SECRET_WORD,
  ],
  // scheme://user:password@host. The scheme starts after a character that cannot be in one and is
  // bounded: with `\b` and `*`, every letter of `a-a-a-...` started a scan to the line's end (quadratic).
  [/(?<![a-z0-9+.-])([a-z][a-z0-9+.-]{0,31}:\/\/[^\s:/@]+:)[^\s@/]+@/gi, `$1${MASK}@`, /:\/\//],
  [/\b[0-9a-f]{32,}\b/gi, '<hex>'],
  [
    /(?<![\w/.+-])[A-Za-z0-9+/_-]{24,}={0,2}(?![\w/+-])/g,
    // Only strings that look random, not long identifiers. In an absolute path each part is judged on
    // its own: `/bgl/apps/MINIBEN/mb_243_0810/allreduce` mixes cases and digits across its parts but
    // holds no secret, while `/reset/<a random part>` still loses that part (any part of 8 or more:
    // a base64 secret that starts with a slash is cut into such parts).
    (match) =>
      match.startsWith('/') && match.includes('/', 1)
        ? match.replace(/[^/]{8,}/g, (part) => (looksRandom(part) ? MASK : part))
        : looksRandom(match)
          ? MASK
          : match,
  ],
]

/** mysql -uroot -pS3cret: the password glued to -p (a separate word after -p is a database name). */
const MYSQL_PASSWORD = /(?<!\S)-p(?=[^\s-])\S+/g

export function redact(text: string): string {
  let out = text
  for (const [pattern, replacement, when] of RULES)
    if (!when || when.test(out)) out = out.replace(pattern, replacement as string)
  if (out.includes('-p') && MYSQL_COMMAND.test(out)) out = out.replace(MYSQL_PASSWORD, `-p${MASK}`)
  return out
}
