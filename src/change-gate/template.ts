import { readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'

import { ConfigurationError, getErrorMessage } from '../core/errors.js'

/**
 * The pull-request templates of the repository, read from the workspace where GitHub looks for them: a
 * file named pull_request_template.md (any case) in .github/, the root or docs/, or every .md file in a
 * PULL_REQUEST_TEMPLATE/ folder there (a repository may offer several). Their text tells the gate which
 * words in a section are the template's and not the author's.
 */
const PLACES = ['.github', '.', 'docs']

export function readTemplates(workspace: string, templatePath?: string): string[] {
  if (templatePath !== undefined) {
    try {
      return [readFileSync(templatePath, 'utf8')]
    } catch (error) {
      throw new ConfigurationError(`input 'template': cannot read ${templatePath}: ${getErrorMessage(error)}`)
    }
  }
  const templates: string[] = []
  for (const place of PLACES) {
    const dir = join(workspace, place)
    for (const entry of list(dir)) {
      const name = entry.name.toLowerCase()
      if (entry.isFile() && name === 'pull_request_template.md') templates.push(read(join(dir, entry.name)))
      if (entry.isDirectory() && name === 'pull_request_template')
        for (const file of list(join(dir, entry.name)))
          if (file.isFile() && file.name.toLowerCase().endsWith('.md'))
            templates.push(read(join(dir, entry.name, file.name)))
    }
  }
  return templates.filter((text) => text.trim() !== '')
}

/** A folder's entries; none when it does not exist (most repositories have no docs/ template). */
function list(dir: string) {
  try {
    return readdirSync(dir, { withFileTypes: true })
  } catch {
    return []
  }
}

/** A template that cannot be read is as good as none: the gate still judges the body on its own. */
function read(path: string): string {
  try {
    return readFileSync(path, 'utf8')
  } catch {
    return ''
  }
}
