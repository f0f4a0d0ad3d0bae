import { describe, expect, it } from 'vitest'

import { fenceWorkflowCommands, holdsWorkflowCommand } from '../../src/core/workflow-commands.js'

// What the runner would treat as a command, line by line: a line starting with `::` after whitespace.
const runnerCommands = (printed: string): string[] => {
  const commands: string[] = []
  let stopToken: string | undefined
  for (const line of printed.split(/\r\n|\r|\n/)) {
    const trimmed = line.replace(/^[\s\u0085]+/, '')
    if (stopToken !== undefined) {
      if (trimmed === `::${stopToken}::`) {
        commands.push(trimmed)
        stopToken = undefined
      }
      continue
    }
    const stop = /^::stop-commands::(.+)$/.exec(trimmed)
    if (stop) stopToken = stop[1]
    if (trimmed.startsWith('::') || line.includes('##[')) commands.push(trimmed)
  }
  return commands
}

describe('fenceWorkflowCommands', () => {
  const hostile = [
    'dd\n::warning title=X::injected',
    '::error::from a health body',
    'name\r::add-mask::x',
    'a\r\n   ::set-output name=status::pass',
    '\u0085::error::after a .NET-only whitespace',
    '\t \u00a0::notice::indented',
    'legacy ##[error]command',
    '::stop-commands::guess\n::error::after a guessed fence',
  ]

  it.each(hostile)('fences %j so the runner reads no command in it', (text) => {
    expect(holdsWorkflowCommand(text)).toBe(true)
    expect(runnerCommands(text).length).toBeGreaterThan(0)
    const printed = fenceWorkflowCommands(text, 'token-1')
    // The only commands the runner sees are the fence's own.
    expect(runnerCommands(printed)).toEqual(['::stop-commands::token-1', '::token-1::'])
    // The text itself is kept, verbatim, between the fence lines.
    expect(printed).toBe(`::stop-commands::token-1\n${text}\n::token-1::`)
  })

  it('leaves ordinary text alone, including :: inside a line', () => {
    for (const text of [
      'reading /var/log/app.log',
      'std::vector failed',
      'ERROR a::b c',
      'http://[::1]:8080/ ok',
    ]) {
      expect(fenceWorkflowCommands(text)).toBe(text)
    }
  })

  it('uses a new random token each time, so outside text cannot end the fence', () => {
    const a = fenceWorkflowCommands('::error::x')
    const b = fenceWorkflowCommands('::error::x')
    expect(a.split('\n')[0]).not.toBe(b.split('\n')[0])
    expect(a.split('\n')[0]).toMatch(/^::stop-commands::[0-9a-f-]{36}$/)
  })
})
