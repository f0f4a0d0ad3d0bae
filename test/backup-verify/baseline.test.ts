// backup-verify's baseline: size and restore time against an earlier run, with real pg_dump backups.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'

import { compareWithBaseline } from '../../src/backup-verify/changes.js'
import { readInputs } from '../../src/backup-verify/inputs.js'
import { BackupVerifyData } from '../../src/backup-verify/result.js'
import { verifyBackups } from '../../src/backup-verify/verify.js'
import { InputReader, objectInputGetter } from '../../src/core/inputs.js'
import { recordingLogger } from '../../src/core/logger.js'
import { Report } from '../../src/core/report.js'
import { renderSummary } from '../../src/core/summary.js'
import { NOW, TestDatabase, createSource, makeWeek } from './fixture.js'

const serverUrl = inject('databaseUrl')
let source: TestDatabase
let week: ReturnType<typeof makeWeek>
const dir = mkdtempSync(join(tmpdir(), 'backup-baseline-'))

beforeAll(async () => {
  source = await createSource(serverUrl)
  week = makeWeek(source, { formats: ['custom', 'plain'] })
})
afterAll(async () => {
  week?.dispose()
  rmSync(dir, { recursive: true, force: true })
  await source?.drop()
})

async function verify(inputs: Record<string, string>) {
  const logger = recordingLogger()
  const result = await verifyBackups(
    readInputs(new InputReader(objectInputGetter({ 'backup-dir': week.dir, ...inputs }))),
    { logger, signal: new AbortController().signal, runId: '42', clock: () => NOW },
  )
  return { ...result, messages: logger.messages }
}

/** An earlier run's report as a baseline file, its data changed by `edit`. */
function baselineFile(
  name: string,
  report: Report<BackupVerifyData>,
  edit: (data: BackupVerifyData) => void = () => {},
) {
  const copy = JSON.parse(JSON.stringify(report)) as Report<BackupVerifyData>
  edit(copy.data!)
  const path = join(dir, name)
  writeFileSync(path, JSON.stringify(copy))
  return path
}

const changesCheck = (result: Awaited<ReturnType<typeof verify>>) =>
  result.report.checks.find((c) => c.id === 'changes')

describe('backup-verify baseline', () => {
  it('compares size and restore time with the last run: nothing changed passes, with a table and outputs', async () => {
    const first = await verify({ 'database-url': serverUrl })
    expect(first.report.data?.restore?.ok).toBe(true)
    const second = await verify({
      'database-url': serverUrl,
      baseline: baselineFile('same.json', first.report),
    })
    expect(second.messages.filter((m) => /baseline/.test(m))).toEqual([])
    const changes = second.report.data?.changes
    expect(changes?.size).toMatchObject({ before: first.report.data?.newest?.size, shrank: false })
    expect(changes?.size?.after).toBe(changes?.size?.before)
    expect(changes?.restoreSeconds?.before).toBe(first.report.data?.restore?.seconds)
    expect(changes?.restoreSeconds?.slower).toBe(false)
    expect(changesCheck(second)?.status).toBe('pass')
    expect(second.outputs['size-change-percent']).toBe(0)
    expect(typeof second.outputs['restore-change-percent']).toBe('number')
    const summary = renderSummary(second.report)
    expect(summary).toContain('Changes since the baseline')
    expect(summary).toMatch(/<td>restore time \(RTO\)<\/td>/)
    expect(summary).toMatch(/<td>newest backup size<\/td><td>[^<]+<\/td><td>[^<]+<\/td><td>±0%<\/td>/)
  })

  it('warns when the newest backup shrank by more than 20% against the baseline', async () => {
    const first = await verify({})
    const size = first.report.data!.newest!.size
    // Last time the newest backup (another file) was twice as large: this one is half of it.
    const baseline = baselineFile('larger.json', first.report, (data) => {
      data.newest = { ...data.newest!, name: 'backup_older.dump', size: size * 2 }
    })
    const result = await verify({ baseline })
    expect(result.report.data?.changes?.size).toMatchObject({ before: size * 2, after: size, shrank: true })
    expect(changesCheck(result)?.status).toBe('warn')
    expect(changesCheck(result)?.recommendation).toMatch(/over 20% smaller than the baseline's/)
    expect(result.outputs['size-change-percent']).toBe(-50)
    // Neither run restored: no restore time is claimed.
    expect(result.outputs['restore-change-percent']).toBe('')
    expect(result.report.status).toBe('warn')
  })

  it('goes on without a baseline that cannot serve, saying so in one warning', async () => {
    const other = join(dir, 'other.json')
    writeFileSync(
      other,
      readFileSync(baselineFile('tmp.json', (await verify({})).report), 'utf8').replace(
        '"action":"backup-verify"',
        '"action":"log-review"',
      ),
    )
    const result = await verify({ baseline: other })
    expect(result.messages.filter((m) => /baseline/.test(m))).toEqual([
      expect.stringMatching(/baseline '.*other\.json' is a log-review report, not backup-verify's/),
    ])
    expect(result.report.data?.changes).toBeUndefined()
    expect(changesCheck(result)).toBeUndefined()
    expect(result.outputs['size-change-percent']).toBe('')
  })
})

describe('compareWithBaseline: what counts as much slower', () => {
  const run = (seconds: number) => ({
    startedAt: '2026-12-01T03:00:00Z',
    data: { newest: { name: 'b.dump', size: 1000 }, restore: { ok: true, seconds } },
  })
  const slower = (before: number, after: number) =>
    compareWithBaseline(run(before), run(after).data).restoreSeconds?.slower

  it('is twice the time and at least 30 s more', () => {
    expect(slower(40, 79)).toBe(false)
    expect(slower(40, 80)).toBe(true)
    // Twice as long but seconds only: runner noise, not a slower recovery.
    expect(slower(3, 9)).toBe(false)
    // Much more time but not twice: a large database growing.
    expect(slower(600, 900)).toBe(false)
  })

  it('compares no restore time when the baseline restore failed', () => {
    const failed = { ...run(10), data: { ...run(10).data, restore: { ok: false, seconds: 1 } } }
    expect(compareWithBaseline(failed, run(100).data).restoreSeconds).toBeUndefined()
  })
})
