/**
 * A mistake the user can fix (bad input, unreachable server, wrong password). It is reported as one
 * plain line, never with a stack trace; anything else that is thrown is a bug in this code.
 */
export class ConfigurationError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'ConfigurationError'
  }
}

/** The message of anything thrown, including non-Error values, which would otherwise be lost. */
export function getErrorMessage(error: unknown): string {
  if (error instanceof Error) return error.message
  if (typeof error === 'string') return error
  try {
    return JSON.stringify(error) ?? String(error)
  } catch {
    return String(error)
  }
}

/** Turns anything thrown into an Error so callers can rely on `.message` and `.stack`. */
export function wrapError(error: unknown): Error {
  return error instanceof Error ? error : new Error(getErrorMessage(error))
}
