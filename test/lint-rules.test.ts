// The layering rule of eslint.config.js: logic never imports @actions/*; only the runner layer does.
// Linted as text at the path it would have, through the project's own config.
import { ESLint } from 'eslint'
import { describe, expect, it } from 'vitest'

const eslint = new ESLint({ cwd: new URL('..', import.meta.url).pathname })
const source = "import * as core from '@actions/core'\nexport const info = core.info\n"

async function messagesFor(filePath: string): Promise<string[]> {
  const [result] = await eslint.lintText(source, { filePath })
  return result.messages.map((m) => m.message)
}

describe('the import rule', () => {
  it('refuses @actions/* in logic', async () => {
    for (const file of [
      'src/health-gate/probe.ts',
      'src/health-gate/action.ts',
      'src/dep-audit/rotation.ts',
      'src/core/secrets.ts',
      'src/cli.ts',
    ]) {
      expect(await messagesFor(file)).toContain(
        "'@actions/core' import is restricted from being used by a pattern. only the runner layer imports @actions/*: pass what the logic needs as arguments",
      )
    }
  })

  it('allows it in the runner layer', async () => {
    for (const file of ['src/runner/run-action.ts', 'src/runner/github.ts']) {
      expect(await messagesFor(file)).toEqual([])
    }
  })
})
