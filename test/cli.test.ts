// The terminal CLI: the same health-gate logic, flags for inputs, exit code 1 on failure.
import { afterEach, describe, expect, it, vi } from 'vitest'

import { main, parseFlags, renderText } from '../src/cli.js'
import { createReport } from '../src/shared/report.js'
import { LoopbackServer, json, startServer } from './support/servers.js'

let server: LoopbackServer | undefined
afterEach(async () => {
  await server?.close()
  server = undefined
  vi.restoreAllMocks()
})

function capture() {
  const out: string[] = []
  const err: string[] = []
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => (out.push(String(chunk)), true))
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => (err.push(String(chunk)), true))
  return { out, err }
}

describe('parseFlags', () => {
  it('reads --name=value and --name value, joining repeated flags as a list', () => {
    expect(parseFlags(['--url=http://a', '--samples', '3', '--url', 'http://b'])).toEqual({
      url: 'http://a\nhttp://b',
      samples: '3',
    })
  })

  it('rejects a stray argument with the fix', () => {
    expect(() => parseFlags(['http://a'])).toThrow("unexpected argument 'http://a': use --input-name=value")
  })
})

describe('main', () => {
  it('exits 0 for a healthy service and prints the checks', async () => {
    server = await startServer(json(200, { status: 'healthy' }))
    const { out } = capture()
    const code = await main(['health-gate', `--url=${server.url}`, '--samples=2'])
    expect(code).toBe(0)
    expect(out.join('')).toContain(`✅ ${server.url}: HTTP 200, status healthy at .status`)
  })

  it('exits 1 for an unhealthy service', async () => {
    server = await startServer(json(200, { status: 'down' }))
    const { out } = capture()
    expect(await main(['health-gate', `--url=${server.url}`])).toBe(1)
    expect(out.join('')).toContain('status down at .status')
  })

  it('exits 1 with the one-line input error for bad input', async () => {
    const { err } = capture()
    expect(await main(['health-gate', '--url=ftp://x'])).toBe(1)
    expect(err.join('')).toBe(
      "health-gate: input 'url' is 'ftp://x': the scheme must be http or https, not ftp\n",
    )
  })

  it('prints no ::add-mask:: (nor the password) on a terminal for a URL with credentials', async () => {
    server = await startServer(json(200, { status: 'down' }))
    const { out, err } = capture()
    const url = server.url.replace('http://', 'http://ops:hunter2pw@')
    expect(await main(['health-gate', `--url=${url}`])).toBe(1)
    const printed = out.join('') + err.join('')
    expect(printed).not.toContain('::add-mask::')
    expect(printed).not.toContain('hunter2pw')
    expect(printed).toContain('ops:***@127.0.0.1')
  })

  it('exits 2 with usage for an unknown command', async () => {
    const { err } = capture()
    expect(await main(['nope'])).toBe(2)
    expect(err.join('')).toMatch(
      /^usage: runbook-actions <health-gate\|db-maintain\|backup-verify\|dep-audit\|log-review>/,
    )
  })
})

describe('renderText', () => {
  it('shows failures first and aligns table columns', () => {
    const text = renderText(
      createReport({
        action: 'x',
        title: 'T',
        startedAt: '',
        checks: [
          { id: 'a', title: 'A', status: 'pass', detail: 'fine' },
          { id: 'b', title: 'B', status: 'fail', detail: 'broken' },
        ],
        tables: [{ title: 'Rows', columns: ['Name', 'V'], rows: [['long-name', '1']] }],
      }),
    )
    const lines = text.split('\n')
    expect(lines[0]).toBe('❌ T')
    expect(lines[2]).toBe('  ❌ B: broken')
    expect(lines[3]).toBe('  ✅ A: fine')
    expect(lines.slice(-2)).toEqual(['  Name       V', '  long-name  1'])
  })
})
