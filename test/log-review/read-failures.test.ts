// Files the review cannot read, or not in full: the read never crashes, and what could not be read is
// never counted as "no errors". EACCES itself is tested on the bundle (test/e2e/log-review.test.ts), where
// it can run without root's capabilities; here the kernel gives real errors that root gets too.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'

import { afterAll, describe, expect, it } from 'vitest'

import { LogReviewInputs, readInputs } from '../../src/log-review/inputs.js'
import { readLines } from '../../src/log-review/lines.js'
import { reviewLogs } from '../../src/log-review/review.js'
import { InputReader, objectInputGetter } from '../../src/core/inputs.js'
import { recordingLogger } from '../../src/core/logger.js'

const dir = mkdtempSync(join(tmpdir(), 'log-review-read-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))
const NOW = new Date('2026-11-27T12:00:00Z')
/** What the review takes from the run: a logger and a clock fixed at NOW. */
const run = () => ({ logger: recordingLogger(), clock: () => NOW })

function inputs(values: Record<string, string>): LogReviewInputs {
  return readInputs(new InputReader(objectInputGetter({ since: 'all', ...values })), NOW, dir)
}

const ERRORS = Array.from({ length: 1000 }, (_, i) => `2026-11-20T10:00:00Z [error] failure ${i}\n`).join('')

/** 1,000 ERROR lines whose deflate data is corrupt from its first block: zlib inflates nothing. */
function corruptGzip(): Buffer {
  const gz = gzipSync(ERRORS)
  gz[20] ^= 0xff
  return gz
}

// Reading /proc/self/mem at offset 0 fails with EIO for every user, root included: a real read error.
const EIO_FILE = '/proc/self/mem'

const check = (report: Awaited<ReturnType<typeof reviewLogs>>, id: string) =>
  report.checks.find((c) => c.id === id)

describe('readLines on files it cannot read', () => {
  it('a file that cannot be opened comes back unreadable, without an unhandled stream error', async () => {
    const lines: string[] = []
    const stats = await readLines(join(dir, 'vanished.log'), (line) => lines.push(line))
    expect(stats.unreadable).toMatch(/ENOENT/)
    expect(stats.lines).toBe(0)
    expect(lines).toEqual([])
    // An 'error' event no one listened to would surface on the next turns of the event loop.
    await new Promise((resolve) => setTimeout(resolve, 50))
  })

  it('a read that fails (EIO) comes back unreadable', async () => {
    const stats = await readLines(EIO_FILE, () => {})
    expect(stats.unreadable).toMatch(/EIO/)
  })

  it('a corrupt .gz comes back damaged with no lines, not as an empty file', async () => {
    writeFileSync(join(dir, 'corrupt.log.gz'), corruptGzip())
    const stats = await readLines(join(dir, 'corrupt.log.gz'), () => {})
    expect(stats.damaged).toBeTruthy()
    expect(stats.lines).toBe(0)
  })

  it('an error thrown by the caller is not taken for a damaged file', async () => {
    writeFileSync(join(dir, 'ok.log.gz'), gzipSync(ERRORS))
    await expect(
      readLines(join(dir, 'ok.log.gz'), () => {
        throw new Error('bug in onLine')
      }),
    ).rejects.toThrow('bug in onLine')
  })
})

describe('reviewLogs with a file it could not read in full', () => {
  it('without a gate: the Log files check names the file and warns, and Errors does not pass', async () => {
    writeFileSync(join(dir, 'quiet.log'), '2026-11-20T09:00:00Z [info] up\n')
    const report = await reviewLogs(inputs({ paths: `quiet.log\n${EIO_FILE}` }), run())
    expect(report.status).toBe('warn')
    expect(check(report, 'files')).toMatchObject({ status: 'warn' })
    expect(check(report, 'files')?.detail).toContain(`${EIO_FILE} could not be read: EIO`)
    expect(check(report, 'files')?.recommendation).toMatch(/read every log file/)
    expect(check(report, 'errors')?.status).toBe('warn')
    expect(check(report, 'errors')?.detail).toContain(`not known for ${EIO_FILE}`)
  })

  it('with fail-on-errors or max-error-rate: the run fails, on the unreadable file and on the corrupt .gz', async () => {
    writeFileSync(join(dir, 'quiet.log'), '2026-11-20T09:00:00Z [info] up\n')
    writeFileSync(join(dir, 'archive.log.gz'), corruptGzip())
    const gates: Record<string, string>[] = [{ 'fail-on-errors': '1' }, { 'max-error-rate': '1000' }]
    for (const gate of gates) {
      for (const broken of [EIO_FILE, 'archive.log.gz']) {
        const report = await reviewLogs(inputs({ paths: `quiet.log\n${broken}`, ...gate }), run())
        expect(report.status, `${broken} ${JSON.stringify(gate)}`).toBe('fail')
        expect(check(report, 'files')).toMatchObject({ status: 'fail' })
        expect(check(report, 'files')?.detail).toContain(broken)
        // One cause, one failure: the gates themselves say what they know, as warnings.
        expect(report.checks.filter((c) => c.status === 'fail').map((c) => c.id)).toEqual(['files'])
      }
    }
  })

  it('files read in full still pass with a gate set', async () => {
    writeFileSync(join(dir, 'quiet.log'), '2026-11-20T09:00:00Z [info] up\n')
    const report = await reviewLogs(inputs({ paths: 'quiet.log', 'fail-on-errors': '1' }), run())
    expect(report.status).toBe('pass')
    expect(check(report, 'files')?.status).toBe('pass')
  })
})
