import { existsSync, readdirSync } from 'node:fs'
import { delimiter, join } from 'node:path'

import { ConfigurationError } from '../core/errors.js'
import { execTool } from '../core/exec.js'

export interface Tool {
  path: string
  major: number
  version: string
}

/** Where PostgreSQL client tools live: PATH, and Debian/Ubuntu's versioned folders outside it. */
function candidateDirs(): string[] {
  const dirs = (process.env.PATH ?? '').split(delimiter).filter(Boolean)
  const root = '/usr/lib/postgresql'
  if (existsSync(root)) for (const v of readdirSync(root)) dirs.push(join(root, v, 'bin'))
  return [...new Set(dirs)]
}

const cache = new Map<string, Promise<Tool[]>>()

/** Every copy of a tool (`pg_restore`, `psql`) on this machine with its version, newest first. */
export function findTools(name: string): Promise<Tool[]> {
  if (!cache.has(name)) {
    cache.set(
      name,
      (async () => {
        const tools: Tool[] = []
        for (const dir of candidateDirs()) {
          const path = join(dir, name)
          if (!existsSync(path)) continue
          const result = await execTool(path, ['--version'], { timeoutMs: 10_000, env: toolEnv() }).catch(
            () => undefined,
          )
          const match = result && /\(PostgreSQL\) (\d+)(\.\d+)*/.exec(result.stdout)
          if (match && !tools.some((t) => t.major === Number(match[1]) && t.version === match[0])) {
            tools.push({ path, major: Number(match[1]), version: match[0].replace('(PostgreSQL) ', '') })
          }
        }
        return tools.sort((a, b) => b.major - a.major)
      })(),
    )
  }
  return cache.get(name)!
}

/**
 * The copy of a tool to use for a dump made by pg_dump `needed`: the oldest whose major version is at
 * least that (the closest match), or the newest when the dump's version is unknown. Says plainly which
 * version to install when none is new enough.
 */
export async function pickTool(name: string, needed: number | undefined, backup: string): Promise<Tool> {
  const tools = await findTools(name)
  if (tools.length === 0)
    throw new ConfigurationError(
      `${name} was not found on PATH or in /usr/lib/postgresql/*/bin: install the PostgreSQL client tools`,
    )
  if (needed === undefined) return tools[0]
  const fit = [...tools].reverse().find((t) => t.major >= needed)
  if (!fit) {
    throw new ConfigurationError(
      `${backup} was made by pg_dump ${needed}, but the newest ${name} here is ${tools[0].version} (${tools[0].path}): install postgresql-client-${needed}`,
    )
  }
  return fit
}

/**
 * The environment every tool of this action runs with: what a tool needs to run (PATH, HOME for libpq's
 * ~/.postgresql certificates, locale, time zone, temp folder) and libpq's certificate paths, nothing more.
 * Never the whole process environment: it holds the action's inputs (INPUT_DATABASE-URL, INPUT_COMPARE-URL
 * with their passwords), other PG* settings and whatever the workflow exported.
 */
export function toolEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {}
  for (const [name, value] of Object.entries(process.env)) {
    if (value === undefined) continue
    if (KEPT_ENV.has(name) || name.startsWith('LC_') || /^PGSSL(ROOTCERT|CERT|KEY|CRL)$/.test(name))
      env[name] = value
  }
  return env
}

const KEPT_ENV = new Set(['PATH', 'HOME', 'LANG', 'LANGUAGE', 'TZ', 'TMPDIR', 'SYSTEMROOT'])
