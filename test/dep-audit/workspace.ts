// A project like the Trusted Login System's for dep-audit's tests: a Node frontend with a lockfile, a
// Python backend with requirements and code bandit objects to, and a loopback npm registry, so real npm
// talks only to 127.0.0.1.
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { devNull, tmpdir } from 'node:os'
import { join } from 'node:path'

import { LoopbackServer, startServer } from '../support/servers.js'

export interface Workspace {
  dir: string
  dispose: () => void
}

/** frontend/ (is-number@`version` locked), backend/requirements.txt and backend/app from the python fixture. */
export function makeWorkspace(version = '6.0.0'): Workspace {
  const dir = mkdtempSync(join(tmpdir(), 'dep-audit-'))
  mkdirSync(join(dir, 'frontend'))
  writeFileSync(
    join(dir, 'frontend', 'package.json'),
    JSON.stringify({ name: 'frontend', version: '1.0.0', dependencies: { 'is-number': `^${version}` } }),
  )
  writeFileSync(
    join(dir, 'frontend', 'package-lock.json'),
    JSON.stringify({
      name: 'frontend',
      version: '1.0.0',
      lockfileVersion: 3,
      requires: true,
      packages: {
        '': { name: 'frontend', version: '1.0.0', dependencies: { 'is-number': `^${version}` } },
        'node_modules/is-number': { version },
      },
    }),
  )
  mkdirSync(join(dir, 'backend'))
  writeFileSync(join(dir, 'backend', 'requirements.txt'), 'fastapi==0.65.1\nstarlette==0.14.2\n')
  cpSync(new URL('../fixtures/python-app/app', import.meta.url), join(dir, 'backend', 'app'), {
    recursive: true,
  })
  return { dir, dispose: () => rmSync(dir, { recursive: true, force: true }) }
}

/**
 * A stand-in npm registry on 127.0.0.1: is-number's packument (6.0.0 and 7.0.0, latest 7.0.0) and the
 * bulk advisory endpoint, which answers with `advisories` or, when `refuse` is set, with 405 as the
 * unreachable real endpoint does on this machine.
 */
export async function fakeRegistry(
  options: { refuse?: boolean; advisories?: number } = {},
): Promise<LoopbackServer> {
  // `advisories` more advisories of about 2 KB each against is-number: a report that grows large.
  const extra = Array.from({ length: options.advisories ?? 0 }, (_, i) => ({
    id: 2_000_000 + i,
    url: `https://github.com/advisories/GHSA-${String(i).padStart(4, '0')}-wxyz-wxyz`,
    title: `Advisory ${i} of a long list: ${'a very long description '.repeat(80)}`,
    severity: 'moderate',
    vulnerable_versions: '<7.0.0',
    cwe: ['CWE-400'],
    cvss: { score: 5.3, vectorString: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:L' },
  }))
  return startServer((req, res) => {
    let body = ''
    req.on('data', (c) => (body += c))
    req.on('end', () => {
      if (req.url?.includes('/-/npm/v1/security/advisories/bulk')) {
        if (options.refuse) {
          res.writeHead(405, { allow: 'GET,HEAD' }).end()
          return
        }
        res.writeHead(200, { 'content-type': 'application/json' })
        res.end(
          JSON.stringify({
            'is-number': [
              {
                id: 1099999,
                url: 'https://github.com/advisories/GHSA-abcd-efgh-ijkl',
                title: 'Regular expression denial of service in is-number',
                severity: 'high',
                vulnerable_versions: '<7.0.0',
                cwe: ['CWE-1333'],
                cvss: { score: 7.5, vectorString: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H' },
              },
              ...extra,
            ],
          }),
        )
        return
      }
      if (req.url === '/is-number') {
        res.writeHead(200, { 'content-type': 'application/json' })
        const version = (v: string) => ({
          name: 'is-number',
          version: v,
          dist: { tarball: `http://127.0.0.1/is-number-${v}.tgz` },
        })
        res.end(
          JSON.stringify({
            name: 'is-number',
            'dist-tags': { latest: '7.0.0' },
            versions: { '6.0.0': version('6.0.0'), '7.0.0': version('7.0.0') },
          }),
        )
        return
      }
      res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"not found"}')
    })
  })
}

/**
 * A stand-in Python package index on 127.0.0.1 (PEP 503 simple pages: one link per file), for real pip.
 * `versions` maps a project to the versions it offers; any other project is 404, as on a real index.
 */
export async function fakePypi(versions: Record<string, string[]>): Promise<LoopbackServer> {
  return startServer((req, res) => {
    const name = /^\/simple\/([^/]+)\/?$/.exec(req.url ?? '')?.[1]
    const offered = name ? versions[name] : undefined
    if (!offered) {
      res.writeHead(404, { 'content-type': 'text/html' }).end('<html><body>Not Found</body></html>')
      return
    }
    const links = offered
      .map((v) => `<a href="/files/${name}-${v}-py3-none-any.whl">${name}-${v}-py3-none-any.whl</a>`)
      .join('\n')
    res
      .writeHead(200, { 'content-type': 'text/html' })
      .end(`<!DOCTYPE html><html><body>${links}</body></html>`)
  })
}

/**
 * pip talking only to `indexUrl`: no pip.conf (this machine's names local wheel folders and mirrors), no
 * find-links, no retries, so an index that refuses fails at once.
 */
export function pipOnly(indexUrl: string): Record<string, string> {
  return {
    PIP_INDEX_URL: indexUrl,
    PIP_CONFIG_FILE: devNull,
    PIP_FIND_LINKS: '',
    PIP_EXTRA_INDEX_URL: '',
    PIP_RETRIES: '0',
    PIP_DISABLE_PIP_VERSION_CHECK: '1',
  }
}
