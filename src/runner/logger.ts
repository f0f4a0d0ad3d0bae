import * as core from '@actions/core'

import { Logger } from '../core/logger.js'
import { redact } from '../core/secrets.js'
import { fenceWorkflowCommands } from '../core/workflow-commands.js'

/**
 * The runner's log, with secrets redacted even before the runner's own masking, and outside text that
 * could read as a workflow command fenced off (core.debug escapes its message itself).
 */
export const actionsLogger: Logger = {
  info: (message) => core.info(fenceWorkflowCommands(redact(message))),
  warning: (message) => core.info(fenceWorkflowCommands(`warning: ${redact(message)}`)),
  debug: (message) => core.debug(redact(message)),
  alert: (message) => core.warning(redact(message)),
  group: (title, work) => core.group(redact(title), work),
}
