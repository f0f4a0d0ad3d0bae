import { describe, expect, it } from 'vitest'

import { Check, Report, Status, createReport } from '../../src/core/report.js'
import { SUMMARY_LIMIT, escapeHtml, renderSummary } from '../../src/core/summary.js'

const check = (title: string, status: Status, extra: Partial<Check> = {}): Check => ({
  id: title,
  title,
  status,
  detail: `${title} detail`,
  ...extra,
})

function report(parts: Partial<Report> = {}): Report {
  return createReport({
    action: 'health-gate',
    title: 'Health gate',
    startedAt: '2024-01-01T00:00:00.000Z',
    checks: [],
    ...parts,
  })
}

const count = (text: string, part: string) => text.split(part).length - 1
const bytes = (text: string) => Buffer.byteLength(text)

describe('escapeHtml', () => {
  it('escapes the five HTML-significant characters', () => {
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe(
      '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;',
    )
  })

  it('escapes & first, so an entity in the input shows as written', () => {
    expect(escapeHtml('&lt;')).toBe('&amp;lt;')
  })

  it('leaves plain text alone', () => {
    expect(escapeHtml('db is DOWN: 3 of 5 — see logs')).toBe('db is DOWN: 3 of 5 — see logs')
  })

  it('shows control characters from a log line as escapes: terminal sequences, bells, bidi overrides', () => {
    const line = 'x \x1b]8;;https://evil.test\x07click\x1b]8;;\x07 \x1b[31mred \u202eevil\tok\nnext'
    expect(escapeHtml(line)).toBe(
      'x \\x1b]8;;https://evil.test\\x07click\\x1b]8;;\\x07 \\x1b[31mred \\u202eevil\tok\nnext',
    )
    // eslint-disable-next-line no-control-regex
    expect(renderSummary(report({ title: 'a\x1b[2Jb' }))).not.toMatch(/[\x00-\x08\x0b-\x1f\x7f]/)
  })
})

describe('renderSummary', () => {
  it('starts with a heading carrying the overall status', () => {
    const failing = renderSummary(report({ checks: [check('a', 'pass'), check('b', 'fail')] }))
    expect(failing.startsWith('## ❌ Health gate\n')).toBe(true)
    expect(renderSummary(report({ checks: [check('a', 'pass')] })).startsWith('## ✅ Health gate')).toBe(true)
    expect(renderSummary(report({ checks: [check('a', 'warn')] })).startsWith('## ⚠️ Health gate')).toBe(true)
  })

  it('escapes untrusted text everywhere it appears', () => {
    const evil = '<script>alert("x")</script>'
    const markdown = renderSummary(
      report({
        title: `Gate ${evil}`,
        checks: [
          check(`title ${evil}`, 'fail', { detail: `detail ${evil}`, recommendation: evil, fix: evil }),
        ],
        metrics: [{ name: evil, value: 1, unit: 'ms' }],
        tables: [{ title: evil, columns: [evil], rows: [[evil]] }],
        details: [{ title: evil, body: `body ${evil}` }],
      }),
    )
    expect(markdown).not.toContain('<script>')
    expect(markdown).not.toContain('</script>')
    expect(markdown).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;')
    // heading; check title in the table and in the fixes; detail; recommendation; fix; metric;
    // table title, column and cell; details title and body
    expect(count(markdown, '&lt;script&gt;')).toBe(12)
  })

  it('lists failures first, then warnings, then passes', () => {
    const markdown = renderSummary(
      report({
        checks: [check('first-pass', 'pass'), check('a-warning', 'warn'), check('a-failure', 'fail')],
      }),
    )
    const fail = markdown.indexOf('a-failure')
    const warn = markdown.indexOf('a-warning')
    const pass = markdown.indexOf('first-pass')
    expect(fail).toBeGreaterThan(0)
    expect(fail).toBeLessThan(warn)
    expect(warn).toBeLessThan(pass)
  })

  it('shows the recommendation after the detail', () => {
    const markdown = renderSummary(
      report({ checks: [check('disk', 'warn', { detail: '91% full', recommendation: 'free some space' })] }),
    )
    expect(markdown).toContain('<td>91% full — free some space</td>')
  })

  it('shows fixes of failed and warned checks only, marked as not run', () => {
    const markdown = renderSummary(
      report({
        checks: [
          check('bloat', 'warn', { fix: 'VACUUM users;' }),
          check('fine', 'pass', { fix: 'SHOULD NOT APPEAR;' }),
        ],
      }),
    )
    expect(markdown).toContain('Suggested fixes (not run)')
    expect(markdown).toContain('-- bloat\nVACUUM users;')
    expect(markdown).not.toContain('SHOULD NOT APPEAR')
  })

  it('shows metrics with their units', () => {
    const markdown = renderSummary(
      report({
        metrics: [
          { name: 'p95', value: 12.5, unit: 'ms' },
          { name: 'requests', value: 20, unit: '' },
        ],
      }),
    )
    expect(markdown).toContain('<tr><td>p95</td><td>12.5 ms</td></tr>')
    expect(markdown).toContain('<tr><td>requests</td><td>20</td></tr>')
  })

  it('labels each bar of a short chart, and numbers the bars of a long one under its axis name', () => {
    const chart = (n: number) => ({
      title: 'Errors per hour',
      labels: Array.from({ length: n }, (_, i) => `11-20 ${String(i % 24).padStart(2, '0')}h #${i}`),
      axis: 'hours since 11-20 00h UTC',
      yLabel: 'errors',
      bars: Array.from({ length: n }, (_, i) => i),
    })
    const day = renderSummary(report({ charts: [chart(24)] }))
    expect(day).toContain('  x-axis ["11-20 00h #0", "11-20 01h #1", ')
    // A week of hours: 168 labels would overlap into a grey band; the axis is numbered instead.
    const week = renderSummary(report({ charts: [chart(168)] }))
    expect(week).toContain('\n  x-axis "hours since 11-20 00h UTC" 0 --> 167\n')
    expect(week).not.toContain('#100')
    expect(week).toContain('  bar [0, 1, 2, ')
  })

  it('does not cut a summary that fits and adds no note', () => {
    const markdown = renderSummary(
      report({ checks: [check('a', 'pass')], details: [{ title: 'x', body: 'y' }] }),
    )
    expect(markdown).not.toContain('The summary was cut')
    expect(markdown).toContain('</details>')
  })

  it('stays under the default limit for a huge report', () => {
    const body = 'x'.repeat(600 * 1024)
    const markdown = renderSummary(
      report({
        details: [
          { title: 'one', body },
          { title: 'two', body },
        ],
      }),
    )
    expect(bytes(markdown)).toBeLessThanOrEqual(SUMMARY_LIMIT)
    expect(SUMMARY_LIMIT).toBeLessThan(1024 * 1024)
    expect(markdown).toContain('The summary was cut')
  })

  describe('with a small limit', () => {
    const rows = Array.from({ length: 200 }, (_, i) => [`row-${i}`, `value-${i}`])
    const big = report({
      checks: [check('ok', 'pass')],
      tables: [
        { title: 'Big', columns: ['Name', 'Value'], rows },
        { title: 'Later', columns: ['Name'], rows: [['later-row']] },
      ],
      details: [{ title: 'Body', body: 'b'.repeat(5000) }],
    })

    it('stays under the limit and says it was cut', () => {
      const markdown = renderSummary(big, 2000)
      expect(bytes(markdown)).toBeLessThanOrEqual(2000)
      expect(markdown).toMatch(/The summary was cut .*: 3 section\(s\) left out/)
      expect(markdown).toContain('`report` JSON file')
    })

    it('keeps the top rows of a cut table and closes it', () => {
      const markdown = renderSummary(big, 2000)
      expect(markdown).toContain('<td>row-0</td>')
      expect(markdown).not.toContain('row-199')
      expect(markdown).not.toContain('later-row')
      expect(count(markdown, '<table>')).toBeGreaterThanOrEqual(2)
      expect(count(markdown, '<table>')).toBe(count(markdown, '</table>'))
    })

    it('closes a cut details block', () => {
      const markdown = renderSummary(
        report({ details: [{ title: 'Body', body: 'line\n'.repeat(2000) }] }),
        1500,
      )
      expect(bytes(markdown)).toBeLessThanOrEqual(1500)
      expect(markdown).toContain('<details>')
      expect(count(markdown, '<details>')).toBe(count(markdown, '</details>'))
      expect(count(markdown, '<pre>')).toBe(count(markdown, '</pre>'))
      expect(markdown).toContain('The summary was cut')
    })

    it('leaves no stray tags when a one-line body does not fit at all', () => {
      const markdown = renderSummary(report({ details: [{ title: 'Body', body: 'x'.repeat(5000) }] }), 1500)
      expect(bytes(markdown)).toBeLessThanOrEqual(1500)
      expect(count(markdown, '<details>')).toBe(count(markdown, '</details>'))
      expect(count(markdown, '<pre>')).toBe(count(markdown, '</pre>'))
    })

    it('stays under every limit from small to large', () => {
      for (const limit of [800, 1000, 1500, 3000, 5000, 9000, 10_000, 20_000]) {
        const markdown = renderSummary(big, limit)
        expect(bytes(markdown)).toBeLessThanOrEqual(limit)
        expect(count(markdown, '<table>')).toBe(count(markdown, '</table>'))
        expect(count(markdown, '<details>')).toBe(count(markdown, '</details>'))
        expect(count(markdown, '<pre>')).toBe(count(markdown, '</pre>'))
      }
    })

    it('counts bytes, not characters, for multi-byte text', () => {
      const wide = report({
        tables: [{ title: 'Wide', columns: ['x'], rows: rows.map(() => ['ü€😀'.repeat(20)]) }],
      })
      const markdown = renderSummary(wide, 2000)
      expect(bytes(markdown)).toBeLessThanOrEqual(2000)
      expect(markdown).toContain('The summary was cut')
    })
  })
})
