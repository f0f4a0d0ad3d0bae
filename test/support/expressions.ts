// GitHub Actions expressions (`${{ ... }}`), evaluated the way the runner does for the subset the example
// workflows use: context lookups (`vars.HEALTH_URL`, `steps.db.outputs.report`, `github.event.inputs.dry-run`),
// string, number and boolean literals, `==`, `!=`, `!`, `&&` and `||` (which return one of their operands,
// so `a && 'x' || ''` is GitHub's conditional), parentheses and the functions format, hashFiles, contains,
// startsWith and endsWith. A lookup of something absent is '' (GitHub gives null, shown as '').
// test/e2e/workflows.test.ts fills the `with:` inputs of the example workflows with it.
import { globSync } from 'tinyglobby'

export type Value = string | number | boolean | null | { [key: string]: Value } | Value[]
export type Contexts = Record<string, Value>

export interface EvaluateOptions {
  /** Where hashFiles() looks: the job's workspace. */
  workspace: string
}

type Token =
  | { kind: 'string'; value: string }
  | { kind: 'number'; value: number }
  | { kind: 'name'; value: string }
  | { kind: 'op'; value: string }

function tokenize(source: string): Token[] {
  const tokens: Token[] = []
  let i = 0
  while (i < source.length) {
    const rest = source.slice(i)
    const space = /^\s+/.exec(rest)
    if (space) {
      i += space[0].length
      continue
    }
    // A string literal: single quotes, '' for a quote inside.
    const string = /^'((?:[^']|'')*)'/.exec(rest)
    const number = /^-?\d+(?:\.\d+)?/.exec(rest)
    const name = /^[A-Za-z_][\w-]*(?:\.[A-Za-z_*][\w-]*)*/.exec(rest)
    const op = /^(?:==|!=|&&|\|\||[!(),])/.exec(rest)
    if (string) tokens.push({ kind: 'string', value: string[1].replace(/''/g, "'") })
    else if (number) tokens.push({ kind: 'number', value: Number(number[0]) })
    else if (name) tokens.push({ kind: 'name', value: name[0] })
    else if (op) tokens.push({ kind: 'op', value: op[0] })
    else throw new Error(`cannot read the expression at "${rest}"`)
    i += (string ?? number ?? name ?? op)![0].length
  }
  return tokens
}

function truthy(value: Value): boolean {
  return value !== null && value !== false && value !== 0 && value !== ''
}

function loosely(a: Value, b: Value): boolean {
  // GitHub compares strings case-insensitively, and values of different types as numbers: null and '' are
  // both 0, so `vars.UNSET == ''` holds.
  if (typeof a === 'string' && typeof b === 'string') return a.toLowerCase() === b.toLowerCase()
  if (a === null || b === null || typeof a !== typeof b) return Number(a) === Number(b)
  return a === b
}

/** How a value reads once it is put into an input: GitHub's string conversion. */
export function asString(value: Value): string {
  if (value === null) return ''
  if (typeof value === 'object') return JSON.stringify(value)
  return String(value)
}

class Parser {
  private at = 0
  constructor(
    private readonly tokens: Token[],
    private readonly contexts: Contexts,
    private readonly options: EvaluateOptions,
  ) {}

  parse(): Value {
    const value = this.or()
    if (this.at < this.tokens.length) throw new Error(`unexpected ${this.tokens[this.at].value}`)
    return value
  }

  private peek(op: string): boolean {
    const token = this.tokens[this.at]
    return token?.kind === 'op' && token.value === op
  }

  private expect(op: string): void {
    if (!this.peek(op)) throw new Error(`expected ${op}`)
    this.at++
  }

  private or(): Value {
    let value = this.and()
    while (this.peek('||')) {
      this.at++
      const right = this.and()
      value = truthy(value) ? value : right
    }
    return value
  }

  private and(): Value {
    let value = this.equality()
    while (this.peek('&&')) {
      this.at++
      const right = this.equality()
      value = truthy(value) ? right : value
    }
    return value
  }

  private equality(): Value {
    let value = this.unary()
    while (this.peek('==') || this.peek('!=')) {
      const negate = this.tokens[this.at++].value === '!='
      const right = this.unary()
      value = loosely(value, right) !== negate
    }
    return value
  }

  private unary(): Value {
    if (this.peek('!')) {
      this.at++
      return !truthy(this.unary())
    }
    return this.primary()
  }

  private primary(): Value {
    const token = this.tokens[this.at++]
    if (!token) throw new Error('the expression ends too early')
    if (token.kind === 'string' || token.kind === 'number') return token.value
    if (token.kind === 'op') {
      if (token.value !== '(') throw new Error(`unexpected ${token.value}`)
      const value = this.or()
      this.expect(')')
      return value
    }
    if (token.value === 'true' || token.value === 'false') return token.value === 'true'
    if (token.value === 'null') return null
    if (this.peek('(')) return this.call(token.value)
    return this.lookup(token.value)
  }

  private call(name: string): Value {
    this.expect('(')
    const args: Value[] = []
    while (!this.peek(')')) {
      args.push(this.or())
      if (!this.peek(')')) this.expect(',')
    }
    this.expect(')')
    const text = args.map(asString)
    switch (name.toLowerCase()) {
      case 'format':
        return text[0].replace(/\{(\d+)\}/g, (_, index: string) => text[Number(index) + 1] ?? '')
      case 'contains':
        return text[0].toLowerCase().includes(text[1].toLowerCase())
      case 'startswith':
        return text[0].toLowerCase().startsWith(text[1].toLowerCase())
      case 'endswith':
        return text[0].toLowerCase().endsWith(text[1].toLowerCase())
      case 'hashfiles': {
        // Not the real hash: a stand-in that is '' exactly when no file matches, which is what examples test.
        const files = globSync(text, { cwd: this.options.workspace, dot: true })
        return files.length === 0 ? '' : `hash-of-${files.sort().join(',')}`
      }
      default:
        throw new Error(`the function ${name}() is not supported here`)
    }
  }

  private lookup(dotted: string): Value {
    let value: Value = this.contexts
    for (const part of dotted.split('.')) {
      if (value === null || typeof value !== 'object' || Array.isArray(value)) return null
      value = part in value ? value[part] : null
    }
    return value
  }
}

/** One expression (what is inside `${{ }}`). */
export function evaluate(expression: string, contexts: Contexts, options: EvaluateOptions): Value {
  return new Parser(tokenize(expression), contexts, options).parse()
}

/** A `with:` or `env:` value: text with `${{ }}` put in, as the runner does before the step starts. */
export function interpolate(text: unknown, contexts: Contexts, options: EvaluateOptions): string {
  if (typeof text !== 'string') return asString((text ?? null) as Value)
  return text.replace(/\$\{\{([\s\S]*?)\}\}/g, (_, expression: string) =>
    asString(evaluate(expression, contexts, options)),
  )
}
