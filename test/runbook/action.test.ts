// The runbook action's run on a hand-made plan: what its first log line tells the reader.
import { describe, expect, it } from 'vitest'

import { testContext } from './context.js'
import { runbookAction } from '../../src/runbook/action.js'
import { PlannedCheck } from '../../src/runbook/plan.js'

// An unknown action fails at once, without a server: enough to see the log line the run starts with.
const check = (id: string): PlannedCheck => ({
  id,
  action: 'no-such-action',
  inputs: {},
  where: 'rb.yml:4:7',
})

describe('runbookAction.run', () => {
  it('counts the checks in words that fit the number: 1 check, 2 checks', async () => {
    for (const [checks, expected] of [
      [[check('a')], 'runbook rb.yml, schedule daily: 1 check'],
      [[check('a'), check('b')], 'runbook rb.yml, schedule daily: 2 checks'],
    ] as const) {
      const { context, messages } = testContext()
      await runbookAction.run(
        { plan: { file: 'rb.yml', schedule: 'daily', maxParallel: 1, checks: [...checks] } },
        { ...context, state: { get: () => '', set: () => undefined }, now: new Date() },
      )
      expect(messages[0]).toBe(expected)
    }
  })
})
