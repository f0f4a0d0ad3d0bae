// Types of ./generate.mjs for the tests that generate a log with it (test/log-review/parallel.test.ts,
// generate-access.test.ts).
export function generateLog(
  path: string,
  options: { targetBytes: number; seed?: number },
): Promise<Record<string, unknown>>
export function generateAccessLog(
  path: string,
  options: { targetBytes: number; seed?: number },
): Promise<Record<string, unknown>>
