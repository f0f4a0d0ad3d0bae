import { compareWithBaseline } from './baseline.js'
import { HealthGateData, evaluate, outputsOf } from './evaluate.js'
import { HealthGateInputs, readInputs } from './inputs.js'
import { ProbeContext, UrlResult, probeUrl } from './probe.js'
import { smokeReport } from './smoke-report.js'
import { runSmokeFlow } from './smoke-run.js'
import { ActionDefinition } from '../core/action.js'
import { readBaseline } from '../core/baseline.js'
import { Report } from '../core/report.js'

/** Checks every URL in turn (so their latency samples do not disturb each other) and builds the Report. */
export async function checkHealth(
  inputs: HealthGateInputs,
  context: ProbeContext,
): Promise<Report<HealthGateData>> {
  const startedAt = context.clock().toISOString()
  const results: UrlResult[] = []
  for (const target of inputs.targets) {
    context.logger.info(`checking ${target.display}`)
    results.push(await probeUrl(target, inputs, context))
  }
  let smoke: ReturnType<typeof smokeReport> | undefined
  if (inputs.smoke) {
    context.logger.info(`running the smoke flow in ${inputs.smoke.file}`)
    const steps = await runSmokeFlow(
      inputs.smoke,
      {
        origin: new URL(inputs.targets[0].url.origin),
        timeoutMs: inputs.timeoutMs,
        ca: inputs.ca,
        insecure: inputs.insecure,
      },
      context.logger,
    )
    smoke = smokeReport(steps)
  }
  const report = evaluate(results, inputs, startedAt, smoke)
  const baseline = readBaseline<HealthGateData>(inputs.baseline, 'health-gate', context.logger)
  return baseline ? compareWithBaseline(report, baseline, inputs.maxRegression) : report
}

export const healthGateAction: ActionDefinition<HealthGateInputs, HealthGateData> = {
  name: 'health-gate',
  readInputs: (reader, { workspace }) => readInputs(reader, workspace),
  warnings: (inputs) => [
    ...(inputs.insecure ? ['insecure: true: TLS certificates are not verified; do not leave this on'] : []),
    ...(inputs.maxRegression !== undefined && !inputs.baseline
      ? ['max-regression is set without baseline: there is no earlier p95 to compare with']
      : []),
  ],
  // One incident per set of URLs (the display form: passwords and tokens masked).
  incident: ({ targets }) => ({
    key: targets.map((target) => target.display).join('\n'),
    name: targets.length === 1 ? targets[0].display : `${targets[0].display} and ${targets.length - 1} more`,
  }),
  run: async (inputs, context) => {
    const report = await checkHealth(inputs, context)
    return { report, outputs: outputsOf(report) }
  },
}
