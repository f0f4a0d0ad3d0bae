import { expect, vi } from 'vitest'

import { ConfigurationError } from '../../src/core/errors.js'
import { clearSecretsForTests } from '../../src/core/secrets.js'

/** Runs fn, asserts it threw a ConfigurationError (a user's mistake, not a bug), and returns its message. */
export function configError(fn: () => unknown): string {
  try {
    fn()
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigurationError)
    return (error as Error).message
  }
  throw new Error('expected a ConfigurationError, but nothing was thrown')
}

/**
 * For beforeEach: forget the secrets of the previous test, and keep the `::add-mask::` lines that
 * registering a secret prints off the test output. Returns the teardown.
 */
export function freshSecrets(): () => void {
  clearSecretsForTests()
  vi.spyOn(process.stdout, 'write').mockImplementation(() => true)
  return () => vi.restoreAllMocks()
}
