// Stops with one line when this Node is older than the one the actions run on (.node-version, the
// `node24` of every action.yml): the bundles and the tests are built for it. Run before `npm test` and
// `npm run demo`; `npm ci` stops on its own (.npmrc engine-strict with package.json `engines`).
import { readFileSync } from 'node:fs'

const wanted = Number(readFileSync(new URL('../.node-version', import.meta.url), 'utf8').trim())
const current = Number(process.versions.node.split('.')[0])
if (current < wanted) {
  console.error(
    `runbook-actions needs Node ${wanted} or newer (this is ${process.version}): install Node ${wanted} ` +
      `(e.g. \`nvm install ${wanted}\`), or run .ci/run, which fetches it.`,
  )
  process.exit(1)
}
