/**
 * The jq path subset people write for a field: `.status`, `.data.health`, `.checks[0].status`,
 * `.["a key"]`, `."a key"`, `.[-1]`. Parsed once, when the input is read, so a bad path fails early.
 */
export type JsonPath = { text: string; segments: (string | number)[] }

/** Returns the parsed path, or an error message saying what is wrong at which character. */
export function parseJsonPath(text: string): JsonPath | string {
  const source = text.trim()
  if (!source.startsWith('.')) return `a path starts with '.', as in .status or .data.health`
  const segments: (string | number)[] = []
  let i = 0
  if (source === '.') return { text: source, segments }
  while (i < source.length) {
    if (source[i] === '.' && source[i + 1] !== '[') {
      i++
      if (source[i] === '"') {
        const end = readQuoted(source, i)
        if (typeof end === 'string') return end
        segments.push(end.value)
        i = end.next
        continue
      }
      const match = /^[A-Za-z_$][\w$-]*/.exec(source.slice(i))
      if (!match) return `expected a field name at character ${i + 1}`
      segments.push(match[0])
      i += match[0].length
    } else if (source[i] === '[' || (source[i] === '.' && source[i + 1] === '[')) {
      i += source[i] === '.' ? 2 : 1
      if (source[i] === '"') {
        const end = readQuoted(source, i)
        if (typeof end === 'string') return end
        segments.push(end.value)
        i = end.next
      } else {
        const match = /^-?\d+/.exec(source.slice(i))
        if (!match) return `expected an index or a quoted key at character ${i + 1}`
        segments.push(Number(match[0]))
        i += match[0].length
      }
      if (source[i] !== ']') return `expected ']' at character ${i + 1}`
      i++
    } else {
      return `unexpected '${source[i]}' at character ${i + 1}`
    }
  }
  return { text: source, segments }
}

function readQuoted(source: string, start: number): { value: string; next: number } | string {
  let i = start + 1
  let value = ''
  while (i < source.length && source[i] !== '"') {
    if (source[i] === '\\') i++
    value += source[i] ?? ''
    i++
  }
  if (source[i] !== '"') return `unterminated quote at character ${start + 1}`
  return { value, next: i + 1 }
}

/** The value at a path, or undefined when any step is missing. */
export function getAtPath(value: unknown, path: JsonPath): unknown {
  let current = value
  for (const segment of path.segments) {
    if (typeof segment === 'number') {
      if (!Array.isArray(current)) return undefined
      current = current[segment < 0 ? current.length + segment : segment]
    } else {
      if (!current || typeof current !== 'object' || Array.isArray(current)) return undefined
      // Own properties only: `.constructor` must not find Object's.
      if (!Object.hasOwn(current, segment)) return undefined
      current = (current as Record<string, unknown>)[segment]
    }
  }
  return current
}
