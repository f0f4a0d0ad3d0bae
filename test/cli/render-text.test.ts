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
