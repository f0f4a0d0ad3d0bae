// .github/workflows/release.yml: runs on a pushed v1.x.y tag, verifies, then publishes with the only write
// permission of the workflow. Its two scripts that decide what a user gets are run here as the runner would
// (bash -e, the step's env): the release notes come from the tag's CHANGELOG section, and `v1` moves to the
// tagged commit in a real (local) remote.
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'

import { afterEach, describe, expect, it } from 'vitest'
import { parse } from 'yaml'

import { root } from './support/workflows.js'

interface Step {
  name?: string
  run?: string
}
interface Job {
  needs?: string
  permissions?: Record<string, string>
  steps: Step[]
}
const workflow = parse(readFileSync(path.join(root, '.github', 'workflows', 'release.yml'), 'utf8')) as {
  on: { push: { tags: string[] } }
  permissions: Record<string, string>
  jobs: Record<string, Job>
}

function script(name: RegExp): string {
  const step = workflow.jobs.publish.steps.find((s) => s.name !== undefined && name.test(s.name))
  if (!step?.run) throw new Error(`release.yml has no step named ${String(name)}`)
  return step.run
}

const dirs: string[] = []
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
})
function tempDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'release-'))
  dirs.push(dir)
  return dir
}

function run(bashScript: string, cwd: string, env: Record<string, string>): void {
  execFileSync('bash', ['-e', '-c', bashScript], {
    cwd,
    env: { PATH: process.env.PATH ?? '', HOME: cwd, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
}

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, {
    cwd,
    encoding: 'utf8',
    env: {
      PATH: process.env.PATH ?? '',
      HOME: cwd,
      GIT_AUTHOR_NAME: 't',
      GIT_AUTHOR_EMAIL: 't@example.test',
      GIT_COMMITTER_NAME: 't',
      GIT_COMMITTER_EMAIL: 't@example.test',
    },
  }).trim()
}

describe('release.yml', () => {
  it('runs on v1.x.y tags, verifies first, and only the publishing job may write', () => {
    expect(workflow.on.push.tags).toEqual(['v1.*.*'])
    expect(workflow.permissions).toEqual({ contents: 'read' })
    expect(workflow.jobs.verify.steps.map((s) => s.run)).toContain('.ci/run')
    expect(workflow.jobs.publish.needs).toBe('verify')
    expect(workflow.jobs.publish.permissions).toEqual({ contents: 'write' })
  })

  it("takes the release notes from the tag's CHANGELOG section only", () => {
    const dir = tempDir()
    writeFileSync(
      path.join(dir, 'CHANGELOG.md'),
      [
        '# Changelog',
        '## [Unreleased]',
        '- not yet',
        '## [1.2.3] - 2026-12-02',
        '### Fixed',
        '- the fix in 1.2.3',
        '## [1.2.2] - 2026-11-20',
        '- older',
        '',
      ].join('\n'),
    )
    run(script(/release notes/), dir, { TAG: 'v1.2.3', RUNNER_TEMP: dir })
    expect(readFileSync(path.join(dir, 'notes.md'), 'utf8')).toBe('### Fixed\n- the fix in 1.2.3\n')
    // A tag with no section of its own stops the release.
    expect(() => run(script(/release notes/), dir, { TAG: 'v1.2.4', RUNNER_TEMP: dir })).toThrow()
  })

  it('moves v1 to the tagged commit in the remote, leaving the release tag alone', () => {
    const remote = tempDir()
    git(remote, 'init', '--bare', '-q')
    const clone = tempDir()
    git(clone, 'init', '-q')
    git(clone, 'remote', 'add', 'origin', remote)
    git(clone, 'commit', '-q', '--allow-empty', '-m', 'v1.2.2')
    git(clone, 'tag', 'v1.2.2')
    git(clone, 'tag', 'v1')
    git(clone, 'commit', '-q', '--allow-empty', '-m', 'v1.2.3')
    git(clone, 'tag', '-a', 'v1.2.3', '-m', 'v1.2.3')
    git(clone, 'push', '-q', 'origin', 'v1.2.2', 'v1', 'v1.2.3')
    const released = git(clone, 'rev-parse', 'v1.2.3^{commit}')

    run(script(/major tag/), clone, { TAG: 'v1.2.3', GITHUB_SHA: released })

    expect(git(remote, 'rev-parse', 'v1^{commit}')).toBe(released)
    expect(git(remote, 'rev-parse', 'v1.2.2^{commit}')).not.toBe(released)
    expect(git(remote, 'rev-parse', 'v1.2.3^{commit}')).toBe(released)
  })
})
