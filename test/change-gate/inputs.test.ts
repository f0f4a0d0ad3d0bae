// The change-gate's inputs and where it finds the pull-request template.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import { afterEach, describe, expect, it } from 'vitest'

import { DEFAULT_TICKET_PATTERN } from '../../src/change-gate/evaluate.js'
import { readInputs } from '../../src/change-gate/inputs.js'
import { readTemplates } from '../../src/change-gate/template.js'
import { ConfigurationError } from '../../src/core/errors.js'
import { InputReader, objectInputGetter } from '../../src/core/inputs.js'

const dirs: string[] = []
afterEach(() => dirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })))
const workspace = () => {
  const dir = mkdtempSync(join(tmpdir(), 'change-gate-ws-'))
  dirs.push(dir)
  return dir
}
const read = (inputs: Record<string, string>, env: NodeJS.ProcessEnv = {}) =>
  readInputs(new InputReader(objectInputGetter(inputs)), '/ws', env)

describe('readInputs', () => {
  it('has the defaults the issue names', () => {
    expect(read({}, { GITHUB_EVENT_PATH: '/runner/event.json' })).toMatchObject({
      requiredSections: ['Rollback plan', 'Test evidence'],
      minWords: 3,
      ticketPattern: DEFAULT_TICKET_PATTERN,
      checklist: true,
      requiredLabels: [],
      comment: true,
      token: '',
      eventPath: '/runner/event.json',
    })
  })

  it('reads the lists, a pattern of its own and a template path in the workspace', () => {
    const inputs = read({
      'required-sections': 'Rollback plan\nRisk',
      'required-labels': 'reviewed, risk:low',
      'ticket-pattern': 'CHG\\d{7}',
      template: '.github/pr.md',
    })
    expect(inputs).toMatchObject({
      requiredSections: ['Rollback plan', 'Risk'],
      requiredLabels: ['reviewed', 'risk:low'],
      templatePath: '/ws/.github/pr.md',
    })
    expect(inputs.ticketPattern?.source).toBe('CHG\\d{7}')
    expect(read({ 'require-ticket': 'false' }).ticketPattern).toBeUndefined()
  })

  it('treats the unexpanded ${{ github.token }} default (outside a runner) as no token', () => {
    expect(read({ token: '${{ github.token }}' }).token).toBe('')
  })

  it('refuses a pattern that is no regular expression, naming the input', () => {
    expect(() => read({ 'ticket-pattern': 'OPS-(' })).toThrow(ConfigurationError)
    expect(() => read({ 'ticket-pattern': 'OPS-(' })).toThrow(/ticket-pattern/)
  })
})

describe('readTemplates', () => {
  it('finds the templates where GitHub looks, in any case, and a template folder', () => {
    const ws = workspace()
    mkdirSync(join(ws, '.github', 'PULL_REQUEST_TEMPLATE'), { recursive: true })
    mkdirSync(join(ws, 'docs'))
    writeFileSync(join(ws, '.github', 'PULL_REQUEST_TEMPLATE.md'), '## Rollback plan\nfrom .github')
    writeFileSync(join(ws, 'docs', 'pull_request_template.md'), 'from docs')
    writeFileSync(join(ws, '.github', 'PULL_REQUEST_TEMPLATE', 'hotfix.md'), 'from the folder')
    writeFileSync(join(ws, '.github', 'PULL_REQUEST_TEMPLATE', 'notes.txt'), 'not a template')
    expect(readTemplates(ws).sort()).toEqual([
      '## Rollback plan\nfrom .github',
      'from docs',
      'from the folder',
    ])
  })

  it('finds none in a workspace without a checkout, and reads the one given', () => {
    const ws = workspace()
    expect(readTemplates(ws)).toEqual([])
    writeFileSync(join(ws, 'mine.md'), 'given')
    expect(readTemplates(ws, join(ws, 'mine.md'))).toEqual(['given'])
    expect(() => readTemplates(ws, join(ws, 'missing.md'))).toThrow(/input 'template': cannot read/)
  })
})
