import { isIP } from 'node:net'
import * as tls from 'node:tls'

import { classify } from './http.js'
import { formatDuration } from '../core/units.js'

export interface CertificateInfo {
  validTo: Date
  daysLeft: number
  subject: string
  issuer: string
}

/**
 * Reads the server certificate on a fresh TLS connection of its own: a kept-alive connection would show
 * the certificate of its first handshake, not the one the server serves now.
 */
export function readCertificate(
  url: URL,
  options: { timeoutMs: number; ca?: string; insecure: boolean; now: Date },
): Promise<CertificateInfo> {
  const host = url.hostname.replace(/^\[|\]$/g, '')
  const port = Number(url.port || 443)
  return new Promise((resolve, reject) => {
    const socket = tls.connect({
      host,
      port,
      servername: isIP(host) ? undefined : host,
      ca: options.ca,
      rejectUnauthorized: !options.insecure,
      timeout: options.timeoutMs,
    })
    const timer = setTimeout(() => {
      socket.destroy()
      reject(new Error(`TLS handshake timed out after ${formatDuration(options.timeoutMs)}`))
    }, options.timeoutMs)
    socket.once('secureConnect', () => {
      clearTimeout(timer)
      const cert = socket.getPeerCertificate()
      socket.end()
      if (!cert || !cert.valid_to) return reject(new Error('the server sent no certificate'))
      const validTo = new Date(cert.valid_to)
      resolve({
        validTo,
        daysLeft: (validTo.getTime() - options.now.getTime()) / 86_400_000,
        subject: nameOf(cert.subject),
        issuer: nameOf(cert.issuer),
      })
    })
    socket.once('error', (error) => {
      clearTimeout(timer)
      reject(classify(error))
    })
  })
}

function nameOf(name: tls.Certificate | undefined): string {
  if (!name) return ''
  const cn = name.CN
  return Array.isArray(cn) ? cn.join(', ') : (cn ?? Object.values(name).flat().join(', '))
}
