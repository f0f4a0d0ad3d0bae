// The status-change message against a loopback webhook: the one payload Slack, Discord and Teams read, the
// secret URL never shown, and a refusing, silent or missing webhook only a warning.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'

import { ConfigurationError } from '../../src/core/errors.js'
import { readIncidentInputs } from '../../src/core/incident.js'
import { InputReader, objectInputGetter } from '../../src/core/inputs.js'
import { recordingLogger } from '../../src/core/logger.js'
import { postWebhook } from '../../src/core/notify.js'
import { redact } from '../../src/core/secrets.js'
import { freshSecrets } from '../support/assertions.js'
import { LoopbackServer, freePort, startServer } from '../support/servers.js'

interface Posted {
  contentType: string | undefined
  body: Record<string, unknown>
}

let server: LoopbackServer | undefined
let posted: Posted[]

beforeEach(() => {
  posted = []
  return freshSecrets()
})
afterEach(async () => {
  await server?.close()
  server = undefined
})

/** A webhook on 127.0.0.1 that records what it is sent and answers `status` (Discord's 204 by default). */
async function webhook(status = 204, options: { silent?: boolean } = {}): Promise<string> {
  server = await startServer((request, response) => {
    let body = ''
    request.on('data', (chunk: Buffer) => (body += chunk.toString()))
    request.on('end', () => {
      posted.push({
        contentType: request.headers['content-type'],
        body: JSON.parse(body) as Record<string, unknown>,
      })
      if (options.silent) return // never answers: the timeout must end the wait
      response.writeHead(status, { 'content-type': 'text/plain' })
      response.end(status < 300 ? '' : 'invalid_token https://hooks.example/secret-path')
    })
  })
  // The secret part of a real webhook URL is its path.
  return `${server.url}/services/T000/B000/XXXXSECRETXXXX`
}

function read(values: Record<string, string>) {
  return readIncidentInputs(new InputReader(objectInputGetter(values)))
}

describe('postWebhook', () => {
  it('posts one JSON message Slack and Teams show as text and Discord as content, pinging nobody', async () => {
    const url = await webhook(204)
    const logger = recordingLogger()
    expect(
      await postWebhook(url, '❌ health-gate: https://login.example.com/health is failing', { logger }),
    ).toBe(true)
    expect(posted).toHaveLength(1)
    expect(posted[0].contentType).toBe('application/json')
    expect(posted[0].body.text).toBe('❌ health-gate: https://login.example.com/health is failing')
    expect(posted[0].body.content).toBe(posted[0].body.text)
    expect(posted[0].body.allowed_mentions).toEqual({ parse: [] })
  })

  it('warns, without the URL or the answer, when the webhook refuses; it does not throw', async () => {
    const url = await webhook(403)
    read({ 'incident-issue': 'true', 'notify-webhook': url }) // registers the URL as a secret
    const logger = recordingLogger()
    expect(await postWebhook(url, 'recovered', { logger })).toBe(false)
    expect(logger.messages).toEqual([
      'warning: notify-webhook: the webhook answered HTTP 403, so no message was posted',
    ])
    expect(logger.messages.join('\n')).not.toContain('SECRET')
  })

  it('warns when nothing listens, and when the webhook never answers (bounded by the timeout)', async () => {
    const logger = recordingLogger()
    const closed = `http://127.0.0.1:${await freePort()}/hooks/SECRETPATH`
    read({ 'incident-issue': 'true', 'notify-webhook': closed })
    expect(await postWebhook(closed, 'failing', { logger })).toBe(false)
    expect(logger.messages[0]).toMatch(
      /^warning: notify-webhook: the webhook could not be reached \(ECONNREFUSED\)/,
    )

    const silent = await webhook(200, { silent: true })
    expect(await postWebhook(silent, 'failing', { logger, timeoutMs: 300 })).toBe(false)
    expect(posted).toHaveLength(1)
    expect(logger.messages[1]).toBe(
      'warning: notify-webhook: the webhook could not be reached (no answer within 0.3s), so no message was posted',
    )
    expect(logger.messages.join('\n')).not.toContain('SECRET')
  })
})

describe('readIncidentInputs', () => {
  it('keeps no incident unless incident-issue is true, and then masks the token', () => {
    expect(read({ token: 'ghs_tokenvalue123' })).toBeUndefined()
    expect(read({ 'incident-issue': 'true', token: 'ghs_tokenvalue123' })).toEqual({
      token: 'ghs_tokenvalue123',
      notifyWebhook: undefined,
    })
    expect(redact('ghs_tokenvalue123')).toBe('***')
  })

  it('refuses a webhook without incident-issue, in one line naming the fix, and never echoes the URL', () => {
    const url = 'https://hooks.slack.com/services/T0/B0/SECRETSECRET'
    expect(() => read({ 'notify-webhook': url })).toThrow(ConfigurationError)
    expect(() => read({ 'notify-webhook': url })).toThrow(
      "input 'notify-webhook' needs incident-issue: true: the open incident issue is how a run knows the status changed",
    )
    expect(() => read({ 'incident-issue': 'true', 'notify-webhook': 'not a url SECRET' })).toThrow(
      "input 'notify-webhook' is '***': give the incoming-webhook URL (https://…), from a secret",
    )
    expect(redact(url)).toBe('***')
  })
})
