// The report's tables and headline metrics, and the slow queries in full for the JSON report.
import { connectionUse } from './activity.js'
import { CheckFunction, ago, deadRatio, n, pct } from './scope.js'
import { cacheHitRatio } from './server.js'
import { catalogSize } from '../catalog.js'
import { sizeOrUnknown } from '../format.js'
import { Table } from '../../core/report.js'
import { formatDuration, formatSize } from '../../core/units.js'

export const summaryTables: CheckFunction = ({ snapshot, tables, t }) => {
  const out: Table[] = [
    {
      title: 'Tables by dead tuples',
      columns: ['Table', 'Dead', 'Live', 'Dead %', 'Last vacuum', 'Last autovacuum', 'Last analyze'],
      rows: [...tables]
        .sort((a, b) => b.deadTuples - a.deadTuples)
        .slice(0, t.top)
        .map((x) => [
          `${x.schema}.${x.name}`,
          n(x.deadTuples),
          n(x.liveTuples),
          pct(deadRatio(x)),
          ago(x.lastVacuum),
          ago(x.lastAutovacuum),
          ago(x.lastAnalyze ?? x.lastAutoanalyze),
        ]),
    },
    {
      title: `Largest tables (database ${formatSize(snapshot.server.databaseBytes)})`,
      columns: ['Table', 'Total size', 'Table size', 'TOAST', 'Rows'],
      rows: [...tables]
        .sort((a, b) => b.totalBytes - a.totalBytes)
        .slice(0, t.top)
        .map((x) => [
          `${x.schema}.${x.name}`,
          sizeOrUnknown(catalogSize(x)),
          sizeOrUnknown(catalogSize(x) === undefined ? undefined : x.tableBytes),
          formatSize(x.toastBytes),
          n(x.liveTuples),
        ]),
    },
  ]
  if (snapshot.statements) {
    const rows = (list: typeof snapshot.statements.byTotal) =>
      list.map((s) => [
        shorten(s.query, QUERY_WIDTH),
        n(s.calls),
        formatDuration(s.totalMs),
        formatDuration(s.meanMs),
      ])
    out.push({
      title: 'Slow queries by total time',
      columns: ['Query', 'Calls', 'Total', 'Mean'],
      rows: rows(snapshot.statements.byTotal),
    })
    out.push({
      title: 'Slow queries by mean time',
      columns: ['Query', 'Calls', 'Total', 'Mean'],
      rows: rows(snapshot.statements.byMean),
    })
  }
  if (snapshot.sessions.length) {
    out.push({
      title: 'Sessions to look at',
      columns: ['PID', 'User', 'Application', 'State', 'For', 'Blocked by', 'Query'],
      rows: snapshot.sessions.map((s) => [
        String(s.pid),
        s.user,
        s.application,
        s.state,
        formatDuration(s.seconds * 1000),
        s.blockedBy.join(', '),
        s.query.slice(0, 120),
      ]),
    })
  }
  return { tables: out }
}

/** How many characters of a query the summary shows; the JSON report has the whole text. */
export const QUERY_WIDTH = 80

function shorten(text: string, width: number): string {
  return text.length <= width ? text : `${text.slice(0, width - 1)}…`
}

/** The headline figures (outputs `dead-tuples` and `tables-over-threshold` come from here). */
export const keyMetrics: CheckFunction = ({ snapshot, tables, vacuumCandidates }) => {
  const { server } = snapshot
  return {
    metrics: [
      { name: 'dead tuples', value: tables.reduce((sum, x) => sum + x.deadTuples, 0), unit: '' },
      { name: 'tables over threshold', value: vacuumCandidates.length, unit: '' },
      { name: 'database size', value: server.databaseBytes, unit: 'bytes' },
      {
        name: 'connections used',
        value: Math.round(connectionUse(snapshot).usedPercent * 10) / 10,
        unit: '%',
      },
      { name: 'transaction ID age', value: server.xidAge, unit: '' },
      { name: 'cache hit ratio', value: Math.round(cacheHitRatio(server) * 10000) / 10000, unit: '' },
    ],
  }
}

/** For the JSON report: what the summary shortens (the slow queries' whole text). */
export const slowQueryData: CheckFunction = ({ snapshot }) =>
  snapshot.statements ? { data: { slowQueries: snapshot.statements } } : {}
