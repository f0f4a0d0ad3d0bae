// post-deploy.yml and manual.yml send a bearer token to a URL that comes from outside: a deployment's
// environment_url (a preview deployment of a pull request runs anyone's code) or a URL typed at dispatch.
// Their "target" step decides whether the token may go there. This runs that step's own script, as the
// runner would (bash -e, the env the step declares, a GITHUB_OUTPUT file), for trusted and hostile URLs.
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'

import { describe, expect, it } from 'vitest'
import { parse } from 'yaml'

const examples = resolve(import.meta.dirname, '../workflows-examples')

interface Step {
  id?: string
  run?: string
  uses?: string
  with?: Record<string, string>
}

function stepsOf(file: string): Step[] {
  const doc = parse(readFileSync(join(examples, file), 'utf8')) as { jobs: Record<string, { steps: Step[] }> }
  return Object.values(doc.jobs).flatMap((job) => job.steps)
}

/** Runs the workflow's `target` step script with these variables; returns its `trusted` output. */
function trusted(file: string, env: Record<string, string>): string {
  const script = stepsOf(file).find((step) => step.id === 'target')?.run
  if (!script) throw new Error(`${file} has no target step`)
  const dir = mkdtempSync(join(tmpdir(), 'token-trust-'))
  try {
    const output = join(dir, 'output')
    execFileSync('bash', ['-e', '-c', script], {
      env: { PATH: process.env.PATH ?? '', GITHUB_OUTPUT: output, ...env },
      stdio: ['ignore', 'ignore', 'inherit'],
    })
    return /^trusted=(.*)$/m.exec(readFileSync(output, 'utf8'))?.[1] ?? 'no output'
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

const HOSTS = 'login.example.com, staging.example.com'

describe('post-deploy.yml: the token goes only to trusted hosts and environments', () => {
  const deploy = (url: string, environment = 'production') =>
    trusted('post-deploy.yml', {
      TARGET_URL: url,
      ENVIRONMENT: environment,
      TRUSTED_HOSTS: HOSTS,
      TRUSTED_ENVIRONMENTS: 'production staging',
    })

  it('sends it to a listed https host of a listed environment', () => {
    expect(deploy('https://login.example.com/health')).toBe('true')
    expect(deploy('https://staging.example.com:8443/health', 'staging')).toBe('true')
  })

  it.each([
    ['a preview environment, even on a listed host', 'https://login.example.com/health', 'preview-pr-12'],
    ['an unlisted host', 'https://pr-12.previews.example.net/health', 'production'],
    ['a listed name as a prefix of another host', 'https://login.example.com.evil.test/health', 'production'],
    ['a listed name as user info', 'https://login.example.com@evil.test/health', 'production'],
    ['a listed name in the fragment', 'https://evil.test/#login.example.com', 'production'],
    ['plain http to a listed host', 'http://login.example.com/health', 'production'],
    ['a glob for a host', 'https://*/health', 'production'],
    ['no URL at all', '', 'production'],
  ])('withholds it for %s', (_, url, environment) => {
    expect(deploy(url, environment)).toBe('false')
  })

  it('withholds it from every host while HEALTH_TRUSTED_HOSTS is not set', () => {
    expect(
      trusted('post-deploy.yml', {
        TARGET_URL: 'https://login.example.com/health',
        ENVIRONMENT: 'production',
        TRUSTED_HOSTS: '',
        TRUSTED_ENVIRONMENTS: 'production',
      }),
    ).toBe('false')
  })
})

describe('manual.yml: the token goes only to trusted hosts', () => {
  const dispatch = (url: string) => trusted('manual.yml', { TARGET_URL: url, TRUSTED_HOSTS: HOSTS })

  it('sends it when every URL is a listed https host', () => {
    expect(dispatch('https://login.example.com/health, https://staging.example.com/health')).toBe('true')
  })

  it.each([
    'https://attacker.test/collect',
    'https://login.example.com/health,https://attacker.test/collect',
    'http://login.example.com/health',
    ',',
  ])('withholds it for %j', (url) => {
    expect(dispatch(url)).toBe('false')
  })
})

describe.each(['post-deploy.yml', 'manual.yml'])('%s', (file) => {
  it('passes the token to health-gate only behind the target step', () => {
    const source = readFileSync(join(examples, file), 'utf8')
    const uses = source.split('\n').filter((line) => line.includes('secrets.HEALTH_TOKEN'))
    expect(uses.length).toBeGreaterThan(0)
    for (const line of uses) expect(line).toContain("steps.target.outputs.trusted == 'true' &&")
    const order = stepsOf(file).map((step) => step.id ?? step.uses ?? '')
    expect(order.indexOf('target')).toBeLessThan(order.findIndex((s) => s.includes('health-gate')))
  })
})
