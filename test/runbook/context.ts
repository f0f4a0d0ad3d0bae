// A runbook context for the tests: a recording logger, the real clock, a workspace, no GitHub.
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import { recordingLogger } from '../../src/core/logger.js'
import { RunbookContext } from '../../src/runbook/run.js'

export function testContext(overrides: Partial<RunbookContext> = {}) {
  const logger = recordingLogger()
  const context: RunbookContext = {
    logger,
    signal: new AbortController().signal,
    clock: () => new Date(),
    runId: 'test_1',
    workspace: mkdtempSync(join(tmpdir(), 'runbook-run-')),
    github: () => {
      throw new Error('these checks never call GitHub')
    },
    ...overrides,
  }
  return { context, messages: logger.messages }
}
