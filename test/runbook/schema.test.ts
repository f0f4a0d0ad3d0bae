import { readFileSync } from 'node:fs'

import { Ajv2020 } from 'ajv/dist/2020.js'
import { describe, expect, it } from 'vitest'
import { parse } from 'yaml'

import { runbookSchemaJson } from '../../scripts/runbook-schema.mjs'
import schema from '../../schemas/runbook.schema.json' with { type: 'json' }

describe('schemas/runbook.schema.json', () => {
  it('is what scripts/runbook-schema.mjs generates from every action.yml (npm run bundle writes it)', async () => {
    expect(readFileSync(new URL('../../schemas/runbook.schema.json', import.meta.url), 'utf8')).toBe(
      await runbookSchemaJson(),
    )
  })

  it('lists each action’s inputs with their descriptions, for editors', () => {
    const check = schema.$defs.check.properties['health-gate']
    expect(Object.keys(check.properties)).toContain('required-checks')
    expect(check.properties.url.description).toMatch(/URLs to check/)
  })

  it('accepts examples/runbook.yml as an editor would check it (strict: unknown keys refused)', () => {
    const validate = new Ajv2020({ allowUnionTypes: true }).compile(schema)
    const example: unknown = parse(
      readFileSync(new URL('../../examples/runbook.yml', import.meta.url), 'utf8'),
    )
    expect(validate(example), JSON.stringify(validate.errors)).toBe(true)
    expect(validate({ schedules: { s: { checks: [{ 'health-gate': { urll: 'x' } }] } } })).toBe(false)
  })
})
