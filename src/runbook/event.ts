import { readFileSync } from 'node:fs'

/**
 * The event that started the workflow, as the runbook's schedule choice needs it: its name and, for a
 * `schedule` event, the cron that fired (the payload's `schedule`). Outside a workflow, or with a payload
 * that cannot be read, there is none: the `schedule` input must then name the schedule.
 */
export function triggeringEvent(env: NodeJS.ProcessEnv = process.env): { name?: string; schedule?: string } {
  const name = env.GITHUB_EVENT_NAME || undefined
  if (!env.GITHUB_EVENT_PATH) return { name }
  try {
    const payload = JSON.parse(readFileSync(env.GITHUB_EVENT_PATH, 'utf8')) as { schedule?: unknown }
    return { name, ...(typeof payload.schedule === 'string' && { schedule: payload.schedule }) }
  } catch {
    return { name }
  }
}
