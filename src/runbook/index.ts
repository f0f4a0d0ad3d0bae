// The runbook action's bundle entry (dist/runbook/index.js, the repository's root action.yml).
import { runbookAction } from './action.js'
import { runActionDefinition } from '../runner/run-action.js'

await runActionDefinition(runbookAction)
