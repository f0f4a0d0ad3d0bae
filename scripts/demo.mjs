// `npm run demo`: the runbook's daily health check on built-in defaults, on a fresh machine.
// It starts a stand-in for the Trusted Login backend on 127.0.0.1 (healthy database and storage, an
// hour of uptime, a few milliseconds of latency, and a login: POST /auth/login, GET /api/me,
// GET /api/admin, POST /auth/logout), then runs health-gate against it through the CLI, which uses the
// same logic as the bundled action: the health endpoint, then the login smoke flow of the health-gate
// README (test/fixtures/health-gate/smoke/login.yml). Nothing leaves this machine.
import { spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { createServer } from 'node:http'

const SMOKE_FILE = 'test/fixtures/health-gate/smoke/login.yml'
// The test account's password, made up for this run and handed over as the smoke file expects.
const password = randomBytes(9).toString('base64url')
const started = Date.now() - 3_600_000
const sessions = new Set()

function send(res, status, body) {
  res.writeHead(status, { 'content-type': 'application/json' })
  res.end(body === undefined ? undefined : JSON.stringify(body))
}

const server = createServer(async (req, res) => {
  let text = ''
  for await (const chunk of req) text += chunk
  const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1]
  switch (`${req.method} ${req.url}`) {
    case 'GET /health':
      return setTimeout(
        () =>
          send(res, 200, {
            status: 'healthy',
            uptime: Math.round((Date.now() - started) / 1000),
            checks: { database: 'ok', storage: 'ok', 'ocr-api': 'ok' },
          }),
        5,
      )
    case 'POST /auth/login': {
      let form = {}
      try {
        form = JSON.parse(text)
      } catch {
        // not JSON: no credentials
      }
      if (form.username !== 'alice' || form.password !== password)
        return send(res, 401, { error: 'bad credentials' })
      const issued = randomBytes(18).toString('hex')
      sessions.add(issued)
      return send(res, 200, { token: issued, name: 'alice' })
    }
    case 'GET /api/me':
      return sessions.has(token)
        ? send(res, 200, { name: 'alice' })
        : send(res, 401, { error: 'log in first' })
    case 'GET /api/admin':
      return sessions.has(token)
        ? send(res, 403, { error: 'admins only' })
        : send(res, 401, { error: 'log in first' })
    case 'POST /auth/logout':
      sessions.delete(token)
      return send(res, 204)
    default:
      return send(res, 404, { error: 'not found' })
  }
})
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve))
const url = `http://127.0.0.1:${server.address().port}/health`

const args = [
  'health-gate',
  `--url=${url}`,
  '--required-checks=database,storage',
  '--samples=20',
  '--max-p95=250ms',
  '--min-uptime=10m',
  `--smoke=${SMOKE_FILE}`,
]
console.log(`$ SMOKE_PASSWORD=… node dist/cli/index.js ${args.join(' ')}\n`)
const child = spawn(process.execPath, ['dist/cli/index.js', ...args], {
  stdio: 'inherit',
  env: { ...process.env, SMOKE_PASSWORD: password },
})
const code = await new Promise((resolve) => child.on('close', resolve))
server.close()
process.exitCode = code ?? 1
