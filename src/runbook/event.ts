import { eventPayload } from '../core/github-event.js'

/**
 * The event that started the workflow, as the runbook's schedule choice needs it: its name and, for a
 * `schedule` event, the cron that fired (the payload's `schedule`). Outside a workflow, or with a payload
 * that cannot be read, there is none: the `schedule` input must then name the schedule.
 */
export function triggeringEvent(env: NodeJS.ProcessEnv = process.env): { name?: string; schedule?: string } {
  const name = env.GITHUB_EVENT_NAME || undefined
  const event = eventPayload(env.GITHUB_EVENT_PATH)
  const schedule = 'payload' in event ? (event.payload as { schedule?: unknown } | null)?.schedule : undefined
  return { name, ...(typeof schedule === 'string' && { schedule }) }
}
