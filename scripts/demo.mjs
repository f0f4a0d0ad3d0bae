// `npm run demo`: the runbook's daily health check on built-in defaults, on a fresh machine.
// It starts a stand-in for the Trusted Login backend on 127.0.0.1 (healthy database and storage, an
// hour of uptime, a few milliseconds of latency), then runs health-gate against it through the CLI,
// which uses the same logic as the bundled action. Nothing leaves this machine.
import { spawn } from 'node:child_process'
import { createServer } from 'node:http'

const started = Date.now() - 3_600_000
const server = createServer((req, res) => {
  if (req.url !== '/health') {
    res.writeHead(404).end()
    return
  }
  setTimeout(() => {
    res.writeHead(200, { 'content-type': 'application/json' })
    res.end(
      JSON.stringify({
        status: 'healthy',
        uptime: Math.round((Date.now() - started) / 1000),
        checks: { database: 'ok', storage: 'ok', 'ocr-api': 'ok' },
      }),
    )
  }, 5)
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
]
console.log(`$ node dist/cli/index.js ${args.join(' ')}\n`)
const child = spawn(process.execPath, ['dist/cli/index.js', ...args], { stdio: 'inherit' })
const code = await new Promise((resolve) => child.on('close', resolve))
server.close()
process.exitCode = code ?? 1
