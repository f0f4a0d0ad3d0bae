import { audit } from './audit.js'
import { readInputs } from './inputs.js'
import { annotateLocations } from '../shared/annotations.js'
import { InputReader, actionInputGetter } from '../shared/inputs.js'
import { actionsLogger } from '../shared/logger.js'
import { publishReport } from '../shared/outputs.js'
import { runAction } from '../shared/run-action.js'

export async function run(): Promise<void> {
  await runAction('dep-audit', {
    main: async () => {
      const inputs = readInputs(new InputReader(actionInputGetter))
      const { report, outputs, counted } = await audit(inputs, actionsLogger)
      await publishReport(report, outputs, inputs.reportPath)
      // Bandit findings land on their file and line, where a reviewer sees them in the diff.
      annotateLocations(
        counted
          .filter((f) => f.tool === 'bandit' && f.file)
          .map((f) => ({
            kind: 'notice' as const,
            title: `bandit ${f.id} (${f.severity}, confidence ${f.confidence ?? 'unknown'})`,
            message: f.title,
            file: f.file!,
            line: f.line,
          })),
      )
    },
  })
}
