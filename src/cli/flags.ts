// The command line of one check, parsed by node:util parseArgs in strict mode against the inputs the
// check's action.yml declares, so a typo (`--dryrun=true`) stops the run instead of being dropped while a
// real VACUUM runs.
import { ParseArgsConfig, parseArgs } from 'node:util'

import { getErrorMessage } from '../core/errors.js'
import { closestName } from './closest-name.js'
import { FlagSpecs, isBoolean } from './flag-specs.js'

type Options = NonNullable<ParseArgsConfig['options']>

/** A mistake on the command line: nothing ran; exit code 2. */
export class UsageError extends Error {}

/**
 * `--a=1 --b 2` into `{a: '1', b: '2'}`. Every input is a string to parseArgs (its boolean type refuses
 * `--dry-run=false`), so a boolean input given bare (`--dry-run`, also at the end or before another
 * flag) is first written as `--dry-run=true`. A repeated flag joins its values with new lines (lists).
 */
export function parseFlags(args: string[], specs: FlagSpecs = {}): Record<string, string> {
  const options: Options = Object.fromEntries(
    Object.keys(specs).map((name) => [name, { type: 'string', multiple: true }]),
  )
  const normalized = withBareBooleans(args, specs)
  let values: Record<string, unknown>
  try {
    values = parseArgs({ args: normalized, options, strict: true, allowPositionals: false }).values
  } catch (error) {
    // Whatever parseArgs refuses is a usage error (exit 2), explained in the CLI's words when it can be.
    throw explain(normalized, options, specs) ?? new UsageError(getErrorMessage(error))
  }
  const flags: Record<string, string> = {}
  // Every option is `multiple: true`, so each value parsed is a list of strings.
  for (const [name, given] of Object.entries(values)) flags[name] = (given as string[]).join('\n')
  return flags
}

/** `--flag` for a boolean input, not followed by an explicit true or false, becomes `--flag=true`. */
function withBareBooleans(args: string[], specs: FlagSpecs): string[] {
  const end = args.indexOf('--')
  return args.map((arg, i) => {
    if ((end >= 0 && i > end) || !arg.startsWith('--')) return arg
    const name = arg.slice(2)
    const explicit = /^(true|false)$/.test(args[i + 1] ?? '')
    return Object.hasOwn(specs, name) && isBoolean(specs[name]) && !explicit ? `${arg}=true` : arg
  })
}

/**
 * Why strict parsing refused the line, in the CLI's words: parseArgs' own messages name neither the
 * closest flag nor the `--name=value` fix. Read from its tokens, parsed again without strictness.
 */
function explain(args: string[], options: Options, specs: FlagSpecs): UsageError | undefined {
  const { tokens } = parseArgs({ args, options, strict: false, allowPositionals: true, tokens: true })
  for (const token of tokens) {
    if (token.kind === 'positional')
      return new UsageError(`unexpected argument '${token.value}': use --input-name=value`)
    if (token.kind !== 'option') continue
    if (!Object.hasOwn(specs, token.name)) {
      const closest = closestName(token.name, Object.keys(specs))
      return new UsageError(`unknown flag ${token.rawName}${closest ? `: did you mean --${closest}?` : ''}`)
    }
    if (token.value === undefined || (!token.inlineValue && token.value.startsWith('-')))
      return new UsageError(`flag --${token.name} needs a value: --${token.name}=<value>`)
  }
  return undefined
}
