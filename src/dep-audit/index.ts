import { startAction } from '../runner/start.js'

await startAction(async () => (await import('./action.js')).depAuditAction)
