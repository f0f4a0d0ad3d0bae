// Types of scripts/runbook-schema.mjs, for the test that checks schemas/runbook.schema.json is current.
export const RUNBOOK_SCHEMA_PATH: string
export function runbookSchema(): Record<string, unknown>
export function runbookSchemaJson(): Promise<string>
