// The JSON Schema of the runbook file (schemas/runbook.schema.json), generated from every action's inputs
// in actions/<name>/action.yml so that an editor completes a check's inputs, shows their descriptions and
// flags a misspelt one. `npm run bundle` writes it beside src/cli/action-inputs.json;
// test/runbook/schema.test.ts checks the committed file is current.
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

import { format, resolveConfig } from 'prettier'

import { readActionInputs } from './action-inputs.mjs'

const ROOT = join(fileURLToPath(import.meta.url), '..', '..')
export const RUNBOOK_SCHEMA_PATH = join(ROOT, 'schemas', 'runbook.schema.json')

/** What an input value may be written as: every input is a string once the file is read. */
const VALUE = {
  title: 'Input value',
  description:
    'A string, a number or a boolean (given as text, as a workflow step does), or a list of them (given one per line).',
  type: ['string', 'number', 'boolean', 'null', 'array'],
  items: { type: ['string', 'number', 'boolean'] },
}

export function runbookSchema() {
  const actions = readActionInputs()
  const inputsOf = (name) =>
    Object.fromEntries(
      Object.entries(actions[name]).map(([input, spec]) => [
        input,
        { description: spec.description, $ref: '#/$defs/value' },
      ]),
    )
  // A default is offered to every action that declares an input of that name.
  const declaredBy = {}
  for (const [action, inputs] of Object.entries(actions)) {
    for (const [input, spec] of Object.entries(inputs)) {
      declaredBy[input] ??= { actions: [], description: spec.description }
      declaredBy[input].actions.push(action)
    }
  }
  const defaults = Object.fromEntries(
    Object.entries(declaredBy)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([input, { actions: names, description }]) => [
        input,
        { description: `Given to ${names.join(', ')}. ${description}`, $ref: '#/$defs/value' },
      ]),
  )
  const checks = Object.fromEntries(
    Object.keys(actions).map((name) => [
      name,
      {
        title: `${name} check`,
        description: `Runs ${name} with these inputs (those of actions/${name}/action.yml).`,
        type: ['object', 'null'],
        additionalProperties: false,
        properties: inputsOf(name),
      },
    ]),
  )
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    title: 'runbook file',
    description:
      'The checks the runbook action runs, per schedule, with the inputs they share. Generated from the actions’ action.yml by scripts/runbook-schema.mjs.',
    type: 'object',
    additionalProperties: false,
    required: ['schedules'],
    properties: {
      defaults: {
        title: 'Defaults',
        description:
          'Inputs given to every check whose action has an input of that name (a check’s own value wins).',
        type: 'object',
        additionalProperties: false,
        properties: defaults,
      },
      schedules: {
        title: 'Schedules',
        description:
          'The sets of checks by name (daily, weekly, monthly or any name); the `schedule` input or the triggering cron picks one.',
        type: 'object',
        minProperties: 1,
        additionalProperties: { $ref: '#/$defs/schedule' },
      },
    },
    $defs: {
      value: VALUE,
      schedule: {
        title: 'Schedule',
        description: 'A set of checks run together: its cron, how many may run at once, and the checks.',
        type: 'object',
        additionalProperties: false,
        required: ['checks'],
        properties: {
          cron: {
            title: 'Cron',
            description:
              "The cron expression (or list of them) of the workflow's `on.schedule` that runs this schedule, written exactly as there.",
            anyOf: [
              { type: 'string', minLength: 1 },
              { type: 'array', minItems: 1, items: { type: 'string', minLength: 1 } },
            ],
          },
          'max-parallel': {
            title: 'Max parallel',
            description: 'How many checks may run at once; 1 (the default) runs them in order.',
            type: 'integer',
            minimum: 1,
          },
          checks: {
            title: 'Checks',
            description: 'The checks, each `- <action>: { <input>: <value> }`.',
            type: 'array',
            minItems: 1,
            items: { $ref: '#/$defs/check' },
          },
        },
      },
      check: {
        title: 'Check',
        description: 'One action and its inputs: `- health-gate: { url: https://example.com/health }`.',
        type: 'object',
        minProperties: 1,
        maxProperties: 1,
        additionalProperties: false,
        properties: checks,
      },
    },
  }
}

/** The schema as committed: formatted as `npm run lint` (prettier --check) wants it. */
export async function runbookSchemaJson() {
  const options = await resolveConfig(RUNBOOK_SCHEMA_PATH)
  return format(JSON.stringify(runbookSchema()), { ...options, filepath: RUNBOOK_SCHEMA_PATH })
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  writeFileSync(RUNBOOK_SCHEMA_PATH, await runbookSchemaJson())
}
