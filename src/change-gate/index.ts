import { changeGateAction } from './action.js'
import { runActionDefinition } from '../runner/run-action.js'

await runActionDefinition(changeGateAction)
