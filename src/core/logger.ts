/** What the logic may say while it works; it never touches @actions/core itself. */
export interface Logger {
  info(message: string): void
  warning(message: string): void
  debug(message: string): void
  /** A warning the run page shows too (an annotation under the runner, a warning line in a terminal). */
  alert(message: string): void
  /** Folds what `work` logs under a title (a log group under the runner); a host without groups omits it. */
  group?<T>(title: string, work: () => Promise<T>): Promise<T>
}

/** Collects messages, for tests and for callers that want to show them later. */
export function recordingLogger(): Logger & { messages: string[] } {
  const messages: string[] = []
  return {
    messages,
    info: (m) => messages.push(m),
    warning: (m) => messages.push(`warning: ${m}`),
    debug: (m) => messages.push(`debug: ${m}`),
    alert: (m) => messages.push(`warning: ${m}`),
  }
}

/** A logger that says nothing. */
export const silentLogger: Logger = { info: () => {}, warning: () => {}, debug: () => {}, alert: () => {} }
