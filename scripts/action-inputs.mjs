// The inputs every action declares in actions/<name>/action.yml, as the CLI needs them (flag names,
// descriptions, defaults), written to src/cli/action-inputs.json. `npm run bundle` runs this first, so the
// CLI's flags are always the actions' inputs; test/cli/flags.test.ts checks the committed file is current.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

import { parse } from 'yaml'

const ROOT = join(fileURLToPath(import.meta.url), '..', '..')
export const ACTION_INPUTS_PATH = join(ROOT, 'src', 'cli', 'action-inputs.json')

/** `{ action: { input: { description, default? , required? } } }`, actions and inputs in file order. */
export function readActionInputs() {
  const actions = {}
  const dirs = readdirSync(join(ROOT, 'actions'), { withFileTypes: true }).filter((d) => d.isDirectory())
  for (const dir of dirs.map((d) => d.name).sort())
    actions[dir] = inputsOf(join(ROOT, 'actions', dir, 'action.yml'))
  return actions
}

function inputsOf(actionYml) {
  const metadata = parse(readFileSync(actionYml, 'utf8'))
  const inputs = {}
  for (const [name, spec] of Object.entries(metadata.inputs ?? {})) {
    inputs[name] = {
      description: String(spec.description ?? ''),
      ...(spec.default !== undefined ? { default: String(spec.default) } : {}),
      ...(spec.required ? { required: true } : {}),
    }
  }
  return inputs
}

/**
 * The file the CLI reads: every action's inputs and, as `runbook`, the runbook action's (the repository's
 * root action.yml), which a runbook file cannot list as a check.
 */
export function actionInputsJson() {
  const inputs = { ...readActionInputs(), runbook: inputsOf(join(ROOT, 'action.yml')) }
  return JSON.stringify(inputs, null, 2) + '\n'
}

if (process.argv[1] === fileURLToPath(import.meta.url)) writeFileSync(ACTION_INPUTS_PATH, actionInputsJson())
