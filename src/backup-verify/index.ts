import { backupVerifyAction } from './action.js'
import { runActionDefinition } from '../runner/run-action.js'

await runActionDefinition(backupVerifyAction)
