/**
 * The actions' texts name inputs as a workflow sets them: "input 'ca-cert' is ...", "set ca-cert",
 * "set missing: warn". On a terminal those inputs are flags, so the CLI's printing says `--ca-cert`,
 * `set --missing=warn`; the actions' own texts stay as workflow users read them. Only names the check
 * declares are translated, so other quoted words stay as they are.
 */
export function asFlags(text: string, inputNames: string[]): string {
  if (inputNames.length === 0) return text
  // Longest first, so `database-url` is matched whole rather than as `database`.
  const names = [...inputNames]
    .sort((a, b) => b.length - a.length)
    .map((name) => name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('|')
  return text
    .replace(new RegExp(`\\binput '(${names})'`, 'g'), '--$1')
    .replace(
      new RegExp(`\\bset (${names})(?:: ([^\\s,;]+))?(?![\\w-])`, 'g'),
      (_m, name: string, value?: string) =>
        value === undefined ? `set --${name}` : `set --${name}=${value}`,
    )
}
