// The report as terminal text.
import { describe, expect, it } from 'vitest'

import { renderText } from '../../src/cli/render-text.js'
import { createReport } from '../../src/core/report.js'

describe('renderText', () => {
  it('shows failures first and aligns table columns', () => {
    const text = renderText(
      createReport({
        action: 'x',
        title: 'T',
        startedAt: '',
        checks: [
          { id: 'a', title: 'A', status: 'pass', detail: 'fine' },
          { id: 'b', title: 'B', status: 'fail', detail: 'broken' },
        ],
        tables: [{ title: 'Rows', columns: ['Name', 'V'], rows: [['long-name', '1']] }],
      }),
    )
    const lines = text.split('\n')
    expect(lines[0]).toBe('❌ T')
    expect(lines[2]).toBe('  ❌ B: broken')
    expect(lines[3]).toBe('  ✅ A: fine')
    expect(lines.slice(-2)).toEqual(['  Name       V', '  long-name  1'])
  })
})

/** A report with only the given parts, through the same createReport the actions use. */
function report(parts: Partial<Parameters<typeof createReport>[0]>): string {
  return renderText(createReport({ action: 'x', title: 'T', startedAt: '', checks: [], ...parts }))
}

describe('renderText shows the whole report', () => {
  it('gives a failing check its recommendation and the fixing SQL, and lists the metrics', () => {
    const text = report({
      checks: [
        {
          id: 'bloat:public.users',
          title: 'public.users',
          status: 'warn',
          detail: '42% dead rows',
          recommendation: 'vacuum the table',
          fix: 'VACUUM (ANALYZE)\n  public.users;',
        },
      ],
      metrics: [{ name: 'p95 latency', value: 120, unit: 'ms' }],
    })
    expect(text).toContain(
      [
        '  ⚠️ public.users: 42% dead rows',
        '      → vacuum the table',
        '      fix (not run):',
        '        VACUUM (ANALYZE)',
        '          public.users;',
      ].join('\n'),
    )
    expect(text).toContain('Metrics:\n  Metric       Value\n  p95 latency  120 ms')
  })

  it('keeps a table row on one line: new lines shown as ⏎, long cells cut with …, columns aligned', () => {
    const logLine = 'ERROR ' + 'x'.repeat(2000)
    const text = report({
      tables: [
        {
          title: 'Slow queries',
          columns: ['Query', 'Mean'],
          rows: [
            ['SELECT *\nFROM users\nWHERE id = $1', '12 ms'],
            [logLine, '3 ms'],
          ],
        },
      ],
    })
    const rows = text.split('\n').slice(-3)
    expect(rows).toHaveLength(3)
    expect(rows[1]).toMatch(/^ {2}SELECT \*⏎FROM users⏎WHERE id = \$1 +12 ms$/)
    expect(rows[2]).toMatch(/^ {2}ERROR x+… {2}3 ms$/)
    expect(rows[2].length).toBeLessThan(120)
    // The second column starts at the same place on every row.
    const at = rows.map((row) => row.search(/(Mean|12 ms|3 ms)$/))
    expect(new Set(at).size).toBe(1)
  })

  it('draws a chart as a bar per label with its value, and the threshold line', () => {
    const text = report({
      charts: [
        {
          title: 'Errors per hour',
          labels: ['12-01 10h', '12-01 11h'],
          yLabel: 'errors',
          bars: [20, 1],
          line: [5, 5],
        },
      ],
    })
    const lines = text.split('\n')
    const start = lines.indexOf('Errors per hour (errors):')
    expect(start).toBeGreaterThan(0)
    const [spike, quiet, legend] = lines.slice(start + 1, start + 4)
    expect(spike).toMatch(/^ {2}12-01 10h {2}█{40} 20$/)
    expect(quiet).toMatch(/^ {2}12-01 11h {2}█{2} +│ +1$/)
    expect(legend).toBe('  │ line: 5')
  })

  it('prints details, bounded, and lets no terminal escape sequence through', () => {
    const hostile = 'login failed \x1b]8;;https://evil.example\x07click\x1b]8;;\x07 \x1b[2J\r'
    const text = report({
      checks: [{ id: 'a', title: 'A', status: 'fail', detail: hostile }],
      tables: [{ title: 'Lines', columns: ['Line'], rows: [[hostile]] }],
      details: [
        { title: 'Response body', body: Array.from({ length: 100 }, (_, i) => `line ${i}`).join('\n') },
      ],
    })
    // Not one raw control character but the new lines between rows.
    expect([...text].filter((c) => c !== '\n' && /\p{Cc}/u.test(c))).toEqual([])
    expect(text).toContain('login failed \\x1b]8;;https://evil.example\\x07click')
    expect(text).toContain('Response body:\n    line 0\n    line 1\n')
    expect(text).toContain('    line 39\n    … 60 more line(s)')
    expect(text).not.toContain('line 40')
  })
})
