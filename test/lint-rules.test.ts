// The rules of eslint.config.js that keep the layers apart: logic never imports @actions/* (only the runner
// layer does), no import circles in src, and the type-checked preset on src. Each is shown on a text
// linted at the path it would have, through the project's own config.
import { readFileSync } from 'node:fs'

import { ESLint } from 'eslint'
import { describe, expect, it } from 'vitest'

const root = new URL('..', import.meta.url).pathname
const eslint = new ESLint({ cwd: root })

async function messagesFor(source: string, filePath: string): Promise<string[]> {
  const [result] = await eslint.lintText(source, { filePath })
  return result.messages.map((m) => m.message)
}

// The type-checked rules build a TypeScript program on first use: seconds on a busy machine.
const typeChecked = { timeout: 120_000 }

describe('the import rule', () => {
  const importsCore = "import * as core from '@actions/core'\nexport const info = core.info\n"

  it('refuses @actions/* in logic', typeChecked, async () => {
    for (const file of [
      'src/health-gate/probe.ts',
      'src/health-gate/action.ts',
      'src/dep-audit/rotation.ts',
      'src/core/secrets.ts',
      'src/cli/run-command.ts',
    ]) {
      expect(await messagesFor(importsCore, file)).toContain(
        "'@actions/core' import is restricted from being used by a pattern. only the runner layer imports @actions/*: pass what the logic needs as arguments",
      )
    }
  })

  it('allows it in the runner layer', typeChecked, async () => {
    // Files that exist: the type-checked rules lint only files of the TypeScript project.
    for (const file of ['src/runner/run-action.ts', 'src/runner/publish.ts']) {
      expect(await messagesFor(importsCore, file)).toEqual([])
    }
  })
})

describe('the import-circle rule', () => {
  // src/core/postgres.ts imports errors.ts, so errors.ts importing postgres.ts closes a circle.
  const importsPostgres = "import { connect } from './postgres.js'\nexport const open = connect\n"

  it('refuses a module that imports one that imports it', typeChecked, async () => {
    expect(readFileSync(`${root}src/core/postgres.ts`, 'utf8')).toContain("from './errors.js'")
    expect(await messagesFor(importsPostgres, 'src/core/errors.ts')).toContain('Dependency cycle detected')
  })

  it('allows the same import where it closes no circle', typeChecked, async () => {
    expect(await messagesFor(importsPostgres, 'src/core/summary.ts')).toEqual([])
  })
})

describe('the type-checked preset', () => {
  // JSON.parse returns `any`: reading a member of it unchecked is what the preset exists to catch.
  const unsafeRead = "export const name: unknown = JSON.parse('{}').name\n"

  it('refuses an unchecked read of an `any` in src', typeChecked, async () => {
    expect(await messagesFor(unsafeRead, 'src/core/units.ts')).toContain(
      'Unsafe member access .name on an `any` value.',
    )
  })

  it('accepts the value typed where it comes in', typeChecked, async () => {
    const typed = "const parsed = JSON.parse('{}') as { name?: string }\nexport const name = parsed.name\n"
    expect(await messagesFor(typed, 'src/core/units.ts')).toEqual([])
  })
})
