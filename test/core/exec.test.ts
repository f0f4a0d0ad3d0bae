import { mkdtempSync, realpathSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import { describe, expect, it } from 'vitest'

import { ConfigurationError } from '../../src/core/errors.js'
import { ExecResult, describeExit, execTool } from '../../src/core/exec.js'

const node = process.execPath
const run = (script: string, args: string[] = [], options: Partial<Parameters<typeof execTool>[2]> = {}) =>
  execTool(node, ['-e', script, ...args], { timeoutMs: 20_000, ...options })

describe('execTool', () => {
  it('keeps the last bytes of stdout with stdoutTailBytes, and stderr as usual', async () => {
    const result = await execTool('sh', ['-c', 'seq 1 100000; echo oops >&2'], {
      timeoutMs: 10_000,
      stdoutTailBytes: 12,
    })
    expect(result.stdout).toBe('99999\n100000\n'.slice(-12))
    expect(result.stderr).toBe('oops\n')
  })

  it('captures stdout, stderr and a zero exit code', async () => {
    const result = await run('process.stdout.write("out text"); process.stderr.write("err text")')
    expect(result.stdout).toBe('out text')
    expect(result.stderr).toBe('err text')
    expect(result.exitCode).toBe(0)
    expect(result.signal).toBeNull()
    expect(result.timedOut).toBe(false)
    expect(result.durationMs).toBeGreaterThan(0)
  })

  it('returns a non-zero exit code as a result, not an error', async () => {
    const result = await run('console.error("boom"); process.exit(3)')
    expect(result.exitCode).toBe(3)
    expect(result.stderr).toBe('boom\n')
    expect(result.timedOut).toBe(false)
  })

  it('passes arguments verbatim, with no shell in between', async () => {
    const args = ['a b', '$(echo hi); rm -rf x', '"double" \'single\'', '*', '`id`', '|', '&&', '', 'ü€']
    const result = await run('process.stdout.write(JSON.stringify(process.argv.slice(1)))', args)
    expect(JSON.parse(result.stdout)).toEqual(args)
  })

  it('does not expand environment variables in arguments', async () => {
    const result = await run('process.stdout.write(process.argv[1])', ['$HOME ${PATH} %PATH%'], {
      env: { ...process.env, HOME: '/should-not-appear' },
    })
    expect(result.stdout).toBe('$HOME ${PATH} %PATH%')
  })

  it('writes the input to stdin and closes it', async () => {
    const script =
      'let s = ""; process.stdin.on("data", (d) => (s += d)); process.stdin.on("end", () => process.stdout.write(s.toUpperCase()))'
    const result = await run(script, [], { input: 'hello\nworld' })
    expect(result.stdout).toBe('HELLO\nWORLD')
    expect(result.exitCode).toBe(0)
  })

  it('closes stdin at once when there is no input, so a reader does not hang', async () => {
    const script =
      'let n = 0; process.stdin.on("data", (d) => (n += d.length)); process.stdin.on("end", () => console.log(n))'
    const result = await run(script, [], { timeoutMs: 10_000 })
    expect(result.timedOut).toBe(false)
    expect(result.stdout.trim()).toBe('0')
  })

  it('does not fail when the tool exits without reading its input', async () => {
    const result = await run('process.exit(0)', [], { input: 'x'.repeat(1024 * 1024) })
    expect(result.exitCode).toBe(0)
  })

  it('kills a tool that runs past the timeout and says so', async () => {
    // The tool never ends by itself: only the timeout can end this test before vitest's own.
    const result = await run('setInterval(() => {}, 1000); process.stdout.write("started")', [], {
      timeoutMs: 500,
    })
    expect(result.timedOut).toBe(true)
    expect(result.signal).toBe('SIGTERM')
    expect(result.exitCode).toBeNull()
    expect(result.stdout).toBe('started')
  })

  it('keeps at most maxOutputBytes of stdout and stderr each', async () => {
    const script = 'process.stdout.write("a".repeat(200000)); process.stderr.write("b".repeat(200000))'
    const result = await run(script, [], { maxOutputBytes: 1000 })
    expect(result.stdout).toBe('a'.repeat(1000))
    expect(result.stderr).toBe('b'.repeat(1000))
    expect(result.exitCode).toBe(0)
    expect(result.timedOut).toBe(false)
  })

  it('runs in the given working directory with the given environment', async () => {
    const dir = realpathSync(mkdtempSync(join(tmpdir(), 'exec-test-')))
    try {
      const result = await run(
        'process.stdout.write(process.cwd() + "|" + process.env.RUNBOOK_TEST_VAR)',
        [],
        {
          cwd: dir,
          env: { ...process.env, RUNBOOK_TEST_VAR: 'from-test' },
        },
      )
      expect(result.stdout).toBe(`${dir}|from-test`)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it('rejects a missing program with a ConfigurationError naming it', async () => {
    const promise = execTool('runbook-no-such-tool-4f7a', ['--version'], { timeoutMs: 5_000 })
    await expect(promise).rejects.toBeInstanceOf(ConfigurationError)
    await expect(promise).rejects.toThrow("'runbook-no-such-tool-4f7a' was not found on PATH")
  })
})

describe('describeExit', () => {
  const result = (parts: Partial<ExecResult>): ExecResult => ({
    exitCode: 0,
    signal: null,
    stdout: '',
    stderr: '',
    timedOut: false,
    durationMs: 1,
    ...parts,
  })

  it('says how the tool ended', () => {
    expect(describeExit('pg_dump', result({ exitCode: 2 }), 1000)).toBe('pg_dump exited with code 2')
    expect(describeExit('pg_dump', result({ exitCode: null, signal: 'SIGKILL' }), 1000)).toBe(
      'pg_dump was killed by SIGKILL',
    )
    expect(
      describeExit('pg_dump', result({ exitCode: null, signal: 'SIGTERM', timedOut: true }), 120_000),
    ).toBe('pg_dump timed out after 2m')
  })
})

describe('execTool timeouts reach grandchildren', () => {
  it('stops a grandchild that holds stdout open', async () => {
    const script =
      "require('child_process').spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'inherit' }); setInterval(() => {}, 1000)"
    // The grandchild never ends by itself: only the timeout reaching it can end this test in time.
    const result = await execTool(process.execPath, ['-e', script], { timeoutMs: 300 })
    expect(result.timedOut).toBe(true)
  })
})
