// health-gate against the report of an earlier run, with real HTTP servers on 127.0.0.1. The servers'
// delays are large and deterministic (5 ms against 60 ms; a fixed 40-60 ms cycle for noise), so what is
// asserted is our verdict on them, never how fast our own code ran.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import { afterEach, describe, expect, it } from 'vitest'

import { checkHealth } from '../../src/health-gate/action.js'
import { MIN_REGRESSION_SAMPLES, compareWithBaseline } from '../../src/health-gate/baseline.js'
import { HealthGateData, StepFigures } from '../../src/health-gate/data.js'
import { outputsOf } from '../../src/health-gate/evaluate.js'
import { readInputs } from '../../src/health-gate/inputs.js'
import { InputReader, objectInputGetter } from '../../src/core/inputs.js'
import { recordingLogger } from '../../src/core/logger.js'
import { createReport } from '../../src/core/report.js'
import { Handler, LoopbackServer, startServer } from '../support/servers.js'

const servers: LoopbackServer[] = []
const dirs: string[] = []
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()))
  dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true }))
})

/** A health endpoint that answers `body` after `delayOf(request number)` milliseconds. */
async function serve(
  delayOf: (count: number) => number,
  body: () => unknown = () => ({ status: 'healthy' }),
) {
  const handler: Handler = (_req, res, count) => {
    setTimeout(() => {
      res.writeHead(200, { 'content-type': 'application/json' })
      res.end(JSON.stringify(body()))
    }, delayOf(count))
  }
  const server = await startServer(handler)
  servers.push(server)
  return server
}

function tempFile(name: string, text: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'hg-baseline-'))
  dirs.push(dir)
  const path = join(dir, name)
  writeFileSync(path, text)
  return path
}

async function check(inputs: Record<string, string>) {
  const parsed = readInputs(new InputReader(objectInputGetter({ 'retry-delay': '50ms', ...inputs })))
  const logger = recordingLogger()
  const report = await checkHealth(parsed, { logger, clock: () => new Date() })
  return { report, outputs: outputsOf(report), logger }
}

/** Runs once and keeps the report as the file a later run takes as `baseline`. */
async function baselineOf(inputs: Record<string, string>): Promise<string> {
  const { report } = await check(inputs)
  return tempFile('health-gate.json', JSON.stringify(report))
}

const SAMPLES = String(MIN_REGRESSION_SAMPLES + 10)

describe('health-gate: changes since the baseline', () => {
  it('keeps per-URL latency figures and component states in the report data', async () => {
    const server = await serve(
      () => 0,
      () => ({ status: 'healthy', checks: { database: 'ok' } }),
    )
    const { report } = await check({ url: server.url, samples: '3' })
    expect(report.data?.urls).toEqual([
      expect.objectContaining({
        url: server.url,
        samples: 3,
        errors: 0,
        p95: expect.any(Number) as number,
        components: [{ name: 'database', status: 'ok', health: 'healthy' }],
      }),
    ])
  })

  it('flags a server that got slower (5 ms, then 60 ms) and fails with max-regression', async () => {
    let delay = 5
    const server = await serve(() => delay)
    const baseline = await baselineOf({ url: server.url, samples: SAMPLES })
    delay = 60
    const { report, outputs } = await check({
      url: server.url,
      samples: SAMPLES,
      baseline,
      'max-regression': '20%',
    })
    expect(report.status).toBe('fail')
    expect(outputs.regressed).toBe('true')
    expect(outputs['p95-change']).toMatch(/^\+\d+%$/)
    expect(Number(String(outputs['p95-change']).slice(1, -1))).toBeGreaterThan(100)
    const regression = report.checks.find((c) => c.id === `regression:${server.url}`)
    expect(regression?.status).toBe('fail')
    expect(regression?.detail).toMatch(/worse by more than 20%/)
    const changes = report.tables.find((t) => t.title.startsWith('Changes since the baseline'))
    expect(changes?.rows[0][0]).toBe(server.url)
    expect(changes?.rows[0][2]).toMatch(/ms → .*ms \(\+\d+%\)/)
  })

  it('does not flag the same server run twice: its own noise is not a regression', async () => {
    // The same fixed cycle of 40, 50 and 60 ms each run: a spread like a real service's.
    const server = await serve((count) => 40 + (count % 3) * 10)
    const baseline = await baselineOf({ url: server.url, samples: SAMPLES })
    const { report, outputs } = await check({
      url: server.url,
      samples: SAMPLES,
      baseline,
      'max-regression': '20%',
    })
    expect(outputs.regressed).toBe('false')
    expect(report.checks.find((c) => c.id === `regression:${server.url}`)?.status).toBe('pass')
    expect(report.status).toBe('pass')
  })

  it('does not judge p95 on too few samples: a warning that says how many it needs', async () => {
    let delay = 5
    const server = await serve(() => delay)
    const baseline = await baselineOf({ url: server.url, samples: '5' })
    delay = 60
    const { report, outputs } = await check({
      url: server.url,
      samples: '5',
      baseline,
      'max-regression': '20%',
    })
    const regression = report.checks.find((c) => c.id === `regression:${server.url}`)
    expect(regression?.status).toBe('warn')
    expect(regression?.detail).toContain(`needs ${MIN_REGRESSION_SAMPLES} on both`)
    expect(outputs.regressed).toBe('false')
    expect(outputs['p95-change']).toMatch(/^\+\d+%$/) // still shown, only not a gate
  })

  it('names components that were healthy in the baseline and are not now', async () => {
    let cache = 'ok'
    const server = await serve(
      () => 0,
      () => ({ status: 'healthy', checks: { database: 'ok', cache } }),
    )
    const baseline = await baselineOf({ url: server.url, samples: '2' })
    cache = 'down'
    const { report, outputs } = await check({ url: server.url, samples: '2', baseline })
    const changes = report.tables.find((t) => t.title.startsWith('Changes since the baseline'))
    expect(changes?.rows[0][5]).toBe('cache (down)')
    expect(outputs.regressed).toBeUndefined() // no max-regression: no p95 verdict
  })

  it('ignores figures of a hand-edited baseline that have the wrong shape', async () => {
    const server = await serve(() => 0)
    const { report: earlier } = await check({ url: server.url, samples: '2' })
    const edited = {
      ...earlier,
      finishedAt: '<b>yesterday</b>',
      data: { urls: [{ url: server.url, samples: 'many', errors: 0, p95: '5ms', components: [] }] },
    }
    const baseline = tempFile('edited.json', JSON.stringify(edited))
    const { report, outputs } = await check({ url: server.url, samples: '2', baseline })
    const changes = report.tables.find((t) => t.title.startsWith('Changes since the baseline'))
    expect(changes?.title).toBe('Changes since the baseline')
    expect(changes?.rows[0].slice(0, 2)).toEqual([server.url, 'not in the baseline'])
    expect(outputs['p95-change']).toBeUndefined()
  })

  it('warns once and compares nothing when the baseline cannot serve', async () => {
    const server = await serve(() => 0)
    const unreadable = join(tmpdir(), 'no-such-dir-hg', 'report.json')
    const otherAction = tempFile('db.json', JSON.stringify({ action: 'db-maintain', schemaVersion: 1 }))
    for (const [baseline, why] of [
      [unreadable, 'cannot be read'],
      [otherAction, "is a db-maintain report, not health-gate's"],
    ]) {
      const { report, outputs, logger } = await check({ url: server.url, samples: '2', baseline })
      expect(report.status).toBe('pass')
      expect(logger.messages.filter((m) => m.startsWith('warning:'))).toEqual([
        expect.stringContaining(why) as string,
      ])
      expect(report.tables.some((t) => t.title.startsWith('Changes'))).toBe(false)
      expect(outputs['p95-change']).toBeUndefined()
    }
  })
})

describe('health-gate: smoke steps against the baseline', () => {
  const report = (steps: StepFigures[]) =>
    createReport<HealthGateData>({
      action: 'health-gate',
      title: 't',
      checks: [],
      data: { urls: [], steps },
      startedAt: '2026-12-01T06:17:00Z',
      finishedAt: '2026-12-01T06:17:05Z',
    })

  it("shows each step's latency against the same step in the baseline, and a step that changed outcome", () => {
    const baseline = report([
      { name: 'log in', outcome: 'passed', latencyMs: 40 },
      { name: 'profile', outcome: 'passed', latencyMs: 10 },
    ])
    const now = report([
      { name: 'log in', outcome: 'passed', latencyMs: 80 },
      { name: 'profile', outcome: 'failed', latencyMs: 12 },
      { name: 'log out', outcome: 'passed', latencyMs: 5 },
    ])
    const compared = compareWithBaseline(now, baseline, undefined)
    const table = compared.tables.find((t) => t.title.endsWith(': smoke steps'))
    expect(table?.title).toBe('Changes since the baseline of 2026-12-01 06:17 UTC: smoke steps')
    expect(table?.rows).toEqual([
      ['log in', '40ms → 80ms (+100%)', 'passed'],
      ['profile', '10ms → 12ms (+20%)', 'passed → failed'],
      ['log out', 'not in the baseline', 'passed'],
    ])
    expect(compared.data?.steps).toHaveLength(3)
  })

  it('adds no steps table when this run had no smoke flow', () => {
    const compared = compareWithBaseline(report([]), report([{ name: 'x', outcome: 'passed' }]), undefined)
    expect(compared.tables.some((t) => t.title.endsWith(': smoke steps'))).toBe(false)
  })
})
