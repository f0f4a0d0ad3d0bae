import { depAuditAction } from './action.js'
import { runActionDefinition } from '../runner/run-action.js'

await runActionDefinition(depAuditAction)
