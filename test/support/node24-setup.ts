import { execFileSync } from 'node:child_process'

import type {} from 'vitest'
import type { TestProject } from 'vitest/node'

/**
 * The actions declare `runs.using: node24`, so the e2e tests run the bundles on Node 24 exactly as the
 * runner would. The machine's own Node may be older: fetch Node 24 once through npx and hand its path
 * to the tests. NODE24_PATH overrides (for machines where Node 24 is already installed).
 */
export default function setup(project: TestProject) {
  let path = process.env.NODE24_PATH
  if (!path) {
    if (process.versions.node.startsWith('24.')) path = process.execPath
    else {
      path = execFileSync('npx', ['-y', 'node@24', '-p', 'process.execPath'], {
        encoding: 'utf8',
        timeout: 300_000,
      }).trim()
    }
  }
  const version = execFileSync(path, ['--version'], { encoding: 'utf8' }).trim()
  if (!version.startsWith('v24.'))
    throw new Error(`expected Node 24 for the e2e tests, got ${version} at ${path}`)
  project.provide('node24', path)
}

declare module 'vitest' {
  export interface ProvidedContext {
    node24: string
  }
}
