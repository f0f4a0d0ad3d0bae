import { logReviewAction } from './action.js'
import { runActionDefinition } from '../runner/run-action.js'

await runActionDefinition(logReviewAction)
