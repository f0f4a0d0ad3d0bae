// The terminal CLI: the same logic as the actions, flags for inputs, exit code 1 on failure, 2 on misuse.
import { afterEach, describe, expect, it, vi } from 'vitest'

import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import { main } from '../../src/cli/run-command.js'
import { LoopbackServer, json, startServer } from '../support/servers.js'

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

  it('exits 1 with the one-line input error for bad input, naming the input as its flag', async () => {
    const { err } = capture()
    expect(await main(['health-gate', '--url=ftp://x'])).toBe(1)
    expect(err.join('')).toBe("health-gate: --url is 'ftp://x': the scheme must be http or https, not ftp\n")
    err.length = 0
    expect(await main(['health-gate', '--samples=2'])).toBe(1)
    expect(err.join('')).toBe('health-gate: --url is required but was not set\n')
  })

  it('shows a control character in an error escaped, never raw on the terminal', async () => {
    const { err } = capture()
    expect(await main(['health-gate', '--url=http://127.0.0.1:9/', '--samples=\x1b[2J'])).toBe(1)
    expect(err.join('')).toContain("--samples is '\\x1b[2J'")
    expect(err.join('')).not.toContain('\x1b')
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

  it('runs nothing for a mistyped flag: exit 2 and the closest name', async () => {
    server = await startServer(json(200, { status: 'healthy' }))
    const { out, err } = capture()
    expect(await main(['health-gate', `--url=${server.url}`, '--require-checks=database'])).toBe(2)
    expect(err.join('')).toBe(
      'health-gate: unknown flag --require-checks: did you mean --required-checks? (see: runbook-actions health-gate --help)\n',
    )
    expect(out.join('')).toBe('')
    expect(server.requests).toEqual([])
    // The case: a typo of dry-run must not let a real VACUUM run (no server is even reached).
    expect(
      await main([
        'db-maintain',
        '--database-url=postgres://u@127.0.0.1:9/x',
        '--dryrun=true',
        '--mode=maintain',
      ]),
    ).toBe(2)
    expect(err.join('')).toContain('db-maintain: unknown flag --dryrun: did you mean --dry-run?')
  })

  it("--help lists the check's inputs with their descriptions and defaults from action.yml", async () => {
    const { out } = capture()
    expect(await main(['db-maintain', '--help'])).toBe(0)
    const text = out.join('')
    expect(text).toMatch(/^usage: runbook-actions db-maintain --input=value/)
    expect(text).toContain('--database-url (required)')
    expect(text).toMatch(/--dry-run \(default: false\)\n {6}\S/)
  })

  it('--report-path writes the JSON report and says where; --summary the Markdown; --json prints JSON', async () => {
    server = await startServer(json(200, { status: 'healthy' }))
    const dir = mkdtempSync(join(tmpdir(), 'cli-'))
    try {
      const { out, err } = capture()
      const reportPath = join(dir, 'out', 'report.json')
      const summaryPath = join(dir, 'summary.md')
      const code = await main([
        'health-gate',
        `--url=${server.url.replace('http://', 'http://ops:hunter2pw@')}`,
        '--samples=1',
        `--report-path=${reportPath}`,
        '--summary',
        summaryPath,
        '--json',
      ])
      expect(code).toBe(0)
      const report = JSON.parse(readFileSync(reportPath, 'utf8'))
      expect(report).toMatchObject({ action: 'health-gate', status: 'pass' })
      expect(JSON.parse(out.join(''))).toEqual(report)
      expect(readFileSync(summaryPath, 'utf8')).toMatch(/^## ✅ health-gate/)
      expect(err.join('')).toContain(`report: ${reportPath}\nsummary: ${summaryPath}\n`)
      const everything = out.join('') + err.join('') + readFileSync(summaryPath, 'utf8')
      expect(everything).not.toContain('hunter2pw')
      expect(everything).not.toContain('::')
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it('exits 2 with usage for an unknown command', async () => {
    const { err } = capture()
    expect(await main(['nope'])).toBe(2)
    expect(err.join('')).toMatch(
      /^usage: runbook-actions <health-gate\|db-maintain\|backup-verify\|dep-audit\|log-review\|change-gate>/,
    )
  })
})
