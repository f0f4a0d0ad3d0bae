// The workspace of the scanner-concurrency part of the dep-audit benchmark: a project shaped like the
// Trusted Login System's (frontend/ with a lockfile, backend/requirements.txt, backend/app), a loopback
// npm registry whose bulk advisory endpoint answers `{}` after a fixed delay, a stand-in `pip-audit`
// (PyPI is unreachable here), and generated Python code sized so that real bandit takes a few seconds.
import { chmodSync, cpSync, mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:http'
import { join } from 'node:path'

/**
 * A stand-in npm registry on 127.0.0.1 (after test/dep-audit/workspace.ts): POST
 * /-/npm/v1/security/advisories/bulk answers `{}` (no advisories) after `delayMs`; anything else is 404.
 * Counts the bulk requests so the benchmark can tell npm audit really asked.
 */
export function startFakeRegistry(delayMs) {
  const state = { bulkRequests: 0 }
  const server = createServer((req, res) => {
    req.resume()
    req.on('end', () => {
      if (req.method === 'POST' && req.url?.includes('/-/npm/v1/security/advisories/bulk')) {
        state.bulkRequests++
        setTimeout(() => res.writeHead(200, { 'content-type': 'application/json' }).end('{}'), delayMs)
        return
      }
      res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"not found"}')
    })
  })
  return new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address()
      resolve({
        url: `http://127.0.0.1:${port}/`,
        state,
        close: () => new Promise((done) => server.close(() => done())),
      })
    })
  })
}

/** The npm settings for npm audit against the fake registry, with its own cache, for the action and npm alike. */
export function npmEnv(registryUrl, cacheDir) {
  return {
    npm_config_registry: registryUrl,
    npm_config_cache: cacheDir,
    npm_config_update_notifier: 'false',
    npm_config_fund: 'false',
    npm_config_loglevel: 'error',
    npm_config_audit: 'true',
  }
}

/**
 * A `pip-audit` on a folder to prepend to PATH: `--version` answers at once; anything else sleeps
 * `delayMs` and prints an empty pip-audit JSON report, as `pip-audit -r … -f json` does for clean pins.
 */
export function writeFakePipAudit(binDir, delayMs) {
  mkdirSync(binDir, { recursive: true })
  const path = join(binDir, 'pip-audit')
  const seconds = (delayMs / 1000).toFixed(3)
  writeFileSync(
    path,
    [
      '#!/bin/sh',
      '# Simulated pip-audit for the dep-audit benchmark: PyPI is unreachable from this machine.',
      'if [ "$1" = "--version" ]; then echo "pip-audit 2.7.3 (simulated)"; exit 0; fi',
      `sleep ${seconds}`,
      `echo '{"dependencies": [], "fixes": []}'`,
      '',
    ].join('\n'),
  )
  chmodSync(path, 0o755)
  return path
}

/** One clean, ordinary Python module of `functions` blocks (about 19 lines each), nothing bandit flags. */
function pythonModule(index, functions) {
  const lines = [`"""Generated module ${index} for the dep-audit benchmark."""`, 'import json', '', '']
  for (let j = 0; j < functions; j++) {
    lines.push(
      `class Record${j}:`,
      '    def __init__(self, name: str, count: int = 0) -> None:',
      '        self.name = name',
      '        self.count = count',
      '',
      '    def total(self, values: list) -> int:',
      '        result = self.count',
      '        for value in values:',
      '            if value % 2 == 0:',
      '                result += value * 2',
      '            else:',
      '                result -= value',
      '        return result',
      '',
      '',
      `def handler_${j}(payload: str) -> dict:`,
      '    data = json.loads(payload)',
      `    record = Record${j}(data.get("name", ""), len(data))`,
      '    return {"name": record.name, "total": record.total([1, 2, 3])}',
      '',
      '',
    )
  }
  return lines.join('\n')
}

/** Lines of one generated module (BLOCKS blocks): bandit's time grows with them. */
export const BLOCKS = 40

/**
 * (Re)writes `<dir>/backend/app`: the python-app fixture (test/fixtures/python-app/app, 4 bandit findings)
 * plus `modules` generated clean modules in gen/. Returns the number of .py files and lines.
 */
export function writePythonTree(dir, fixtureApp, modules) {
  const app = join(dir, 'backend', 'app')
  rmSync(app, { recursive: true, force: true })
  mkdirSync(join(app, 'gen'), { recursive: true })
  cpSync(fixtureApp, join(app, 'fixture'), { recursive: true })
  writeFileSync(join(app, '__init__.py'), '')
  writeFileSync(join(app, 'gen', '__init__.py'), '')
  let lines = 0
  for (let i = 0; i < modules; i++) {
    const text = pythonModule(i, BLOCKS)
    lines += text.split('\n').length
    writeFileSync(join(app, 'gen', `mod_${String(i).padStart(4, '0')}.py`), text)
  }
  return { files: modules + 2, generatedLines: lines, path: 'backend/app' }
}

/** frontend/ (is-number@6.0.0 locked, as test/dep-audit/workspace.ts) and backend/requirements.txt. */
export function writeProjects(dir) {
  mkdirSync(join(dir, 'frontend'), { recursive: true })
  const manifest = { name: 'frontend', version: '1.0.0', dependencies: { 'is-number': '^6.0.0' } }
  writeFileSync(join(dir, 'frontend', 'package.json'), JSON.stringify(manifest))
  writeFileSync(
    join(dir, 'frontend', 'package-lock.json'),
    JSON.stringify({
      name: 'frontend',
      version: '1.0.0',
      lockfileVersion: 3,
      requires: true,
      packages: { '': manifest, 'node_modules/is-number': { version: '6.0.0' } },
    }),
  )
  mkdirSync(join(dir, 'backend'), { recursive: true })
  writeFileSync(join(dir, 'backend', 'requirements.txt'), 'fastapi==0.65.1\nstarlette==0.14.2\n')
}
