import * as core from '@actions/core'

import { evaluate, outputsOf } from './evaluate.js'
import { HealthGateInputs, readInputs } from './inputs.js'
import { UrlResult, probeUrl } from './probe.js'
import { InputReader, actionInputGetter } from '../shared/inputs.js'
import { Logger, actionsLogger } from '../shared/logger.js'
import { publishReport } from '../shared/outputs.js'
import { Report } from '../shared/report.js'
import { runAction } from '../shared/run-action.js'

/** Checks every URL in turn (so their latency samples do not disturb each other) and builds the Report. */
export async function checkHealth(inputs: HealthGateInputs, logger: Logger): Promise<Report> {
  const startedAt = new Date().toISOString()
  const results: UrlResult[] = []
  for (const target of inputs.targets) {
    logger.info(`checking ${target.display}`)
    results.push(await probeUrl(target, inputs, logger))
  }
  return evaluate(results, inputs, startedAt)
}

/** The action: inputs, the checks, then outputs, summary, annotations and the exit code. */
export async function run(): Promise<void> {
  await runAction('health-gate', {
    main: async () => {
      const inputs = readInputs(new InputReader(actionInputGetter))
      if (inputs.insecure)
        core.warning('insecure: true: TLS certificates are not verified; do not leave this on')
      const report = await checkHealth(inputs, actionsLogger)
      await publishReport(report, outputsOf(report), inputs.reportPath)
    },
  })
}
