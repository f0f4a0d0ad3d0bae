// A loopback health endpoint for the benchmark, run in its own process (child_process.fork) so that
// neither autocannon nor health-gate shares an event loop with it.
//
// GET /delay/<ms> answers {"status":"healthy"} after a fixed setTimeout of <ms> milliseconds;
// any other path answers at once. The port is sent to the parent over IPC; the parent ends it.
import * as http from 'node:http'

const BODY = JSON.stringify({ status: 'healthy' })

function respond(res) {
  res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(BODY) })
  res.end(BODY)
}

const server = http.createServer((req, res) => {
  const match = /^\/delay\/(\d+)$/.exec(req.url ?? '')
  const delay = match ? Math.min(Number(match[1]), 10_000) : 0
  // Drain any request body so the kept-alive connection stays usable.
  req.resume()
  if (delay > 0) setTimeout(() => respond(res), delay)
  else respond(res)
})
server.keepAliveTimeout = 30_000

server.listen(0, '127.0.0.1', () => {
  const { port } = server.address()
  if (process.send) process.send({ port })
  else console.log(`listening on http://127.0.0.1:${port}`)
})

// The parent going away (or telling us to stop) ends the server.
process.on('disconnect', () => process.exit(0))
process.on('SIGTERM', () => process.exit(0))
