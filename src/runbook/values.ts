/**
 * A runbook file's input values as a workflow step's `with:` hands them over: every value a string, with
 * `${{ env.NAME }}` filled from the environment. Nothing else of a workflow expression is evaluated: the
 * file is data, and `${{ secrets.X }}` would only work in a workflow.
 */
import { shown } from './file-errors.js'
import { addSecret } from '../core/secrets.js'

/** What the schema lets an input value be. */
export type RawValue = string | number | boolean | null | (string | number | boolean)[]

const EXPRESSION = /\$\{\{\s*(.*?)\s*\}\}/g
const ENV_REFERENCE = /^env\.([A-Za-z_][A-Za-z0-9_]*)$/
/** Names of variables that hold credentials: their values are masked wherever they are filled in. */
const SECRET_NAME = /TOKEN|SECRET|PASSWORD|PASSWD|KEY|CREDENTIAL|DATABASE_URL|DSN|WEBHOOK/i

/** The text of a value: booleans as 'true'/'false', a list one item per line (every list input takes that). */
export function valueText(value: RawValue): string {
  if (value === null) return ''
  if (Array.isArray(value)) return value.map(String).join('\n')
  return String(value)
}

/** The variables a value's `${{ env.NAME }}` placeholders name. */
export function envNames(value: RawValue): string[] {
  return [...valueText(value).matchAll(EXPRESSION)].flatMap((m) => ENV_REFERENCE.exec(m[1])?.[1] ?? [])
}

/**
 * Fills in every `${{ env.NAME }}` (an unset variable is '', as in a workflow). Any other expression is
 * returned as an error with the expression, so the caller can point at it.
 */
export function fillEnv(
  text: string,
  env: Record<string, string | undefined>,
): { text: string } | { expression: string; problem: string } {
  let refused: { expression: string; problem: string } | undefined
  const filled = text.replace(EXPRESSION, (whole: string, inner: string) => {
    const reference = ENV_REFERENCE.exec(inner)
    if (!reference) {
      refused ??= { expression: whole, problem: notAWorkflow(whole, inner) }
      return whole
    }
    const value = env[reference[1]] ?? ''
    if (SECRET_NAME.test(reference[1])) addSecret(value)
    return value
  })
  return refused ?? { text: filled }
}

/** Why `${{ secrets.X }}` does not work here, and the two lines that make it work. */
function notAWorkflow(whole: string, inner: string): string {
  const name = /^[A-Za-z]+\.([A-Za-z_][A-Za-z0-9_]*)$/.exec(inner)?.[1]?.toUpperCase() ?? 'NAME'
  return (
    `${shown(whole)} is not filled in: a runbook file is not a workflow, only \${{ env.NAME }} is: ` +
    `pass the value through the step's env: (${name}: ${shown(whole)}) and write \${{ env.${name} }}`
  )
}
