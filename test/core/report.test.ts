import { describe, expect, it } from 'vitest'

import { Check, Status, byStatus, createReport, worstStatus } from '../../src/core/report.js'

const check = (id: string, status: Status): Check => ({ id, title: id, status, detail: `${id} is ${status}` })

describe('worstStatus', () => {
  it('is pass for no statuses', () => {
    expect(worstStatus([])).toBe('pass')
  })

  it.each<[Status[], Status]>([
    [['pass'], 'pass'],
    [['pass', 'pass'], 'pass'],
    [['pass', 'warn'], 'warn'],
    [['warn', 'pass'], 'warn'],
    [['pass', 'fail', 'warn'], 'fail'],
    [['fail', 'warn'], 'fail'],
  ])('of %j is %s', (statuses, worst) => {
    expect(worstStatus(statuses)).toBe(worst)
  })

  it('accepts any iterable', () => {
    expect(worstStatus(new Set<Status>(['pass', 'warn']))).toBe('warn')
    function* statuses(): Generator<Status> {
      yield 'pass'
      yield 'fail'
    }
    expect(worstStatus(statuses())).toBe('fail')
  })
})

describe('byStatus', () => {
  it('puts failures first, then warnings, then passes', () => {
    const items = [check('a', 'pass'), check('b', 'warn'), check('c', 'fail')]
    expect(byStatus(items, (c) => c.status).map((c) => c.id)).toEqual(['c', 'b', 'a'])
  })

  it('keeps the original order within each status', () => {
    const items = [
      check('p1', 'pass'),
      check('f1', 'fail'),
      check('w1', 'warn'),
      check('p2', 'pass'),
      check('f2', 'fail'),
      check('w2', 'warn'),
      check('f3', 'fail'),
      check('p3', 'pass'),
    ]
    expect(byStatus(items, (c) => c.status).map((c) => c.id)).toEqual([
      'f1',
      'f2',
      'f3',
      'w1',
      'w2',
      'p1',
      'p2',
      'p3',
    ])
  })

  it('does not reorder its argument', () => {
    const items = [check('a', 'pass'), check('b', 'fail')]
    byStatus(items, (c) => c.status)
    expect(items.map((c) => c.id)).toEqual(['a', 'b'])
  })
})

describe('createReport', () => {
  const base = { action: 'health-gate', title: 'Health gate', startedAt: '2024-01-01T00:00:00.000Z' }

  it('takes the worst status of its checks', () => {
    expect(createReport({ ...base, checks: [check('a', 'pass'), check('b', 'warn')] }).status).toBe('warn')
    expect(createReport({ ...base, checks: [check('a', 'fail'), check('b', 'warn')] }).status).toBe('fail')
    expect(createReport({ ...base, checks: [check('a', 'pass')] }).status).toBe('pass')
  })

  it('passes with no checks', () => {
    expect(createReport({ ...base, checks: [] }).status).toBe('pass')
  })

  it('defaults metrics, tables and details to empty and stamps the finish time', () => {
    const before = Date.now()
    const report = createReport({ ...base, checks: [] })
    expect(report.metrics).toEqual([])
    expect(report.tables).toEqual([])
    expect(report.details).toEqual([])
    expect(report.startedAt).toBe(base.startedAt)
    const finished = Date.parse(report.finishedAt)
    expect(new Date(finished).toISOString()).toBe(report.finishedAt)
    expect(finished).toBeGreaterThanOrEqual(before - 1)
    expect(finished).toBeLessThanOrEqual(Date.now() + 1)
  })

  it('keeps the metrics, tables and details it is given', () => {
    const report = createReport({
      ...base,
      checks: [check('a', 'pass')],
      metrics: [{ name: 'p95', value: 12, unit: 'ms' }],
      tables: [{ title: 'T', columns: ['a'], rows: [['1']] }],
      details: [{ title: 'body', body: '{}' }],
    })
    expect(report.metrics).toEqual([{ name: 'p95', value: 12, unit: 'ms' }])
    expect(report.tables).toHaveLength(1)
    expect(report.details).toEqual([{ title: 'body', body: '{}' }])
    expect(report.checks.map((c) => c.id)).toEqual(['a'])
  })

  it('ignores a status smuggled in by an untyped caller', () => {
    const parts = { ...base, checks: [check('a', 'fail')], status: 'pass' } as Parameters<
      typeof createReport
    >[0]
    expect(createReport(parts).status).toBe('fail')
  })
})
