/**
 * The key figures of one target's report in the fleet summary's table for its action: what a reader
 * compares across hosts (health: URL and p95; backups: the newest one's age and how many). They are read
 * from the report's `data` (and metrics), which came from a file: every field is checked before use, and
 * a report without them shows empty cells.
 */
import { metric } from './key-figures.js'
import { BackupVerifyData } from '../backup-verify/result.js'
import { ChangeGateData } from '../change-gate/gate.js'
import { Report } from '../core/report.js'
import { round1 } from '../core/stats.js'
import { formatSize } from '../core/units.js'
import { DbMaintainData } from '../db-maintain/data.js'
import { HealthGateData } from '../health-gate/data.js'
import { LogReviewData } from '../log-review/report-data.js'

/** Column name to cell text, in column order. */
export type Figures = Record<string, string>

/** What a report's data may hold, as read from a file: any field may be missing or of another type. */
type Untrusted<T> = { [Key in keyof T]?: unknown }

const num = (value: unknown) => (typeof value === 'number' && Number.isFinite(value) ? value : undefined)
const text = (value: unknown) => (typeof value === 'string' ? value : undefined)
const list = (value: unknown): unknown[] => (Array.isArray(value) ? (value as unknown[]) : [])
const field = (value: unknown, key: string): unknown =>
  typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined
const show = (value: number | undefined, unit = '') => (value === undefined ? '' : `${value}${unit}`)

function healthGate(data: Untrusted<HealthGateData>): Figures {
  const urls = list(data.urls)
  const p95s = urls.map((u) => num(field(u, 'p95'))).filter((p) => p !== undefined)
  return {
    URL: urls
      .map((u) => text(field(u, 'url')))
      .filter(Boolean)
      .join(', '),
    // The slowest URL's p95: the one a gate on latency would trip on.
    p95: show(p95s.length > 0 ? round1(Math.max(...p95s)) : undefined, ' ms'),
    'Failed samples': show(urls.reduce<number>((sum, u) => sum + (num(field(u, 'errors')) ?? 0), 0)),
  }
}

function backupVerify(data: Untrusted<BackupVerifyData>): Figures {
  const ageHours = num(field(data.newest, 'ageHours'))
  return {
    'Newest backup age': show(ageHours, ' h'),
    Backups: show(num(data.backupsFound)),
    'Missing days': show(list(data.missingDays).length),
    Restore: field(data.restore, 'ok') === undefined ? '' : field(data.restore, 'ok') ? 'ok' : 'failed',
  }
}

function dbMaintain(data: Untrusted<DbMaintainData>): Figures {
  const bytes = num(field(data.capacity, 'databaseBytes'))
  const connections = field(data.capacity, 'connections')
  const used = num(field(connections, 'used'))
  const usable = num(field(connections, 'usable'))
  return {
    'Database size': bytes === undefined ? '' : formatSize(bytes),
    Connections: used === undefined || usable === undefined ? '' : `${used} of ${usable}`,
  }
}

function changeGate(data: Untrusted<ChangeGateData>): Figures {
  const pr = num(data.pullRequest)
  return {
    'Pull request': pr === undefined ? '' : `#${pr}`,
    Missing: list(data.missing).map(text).filter(Boolean).join(', '),
  }
}

function logReview(data: Untrusted<LogReviewData>): Figures {
  return {
    Errors: show(num(field(data.counts, 'errors'))),
    Warnings: show(num(field(data.counts, 'warnings'))),
    Groups: show(num(field(data.counts, 'groups'))),
    'Spike hours': show(num(field(data.counts, 'spikes'))),
  }
}

const BY_DATA: Partial<Record<string, (data: Untrusted<never>) => Figures>> = {
  'health-gate': healthGate,
  'backup-verify': backupVerify,
  'db-maintain': dbMaintain,
  'change-gate': changeGate,
  'log-review': logReview,
}

/** The key figures of a report for its action's table; dep-audit's are its metrics. */
export function figuresOf(report: Report<unknown>): Figures {
  if (report.action === 'dep-audit')
    return {
      Vulnerabilities: show(metric(report, 'vulnerabilities')),
      'Code issues': show(metric(report, 'code issues')),
    }
  const read = BY_DATA[report.action]
  const data = report.data
  return read && typeof data === 'object' && data !== null ? read(data as Untrusted<never>) : {}
}
