import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'

import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { runInProcess } from '../../src/cli/run-in-process.js'
import { ConfigurationError } from '../../src/core/errors.js'
import { silentLogger } from '../../src/core/logger.js'
import { REPORT_SCHEMA_VERSION, Report } from '../../src/core/report.js'
import { renderSummary } from '../../src/core/summary.js'
import { backupVerifyAction } from '../../src/backup-verify/action.js'
import { healthGateAction } from '../../src/health-gate/action.js'
import { logReviewAction } from '../../src/log-review/action.js'
import { FleetData, mergeFleet, readReportFiles } from '../../src/runbook/merge.js'
import { LoopbackServer, json, startServer } from '../support/servers.js'

const dir = mkdtempSync(join(tmpdir(), 'fleet-merge-'))
const servers: LoopbackServer[] = []
afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()))
  rmSync(dir, { recursive: true, force: true })
})

/** Writes `text` at `path` below the test's workspace, folders included. */
function put(path: string, text: string): string {
  const absolute = join(dir, path)
  mkdirSync(dirname(absolute), { recursive: true })
  writeFileSync(absolute, text)
  return absolute
}

/** A host's health check, run as the CLI runs it, against a loopback server answering `status`. */
async function healthOf(status: number): Promise<Report<unknown>> {
  const server = await startServer(json(status, { status: status === 200 ? 'healthy' : 'down' }))
  servers.push(server)
  return runInProcess(
    healthGateAction,
    { url: `${server.url}/health`, retries: '0', samples: '3' },
    silentLogger,
  )
}

/** A host's log review of `lines`, run as the CLI runs it. */
async function logsOf(host: string, lines: string[]): Promise<Report<unknown>> {
  const path = put(`logs/${host}.log`, lines.join('\n') + '\n')
  return runInProcess(logReviewAction, { paths: path, since: 'all' }, silentLogger)
}

/** An artifact as download-artifact lays it out: `reports/<artifact name>/<file>`. */
const artifact = (target: string, file: string, report: unknown) =>
  put(`reports/${target}/${file}`, JSON.stringify(report))

/** What the runbook action writes as its `report`: every check's report in `data.checks[].report`. */
function combined(reports: Report<unknown>[]) {
  return {
    schemaVersion: REPORT_SCHEMA_VERSION,
    action: 'runbook',
    title: 'Runbook daily',
    status: 'pass',
    checks: [],
    metrics: [],
    tables: [],
    details: [],
    data: { checks: reports.map((report) => ({ id: report.action, report })) },
    startedAt: reports[0].startedAt,
    finishedAt: reports[0].finishedAt,
  }
}

/** A host's backup check of a folder holding `backups` plain dumps taken an hour ago, run as the CLI runs it. */
async function backupsOf(host: string, backups: number): Promise<Report<unknown>> {
  const folder = join(dir, 'backups', host)
  mkdirSync(folder, { recursive: true })
  for (let i = 0; i < backups; i++) {
    const taken = new Date(Date.now() - 3_600_000 - i * 86_400_000)
    const stamp = taken.toISOString().slice(0, 19).replace(/[-:]/g, '').replace('T', '_')
    // What pg_dump writes around a plain dump: its header and trailer, over the minimum size.
    const body = [
      '-- PostgreSQL database dump',
      ...Array(60).fill('-- padding line of the dump'),
      '-- PostgreSQL database dump complete',
      '',
    ]
    const path = join(folder, `backup_${stamp}.sql`)
    writeFileSync(path, body.join('\n'))
    utimesSync(path, taken, taken)
  }
  return runInProcess(backupVerifyAction, { 'backup-dir': folder, days: '1' }, silentLogger)
}

const shared = (minute: number, id: number) =>
  `2026-11-20 10:${String(minute).padStart(2, '0')}:00,000 ERROR app.users: user ${id} not found`

let fleet: Report<FleetData>
let failed: string
beforeAll(async () => {
  // web1 and web3 are healthy, web2 answers 503; web1 and web3 log the same error in the same hour.
  artifact('web1', 'health-gate.json', await healthOf(200))
  artifact('web1', 'log-review.json', await logsOf('web1', [shared(1, 101), shared(2, 102)]))
  artifact('web2', 'health-gate.json', await healthOf(503))
  // web3's job ran the runbook action: one combined report that holds both checks' reports.
  const web3 = [
    await healthOf(200),
    await logsOf('web3', [shared(30, 301), '2026-11-20 11:00:00,000 ERROR app.mail: smtp refused']),
  ]
  artifact('web3', 'runbook-report.json', combined(web3))
  // The database hosts: db1 has its backups, db2's folder is empty.
  artifact('db1', 'backup-verify.json', await backupsOf('db1', 2))
  artifact('db2', 'backup-verify.json', await backupsOf('db2', 0))
  // web4's upload was cut short, web5's came from another release.
  put('reports/web4/health-gate.json', '{"schemaVersion": 1, "action": "health-')
  artifact('web5', 'log-review.json', { ...web3[1], schemaVersion: REPORT_SCHEMA_VERSION + 1 })
  const result = mergeFleet(await readReportFiles(['reports/**/*.json'], dir))
  fleet = result.report
  failed = String(result.outputs.failed)
})

describe('readReportFiles and mergeFleet', () => {
  it('names each target by its artifact folder and unwraps the combined runbook report', async () => {
    const files = await readReportFiles(['reports/**/*.json'], dir)
    expect(files.map((f) => [f.target, f.report.action])).toEqual([
      ['db1', 'backup-verify'],
      ['db2', 'backup-verify'],
      ['web1', 'health-gate'],
      ['web1', 'log-review'],
      ['web2', 'health-gate'],
      ['web3', 'health-gate'],
      ['web3', 'log-review'],
      ['web4', 'report-file'],
      ['web5', 'report-file'],
    ])
    expect(files[5].file).toBe(join('reports', 'web3', 'runbook-report.json'))
  })

  it('titles the fleet by its targets and failures, worst status of each target winning', () => {
    expect(fleet.action).toBe('runbook')
    expect(fleet.title).toBe('Fleet: 7 targets, 4 failed')
    expect(fleet.status).toBe('fail')
    expect(fleet.data?.targets).toEqual([
      { target: 'db1', status: 'pass' },
      { target: 'db2', status: 'fail' },
      { target: 'web1', status: 'warn' },
      { target: 'web2', status: 'fail' },
      { target: 'web3', status: 'warn' },
      { target: 'web4', status: 'fail' },
      { target: 'web5', status: 'fail' },
    ])
    expect(failed.split(',').sort()).toEqual([
      'backup-verify:db2',
      'health-gate:web2',
      'report-file:web4',
      'report-file:web5',
    ])
  })

  it('gives health one row per target with its URL, p95 and status', () => {
    const health = fleet.data?.actions.find((a) => a.action === 'health-gate')
    expect(health?.status).toBe('fail')
    expect(health?.targets.map((t) => [t.target, t.status])).toEqual([
      ['web1', 'pass'],
      ['web2', 'fail'],
      ['web3', 'pass'],
    ])
    const web1 = health!.targets[0]
    expect(web1.figures.URL).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/health$/)
    expect(web1.figures.p95).toMatch(/^\d+(\.\d+)? ms$/)
    const table = fleet.tables.find((t) => t.title === 'health-gate by target')
    expect(table?.columns.slice(0, 4)).toEqual(['Target', 'Status', 'URL', 'p95'])
    // Failures first.
    expect(table?.rows.map((r) => r.slice(0, 2))).toEqual([
      ['web2', 'fail'],
      ['web1', 'pass'],
      ['web3', 'pass'],
    ])
    const check = fleet.checks.find((c) => c.id === 'health-gate:web2')
    expect(check).toMatchObject({ status: 'fail', title: 'health-gate on web2' })
    expect(check?.detail).toContain('503')
  })

  it("gives backups one row per target with the newest backup's age and how many were found", () => {
    const backups = fleet.data?.actions.find((a) => a.action === 'backup-verify')
    expect(backups?.targets.map((t) => [t.target, t.status, t.figures.Backups])).toEqual([
      ['db1', 'pass', '2'],
      ['db2', 'fail', '0'],
    ])
    expect(backups?.targets[0].figures['Newest backup age']).toBe('1 h')
    expect(backups?.targets[1].figures['Newest backup age']).toBe('')
    expect(fleet.checks.find((c) => c.id === 'backup-verify:db2')?.status).toBe('fail')
  })

  it('fails a broken or foreign report file by name, and still merges the rest', () => {
    const broken = fleet.checks.find((c) => c.id === 'report-file:web4')
    expect(broken?.status).toBe('fail')
    expect(broken?.detail).toContain(join('reports', 'web4', 'health-gate.json'))
    expect(broken?.detail).toContain('not JSON')
    const foreign = fleet.checks.find((c) => c.id === 'report-file:web5')
    expect(foreign?.detail).toContain(`schemaVersion ${REPORT_SCHEMA_VERSION + 1}`)
  })

  it("counts the hosts' shared log group once, with both hosts, and keeps each host's own", () => {
    const logs = fleet.data?.logReview
    const users = logs?.groups.filter((g) => g.template === 'user <num> not found')
    expect(users).toHaveLength(1)
    expect(users?.[0]).toMatchObject({ count: 3, hosts: ['web1', 'web3'] })
    expect(logs?.groups.find((g) => g.template === 'smtp refused')).toMatchObject({
      count: 1,
      hosts: ['web3'],
    })
    expect(logs?.hours).toEqual([
      { hour: '2026-11-20T10:00:00.000Z', errors: 3, warnings: 0 },
      { hour: '2026-11-20T11:00:00.000Z', errors: 1, warnings: 0 },
    ])
    expect(fleet.charts?.[0].bars).toEqual([3, 1])
    const table = fleet.tables.find((t) => t.title.startsWith('Log groups across 2 host(s)'))
    expect(table?.rows[0].slice(0, 4)).toEqual(['error', '3', 'web1, web3', 'user <num> not found'])
  })

  it('fails a check of a combined runbook report that holds no report, and keeps its other checks', async () => {
    const runbook = combined([await healthOf(200)])
    runbook.data.checks.push({ id: 'db-maintain', report: undefined as unknown as Report<unknown> })
    put('partial/web6/runbook.json', JSON.stringify(runbook))
    const files = await readReportFiles(['partial/*/*.json'], dir)
    expect(files.map((f) => [f.target, f.report.action, f.report.status])).toEqual([
      ['web6', 'health-gate', 'pass'],
      ['web6', 'report-file', 'fail'],
    ])
    expect(files[1].report.checks[0].detail).toContain('db-maintain of the runbook report: no report')
  })

  it('warns of a log-review report without data it can merge, and merges the others', async () => {
    const good = await logsOf('web7', [shared(5, 701)])
    artifact('../nodata/web7', 'log-review.json', good)
    artifact('../nodata/web8', 'log-review.json', { ...good, data: { counts: 'many' } })
    const { report } = mergeFleet(await readReportFiles(['nodata/*/*.json'], dir))
    expect(report.checks.find((c) => c.id === 'log-review:web8:data')).toMatchObject({ status: 'warn' })
    expect(report.data?.logReview?.groups.map((g) => [g.count, g.hosts])).toEqual([[1, ['web7']]])
  })

  it('says which input to fix and how when no file matches', async () => {
    const error = await readReportFiles(['artifacts/**/*.json'], dir).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ConfigurationError)
    expect((error as Error).message).toMatch(/^merge: no report file matches 'artifacts\/\*\*\/\*\.json'/)
    expect((error as Error).message).toContain('actions/download-artifact')
  })

  it('names a file that lies where the glob starts by itself', async () => {
    put('flat/db-eu.json', JSON.stringify(combined([await healthOf(200)]).data.checks[0].report))
    const files = await readReportFiles(['flat/*.json'], dir)
    expect(files.map((f) => f.target)).toEqual(['db-eu'])
    // download-artifact's path is often absolute (runner.temp): the folder names the target all the same.
    const absolute = await readReportFiles([join(dir, 'reports', '*', 'health-gate.json')], join(dir, 'logs'))
    expect(absolute.map((f) => [f.target, f.file])).toEqual(
      ['web1', 'web2', 'web4'].map((t) => [t, join(dir, 'reports', t, 'health-gate.json')]),
    )
  })

  it('keeps a hostile artifact name as text in the summary', async () => {
    const hostile = '::error::pwned <img src=x onerror=alert(1)>'
    put(`hostile/${hostile}/health-gate.json`, '{"not": "a report"}')
    const summary = renderSummary(mergeFleet(await readReportFiles(['hostile/**/*.json'], dir)).report)
    expect(summary).not.toContain('<img')
    expect(summary).toContain('&lt;img src=x onerror=alert(1)&gt;')
    expect(summary).not.toMatch(/^::/m)
  })
})
