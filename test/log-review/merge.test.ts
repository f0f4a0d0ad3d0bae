import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import { afterAll, describe, expect, it } from 'vitest'

import { InputReader, objectInputGetter } from '../../src/core/inputs.js'
import { recordingLogger } from '../../src/core/logger.js'
import { readInputs } from '../../src/log-review/inputs.js'
import { errorChartOf, mergeLogReviewData, withHost } from '../../src/log-review/merge.js'
import { LogReviewData } from '../../src/log-review/report-data.js'
import { reviewLogs } from '../../src/log-review/review.js'

const dir = mkdtempSync(join(tmpdir(), 'log-review-merge-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))
const NOW = new Date('2026-11-27T12:00:00Z')

/** A real review of `lines` written as one host's log file. */
async function review(host: string, lines: string[]): Promise<LogReviewData> {
  writeFileSync(join(dir, `${host}.log`), lines.join('\n') + '\n')
  const inputs = readInputs(
    new InputReader(objectInputGetter({ since: 'all', paths: `${host}.log` })),
    NOW,
    dir,
  )
  const report = await reviewLogs(inputs, { logger: recordingLogger(), clock: () => NOW })
  return report.data!
}

/** `count` python-logging lines a minute apart from `start` (`2026-11-20T10:00`), each `text`. */
function lines(start: string, count: number, text: (i: number) => string): string[] {
  return Array.from({ length: count }, (_, i) => {
    const time = new Date(Date.parse(`${start}:00Z`) + i * 60_000).toISOString()
    return `${time.slice(0, 10)} ${time.slice(11, 19)},000 ${text(i)}`
  })
}

/** One quiet error an hour from 00:30 to 09:30, so the median hour is low and a burst stands out. */
const quiet = (host: string) =>
  Array.from({ length: 10 }, (_, h) => `2026-11-20 0${h}:30:00,000 ERROR app: ${host} heartbeat lost`)

// Three hosts: a shared "user not found" group in the same hours, a burst at 12h that no host reaches
// spike-min (10) with alone but the fleet does, and a group of each host's own.
const hosts = {
  web1: () =>
    review('web1', [
      ...quiet('web1'),
      ...lines('2026-11-20T10:05', 3, (i) => `ERROR app.users: user ${100 + i} not found`),
      ...lines('2026-11-20T12:00', 4, (i) => `ERROR app.db: connection ${i} reset`),
      ...lines('2026-11-20T13:00', 1, () => 'WARNING app.http: upstream timed out after 30s'),
    ]),
  web2: () =>
    review('web2', [
      ...lines('2026-11-20T09:50', 2, (i) => `ERROR app.users: user ${200 + i} not found`),
      ...lines('2026-11-20T12:10', 4, (i) => `ERROR app.db: connection ${i} reset`),
      ...lines('2026-11-20T14:00', 2, () => 'ERROR app.mail: smtp refused'),
    ]),
  web3: () =>
    review('web3', [
      ...lines('2026-11-20T10:30', 1, () => 'ERROR app.users: user 300 not found'),
      ...lines('2026-11-20T12:20', 4, (i) => `ERROR app.db: connection ${i} reset`),
    ]),
}

async function fleet() {
  const [web1, web2, web3] = await Promise.all([hosts.web1(), hosts.web2(), hosts.web3()])
  return {
    web1,
    web2,
    web3,
    tagged: [withHost(web1, 'web1'), withHost(web2, 'web2'), withHost(web3, 'web3')],
  }
}

describe('mergeLogReviewData', () => {
  it('counts a group seen on several hosts once, with summed counts, the hosts and its first and last time', async () => {
    const { web1, web2, web3, tagged } = await fleet()
    const merged = mergeLogReviewData(tagged)
    const users = merged.groups.filter((g) => g.template === 'user <num> not found')
    expect(users).toHaveLength(1)
    expect(users[0]).toMatchObject({
      level: 'error',
      count: 6,
      hosts: ['web1', 'web2', 'web3'],
      firstSeen: '2026-11-20T09:50:00.000Z',
      lastSeen: '2026-11-20T10:30:00.000Z',
    })
    // The example is the earliest one seen, whichever host it came from.
    expect(users[0].example).toContain('user 200 not found')
    const mail = merged.groups.find((g) => g.template === 'smtp refused')
    expect(mail).toMatchObject({ count: 2, hosts: ['web2'] })
    expect(merged.counts.errors).toBe(web1.counts.errors + web2.counts.errors + web3.counts.errors)
    expect(merged.counts.groups).toBe(merged.groups.length)
    expect(merged.span).toEqual({ from: '2026-11-20T00:30:00.000Z', to: '2026-11-20T14:01:00.000Z' })
  })

  it('sums errors per hour across hosts and finds the spike no host had alone', async () => {
    const { web1, web2, web3, tagged } = await fleet()
    for (const one of [web1, web2, web3]) expect(one.spikes).toEqual([])
    const merged = mergeLogReviewData(tagged)
    const noon = merged.hours.find((h) => h.hour === '2026-11-20T12:00:00.000Z')
    expect(noon).toEqual({ hour: '2026-11-20T12:00:00.000Z', errors: 12, warnings: 0 })
    // web1's and web2's 10h errors are one hour of the fleet: 3 + 1.
    expect(merged.hours.find((h) => h.hour === '2026-11-20T10:00:00.000Z')?.errors).toBe(4)
    expect(merged.spikes).toEqual([{ hour: '2026-11-20T12:00:00.000Z', errors: 12, threshold: 10 }])
    expect(merged.counts.spikes).toBe(1)
    // The fleet's chart: one bar an hour from 00h to 14h, 12h the highest, under the threshold line of 10.
    const chart = errorChartOf(merged)
    expect(chart?.bars).toHaveLength(15)
    expect(chart?.bars[12]).toBe(12)
    expect(chart?.line?.[0]).toBe(10)
    expect(chart?.title).toContain('spikes 11-20 12h')
  })

  it('is associative, and one part merges to itself', async () => {
    const { web1, tagged } = await fleet()
    const [a, b, c] = tagged
    const all = mergeLogReviewData([a, b, c])
    expect(mergeLogReviewData([mergeLogReviewData([a, b]), c])).toEqual(all)
    expect(mergeLogReviewData([a, mergeLogReviewData([b, c])])).toEqual(all)
    // A review merged alone is the review (its baseline comparison aside): nothing is lost or invented.
    const alone = mergeLogReviewData([web1])
    expect(alone.groups).toEqual(web1.groups)
    expect({ ...alone, changes: undefined }).toEqual({ ...web1, changes: undefined })
  })

  it('keeps slow operations with exact counts and maximum, and percentiles as an upper bound', () => {
    const part = (operation: string, count: number, p95Ms: number): LogReviewData => ({
      ...mergeLogReviewData([]),
      slow: [{ operation, count, p50Ms: p95Ms / 2, p95Ms, maxMs: p95Ms + 100 }],
    })
    const merged = mergeLogReviewData([
      part('GET /a', 3, 1200),
      part('GET /a', 2, 4000),
      part('GET /b', 1, 1500),
    ])
    expect(merged.slow).toEqual([
      { operation: 'GET /a', count: 5, p50Ms: 2000, p95Ms: 4000, maxMs: 4100 },
      { operation: 'GET /b', count: 1, p50Ms: 750, p95Ms: 1500, maxMs: 1600 },
    ])
  })
})
