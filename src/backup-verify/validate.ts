import pg from 'pg'

import { splitStatements } from './plain-safety.js'
import { APPLICATION_NAME } from './restore.js'
import { getErrorMessage } from '../core/errors.js'
import { DbTarget, closeQuietly, connect } from '../core/postgres.js'
import { Check, Status } from '../core/report.js'

export interface TableCount {
  schema: string
  name: string
  /** 0 for a materialized view that is not populated: it cannot be counted (see `unpopulated`). */
  rows: number
  /** A materialized view created WITH NO DATA (or by a schema-only dump): reading it is an error. */
  unpopulated?: boolean
}

export interface Validation {
  checks: Check[]
  tables: TableCount[]
  rows: number
  amcheckMs?: number
}

export interface ValidateOptions {
  expectTables: string[]
  compare?: DbTarget
  compareTolerance: number
  validateSql?: { path: string; text: string }
  amcheck: boolean
}

const USER_SCHEMAS = `n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname !~ '^pg_(toast|temp_|toast_temp_)'`

/**
 * Exact row counts of every user table in one round trip: query_to_xml runs a count per table inside
 * the server, so a database with a thousand tables costs one query, not a thousand. A materialized view
 * that is not populated cannot be read at all, so it is listed, not counted (CASE evaluates lazily).
 */
export const COUNT_SQL = `
SELECT n.nspname AS schema, c.relname AS name, NOT c.relispopulated AS unpopulated,
       CASE WHEN c.relispopulated THEN
         (xpath('/row/n/text()', query_to_xml(format('SELECT count(*) AS n FROM %I.%I', n.nspname, c.relname), false, true, '')))[1]::text::bigint
       END AS rows
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE c.relkind IN ('r', 'p', 'm') AND NOT c.relispartition AND ${USER_SCHEMAS}
ORDER BY 1, 2`

/** A row of COUNT_SQL: the count is a bigint, which pg hands over as a string; null when not populated. */
type CountSqlRow = { schema: string; name: string; unpopulated: boolean; rows: string | null }

/** Sequences owned by a column whose largest value is beyond the sequence: the next insert would collide. */
export const SEQUENCES_SQL = `
SELECT s.schemaname AS schema, s.sequencename AS name, coalesce(s.last_value, 0) AS last_value, t.column_max
FROM pg_sequences s
JOIN pg_namespace sn ON sn.nspname = s.schemaname
JOIN pg_class sc ON sc.relname = s.sequencename AND sc.relnamespace = sn.oid
JOIN pg_depend d ON d.classid = 'pg_class'::regclass AND d.objid = sc.oid AND d.refclassid = 'pg_class'::regclass AND d.deptype IN ('a', 'i')
JOIN pg_class tc ON tc.oid = d.refobjid
JOIN pg_namespace tn ON tn.oid = tc.relnamespace
JOIN pg_attribute a ON a.attrelid = tc.oid AND a.attnum = d.refobjsubid
CROSS JOIN LATERAL (
  SELECT (xpath('/row/m/text()', query_to_xml(format('SELECT max(%I)::text AS m FROM %I.%I', a.attname, tn.nspname, tc.relname), false, true, '')))[1]::text::numeric AS column_max
) t
WHERE s.increment_by > 0`

/** A row of SEQUENCES_SQL: bigint and numeric values arrive as strings. */
type SequencesSqlRow = { schema: string; name: string; last_value: string; column_max: string | null }

/**
 * Checks a restored scratch database: tables and rows, expectations, the source, SQL checks, indexes. It
 * never throws: what could not be checked is a failed check of its own, never a failed restore.
 */
export async function validateRestore(
  server: DbTarget,
  scratch: string,
  options: ValidateOptions,
): Promise<Validation> {
  const target: DbTarget = { ...server, url: withDatabase(server.url, scratch), database: scratch }
  const checks: Check[] = []
  const add = (id: string, title: string, status: Status, detail: string) =>
    checks.push({ id, title, status, detail })
  let tables: TableCount[] = []
  let client: pg.Client | undefined
  try {
    client = await connect(target, { applicationName: APPLICATION_NAME })
    tables = (await client.query<CountSqlRow>(COUNT_SQL)).rows.map((r) => ({
      schema: r.schema,
      name: r.name,
      rows: Number(r.rows ?? 0),
      unpopulated: r.unpopulated === true,
    }))
    const rows = tables.reduce((sum, t) => sum + t.rows, 0)
    const unpopulated = tables.filter((t) => t.unpopulated).map((t) => `${t.schema}.${t.name}`)
    add(
      'tables',
      'Restored tables',
      tables.length ? 'pass' : 'fail',
      tables.length
        ? `${tables.length} tables, ${rows.toLocaleString('en-US')} rows${unpopulated.length ? ` (${unpopulated.length} materialized view(s) not populated, not counted)` : ''}`
        : 'the restore produced no tables',
    )
    if (unpopulated.length)
      add(
        'unpopulated',
        'Materialized views not populated',
        'warn',
        `${unpopulated.slice(0, 10).join(', ')}${unpopulated.length > 10 ? ` and ${unpopulated.length - 10} more` : ''} hold no data (created WITH NO DATA, or a schema-only dump), so their rows are not counted; REFRESH MATERIALIZED VIEW fills them`,
      )

    for (const wanted of options.expectTables) {
      const [schema, name] = wanted.includes('.') ? wanted.split('.', 2) : [undefined, wanted]
      const table = tables.find((t) => t.name === name && (schema === undefined || t.schema === schema))
      const id = `expect:${wanted}`
      if (!table) add(id, `Expected table ${wanted}`, 'fail', `${wanted} is not in the restored database`)
      else if (table.unpopulated)
        add(id, `Expected table ${wanted}`, 'fail', `${wanted} is a materialized view that is not populated`)
      else if (table.rows === 0)
        add(id, `Expected table ${wanted}`, 'fail', `${wanted} is empty after the restore`)
      else
        add(
          id,
          `Expected table ${wanted}`,
          'pass',
          `${table.schema}.${table.name} has ${table.rows.toLocaleString('en-US')} rows`,
        )
    }

    if (options.compare)
      checks.push(await compareWithSource(options.compare, tables, options.compareTolerance))
    if (options.validateSql) checks.push(await runValidateSql(client, options.validateSql))
    checks.push(...(await structureChecks(client)))
    let amcheckMs: number | undefined
    if (options.amcheck) {
      const started = performance.now()
      checks.push(await amcheck(client))
      amcheckMs = performance.now() - started
    }
    return { checks, tables, rows, amcheckMs }
  } catch (error) {
    add(
      'validation',
      'Validation of the restore',
      'fail',
      `the restore went through, but its validation could not finish: ${getErrorMessage(error)}`,
    )
    return { checks, tables, rows: tables.reduce((sum, t) => sum + t.rows, 0) }
  } finally {
    await closeQuietly(client)
  }
}

export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url)
  parsed.pathname = `/${encodeURIComponent(database)}`
  return parsed.href
}

/** Row counts of the restored tables against a read-only source, within a tolerance (it has moved on). */
async function compareWithSource(
  source: DbTarget,
  restored: TableCount[],
  tolerance: number,
): Promise<Check> {
  let client: pg.Client | undefined
  try {
    // Inside the try: a source that cannot be reached fails this check, never the restore.
    client = await connect(source, {
      applicationName: APPLICATION_NAME,
      settings: { default_transaction_read_only: 'on', statement_timeout: '5min', lock_timeout: '5s' },
    })
    const sourceRows = (await client.query<CountSqlRow>(COUNT_SQL)).rows
    const counts = new Map(
      sourceRows.map((r) => [`${r.schema}.${r.name}`, r.rows === null ? undefined : Number(r.rows)]),
    )
    const off: string[] = []
    for (const t of restored) {
      const key = `${t.schema}.${t.name}`
      const expected = counts.get(key)
      if (!counts.has(key)) off.push(`${key} is not in the source`)
      else if (t.unpopulated || expected === undefined)
        continue // a view not populated on either side
      else if (Math.abs(t.rows - expected) > tolerance * Math.max(expected, 1)) {
        off.push(
          `${key} has ${t.rows.toLocaleString('en-US')} rows, the source ${expected.toLocaleString('en-US')}`,
        )
      }
    }
    const missing = [...counts.keys()].filter((k) => !restored.some((t) => `${t.schema}.${t.name}` === k))
    if (missing.length)
      off.push(
        `${missing.length} source table(s) missing from the backup: ${missing.slice(0, 10).join(', ')}`,
      )
    const within = `${Math.round(tolerance * 1000) / 10}%`
    return {
      id: 'compare',
      title: `Row counts against ${source.display}`,
      status: off.length ? 'fail' : 'pass',
      detail: off.length
        ? `${off.length} difference(s) beyond ${within}: ${off.slice(0, 10).join('; ')}`
        : `all ${restored.length} tables within ${within} of the source`,
    }
  } catch (error) {
    return {
      id: 'compare',
      title: `Row counts against ${source.display}`,
      status: 'fail',
      detail: `could not compare: ${getErrorMessage(error)}`,
    }
  } finally {
    await closeQuietly(client)
  }
}

/**
 * The queries of the validate-sql file, in the scratch database only and read-only: one READ ONLY
 * transaction, rolled back at the end, each statement sent alone (the extended protocol takes one
 * statement, so no `COMMIT; ...` can slip out of the transaction), and only queries (SELECT, WITH, VALUES,
 * TABLE): `CREATE ROLE ... SUPERUSER` or `DROP DATABASE` in the file fail the check and never run. Each
 * query must return true in its first column.
 */
async function runValidateSql(client: pg.Client, sql: { path: string; text: string }): Promise<Check> {
  const title = `Checks in ${sql.path}`
  const fail = (detail: string): Check => ({ id: 'validate-sql', title, status: 'fail', detail })
  let statements: string[]
  try {
    statements = splitStatements(sql.text)
  } catch (error) {
    return fail(`the file cannot be split into statements: ${getErrorMessage(error)}`)
  }
  if (statements.length === 0) return fail('the file has no queries')
  for (const [i, statement] of statements.entries()) {
    const word = /^[a-z]+/i.exec(statement.replace(LEADING_COMMENTS, ''))?.[0] ?? ''
    if (!/^(select|with|values|table)$/i.test(word))
      return fail(
        `statement ${i + 1} is ${word ? word.toUpperCase() : 'not a query'}: validate-sql runs read-only queries (SELECT, WITH, VALUES, TABLE) only; nothing was run`,
      )
  }
  const failed: string[] = []
  try {
    await client.query('BEGIN TRANSACTION READ ONLY')
    for (const [i, text] of statements.entries()) {
      const result = await client.query<Record<string, unknown>>({
        text,
        queryMode: 'extended',
      } as pg.QueryConfig)
      const value = result.rows[0] ? Object.values(result.rows[0])[0] : undefined
      if (value !== true && value !== 't')
        failed.push(`query ${i + 1} returned ${JSON.stringify(value ?? null)}`)
    }
  } catch (error) {
    return fail(`a query failed: ${getErrorMessage(error)}`)
  } finally {
    await client.query('ROLLBACK').catch(() => {})
  }
  return {
    id: 'validate-sql',
    title,
    status: failed.length ? 'fail' : 'pass',
    detail: failed.length
      ? `${failed.length} of ${statements.length} queries did not return true: ${failed.join(', ')}`
      : `all ${statements.length} queries returned true (read-only, in the scratch database)`,
  }
}

/** Comments and white space before a statement's first word. */
const LEADING_COMMENTS = /^(\s|--[^\n]*\n?|\/\*[\s\S]*?\*\/)*/

/** Invalid indexes, NOT VALID constraints and sequences behind their column: a restore that is not whole. */
async function structureChecks(client: pg.Client): Promise<Check[]> {
  const invalid = (
    await client.query<{ name: string }>(
      `SELECT n.nspname || '.' || c.relname AS name FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_namespace n ON n.oid = c.relnamespace WHERE NOT i.indisvalid AND ${USER_SCHEMAS}`,
    )
  ).rows.map((r) => r.name)
  const notValid = (
    await client.query<{ name: string }>(
      `SELECT n.nspname || '.' || t.relname || '.' || k.conname AS name FROM pg_constraint k JOIN pg_class t ON t.oid = k.conrelid JOIN pg_namespace n ON n.oid = t.relnamespace WHERE NOT k.convalidated AND ${USER_SCHEMAS}`,
    )
  ).rows.map((r) => r.name)
  const behind = (await client.query<SequencesSqlRow>(SEQUENCES_SQL)).rows.filter(
    (r) => r.column_max !== null && Number(r.column_max) > Number(r.last_value),
  )
  return [
    {
      id: 'invalid-indexes',
      title: 'Invalid indexes',
      status: invalid.length ? 'fail' : 'pass',
      detail: invalid.length ? `${invalid.join(', ')} did not build` : 'every index is valid',
    },
    {
      id: 'not-valid-constraints',
      title: 'Constraints not validated',
      status: notValid.length ? 'warn' : 'pass',
      detail: notValid.length
        ? `${notValid.join(', ')} are NOT VALID (as in the source, or the restore skipped them)`
        : 'every constraint is validated',
    },
    {
      id: 'sequences',
      title: 'Sequences',
      status: behind.length ? 'fail' : 'pass',
      detail: behind.length
        ? behind
            .map(
              (r) =>
                `${r.schema}.${r.name} is at ${r.last_value} but its column holds ${r.column_max}: the next insert would collide`,
            )
            .join('; ')
        : 'every owned sequence is at or past the largest value of its column',
    },
  ]
}

/** bt_index_check on every valid btree index, where the scratch server has amcheck. */
async function amcheck(client: pg.Client): Promise<Check> {
  const title = 'Index integrity (amcheck)'
  try {
    await client.query('CREATE EXTENSION IF NOT EXISTS amcheck')
  } catch (error) {
    // Not checked is not a pass: a role that may not create the extension (the README's restore role) says so.
    return {
      id: 'amcheck',
      title,
      status: 'warn',
      detail: `not checked: amcheck could not be created in the scratch database (${getErrorMessage(error)}); install postgresql-contrib and restore as a role that may create it, or set amcheck: false`,
    }
  }
  try {
    const { rows } = await client.query<{ checked: number }>(`
      SELECT count(bt_index_check(c.oid, true))::int AS checked
      FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_am am ON am.oid = c.relam JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE am.amname = 'btree' AND i.indisvalid AND i.indisready AND c.relpersistence <> 't' AND ${USER_SCHEMAS}`)
    return {
      id: 'amcheck',
      title,
      status: 'pass',
      detail: `${rows[0].checked} btree indexes checked against their tables (bt_index_check with heapallindexed)`,
    }
  } catch (error) {
    return { id: 'amcheck', title, status: 'fail', detail: `corruption found: ${getErrorMessage(error)}` }
  }
}
