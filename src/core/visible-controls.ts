/**
 * Control characters in text from outside (log lines, response bodies, file names) written as visible
 * escapes, wherever the text is shown: a terminal would act on them (ESC starts colour, title and
 * hyperlink sequences; CR overwrites the line; C1 codes), a page would hide them, and bidirectional
 * overrides reorder what either shows. New lines and tabs are left to the caller.
 */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]/g

export function visibleControls(text: string): string {
  return text.replace(CONTROL, (c) => {
    const code = c.codePointAt(0) ?? 0
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16)}`
  })
}
