import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { basename, dirname, join } from 'node:path'

import { PYTHON, lastLine } from './model.js'
import { describeExit, execTool } from '../core/exec.js'
import { Logger } from '../core/logger.js'

/** The name of this run's virtual environment: `dep-audit-pip-audit-` and mkdtemp's six characters. */
const VENV_NAME = /^dep-audit-pip-audit-[A-Za-z0-9]{6}$/

/** The runner's temporary folder (emptied by the runner after each job), or the system's outside one. */
function tempRoot(): string {
  return process.env.RUNNER_TEMP || tmpdir()
}

/**
 * pip-audit from PATH, or installed once per run into a virtual environment of its own in RUNNER_TEMP
 * (GitHub's runners reach PyPI). The environment is removed by `dispose` when the audit ends, and by the
 * post step (`removeLeftVenv`) when the run was killed first: `onVenv` tells it where.
 */
export class PipAuditInstall {
  private venv?: string
  private path?: Promise<string>

  constructor(
    private readonly logger: Logger,
    private readonly onVenv?: (dir: string | undefined) => void,
  ) {}

  /** The pip-audit to run; throws with pip's or venv's own last line when it cannot be installed. */
  find(timeoutMs: number): Promise<string> {
    this.path ??= this.locate(timeoutMs)
    return this.path
  }

  private async locate(timeoutMs: number): Promise<string> {
    const onPath = await execTool('pip-audit', ['--version'], { timeoutMs: 30_000 }).then(
      (r) => r.exitCode === 0,
      () => false,
    )
    if (onPath) return 'pip-audit'
    const venv = mkdtempSync(join(tempRoot(), 'dep-audit-pip-audit-'))
    this.venv = venv
    this.onVenv?.(venv)
    this.logger.info(`pip-audit is not on PATH: installing it into ${venv}`)
    const create = await execTool(PYTHON, ['-m', 'venv', venv], { timeoutMs: 120_000 })
    if (create.exitCode !== 0)
      throw new Error(
        `could not create a virtual environment for pip-audit: ${lastLine(create.stderr) || describeExit(PYTHON, create, 120_000)}`,
      )
    const pip = join(venv, 'bin', 'pip')
    const install = await execTool(pip, ['install', '--disable-pip-version-check', '--quiet', 'pip-audit'], {
      timeoutMs,
    })
    if (install.exitCode !== 0)
      throw new Error(
        `could not install pip-audit: ${lastLine(install.stderr) || describeExit('pip install', install, timeoutMs)}`,
      )
    return join(venv, 'bin', 'pip-audit')
  }

  /** Removes this run's virtual environment, if one was made. */
  dispose(): void {
    if (!this.venv) return
    rmSync(this.venv, { recursive: true, force: true })
    this.logger.info(`removed the pip-audit virtual environment ${this.venv}`)
    this.onVenv?.(undefined)
    this.venv = undefined
  }
}

/**
 * The post step's cleanup of a virtual environment a killed run left behind. Only a folder with this
 * run's name pattern directly in the temporary folder is removed: the state is data, not a command.
 */
export function removeLeftVenv(dir: string): boolean {
  if (!VENV_NAME.test(basename(dir)) || dirname(dir) !== tempRoot() || !existsSync(dir)) return false
  rmSync(dir, { recursive: true, force: true })
  return true
}
