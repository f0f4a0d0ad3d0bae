// Every action's metadata, as the runner and the Marketplace read it, and its README kept in step.
import { existsSync, readFileSync, readdirSync } from 'node:fs'
import { join, resolve } from 'node:path'

import { describe, expect, it } from 'vitest'
import { parse } from 'yaml'

import { ROOT } from './support/runner.js'

const actions = readdirSync(join(ROOT, 'actions'), { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)

interface Metadata {
  name?: string
  description?: string
  branding?: { icon?: string; color?: string }
  inputs?: Record<string, { description?: string; required?: boolean; default?: unknown }>
  outputs?: Record<string, { description?: string }>
  runs?: { using?: string; main?: string; post?: string }
}

/** The names in the first column of the table under a `## <heading>` section of a README. */
export function tableNames(markdown: string, heading: string): string[] {
  const section = markdown.split(/^## /m).find((s) => s.toLowerCase().startsWith(heading.toLowerCase()))
  if (!section) return []
  return [...section.matchAll(/^\|\s*`([^`]+)`\s*\|/gm)].map((m) => m[1])
}

it('finds the actions by reading actions/', () => {
  expect(actions).toContain('health-gate')
})

describe.each(actions)('actions/%s', (name) => {
  const dir = join(ROOT, 'actions', name)
  const metadata = parse(readFileSync(join(dir, 'action.yml'), 'utf8')) as Metadata

  it('has a name, a short description and branding', () => {
    expect(metadata.name).toBeTruthy()
    expect(metadata.description?.length).toBeGreaterThan(10)
    expect(metadata.description!.length).toBeLessThanOrEqual(125)
    expect(metadata.branding?.icon).toBeTruthy()
    expect(metadata.branding?.color).toBeTruthy()
  })

  it('describes every input and output, all kebab-case', () => {
    for (const [input, spec] of Object.entries(metadata.inputs ?? {})) {
      expect(input, input).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/)
      expect(spec.description, `input ${input}`).toBeTruthy()
    }
    for (const [output, spec] of Object.entries(metadata.outputs ?? {})) {
      expect(output, output).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/)
      expect(spec.description, `output ${output}`).toBeTruthy()
    }
    expect(Object.keys(metadata.outputs ?? {})).toEqual(expect.arrayContaining(['status', 'report']))
  })

  it('runs its bundle in dist/ on node24', () => {
    expect(metadata.runs?.using).toBe('node24')
    expect(metadata.runs?.main).toBe(`../../dist/${name}/index.js`)
    expect(existsSync(resolve(dir, metadata.runs!.main!))).toBe(true)
    if (metadata.runs?.post) expect(existsSync(resolve(dir, metadata.runs.post))).toBe(true)
    expect(existsSync(join(ROOT, 'src', name, 'index.ts'))).toBe(true)
  })

  it('has a README that documents exactly the inputs and outputs action.yml declares', () => {
    const readme = readFileSync(join(dir, 'README.md'), 'utf8')
    expect(tableNames(readme, 'Inputs').sort()).toEqual(Object.keys(metadata.inputs ?? {}).sort())
    expect(tableNames(readme, 'Outputs').sort()).toEqual(Object.keys(metadata.outputs ?? {}).sort())
    expect(readme).toContain(`uses: `)
    expect(readme).toMatch(new RegExp(`actions/${name}@`))
  })
})

describe('tableNames', () => {
  it('reads the first column of a section table, and only that section', () => {
    const md =
      '# x\n## Inputs\n| name | d |\n|---|---|\n| `url` | a |\n| `wait` | b |\n## Outputs\n| `status` | c |\n'
    expect(tableNames(md, 'Inputs')).toEqual(['url', 'wait'])
    expect(tableNames(md, 'Outputs')).toEqual(['status'])
    expect(tableNames(md, 'Missing')).toEqual([])
  })
})
