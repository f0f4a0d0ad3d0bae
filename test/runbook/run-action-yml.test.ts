// The root action.yml (the runbook action), as the runner and the Marketplace read it.
import { describe, expect, it } from 'vitest'

import { readActionMetadata } from '../support/runner.js'

describe('action.yml at the repository root', () => {
  const metadata = readActionMetadata('runbook') as ReturnType<typeof readActionMetadata> & {
    name?: string
    description?: string
    branding?: { icon?: string; color?: string }
    inputs: Record<string, { description?: string; default?: string }>
    outputs: Record<string, { description?: string }>
  }

  it('has a name, a short description and branding', () => {
    expect(metadata.name).toBeTruthy()
    expect(metadata.description!.length).toBeLessThanOrEqual(125)
    expect(metadata.branding?.icon).toBeTruthy()
  })

  it('declares the runbook inputs with their defaults, and the outputs status, failed, report and targets', () => {
    expect(Object.keys(metadata.inputs)).toEqual([
      'runbook',
      'schedule',
      'incident-issue',
      'token',
      'notify-webhook',
      'report-path',
      'merge',
    ])
    expect(metadata.inputs.runbook.default).toBe('.github/runbook.yml')
    expect(metadata.inputs.token.default).toBe('${{ github.token }}')
    for (const [name, spec] of Object.entries(metadata.inputs)) expect(spec.description, name).toBeTruthy()
    expect(Object.keys(metadata.outputs)).toEqual(['status', 'failed', 'report', 'targets'])
  })

  it('runs the runbook bundle on node24', () => {
    expect(metadata.runs).toEqual({ using: 'node24', main: 'dist/runbook/index.js' })
  })
})
