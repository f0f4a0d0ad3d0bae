// Reading the example workflows the way a consumer's runner would see them: which steps call this project's
// actions (`./actions/<name>`, `<owner>/runbook-actions/actions/<name>@<ref>`, or the root action
// `<owner>/runbook-actions@<ref>` / `./`), and what each of those actions declares in its action.yml.
// test/workflows.test.ts checks the calls against the declarations; test/workflows-run.test.ts runs them.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

import { parse } from 'yaml'

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..')
export const examplesDir = path.join(root, 'workflows-examples')
const actionsDir = path.join(root, 'actions')

export type Mapping = Record<string, unknown>

export function isMapping(value: unknown): value is Mapping {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

export interface ActionInput {
  required: boolean
  hasDefault: boolean
  /** The action.yml default, as written (it may be an expression such as `${{ github.token }}`). */
  default?: string
}

export interface ActionMeta {
  /** `actions/<name>` or `the root action`: how messages name it. */
  label: string
  /** The bundle name runBundle takes: the folder under actions/, or `runbook` for the root action. */
  bundle: string
  inputs: Map<string, ActionInput>
  outputs: Set<string>
}

/** The key of the root action in loadActions()'s map. */
export const ROOT = '.'

// The root action's contract as issue 14 gives it: the workflows test checks that ./action.yml still
// declares all of this.
export const ROOT_ACTION_CONTRACT = {
  inputs: ['runbook', 'schedule', 'incident-issue', 'token', 'notify-webhook', 'report-path', 'merge'],
  outputs: ['status', 'failed', 'report'],
}

function readAction(file: string, label: string, bundle: string): ActionMeta {
  const doc: unknown = parse(readFileSync(file, 'utf8'))
  if (!isMapping(doc)) throw new Error(`${file} is not a mapping`)
  const inputs = new Map<string, ActionInput>()
  for (const [key, spec] of Object.entries(isMapping(doc.inputs) ? doc.inputs : {})) {
    const s = isMapping(spec) ? spec : {}
    inputs.set(key, {
      required: s.required === true,
      hasDefault: s.default !== undefined,
      ...(s.default === undefined ? {} : { default: String(s.default) }),
    })
  }
  const outputs = new Set(Object.keys(isMapping(doc.outputs) ? doc.outputs : {}))
  return { label, bundle, inputs, outputs }
}

/** Every action of the project by folder name under actions/, and the root action under ROOT. */
export function loadActions(): Map<string, ActionMeta> {
  const actions = new Map<string, ActionMeta>()
  for (const name of readdirSync(actionsDir)) {
    const file = path.join(actionsDir, name, 'action.yml')
    if (!statSync(path.join(actionsDir, name)).isDirectory() || !existsSync(file)) continue
    actions.set(name, readAction(file, `actions/${name}`, name))
  }
  actions.set(ROOT, readAction(path.join(root, 'action.yml'), 'the root action', 'runbook'))
  return actions
}

// ./actions/<name>, or <owner>/runbook-actions/actions/<name>@<ref>
const SUB_ACTION =
  /^(?:\.\/actions\/(?<local>[^/@\s]+)|[A-Za-z0-9][A-Za-z0-9-]*\/runbook-actions\/actions\/(?<remote>[^/@\s]+)@[^@\s]+)$/
// ./ (or .), or <owner>/runbook-actions@<ref>
const ROOT_ACTION = /^(?:\.\/?|[A-Za-z0-9][A-Za-z0-9-]*\/runbook-actions@[^/@\s]+)$/
// Anything that points into this repository (or a local path), well formed or not.
const LOOKS_OURS = /^(?:\.|[^/]+\/runbook-actions(?:[/@]|$))/

/**
 * Which of our actions a `uses:` names: its key in loadActions()'s map; `undefined` when it is not ours at
 * all, `null` when it points into this repository but in no form a consumer can use.
 */
export function ourAction(uses: string): string | null | undefined {
  if (!LOOKS_OURS.test(uses)) return undefined
  if (ROOT_ACTION.test(uses)) return ROOT
  const match = SUB_ACTION.exec(uses)
  return match?.groups?.local ?? match?.groups?.remote ?? null
}

export interface WorkflowStep extends Mapping {
  id?: string
  uses?: string
  run?: string
  with?: unknown
  env?: unknown
  if?: unknown
}

export interface WorkflowJob {
  id: string
  job: Mapping
  steps: WorkflowStep[]
}

/** The jobs of a workflow, in file order, with their steps. */
export function jobsOf(source: string): WorkflowJob[] {
  const doc: unknown = parse(source)
  if (!isMapping(doc) || !isMapping(doc.jobs)) return []
  return Object.entries(doc.jobs).flatMap(([id, job]) =>
    isMapping(job)
      ? [{ id, job, steps: Array.isArray(job.steps) ? (job.steps as unknown[]).filter(isMapping) : [] }]
      : [],
  )
}

export function exampleFiles(): string[] {
  return readdirSync(examplesDir)
    .filter((name) => /\.ya?ml$/.test(name))
    .sort()
}
