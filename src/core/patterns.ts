/**
 * A shell-style wildcard (`*` any run of characters, `?` one character) as an anchored RegExp; every
 * other character is literal. Used for file patterns and table patterns alike.
 */
export function wildcardToRegExp(pattern: string, options: { caseInsensitive?: boolean } = {}): RegExp {
  const body = pattern
    .split('')
    .map((ch) => (ch === '*' ? '.*' : ch === '?' ? '.' : ch.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('')
  return new RegExp(`^${body}$`, options.caseInsensitive ? 'i' : '')
}

/** Whether a text contains a wildcard. */
export function hasWildcard(text: string): boolean {
  return /[*?]/.test(text)
}
