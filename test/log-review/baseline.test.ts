import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import { afterAll, describe, expect, it } from 'vitest'

import { logReviewAction, outputsOf } from '../../src/log-review/action.js'
import { LogReviewInputs, readInputs } from '../../src/log-review/inputs.js'
import { reviewLogs } from '../../src/log-review/review.js'
import { InputReader, objectInputGetter } from '../../src/core/inputs.js'
import { recordingLogger } from '../../src/core/logger.js'
import { renderSummary } from '../../src/core/summary.js'

const dir = mkdtempSync(join(tmpdir(), 'log-review-baseline-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))
const NOW = new Date('2026-11-27T12:00:00Z')

function inputs(values: Record<string, string>): LogReviewInputs {
  return readInputs(new InputReader(objectInputGetter({ since: 'all', ...values })), NOW, dir)
}

/** `count` lines a minute apart from `start`, each `LEVEL message` with the line's index in it. */
function lines(start: string, count: number, message: (i: number) => string, level = 'ERROR'): string[] {
  return Array.from({ length: count }, (_, i) => {
    const time = new Date(Date.parse(start) + i * 60_000).toISOString().replace('T', ' ').replace('Z', '')
    return `${time.replace('.', ',')} ${level} app: ${message(i)}`
  })
}

function write(name: string, content: string[] | string): string {
  writeFileSync(join(dir, name), Array.isArray(content) ? content.join('\n') + '\n' : content)
  return name
}

/** Reviews `logLines` as one run would, with the given extra inputs, and keeps its report as a file. */
async function review(name: string, logLines: string[], values: Record<string, string> = {}) {
  const logger = recordingLogger()
  const report = await reviewLogs(inputs({ paths: write(`${name}.log`, logLines), ...values }), {
    logger,
    clock: () => NOW,
  })
  write(`${name}.json`, JSON.stringify(report))
  return { report, logger, reportFile: `${name}.json` }
}

// Yesterday: users not found and a payment provider that was down a little.
const yesterday = [
  ...lines('2026-11-25T10:00:00Z', 5, (i) => `user ${100 + i} not found`),
  ...lines('2026-11-25T11:00:00Z', 2, (i) => `payment ${i + 7} declined by provider`),
  ...lines('2026-11-25T11:30:00Z', 2, (i) => `cache miss for key k${i}`, 'WARNING'),
]

describe('log-review baseline', () => {
  it('names a new error group and not an old one seen again with other ids', async () => {
    const before = await review('yesterday', yesterday)
    const { report, logger } = await review(
      'today',
      [
        // The same two groups, with other numbers and ids, the payments group grown 3x and by 10 more.
        ...lines('2026-11-26T10:00:00Z', 4, (i) => `user ${9000 + i} not found`),
        ...lines('2026-11-26T11:00:00Z', 12, (i) => `payment ${i + 4242} declined by provider`),
        // Never seen before.
        ...lines('2026-11-26T12:00:00Z', 3, (i) => `disk full writing /var/data/chunk-${i}`),
      ],
      { baseline: before.reportFile },
    )
    expect(logger.messages.filter((m) => /baseline/.test(m))).toEqual([])
    const changes = report.data?.changes
    expect(changes?.newGroups.map((g) => [g.template, g.after])).toEqual([['disk full writing <path>', 3]])
    expect(changes?.grownGroups.map((g) => [g.template, g.before, g.after])).toEqual([
      ['payment <num> declined by provider', 2, 12],
    ])
    expect(changes?.errorRate.before).toBe(before.report.data?.errorRate)
    const check = report.checks.find((c) => c.id === 'changes')
    expect(check?.status).toBe('warn')
    expect(check?.detail).toMatch(/^1 new error group\(s\), most often disk full writing <path> \(3\)/)
    expect(outputsOf(report)).toMatchObject({ 'new-groups': 1, 'grown-groups': 1 })

    const summary = renderSummary(report)
    expect(summary).toContain('Changes since the baseline')
    const row = (cells: string[]) => `<tr>${cells.map((c) => `<td>${c}</td>`).join('')}</tr>`
    expect(summary).toContain(row(['new', 'disk full writing &lt;path&gt;', '0', '3', 'new']))
    expect(summary).toContain(row(['grew', 'payment &lt;num&gt; declined by provider', '2', '12', '+500%']))
    expect(summary).not.toMatch(/<td>(new|grew)<\/td><td>user &lt;num&gt; not found/)
  })

  it('fails on a new error group with fail-on-new, and passes a day with nothing new', async () => {
    const before = await review('base', yesterday)
    const same = await review('same', yesterday, { baseline: before.reportFile, 'fail-on-new': 'true' })
    expect(same.report.checks.find((c) => c.id === 'changes')?.status).toBe('pass')
    expect(outputsOf(same.report)).toMatchObject({ 'new-groups': 0, 'grown-groups': 0 })

    const worse = await review(
      'worse',
      [...yesterday, ...lines('2026-11-25T12:00:00Z', 1, () => 'certificate expired for api.example.test')],
      { baseline: before.reportFile, 'fail-on-new': 'true' },
    )
    expect(worse.report.status).toBe('fail')
    expect(worse.report.checks.find((c) => c.id === 'changes')?.detail).toMatch(/fail-on-new is set$/)
  })

  it('goes on without a baseline that cannot serve, saying so in one warning', async () => {
    write('broken.json', '{"action": "log-review", ')
    const { report, logger } = await review('unreadable', yesterday, { baseline: 'broken.json' })
    expect(logger.messages.filter((m) => /baseline/.test(m))).toEqual([
      expect.stringMatching(/baseline '.*broken\.json' is not JSON/),
    ])
    expect(report.data?.changes).toBeUndefined()
    expect(report.checks.some((c) => c.id === 'changes')).toBe(false)
    // No comparison was made, so the outputs do not claim "0 new".
    expect(outputsOf(report)['new-groups']).toBeUndefined()
  })

  it('does not fail on a hand-edited baseline whose groups are not what a report writes', async () => {
    const edited = JSON.parse(JSON.stringify((await review('edited-source', yesterday)).report)) as Record<
      string,
      unknown
    >
    write(
      'edited.json',
      JSON.stringify({ ...edited, startedAt: 7, data: { groups: 'none', errorRate: 'x' } }),
    )
    const { report } = await review('after-edit', yesterday, { baseline: 'edited.json' })
    expect(report.data?.changes?.newGroups.map((g) => g.template)).toEqual([
      'user <num> not found',
      'payment <num> declined by provider',
    ])
    expect(report.data?.changes?.errorRate.before).toBe(0)
  })

  it('warns that fail-on-new does nothing without a baseline', () => {
    expect(logReviewAction.warnings?.(inputs({ 'fail-on-new': 'true' }))).toEqual([
      expect.stringMatching(/fail-on-new is set without a baseline/),
    ])
    expect(logReviewAction.warnings?.(inputs({}))).toEqual([])
  })
})
