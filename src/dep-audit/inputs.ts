import { existsSync, readFileSync } from 'node:fs'
import { isAbsolute, join, resolve } from 'node:path'

import { ConfigurationError } from '../core/errors.js'
import { pullRequestOfEvent, runUrl } from '../core/github-event.js'
import { InputReader } from '../core/inputs.js'
import { addSecret } from '../core/secrets.js'
import { invalidInput } from '../core/units.js'

export const GATE_LEVELS = ['low', 'moderate', 'high', 'critical', 'none'] as const
export type GateLevel = (typeof GATE_LEVELS)[number]
export const CONFIDENCES = ['low', 'medium', 'high'] as const
export const UPDATE_LEVELS = ['major', 'minor', 'patch', 'none'] as const

export interface DepAuditInputs {
  workingDirectory: string
  /** Folders with a package-lock.json; undefined: found automatically. */
  npmProjects?: string[]
  /** requirements files; undefined: found automatically. */
  pythonRequirements?: string[]
  /** Paths for bandit; undefined: backend/app when it exists. */
  banditPaths?: string[]
  productionOnly: boolean
  failOn: GateLevel
  banditFailOn: GateLevel
  banditConfidence: (typeof CONFIDENCES)[number]
  unknownSeverity: Exclude<GateLevel, 'none'>
  fixableOnly: boolean
  allowlist?: string
  baseline?: string
  outdated: boolean
  outdatedFailOn: (typeof UPDATE_LEVELS)[number]
  secretsMaxAgeMs?: number
  token?: string
  repository?: string
  apiUrl: string
  /** Post the findings as a sticky comment on the run's pull request. */
  comment: boolean
  /** The pull request of the run's event, or why there is none (read only with `comment`). */
  pullRequest: { number: number } | { none: string }
  /** The run's page, linked from the comment. */
  runUrl?: string
  onToolError: 'fail' | 'warn'
  sarif?: string
  npmAuditReport?: string
  pipAuditReport?: string
  banditReport?: string
  toolTimeoutMs: number
  /** The most of a scanner's report (its stdout) that is read; a bigger one is incomplete, saying so. */
  maxReportBytes: number
  reportPath?: string
}

export function readInputs(input: InputReader): DepAuditInputs {
  const workingDirectory = resolve(input.string('working-directory', '.'))
  if (!existsSync(workingDirectory))
    invalidInput('working-directory', workingDirectory, 'the folder does not exist')
  const within = (p: string) => (isAbsolute(p) ? p : join(workingDirectory, p))
  const existing = (name: string, paths: string[] | undefined, what: string) => {
    for (const p of paths ?? [])
      if (!existsSync(within(p))) invalidInput(name, p, `${what} does not exist (in ${workingDirectory})`)
    return paths
  }
  const optionalList = (name: string) => (input.optional(name) === undefined ? undefined : input.list(name))
  const report = (name: string) => {
    const path = input.optional(name)
    if (path !== undefined && !existsSync(within(path)))
      invalidInput(name, path, 'the saved report does not exist')
    return path === undefined ? undefined : within(path)
  }
  const token = input.optional('token')
  addSecret(token)
  const secretsMaxAgeMs = input.optionalDuration('secrets-max-age', { min: 86_400_000 })
  const npmProjects = existing('npm-projects', optionalList('npm-projects'), 'the npm project')
  for (const project of npmProjects ?? []) {
    const dir = within(project)
    if (!existsSync(join(dir, 'package-lock.json')) && !existsSync(join(dir, 'npm-shrinkwrap.json'))) {
      invalidInput(
        'npm-projects',
        project,
        'it has no package-lock.json or npm-shrinkwrap.json (npm audit needs one: run npm install)',
      )
    }
  }
  const allowlist = input.optional('allowlist')
  if (allowlist !== undefined && !existsSync(within(allowlist)))
    invalidInput('allowlist', allowlist, 'the file does not exist')
  const baseline = input.optional('baseline')
  const comment = input.boolean('comment', false)
  return {
    workingDirectory,
    npmProjects,
    pythonRequirements: existing(
      'python-requirements',
      optionalList('python-requirements'),
      'the requirements file',
    ),
    banditPaths: existing('bandit-paths', optionalList('bandit-paths'), 'the path'),
    productionOnly: input.boolean('production-only', true),
    failOn: input.enum('fail-on', GATE_LEVELS, 'high'),
    banditFailOn: input.enum('bandit-fail-on', GATE_LEVELS, 'high'),
    banditConfidence: input.enum('bandit-confidence', CONFIDENCES, 'medium'),
    unknownSeverity: input.enum('unknown-severity', ['low', 'moderate', 'high', 'critical'] as const, 'high'),
    fixableOnly: input.boolean('fixable-only', false),
    allowlist: allowlist === undefined ? undefined : within(allowlist),
    // A missing baseline (the base branch never ran) is not an error: every finding is then new.
    baseline: baseline === undefined ? undefined : within(baseline),
    outdated: input.boolean('outdated', true),
    outdatedFailOn: input.enum('outdated-fail-on', UPDATE_LEVELS, 'none'),
    secretsMaxAgeMs,
    token,
    repository: input.optional('repository') ?? process.env.GITHUB_REPOSITORY,
    apiUrl: input.optional('github-api-url') ?? process.env.GITHUB_API_URL ?? 'https://api.github.com',
    comment,
    pullRequest: comment ? pullRequestOfEvent() : { none: 'comment is off' },
    runUrl: runUrl(),
    onToolError: input.enum('on-tool-error', ['fail', 'warn'] as const, 'fail'),
    sarif: input.optional('sarif') === undefined ? undefined : within(input.optional('sarif')!),
    npmAuditReport: report('npm-audit-report'),
    pipAuditReport: report('pip-audit-report'),
    banditReport: report('bandit-report'),
    toolTimeoutMs: input.duration('tool-timeout', 10 * 60_000, { min: 1000 }),
    maxReportBytes: input.size('max-report-size', 16 * 1024 * 1024, { min: 1024 * 1024 }),
    reportPath: input.optional('report-path'),
  }
}

/** Reads a file given by an input, or fails naming the input. */
export function readInputFile(name: string, path: string): string {
  try {
    return readFileSync(path, 'utf8')
  } catch {
    throw new ConfigurationError(`input '${name}' is '${path}': the file cannot be read`)
  }
}
