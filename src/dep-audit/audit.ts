import { existsSync, mkdirSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'

import { AllowEntry, applyAllowlist, parseAllowlist } from './allowlist.js'
import { DepAuditData, evaluate } from './evaluate.js'
import { readFindingsBaseline } from './changes.js'
import { DepAuditInputs, readInputFile } from './inputs.js'
import { Finding, dedupe } from './model.js'
import { StaleSecretsResult, listStaleSecrets } from './rotation.js'
import { PipAuditInstall } from './pip-audit-venv.js'
import { ToolRun, findTargets, runScanners } from './scan.js'
import { toSarif } from './sarif.js'
import { RunResult } from '../core/action.js'
import { GitHubConnect } from '../core/github.js'
import { Logger } from '../core/logger.js'

/**
 * The whole audit: read the allowlist (bad input fails before any scan) and the baseline, run the
 * scanners concurrently, merge their findings, check secret rotation, judge, and write SARIF if asked.
 */
export interface AuditOptions {
  /** Told where pip-audit's virtual environment is (undefined once it is removed), for the post step. */
  onVenv?: (dir: string | undefined) => void
  /** How often a scanner still running says so; PROGRESS_EVERY_MS by default. */
  progressEveryMs?: number
  /** Makes the GitHub client that lists the secrets' ages (the run context's); needed with secrets-max-age. */
  github?: GitHubConnect
}

export async function audit(
  inputs: DepAuditInputs,
  logger: Logger,
  now = new Date(),
  options: AuditOptions = {},
): Promise<RunResult<DepAuditData>> {
  const startedAt = now.toISOString()
  const entries: AllowEntry[] = inputs.allowlist
    ? parseAllowlist(readInputFile('allowlist', inputs.allowlist), inputs.allowlist)
    : []
  const baseline = readFindingsBaseline(inputs.baseline, logger)

  const targets = findTargets(inputs)
  logger.info(
    `npm projects: ${targets.npmProjects.join(', ') || 'none'}; requirements: ${targets.requirements.join(', ') || 'none'}; bandit: ${targets.banditPaths.join(', ') || 'none'}`,
  )
  const pipAudit = new PipAuditInstall(logger, options.onVenv)
  let runs: ToolRun[]
  let stale: StaleSecretsResult | undefined
  try {
    ;[runs, stale] = await Promise.all([
      runScanners(inputs, targets, logger, { pipAudit, progressEveryMs: options.progressEveryMs }),
      rotation(inputs, options.github),
    ])
  } finally {
    pipAudit.dispose()
  }
  const findings: Finding[] = dedupe(runs.flatMap((r) => r.findings))
  const allow = applyAllowlist(findings, entries, now.toISOString().slice(0, 10))
  const result = evaluate(runs, findings, allow, baseline, stale, inputs, startedAt)

  if (inputs.sarif) {
    const manifests = Object.fromEntries([
      ...targets.npmProjects.map((p): [string, string] => [
        p,
        join(
          p,
          existsSync(join(inputs.workingDirectory, p, 'npm-shrinkwrap.json'))
            ? 'npm-shrinkwrap.json'
            : 'package-lock.json',
        ),
      ]),
      ...targets.requirements.map((r): [string, string] => [r, r]),
    ])
    mkdirSync(dirname(inputs.sarif), { recursive: true })
    writeFileSync(inputs.sarif, JSON.stringify(toSarif(allow.kept, { manifests }), null, 2))
  }
  return result
}

async function rotation(
  inputs: DepAuditInputs,
  github: GitHubConnect | undefined,
): Promise<StaleSecretsResult | undefined> {
  if (inputs.secretsMaxAgeMs === undefined) return undefined
  // A caller's mistake, not the user's: the runner and the CLI always pass their client.
  if (!github) throw new Error('audit: secrets-max-age is set but no GitHub client was given')
  if (!inputs.token || !inputs.repository) {
    return {
      secrets: [],
      problem:
        'secrets-max-age needs token (one that may list Actions secrets) and the repository; rotation was not checked',
    }
  }
  return listStaleSecrets(github, {
    apiUrl: inputs.apiUrl,
    repository: inputs.repository,
    token: inputs.token,
    maxAgeMs: inputs.secretsMaxAgeMs,
  })
}
