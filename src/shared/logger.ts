import * as core from '@actions/core'

import { redact } from './secrets.js'
import { fenceWorkflowCommands } from './workflow-commands.js'

/** What the logic may say while it works; it never touches @actions/core itself. */
export interface Logger {
  info(message: string): void
  warning(message: string): void
  debug(message: string): void
}

/**
 * The runner's log, with secrets redacted even before the runner's own masking, and outside text that
 * could read as a workflow command fenced off (core.debug escapes its message itself).
 */
export const actionsLogger: Logger = {
  info: (message) => core.info(fenceWorkflowCommands(redact(message))),
  warning: (message) => core.info(fenceWorkflowCommands(`warning: ${redact(message)}`)),
  debug: (message) => core.debug(redact(message)),
}

/** Collects messages, for tests and for callers that want to show them later. */
export function recordingLogger(): Logger & { messages: string[] } {
  const messages: string[] = []
  return {
    messages,
    info: (m) => messages.push(m),
    warning: (m) => messages.push(`warning: ${m}`),
    debug: (m) => messages.push(`debug: ${m}`),
  }
}

/** A logger that says nothing. */
export const silentLogger: Logger = { info: () => {}, warning: () => {}, debug: () => {} }
