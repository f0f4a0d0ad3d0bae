#!/usr/bin/env node
// The bundle entry of `runbook-actions` (the package's bin, dist/cli/index.js).
import { main } from './run-command.js'

process.exitCode = await main(process.argv.slice(2))
