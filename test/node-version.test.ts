// One Node version across the project: the runtime every action.yml declares, .node-version (what
// setup-node and version managers read), package.json `engines` and `@types/node`; and what a developer
// with an older Node is told.
import { spawnSync } from 'node:child_process'
import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

import { afterAll, describe, expect, it } from 'vitest'
import { parse } from 'yaml'

const root = resolve(fileURLToPath(import.meta.url), '../..')
const read = (path: string) => readFileSync(join(root, path), 'utf8')
const wanted = Number(read('.node-version').trim())
const pkg = JSON.parse(read('package.json')) as {
  engines: { node: string }
  devDependencies: Record<string, string>
  scripts: Record<string, string>
}

describe('the Node version', () => {
  it('is the one every action runs on', () => {
    const actions = readdirSync(join(root, 'actions'))
    expect(actions.length).toBeGreaterThan(0)
    for (const name of actions) {
      const metadata = parse(read(`actions/${name}/action.yml`)) as { runs: { using: string } }
      expect(metadata.runs.using, name).toBe(`node${wanted}`)
    }
  })

  it('is what engines requires and what @types/node describes', () => {
    expect(pkg.engines.node).toBe(`>=${wanted}`)
    expect(pkg.devDependencies['@types/node']).toMatch(new RegExp(`^\\^${wanted}\\.`))
    const locked = JSON.parse(read('package-lock.json')) as { packages: Record<string, { version: string }> }
    expect(locked.packages['node_modules/@types/node'].version.split('.')[0]).toBe(String(wanted))
  })

  it('stops npm ci on an older Node instead of warning (engine-strict)', () => {
    expect(read('.npmrc')).toMatch(/^engine-strict=true$/m)
  })
})

describe('scripts/check-node.mjs (before npm test and npm run demo)', () => {
  const dirs: string[] = []
  afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })))

  /** Runs the script as it sits in a checkout whose .node-version says `version`. */
  function check(version: number) {
    const dir = mkdtempSync(join(tmpdir(), 'check-node-'))
    dirs.push(dir)
    mkdirSync(join(dir, 'scripts'))
    copyFileSync(join(root, 'scripts/check-node.mjs'), join(dir, 'scripts/check-node.mjs'))
    writeFileSync(join(dir, '.node-version'), `${version}\n`)
    return spawnSync(process.execPath, [join(dir, 'scripts/check-node.mjs')], { encoding: 'utf8' })
  }

  it('runs before the tests and the demo', () => {
    expect(pkg.scripts.pretest).toBe('node scripts/check-node.mjs')
    expect(pkg.scripts.predemo).toBe('node scripts/check-node.mjs')
  })

  it('says nothing on a Node as new as .node-version', () => {
    const current = Number(process.versions.node.split('.')[0])
    const result = check(current)
    expect(result.status).toBe(0)
    expect(result.stdout + result.stderr).toBe('')
  })

  it('stops an older Node with one line naming the version to install', () => {
    const newer = Number(process.versions.node.split('.')[0]) + 1
    const result = check(newer)
    expect(result.status).toBe(1)
    expect(result.stdout).toBe('')
    const lines = result.stderr.trimEnd().split('\n')
    expect(lines).toHaveLength(1)
    expect(lines[0]).toContain(`needs Node ${newer} or newer (this is ${process.version})`)
    expect(lines[0]).toContain(`install Node ${newer}`)
  })
})
