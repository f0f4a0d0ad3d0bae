// runPlan on hand-made plans against real parts: HTTP servers on 127.0.0.1 and a log file on disk.
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'

import { afterEach, describe, expect, it } from 'vitest'

import { testContext } from './context.js'
import { PlannedCheck, RunbookPlan } from '../../src/runbook/plan.js'
import { failedIds, failureLine, runbookReport } from '../../src/runbook/report.js'
import { runPlan } from '../../src/runbook/run.js'
import { readActionMetadata } from '../support/runner.js'
import { LoopbackServer, json, startServer } from '../support/servers.js'

const servers: LoopbackServer[] = []
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()))
})

async function serve(...args: Parameters<typeof startServer>) {
  const server = await startServer(...args)
  servers.push(server)
  return server
}

const check = (id: string, action: string, inputs: Record<string, string>): PlannedCheck => ({
  id,
  action,
  inputs,
  where: `.github/runbook.yml:${id.length}:7`,
})

const plan = (checks: PlannedCheck[], maxParallel = 1): RunbookPlan => ({
  file: '.github/runbook.yml',
  schedule: 'daily',
  maxParallel,
  checks,
})

const healthy = json(200, { status: 'healthy', uptime: 7200, checks: { database: 'ok' } })

describe('runPlan', () => {
  it('runs every check in order through its definition; failures and bad inputs do not stop the others', async () => {
    const good = await serve(healthy)
    const bad = await serve(json(500, { status: 'unhealthy' }))
    const { context, messages } = testContext()
    const log = join(context.workspace, 'app.log')
    writeFileSync(
      log,
      [
        '2026-12-01 10:00:01 ERROR db connection lost id=1',
        '2026-12-01 10:00:02 ERROR db connection lost id=2',
        '2026-12-01 10:00:03 INFO request done',
      ].join('\n') + '\n',
    )
    const checks = [
      check('health-gate', 'health-gate', { url: `${good.url}/health`, samples: '3', retries: '0' }),
      check('log-review', 'log-review', { paths: 'app.log', since: 'all' }),
      check('health-gate#2', 'health-gate', { url: `${bad.url}/health`, retries: '0' }),
      check('health-gate#3', 'health-gate', { url: 'ftp://nowhere' }),
      check('no-such', 'no-such-action', {}),
    ]
    const outcomes = await runPlan(plan(checks), context)

    expect(outcomes.map((o) => [o.check.id, o.report.status])).toEqual([
      ['health-gate', 'pass'],
      ['log-review', expect.stringMatching(/pass|warn/)],
      ['health-gate#2', 'fail'],
      ['health-gate#3', 'fail'],
      ['no-such', 'fail'],
    ])
    // The plan's inputs win; the inputs it leaves out get their action.yml defaults, as under the runner.
    const declared = readActionMetadata('health-gate').inputs!
    expect(outcomes[0].inputs.samples).toBe('3')
    expect(outcomes[0].inputs['expected-status']).toBe(declared['expected-status'].default)
    expect(outcomes[0].inputs['healthy-values']).toBe(declared['healthy-values'].default)
    // A runner expression is no value in process: the token comes from the runbook's own, handed down.
    expect(declared.token.default).toBe('${{ github.token }}')
    expect(outcomes[0].inputs.token).toBeUndefined()
    // A ConfigurationError is the check's one line, naming the input; an unknown action names where it is.
    expect(outcomes[3].report.checks[0].detail).toMatch(/url/)
    expect(outcomes[3].report.checks[0].detail).not.toMatch(/unexpected error/)
    // ... and where that check is written, as a file with two health-gate checks needs.
    expect(outcomes[3].report.checks[0].detail).toMatch(/ \(\.github\/runbook\.yml:13:7\)$/)
    expect(outcomes[4].report.checks[0].detail).toBe(
      "unknown action 'no-such-action' (.github/runbook.yml:7:7)",
    )
    for (const outcome of outcomes) expect(outcome.durationMs).toBeGreaterThanOrEqual(0)
    // Each check's log lines carry its id.
    expect(messages.some((m) => m.startsWith('[log-review] '))).toBe(true)
    expect(messages.some((m) => m.startsWith('[health-gate#2] '))).toBe(true)

    const report = runbookReport(plan(checks), outcomes, { startedAt: new Date(), finishedAt: new Date() })
    expect(report.action).toBe('runbook')
    expect(report.status).toBe('fail')
    expect(report.title).toMatch(/^Runbook daily: [12] of 5 checks passed$/)
    expect(failedIds(report)).toEqual(['health-gate#2', 'health-gate#3', 'no-such'])
    expect(failureLine(report)).toBe(
      'runbook daily: 3 of 5 checks failed: health-gate#2, health-gate#3, no-such',
    )
    const data = report.data!
    expect(data.schedule).toBe('daily')
    expect(data.checks[0].keyFigure).toMatch(/^p95 \d+ ms, up 2h$/)
    expect(data.checks[1].keyFigure).toBe('1 error group, 2 error lines')
    // A failed check's figure is its failure's first line.
    expect(data.checks[2].keyFigure).toBe(outcomes[2].report.checks.find((c) => c.status === 'fail')!.detail)
    // Every check's full report is kept, and no baseline was compared.
    expect(data.checks[1].report.action).toBe('log-review')
    expect(data.checks.every((c) => c.changes === undefined)).toBe(true)
  })

  it('runs up to max-parallel checks at once', async () => {
    // Each server answers only once the other has been asked: run one after the other, both would time out.
    const waiting: (() => void)[] = []
    const meet = (_req: unknown, res: import('node:http').ServerResponse) => {
      const answer = () => res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok"}')
      waiting.push(answer)
      if (waiting.length >= 2) for (const go of waiting.splice(0)) go()
    }
    const a = await serve(meet)
    const b = await serve(meet)
    const { context } = testContext()
    const inputs = (url: string) => ({ url, samples: '1', retries: '0', timeout: '5s' })
    const outcomes = await runPlan(
      plan([check('a', 'health-gate', inputs(a.url)), check('b', 'health-gate', inputs(b.url))], 2),
      context,
    )
    expect(outcomes.map((o) => o.report.status)).toEqual(['pass', 'pass'])
  })

  it('starts no further check once cancelled; those are failed, never passed', async () => {
    const server = await serve(healthy)
    const controller = new AbortController()
    let requestsWhenCancelled = -1
    const { context } = testContext({
      signal: controller.signal,
      onCheckDone: () => {
        requestsWhenCancelled = server.requests.length
        controller.abort()
      },
    })
    const inputs = { url: server.url, samples: '1', retries: '0' }
    const outcomes = await runPlan(
      plan([check('first', 'health-gate', inputs), check('second', 'health-gate', inputs)]),
      context,
    )
    expect(outcomes[0].report.status).toBe('pass')
    expect(outcomes[1].report.status).toBe('fail')
    expect(outcomes[1].report.checks[0].detail).toMatch(/not run: the runbook was cancelled/)
    expect(server.requests).toHaveLength(requestsWhenCancelled)
  })

  it("shows what changed against a check's baseline, as the check's own report computed it", async () => {
    const { context } = testContext()
    const log = join(context.workspace, 'app.log')
    const review = (baseline?: string) =>
      check('log-review', 'log-review', { paths: 'app.log', since: 'all', ...(baseline && { baseline }) })
    writeFileSync(log, '2026-12-01 10:00:01 ERROR db connection lost id=1\n')
    const [first] = await runPlan(plan([review()]), context)
    writeFileSync(join(context.workspace, 'baseline.json'), JSON.stringify(first.report))
    writeFileSync(
      log,
      '2026-12-02 10:00:01 ERROR db connection lost id=2\n2026-12-02 10:00:02 ERROR disk full on /var\n',
    )
    const outcomes = await runPlan(plan([review('baseline.json')]), context)
    const report = runbookReport(plan([review()]), outcomes, {
      startedAt: new Date(),
      finishedAt: new Date(),
    })
    expect(report.data!.checks[0].changes).toBe('1 new error group, 0 grown')
    expect(report.tables[0].rows[0].at(-1)).toBe('1 new error group, 0 grown')
  })
})
