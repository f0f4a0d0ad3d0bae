import { existsSync, readdirSync } from 'node:fs'
import { isAbsolute, join, relative } from 'node:path'

import { DepAuditInputs, readInputFile } from './inputs.js'
import { Finding, ParseResult, PYTHON, lastLine } from './model.js'
import { parseBandit } from './parse-bandit.js'
import { parseNpmAudit } from './parse-npm-audit.js'
import { OutdatedRow, parseNpmOutdated } from './parse-npm-outdated.js'
import { parsePipAudit } from './parse-pip-audit.js'
import { PipAuditInstall } from './pip-audit-venv.js'
import { outdatedRows, parsePipIndexVersions, pipIndexError } from './pip-outdated.js'
import { readRequirements } from './requirements.js'
import { getErrorMessage } from '../core/errors.js'
import { ExecResult, describeExit, execTool } from '../core/exec.js'
import { Logger } from '../core/logger.js'
import { formatDuration, formatSize } from '../core/units.js'

/** One tool's run on one project: its findings, or why the scan cannot be trusted. */
export interface ToolRun {
  tool: 'npm audit' | 'pip-audit' | 'bandit' | 'npm outdated' | 'pip outdated'
  /** The project folder, requirements file or path it scanned, relative to the working directory. */
  project: string
  findings: Finding[]
  outdated: OutdatedRow[]
  /** Set when the tool is missing, crashed, timed out or printed an error instead of a report. */
  incomplete?: string
  /** What was checked, when the count alone does not say it. */
  note?: string
  /** Set when there was nothing to scan (no Python file in the bandit paths): not a clean result either. */
  notScanned?: string
  durationMs: number
}

/** Where the runbook's backend keeps its code: what bandit scans when bandit-paths is not set. */
const DEFAULT_BANDIT_PATH = 'backend/app'

export interface Targets {
  npmProjects: string[]
  requirements: string[]
  banditPaths: string[]
}

/** The projects to scan: the inputs, or what is found under the working directory (never in node_modules). */
export function findTargets(inputs: DepAuditInputs): Targets {
  const root = inputs.workingDirectory
  const npmProjects =
    inputs.npmProjects ??
    walk(root, 4).filter((dir) =>
      ['package-lock.json', 'npm-shrinkwrap.json'].some((f) => existsSync(join(dir, f))),
    )
  const requirements =
    inputs.pythonRequirements ??
    walk(root, 3).flatMap((dir) =>
      readdirSync(dir)
        .filter((f) => /^requirements(-[\w.-]+)?\.txt$/.test(f) && !/dev|test/.test(f))
        .map((f) => join(dir, f)),
    )
  const banditPaths =
    inputs.banditPaths ?? (existsSync(join(root, DEFAULT_BANDIT_PATH)) ? [DEFAULT_BANDIT_PATH] : [])
  const rel = (p: string) => relative(root, isAbsolute(p) ? p : join(root, p)) || '.'
  return { npmProjects: npmProjects.map(rel), requirements: requirements.map(rel), banditPaths }
}

/** Folders under root up to a depth, skipping node_modules, virtual environments and hidden folders. */
function walk(root: string, depth: number): string[] {
  const out = [root]
  if (depth === 0) return out
  for (const entry of readdirSync(root, { withFileTypes: true })) {
    if (
      !entry.isDirectory() ||
      entry.name === 'node_modules' ||
      entry.name.startsWith('.') ||
      /^(venv|env|__pycache__|dist|build)$/.test(entry.name)
    )
      continue
    out.push(...walk(join(root, entry.name), depth - 1))
  }
  return out
}

/**
 * Runs every scanner concurrently (they wait on different things: the advisory services, the disk,
 * the CPU), or reads the saved reports given instead. Never throws: a tool that fails is an incomplete run.
 */
export async function runScanners(
  inputs: DepAuditInputs,
  targets: Targets,
  logger: Logger,
  options: ScanOptions,
): Promise<ToolRun[]> {
  const root = inputs.workingDirectory
  const jobs: Promise<ToolRun>[] = []
  const every = options.progressEveryMs ?? PROGRESS_EVERY_MS
  const timed = (tool: ToolRun['tool'], project: string, run: () => Scan) =>
    timedRun(
      tool,
      project,
      run,
      (elapsedMs) => logger.info(`still running ${tool} (${project}) after ${formatDuration(elapsedMs)}`),
      every,
    )
  const saved = (
    tool: ToolRun['tool'],
    path: string,
    parse: (text: string) => { findings: Finding[]; incomplete?: string },
  ) => timed(tool, relative(root, path), () => parse(readInputFile(tool, path)))

  if (inputs.npmAuditReport)
    jobs.push(saved('npm audit', inputs.npmAuditReport, (t) => scanOf(parseNpmAudit(t, 'saved report'))))
  else
    for (const project of targets.npmProjects)
      jobs.push(timed('npm audit', project, () => npmAudit(inputs, project)))

  if (inputs.pipAuditReport)
    jobs.push(saved('pip-audit', inputs.pipAuditReport, (t) => withSkipped(parsePipAudit(t, 'saved report'))))
  else
    for (const file of targets.requirements)
      jobs.push(timed('pip-audit', file, () => pipAudit(inputs, file, options.pipAudit)))

  if (inputs.banditReport)
    jobs.push(
      saved('bandit', inputs.banditReport, (t) =>
        withErrors(parseBandit(t, { project: 'saved report', root }), relative(root, inputs.banditReport!)),
      ),
    )
  else if (targets.banditPaths.length)
    jobs.push(timed('bandit', targets.banditPaths.join(', '), () => bandit(inputs, targets.banditPaths)))
  else
    jobs.push(
      timed('bandit', DEFAULT_BANDIT_PATH, () => ({
        notScanned: `bandit-paths is not set and ${DEFAULT_BANDIT_PATH} (its default) does not exist`,
      })),
    )

  if (inputs.outdated && !inputs.npmAuditReport) {
    for (const project of targets.npmProjects)
      jobs.push(timed('npm outdated', project, () => npmOutdated(inputs, project)))
  }
  // The project's pinned requirements against pip's index (never the runner's own Python packages).
  if (inputs.outdated) {
    const latest = new Map<string, Promise<LatestVersion>>()
    for (const file of targets.requirements)
      jobs.push(timed('pip outdated', file, () => pipOutdated(inputs, file, latest)))
  }
  return Promise.all(jobs)
}

export interface ScanOptions {
  /** Installs pip-audit when it is not on PATH, and removes what it installed. */
  pipAudit: PipAuditInstall
  /** How often a scanner still running says so (default PROGRESS_EVERY_MS). */
  progressEveryMs?: number
}

/** A scanner can run up to tool-timeout (10 minutes by default): the log says it is alive this often. */
export const PROGRESS_EVERY_MS = 30_000

/** What one scan found: a tool runs (a promise); a saved report is read and parsed at once. */
type Scan = Partial<ToolRun> | Promise<Partial<ToolRun>>

/** Runs one scanner, timing it, saying every `everyMs` that it is still running; never throws. */
async function timedRun(
  tool: ToolRun['tool'],
  project: string,
  run: () => Scan,
  still: (elapsedMs: number) => void,
  everyMs: number,
): Promise<ToolRun> {
  const started = performance.now()
  const progress = setInterval(() => still(performance.now() - started), everyMs)
  let result: Partial<ToolRun>
  try {
    result = await run()
  } catch (error) {
    result = { incomplete: getErrorMessage(error) }
  } finally {
    clearInterval(progress)
  }
  return { tool, project, findings: [], outdated: [], ...result, durationMs: performance.now() - started }
}

/** A tool that exited without printing anything it was asked for. */
function failed(tool: string, result: ExecResult, timeoutMs: number): string | undefined {
  if (result.timedOut || result.signal) return describeExit(tool, result, timeoutMs)
  return undefined
}

type Scanner = 'npm audit' | 'npm outdated' | 'pip-audit' | 'bandit'

/** The ways to a report under max-report-size, per scanner: the inputs that narrow it, or avoid running it. */
const WAY_OUT: Record<Scanner, { narrow: string; instead: string }> = {
  'npm audit': {
    narrow: 'production-only: true, or one project at a time with npm-projects',
    instead: 'give a saved report as npm-audit-report',
  },
  'npm outdated': { narrow: 'one project at a time with npm-projects', instead: 'set outdated: false' },
  'pip-audit': {
    narrow: 'one requirements file at a time with python-requirements',
    instead: 'give a saved report as pip-audit-report',
  },
  bandit: { narrow: 'fewer paths in bandit-paths', instead: 'give a saved report as bandit-report' },
}

/**
 * A report cut at max-report-size is not a report: say so with its size and the way out, instead of
 * letting the cut JSON read as "printed text".
 */
function overCap(tool: Scanner, result: ExecResult, capBytes: number): string | undefined {
  const bytes = result.stdoutBytes ?? 0
  if (bytes <= capBytes) return undefined
  const { narrow, instead } = WAY_OUT[tool]
  return `${tool} printed a report of ${formatSize(bytes)}, over the ${formatSize(capBytes)} max-report-size: raise max-report-size, or narrow the audit (${narrow}), or ${instead}`
}

/** Runs a scanner whose stdout is its report: stdout kept up to max-report-size. */
async function scanner(
  inputs: DepAuditInputs,
  tool: Scanner,
  command: string,
  args: string[],
  options: { cwd: string; env?: NodeJS.ProcessEnv },
) {
  const result = await execTool(command, args, {
    ...options,
    timeoutMs: inputs.toolTimeoutMs,
    maxOutputBytes: inputs.maxReportBytes,
  })
  return {
    result,
    stopped: failed(tool, result, inputs.toolTimeoutMs) ?? overCap(tool, result, inputs.maxReportBytes),
  }
}

async function npmAudit(inputs: DepAuditInputs, project: string) {
  const args = ['audit', '--json', ...(inputs.productionOnly ? ['--omit=dev'] : [])]
  const { result, stopped } = await scanner(inputs, 'npm audit', 'npm', args, {
    cwd: join(inputs.workingDirectory, project),
    env: quietNpm(),
  })
  // npm audit exits 1 when it finds something: the JSON decides, not the exit code.
  if (stopped) return { incomplete: stopped }
  return scanOf(parseNpmAudit(result.stdout, project))
}

/** What a run keeps of npm audit's result: not its package list, which is resolved only when read. */
const scanOf = ({ findings, incomplete }: ParseResult): ParseResult => ({ findings, incomplete })

async function npmOutdated(inputs: DepAuditInputs, project: string) {
  const { result, stopped } = await scanner(inputs, 'npm outdated', 'npm', ['outdated', '--json', '--long'], {
    cwd: join(inputs.workingDirectory, project),
    env: quietNpm(),
  })
  if (stopped) return { incomplete: stopped }
  const parsed = parseNpmOutdated(result.stdout, project)
  return { outdated: parsed.rows, incomplete: parsed.incomplete }
}

type LatestVersion = { version: string } | { error: string }

/** How many `pip index versions` run at once: each is a Python start-up and one request to the index. */
const PIP_INDEX_CONCURRENCY = 4

/**
 * The pinned requirements of one requirements file (with its `-r` includes) against pip's index: the
 * newest version `pip index versions` sees for this runner's Python. pip's own configuration
 * (PIP_INDEX_URL, pip.conf) decides the index, as for an install. A name the index did not answer for
 * makes the list incomplete: an unreachable index is not "nothing outdated".
 */
async function pipOutdated(
  inputs: DepAuditInputs,
  file: string,
  latest: Map<string, Promise<LatestVersion>>,
) {
  const requirements = readRequirements(join(inputs.workingDirectory, file))
  const names = requirements.pinned.map((r) => r.name)
  for (const name of names)
    if (!latest.has(name))
      latest.set(
        name,
        queued(() => pipLatest(inputs, name)),
      )
  const answers = await Promise.all(names.map(async (name) => [name, await latest.get(name)!] as const))
  const found = new Map<string, string>()
  const failed: string[] = []
  for (const [name, answer] of answers)
    if ('version' in answer) found.set(name, answer.version)
    else failed.push(`${name} (${answer.error})`)
  const notPinned = requirements.unpinned.length
    ? `; ${requirements.unpinned.length} requirement(s) without an == pin not compared (${requirements.unpinned.slice(0, 5).join(', ')})`
    : ''
  const problems = [
    failed.length
      ? `pip could not get the newest version of ${failed.length} of ${names.length} pinned requirement(s) from its index: ${failed.slice(0, 3).join('; ')}. The index is unreachable or does not have them: point pip at one the runner can reach (PIP_INDEX_URL or pip.conf), or set outdated: false`
      : undefined,
    requirements.unreadable.length ? `could not read ${requirements.unreadable.join(', ')}` : undefined,
  ].filter(Boolean)
  return {
    outdated: outdatedRows(requirements.pinned, found, file),
    incomplete: problems.length ? problems.join('; ') : undefined,
    note: `${names.length} pinned requirement(s) checked against pip's index${notPinned}`,
  }
}

async function pipLatest(inputs: DepAuditInputs, name: string): Promise<LatestVersion> {
  const args = ['-m', 'pip', 'index', 'versions', name, '--disable-pip-version-check']
  const result = await execTool(PYTHON, args, {
    cwd: inputs.workingDirectory,
    timeoutMs: inputs.toolTimeoutMs,
  })
  const stopped = failed(`${PYTHON} -m pip index versions`, result, inputs.toolTimeoutMs)
  if (stopped) return { error: stopped }
  const version = result.exitCode === 0 ? parsePipIndexVersions(result.stdout, name) : undefined
  return version ? { version } : { error: pipIndexError(result.stderr) }
}

/** Runs at most PIP_INDEX_CONCURRENCY of the queued tasks at a time. */
let running = 0
const waiting: (() => void)[] = []
async function queued<T>(task: () => Promise<T>): Promise<T> {
  if (running >= PIP_INDEX_CONCURRENCY) await new Promise<void>((resolve) => waiting.push(resolve))
  running++
  try {
    return await task()
  } finally {
    running--
    waiting.shift()?.()
  }
}

/** npm without its update notices and funding messages, which are not part of the report. */
function quietNpm(): NodeJS.ProcessEnv {
  return {
    ...process.env,
    npm_config_update_notifier: 'false',
    npm_config_fund: 'false',
    npm_config_loglevel: 'error',
  }
}

function withSkipped(result: ReturnType<typeof parsePipAudit>) {
  const skipped = result.skipped.map((s) => `${s.package} (${s.reason})`)
  const incomplete = [
    result.incomplete,
    skipped.length
      ? `pip-audit skipped ${skipped.length} dependency(ies): ${skipped.slice(0, 5).join(', ')}`
      : undefined,
  ]
    .filter(Boolean)
    .join('; ')
  return { findings: result.findings, incomplete: incomplete || undefined }
}

function withErrors(result: ReturnType<typeof parseBandit>, project: string) {
  const errors = result.errors.map((e) => `${e.file} (${e.reason})`)
  const incomplete = [
    result.incomplete,
    errors.length
      ? `bandit could not scan ${errors.length} file(s): ${errors.slice(0, 5).join(', ')}`
      : undefined,
  ]
    .filter(Boolean)
    .join('; ')
  // bandit exits 0 with an empty report when it found no Python file: that is not a clean scan.
  const nothing = result.files === 0 && !result.findings.length && !errors.length
  return {
    findings: result.findings,
    incomplete: incomplete || undefined,
    notScanned: nothing ? `bandit found no Python file in ${project}` : undefined,
  }
}

async function pipAudit(inputs: DepAuditInputs, file: string, install: PipAuditInstall) {
  const tool = await install.find(inputs.toolTimeoutMs)
  const { result, stopped } = await scanner(
    inputs,
    'pip-audit',
    tool,
    ['-r', file, '-f', 'json', '--progress-spinner', 'off'],
    { cwd: inputs.workingDirectory },
  )
  if (stopped) return { incomplete: stopped }
  const parsed = withSkipped(parsePipAudit(result.stdout, file))
  // pip-audit exits 1 when it finds something; a JSON report decides. No report: say what it printed.
  if (parsed.incomplete && result.exitCode !== 0 && !result.stdout.trim())
    return {
      incomplete: `pip-audit failed: ${lastLine(result.stderr) || describeExit('pip-audit', result, inputs.toolTimeoutMs)}`,
    }
  return parsed
}

async function bandit(inputs: DepAuditInputs, paths: string[]) {
  const { result, stopped } = await scanner(
    inputs,
    'bandit',
    'bandit',
    ['-r', ...paths, '-f', 'json', '-q'],
    {
      cwd: inputs.workingDirectory,
    },
  )
  if (stopped) return { incomplete: stopped }
  const project = paths.join(', ')
  return withErrors(parseBandit(result.stdout, { project, root: inputs.workingDirectory }), project)
}
