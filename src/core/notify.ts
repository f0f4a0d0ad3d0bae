/**
 * One short message to a chat's incoming webhook when a check's status changes (failing, recovered).
 * One JSON payload serves the common webhooks: Slack (incoming webhooks and Workflow Builder) and a Teams
 * incoming webhook show `text`, Discord shows `content` (and, told `allowed_mentions`, pings nobody).
 * A Teams Workflows webhook takes what its flow reads: point the flow's "post message" at `text`.
 *
 * The URL is a secret (whoever holds it can post to the channel): it is never logged, not even when the
 * webhook fails. A refusing or unreachable webhook is a warning; the check's result stands.
 */
import { getErrorMessage } from './errors.js'
import { Logger } from './logger.js'
import { redact } from './secrets.js'

/** How long a webhook may take to answer before the message is given up. */
export const WEBHOOK_TIMEOUT_MS = 10_000

export interface WebhookOptions {
  logger: Logger
  signal?: AbortSignal
  timeoutMs?: number
}

/** The one payload every supported webhook accepts. */
export function webhookPayload(text: string): Record<string, unknown> {
  return { text, content: text, allowed_mentions: { parse: [] } }
}

/** Posts the message; true when the webhook took it. Never throws. */
export async function postWebhook(url: string, text: string, options: WebhookOptions): Promise<boolean> {
  const { logger, timeoutMs = WEBHOOK_TIMEOUT_MS } = options
  const signal = AbortSignal.any([
    AbortSignal.timeout(timeoutMs),
    ...(options.signal ? [options.signal] : []),
  ])
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(webhookPayload(redact(text))),
      // A redirect would send the message (and maybe the URL's secret path) somewhere the user did not name.
      redirect: 'error',
      signal,
    })
    // The answer's body is the chat's text: not ours to show, and not needed.
    await response.body?.cancel()
    if (response.ok) {
      logger.info('notify-webhook: the status change was posted')
      return true
    }
    logger.alert(`notify-webhook: the webhook answered HTTP ${response.status}, so no message was posted`)
  } catch (error) {
    const why = signal.aborted ? `no answer within ${timeoutMs / 1000}s` : redact(reason(error))
    logger.alert(`notify-webhook: the webhook could not be reached (${why}), so no message was posted`)
  }
  return false
}

/** fetch's "fetch failed" says nothing: the cause (ECONNREFUSED, a DNS failure) does. */
function reason(error: unknown): string {
  const cause = error instanceof Error ? error.cause : undefined
  const code = typeof cause === 'object' && cause !== null && 'code' in cause ? String(cause.code) : undefined
  return code ?? getErrorMessage(error)
}
