import { randomUUID } from 'node:crypto'

/*
 * The runner reads every line a step prints, and a line that starts with `::` (after any whitespace) is a
 * workflow command: `::error::`, `::add-mask::`, `::stop-commands::`... (and, where unsecure commands
 * are allowed, `##[...]` anywhere in a line). Text from outside (file and table names, a health
 * endpoint's body, log lines) must never become one. The runner splits lines on \n, \r\n and a lone \r,
 * and trims .NET whitespace, which is a wider set than JavaScript's, so a line counts as suspicious when
 * no letter or digit comes before its first `::`.
 */
const LINE_BREAK = /\r\n|\r|\n/
const COMMAND_LIKE = /^[^\p{L}\p{N}]*::|##\[/u

/** Would the runner read any line of this text as a workflow command? */
export function holdsWorkflowCommand(text: string): boolean {
  return text.split(LINE_BREAK).some((line) => COMMAND_LIKE.test(line))
}

/**
 * Text made safe to print to a step's log. Text that could hold a command is fenced by
 * `::stop-commands::<token>` ... `::<token>::`, so it shows verbatim and runs nothing; the token is
 * random per message, so the text cannot guess it and end the fence early. Anything else passes as is,
 * so ordinary logs stay free of fences.
 */
export function fenceWorkflowCommands(text: string, token: string = randomUUID()): string {
  if (!holdsWorkflowCommand(text)) return text
  return `::stop-commands::${token}\n${text}\n::${token}::`
}
