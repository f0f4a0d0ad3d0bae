// The schedules of the example workflows. GitHub runs a cron when its day of the month OR its day of the week
// matches, so "the first Sunday" is a cron on days 1-7 plus a step that keeps the Sunday: that step's own
// script runs here (bash -e, its env, a GITHUB_OUTPUT file) with `date` answering a chosen weekday. And the
// runbook workflow's crons are those of the example runbook file, since the action picks the schedule by
// the cron that fired.
import { execFileSync } from 'node:child_process'
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'

import { afterAll, describe, expect, it } from 'vitest'
import { parse } from 'yaml'

import { examplesDir, jobsOf, root } from './support/workflows.js'

const dir = mkdtempSync(path.join(tmpdir(), 'schedule-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

function workflow(file: string): { on: { schedule: { cron: string }[] }; source: string } {
  const source = readFileSync(path.join(examplesDir, file), 'utf8')
  return { ...(parse(source) as { on: { schedule: { cron: string }[] } }), source }
}

/** Runs the step `id` of `file` with `date +%u` answering `weekday` (1 Monday .. 7 Sunday); its `run` output. */
function decides(file: string, id: string, weekday: number, env: Record<string, string>): string {
  const step = jobsOf(workflow(file).source)
    .flatMap((job) => job.steps)
    .find((s) => s.id === id)
  if (typeof step?.run !== 'string') throw new Error(`${file} has no step ${id}`)
  const bin = mkdtempSync(path.join(dir, 'bin-'))
  writeFileSync(path.join(bin, 'date'), `#!/bin/sh\necho ${weekday}\n`)
  chmodSync(path.join(bin, 'date'), 0o755)
  const output = path.join(bin, 'output')
  writeFileSync(output, '')
  execFileSync('bash', ['-e', '-c', step.run], {
    env: { PATH: `${bin}:${process.env.PATH ?? ''}`, GITHUB_OUTPUT: output, ...env },
  })
  return /^run=(.*)$/m.exec(readFileSync(output, 'utf8'))?.[1] ?? 'no output'
}

describe('monthly.yml: the first Sunday of the month', () => {
  it('has a cron on days 1-7 that does not OR in a weekday', () => {
    expect(workflow('monthly.yml').on.schedule.map((s) => s.cron)).toEqual(['30 2 1-7 * *'])
  })

  it('goes ahead on the Sunday of days 1-7, and on any day by hand', () => {
    expect(decides('monthly.yml', 'day', 7, { EVENT: 'schedule' })).toBe('true')
    for (const weekday of [1, 2, 3, 4, 5, 6]) {
      expect(decides('monthly.yml', 'day', weekday, { EVENT: 'schedule' })).toBe('false')
    }
    expect(decides('monthly.yml', 'day', 3, { EVENT: 'workflow_dispatch' })).toBe('true')
  })

  it('runs every job after that decision, and only when it says so', () => {
    const jobs = jobsOf(workflow('monthly.yml').source).filter((j) => j.id !== 'when')
    expect(jobs.length).toBeGreaterThan(0)
    for (const { job } of jobs) {
      expect(job.needs).toBe('when')
      expect(job.if).toBe("needs.when.outputs.run == 'true'")
    }
  })
})

describe('runbook.yml: one cron per schedule of the runbook file', () => {
  const crons = workflow('runbook.yml').on.schedule.map((s) => s.cron)

  it('has exactly the crons of examples/runbook.yml', () => {
    const file = parse(readFileSync(path.join(root, 'examples', 'runbook.yml'), 'utf8')) as {
      schedules: Record<string, { cron?: string }>
    }
    expect(crons.sort()).toEqual(
      Object.values(file.schedules)
        .map((s) => s.cron)
        .sort(),
    )
  })

  it('keeps the monthly cron to the Sunday, and never holds back the others', () => {
    const monthly = '30 2 1-7 * *'
    expect(decides('runbook.yml', 'when', 7, { CRON: monthly })).toBe('true')
    expect(decides('runbook.yml', 'when', 4, { CRON: monthly })).toBe('false')
    expect(decides('runbook.yml', 'when', 4, { CRON: '17 6 * * *' })).toBe('true')
    expect(decides('runbook.yml', 'when', 4, { CRON: '' })).toBe('true')
  })
})
