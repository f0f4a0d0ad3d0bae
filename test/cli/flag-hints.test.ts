// Hints written for a workflow ("input 'ca-cert'", "set ca-cert") read as flags on a terminal.
import { describe, expect, it } from 'vitest'

import { asFlags } from '../../src/cli/flag-hints.js'
import { renderText } from '../../src/cli/render-text.js'
import { createReport } from '../../src/core/report.js'

const names = ['url', 'ca-cert', 'insecure', 'database-url', 'missing']

describe('asFlags', () => {
  it("names a declared input as its flag: input 'x', set x, set x: value", () => {
    expect(asFlags("input 'database-url' is 'x': not a URL", names)).toBe("--database-url is 'x': not a URL")
    expect(asFlags('certificate not trusted (unknown issuer); set ca-cert', names)).toBe(
      'certificate not trusted (unknown issuer); set --ca-cert',
    )
    expect(asFlags('check the path or set missing: warn', names)).toBe('check the path or set --missing=warn')
  })

  it('leaves words that are not declared inputs alone', () => {
    expect(asFlags("input 'colour' is red; set the clock; set url-path", names)).toBe(
      "input 'colour' is red; set the clock; set url-path",
    )
  })
})

it("renderText names inputs as flags in a check's detail and recommendation", () => {
  const text = renderText(
    createReport({
      action: 'health-gate',
      title: 'T',
      startedAt: '',
      checks: [
        {
          id: 'tls',
          title: 'https://127.0.0.1',
          status: 'fail',
          detail: 'certificate not trusted (self-signed); set ca-cert',
          recommendation: "give input 'ca-cert' the CA file",
        },
      ],
    }),
    names,
  )
  expect(text).toContain('https://127.0.0.1: certificate not trusted (self-signed); set --ca-cert\n')
  expect(text).toContain('→ give --ca-cert the CA file')
})
