import pg from 'pg'

import {
  INDEX_BLOAT_SQL,
  IndexBloatRow,
  TABLE_BLOAT_SQL,
  TableBloatRow,
  parseIndexBloat,
  parseTableBloat,
} from './bloat.js'
import { getErrorMessage } from '../core/errors.js'
import { sqlState } from '../core/postgres.js'

/**
 * Everything the report needs, read with a fixed set of set-based catalog queries (a constant number of
 * round trips, whatever the number of tables). Each query runs on its own, read-only and under a short
 * statement timeout; one that fails (a missing privilege, a timeout) leaves its section empty and says
 * why in `errors`, and the rest still run.
 */
export interface Snapshot {
  server: ServerInfo
  tables: TableRow[]
  indexes: IndexRow[]
  indexBloat: IndexBloatRow[]
  tableBloat: TableBloatRow[]
  foreignKeys: ForeignKeyRow[]
  connections: { state: string; count: number }[]
  sessions: SessionRow[]
  sequences: SequenceRow[]
  constraints: { schema: string; table: string; name: string }[]
  /** Replication slots, replicas and prepared transactions: what holds back the xmin horizon besides sessions. */
  holders: Holders
  /** Undefined when pg_stat_statements is not installed in this database. */
  statements?: { byTotal: StatementRow[]; byMean: StatementRow[] }
  /** Section name to the reason it could not be read. */
  errors: Record<string, string>
  /** Sections left out on purpose (readSnapshot's `skip`): their lists are empty, not "none found". */
  skipped?: CheckOnlySection[]
}

/**
 * Sections that feed only checks (never the summary tables or the metrics; the maintenance plan needs the
 * indexes and their bloat for `reindex` only): a caller that reads the catalog again for its checks may
 * skip them.
 */
export const CHECK_ONLY_SECTIONS = [
  'indexes',
  'index bloat',
  'table bloat',
  'foreign keys',
  'sequences',
  'constraints',
  'replication and prepared transactions',
] as const
export type CheckOnlySection = (typeof CHECK_ONLY_SECTIONS)[number]

export interface ServerInfo {
  versionNum: number
  version: string
  standby: boolean
  database: string
  /** The role the report runs as. */
  user: string
  databaseBytes: number
  maxConnections: number
  reservedConnections: number
  /** The server-wide autovacuum setting. */
  autovacuum: boolean
  /** On a standby: seconds since the last replayed transaction's commit; undefined on a primary. */
  replayDelaySeconds?: number
  freezeMaxAge: number
  mxidFreezeMaxAge: number
  autovacuumThreshold: number
  autovacuumScaleFactor: number
  preloadLibraries: string
  pgssInstalled: boolean
  /** Whether the pgstattuple extension (exact and approximate bloat measures) is installed here. */
  pgstattupleInstalled: boolean
  xidAge: number
  mxidAge: number
  blocksHit: number
  blocksRead: number
  statsReset: Date | null
}

export interface TableRow {
  oid: number
  schema: string
  name: string
  liveTuples: number
  deadTuples: number
  modsSinceAnalyze: number
  lastVacuum: Date | null
  lastAutovacuum: Date | null
  lastAnalyze: Date | null
  lastAutoanalyze: Date | null
  seqScan: number
  seqTupRead: number
  idxScan: number
  reltuples: number
  totalBytes: number
  tableBytes: number
  /** The TOAST table's size (out-of-line values). */
  toastBytes: number
  xidAge: number
  mxidAge: number
  /** autovacuum_enabled = false in the table's storage parameters. */
  autovacuumDisabled: boolean
}

export interface IndexRow {
  oid: number
  schema: string
  table: string
  tableOid: number
  name: string
  bytes: number
  scans: number
  unique: boolean
  primary: boolean
  valid: boolean
  constraintBacking: boolean
  building: boolean
  /** Table column numbers (0 for an expression): the key columns first, then the INCLUDE columns. */
  columns: number[]
  /** How many of `columns` are key columns; the rest are INCLUDE columns, which no search can use. */
  keyColumns: number
  opclasses: string
  /** Per column, space-separated as PostgreSQL prints them: collation oids and sort options (DESC, NULLS FIRST). */
  collations: string
  options: string
  expressions: string | null
  predicate: string | null
  method: string
  /** CREATE INDEX statement of an invalid index (to build it again once it is dropped); null when valid. */
  definition: string | null
}

export interface ForeignKeyRow {
  schema: string
  table: string
  tableOid: number
  constraint: string
  /** The referencing columns' numbers, in the key's order. */
  attnums: number[]
  columns: string[]
  tableBytes: number
}

export interface SessionRow {
  pid: number
  user: string
  application: string
  state: string
  seconds: number
  query: string
  waitEvent: string
  blockedBy: number[]
}

export interface SequenceRow {
  schema: string
  name: string
  lastValue: number | null
  /** The sequence's maximum, or its column's type maximum when lower (an int4 key on a bigint sequence). */
  maxValue: number
  /** The column it feeds: the one that owns it, or one whose DEFAULT calls nextval() on it. */
  column?: string
  /** Whether this role may read the sequence's value (SELECT on it); lastValue is null when not. */
  readable: boolean
}

export interface Holders {
  slots: {
    name: string
    type: string
    active: boolean
    xminAge: number | null
    retainedBytes: number | null
  }[]
  replicas: { name: string; address: string; state: string; replayLagSeconds: number | null }[]
  prepared: { gid: string; owner: string; database: string; seconds: number; xidAge: number }[]
}

export interface StatementRow {
  query: string
  calls: number
  totalMs: number
  meanMs: number
  rows: number
}

/**
 * A table's size from the catalog (pg_class.relpages, with its TOAST table and indexes), or undefined when
 * the catalog cannot know it: relpages is 0 until the first VACUUM, ANALYZE or CREATE INDEX, so a table
 * whose rows came after those reads 0 B.
 */
export function catalogSize(table: TableRow): number | undefined {
  const unmeasured =
    table.tableBytes === 0 && (table.reltuples < 0 || table.liveTuples + table.deadTuples > 0)
  return unmeasured ? undefined : table.totalBytes
}

/*
 * Sizes come from pg_class.relpages (as of the last VACUUM, ANALYZE or CREATE INDEX), not from
 * pg_relation_size(), which takes a lock on every relation: a report that queued behind one session's
 * ACCESS EXCLUSIVE lock would itself block everybody queued after it.
 */

/*
 * The rows of each query as pg hands them over: int, oid and float8 columns arrive as numbers, bigint and
 * numeric ones as strings (num() reads both), timestamps as Dates, arrays of int as number[], json parsed.
 */

/** A count or size column: a number, or a string for bigint and numeric. */
type Numeric = number | string

/** Schemas that are PostgreSQL's own, never ours to report on or maintain. */
const SYSTEM_SCHEMAS = `n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname !~ '^pg_(toast|temp_|toast_temp_)'`

export const SERVER_SQL = `
SELECT current_setting('server_version_num')::int AS version_num,
       current_setting('server_version') AS version,
       pg_is_in_recovery() AS standby,
       current_database() AS database,
       current_user AS role,
       pg_database_size(current_database()) AS database_bytes,
       current_setting('max_connections')::int AS max_connections,
       current_setting('superuser_reserved_connections')::int
         + coalesce(current_setting('reserved_connections', true), '0')::int AS reserved_connections,
       current_setting('autovacuum')::bool AS autovacuum,
       CASE WHEN pg_is_in_recovery() THEN extract(epoch FROM now() - pg_last_xact_replay_timestamp())::float8 END
         AS replay_delay,
       current_setting('autovacuum_freeze_max_age')::bigint AS freeze_max_age,
       current_setting('autovacuum_multixact_freeze_max_age')::bigint AS mxid_freeze_max_age,
       current_setting('autovacuum_vacuum_threshold')::int AS av_threshold,
       current_setting('autovacuum_vacuum_scale_factor')::float8 AS av_scale_factor,
       -- pg_settings hides this row from roles without pg_read_all_settings instead of failing.
       coalesce((SELECT setting FROM pg_settings WHERE name = 'shared_preload_libraries'), '') AS preload,
       EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'pg_stat_statements') AS pgss_installed,
       EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'pgstattuple') AS pgstattuple_installed,
       age(d.datfrozenxid) AS xid_age,
       mxid_age(d.datminmxid) AS mxid_age,
       coalesce(s.blks_hit, 0) AS blks_hit,
       coalesce(s.blks_read, 0) AS blks_read,
       s.stats_reset
FROM pg_database d
LEFT JOIN pg_stat_database s ON s.datid = d.oid
WHERE d.datname = current_database()`

type ServerSqlRow = {
  version_num: number
  version: string
  standby: boolean
  database: string
  role: string
  database_bytes: Numeric
  max_connections: number
  reserved_connections: number
  autovacuum: boolean
  replay_delay: number | null
  freeze_max_age: Numeric
  mxid_freeze_max_age: Numeric
  av_threshold: number
  av_scale_factor: number
  preload: string
  pgss_installed: boolean
  pgstattuple_installed: boolean
  xid_age: number
  mxid_age: number
  blks_hit: Numeric
  blks_read: Numeric
  stats_reset: Date | null
}

export const TABLES_SQL = `
SELECT c.oid::bigint AS oid, n.nspname AS schema, c.relname AS name,
       coalesce(s.n_live_tup, 0) AS live, coalesce(s.n_dead_tup, 0) AS dead,
       coalesce(s.n_mod_since_analyze, 0) AS mods,
       s.last_vacuum, s.last_autovacuum, s.last_analyze, s.last_autoanalyze,
       coalesce(s.seq_scan, 0) AS seq_scan, coalesce(s.seq_tup_read, 0) AS seq_tup_read,
       coalesce(s.idx_scan, 0) AS idx_scan,
       c.reltuples::float8 AS reltuples,
       ((c.relpages + coalesce(t.relpages, 0)
         + coalesce((SELECT sum(ic.relpages) FROM pg_index x JOIN pg_class ic ON ic.oid = x.indexrelid WHERE x.indrelid = c.oid), 0))
         * current_setting('block_size')::bigint) AS total_bytes,
       c.relpages::bigint * current_setting('block_size')::bigint AS table_bytes,
       coalesce(t.relpages, 0)::bigint * current_setting('block_size')::bigint AS toast_bytes,
       greatest(age(c.relfrozenxid), age(t.relfrozenxid)) AS xid_age,
       mxid_age(c.relminmxid) AS mxid_age,
       EXISTS (SELECT 1 FROM unnest(c.reloptions) AS o
               WHERE o ~* '^autovacuum_enabled=(f|fa|fal|fals|false|n|no|of|off|0)$') AS autovacuum_disabled
FROM pg_class c
JOIN pg_namespace n ON n.oid = c.relnamespace
LEFT JOIN pg_stat_user_tables s ON s.relid = c.oid
LEFT JOIN pg_class t ON t.oid = c.reltoastrelid
WHERE c.relkind IN ('r', 'm') AND ${SYSTEM_SCHEMAS}`

type TablesSqlRow = {
  oid: Numeric
  schema: string
  name: string
  live: Numeric
  dead: Numeric
  mods: Numeric
  last_vacuum: Date | null
  last_autovacuum: Date | null
  last_analyze: Date | null
  last_autoanalyze: Date | null
  seq_scan: Numeric
  seq_tup_read: Numeric
  idx_scan: Numeric
  reltuples: number
  total_bytes: Numeric
  table_bytes: Numeric
  toast_bytes: Numeric
  xid_age: number
  mxid_age: number
  autovacuum_disabled: boolean
}

export const INDEXES_SQL = `
WITH building AS (SELECT index_relid FROM pg_stat_progress_create_index),
     backing AS (SELECT DISTINCT conindid FROM pg_constraint WHERE conindid <> 0)
SELECT i.indexrelid::bigint AS oid, n.nspname AS schema, t.relname AS table_name, t.oid::bigint AS table_oid,
       c.relname AS name, c.relpages::bigint * current_setting('block_size')::bigint AS bytes, coalesce(s.idx_scan, 0) AS scans,
       i.indisunique AS is_unique, i.indisprimary AS is_primary, i.indisvalid AS is_valid,
       b.conindid IS NOT NULL AS constraint_backing,
       g.index_relid IS NOT NULL AS building,
       string_to_array(i.indkey::text, ' ')::int[] AS columns,
       i.indnkeyatts AS key_columns,
       i.indclass::text AS opclasses,
       i.indcollation::text AS collations,
       i.indoption::text AS options,
       pg_get_expr(i.indexprs, i.indrelid) AS expressions,
       pg_get_expr(i.indpred, i.indrelid) AS predicate,
       am.amname AS method,
       CASE WHEN NOT i.indisvalid THEN pg_get_indexdef(i.indexrelid) END AS definition
FROM pg_index i
JOIN pg_class c ON c.oid = i.indexrelid
JOIN pg_class t ON t.oid = i.indrelid
JOIN pg_namespace n ON n.oid = t.relnamespace
JOIN pg_am am ON am.oid = c.relam
LEFT JOIN pg_stat_user_indexes s ON s.indexrelid = i.indexrelid
LEFT JOIN backing b ON b.conindid = i.indexrelid
LEFT JOIN building g ON g.index_relid = i.indexrelid
WHERE t.relkind IN ('r', 'm') AND ${SYSTEM_SCHEMAS}`

type IndexesSqlRow = {
  oid: Numeric
  schema: string
  table_name: string
  table_oid: Numeric
  name: string
  bytes: Numeric
  scans: Numeric
  is_unique: boolean
  is_primary: boolean
  is_valid: boolean
  constraint_backing: boolean
  building: boolean
  columns: number[]
  key_columns: number
  opclasses: string
  collations: string
  options: string
  expressions: string | null
  predicate: string | null
  method: string
  definition: string | null
}

/**
 * Every foreign key, with its columns' numbers: which index serves it (if any) is judged with the indexes
 * (index-plan.ts), so that the same rules decide what is unindexed and what may be dropped.
 */
export const FOREIGN_KEYS_SQL = `
SELECT n.nspname AS schema, t.relname AS table_name, k.conrelid::bigint AS table_oid,
       k.conname AS constraint_name, k.conkey::int[] AS attnums,
       array(SELECT a.attname::text FROM unnest(k.conkey) WITH ORDINALITY u(attnum, ord)
             JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = u.attnum ORDER BY u.ord) AS columns,
       t.relpages::bigint * current_setting('block_size')::bigint AS table_bytes
FROM pg_constraint k
JOIN pg_class t ON t.oid = k.conrelid
JOIN pg_namespace n ON n.oid = t.relnamespace
WHERE k.contype = 'f' AND ${SYSTEM_SCHEMAS}`

type ForeignKeysSqlRow = {
  schema: string
  table_name: string
  table_oid: Numeric
  constraint_name: string
  attnums: number[]
  columns: string[]
  table_bytes: Numeric
}

export const CONNECTIONS_SQL = `
SELECT coalesce(state, 'unknown') AS state, count(*)::int AS count
FROM pg_stat_activity WHERE backend_type = 'client backend' GROUP BY 1 ORDER BY 2 DESC`

type ConnectionsSqlRow = { state: string; count: number }

/** Sessions a DBA should look at: idle in a transaction or running for over 5 minutes, or blocked. */
export const SESSIONS_SQL = `
SELECT pid, coalesce(usename, '') AS username, coalesce(application_name, '') AS application,
       coalesce(state, '') AS state,
       extract(epoch FROM now() - CASE WHEN state LIKE 'idle in transaction%' THEN state_change ELSE query_start END)::float8 AS seconds,
       left(coalesce(query, ''), 500) AS query,
       coalesce(wait_event_type || ':' || wait_event, '') AS wait_event,
       pg_blocking_pids(pid) AS blocked_by
FROM pg_stat_activity
WHERE pid <> pg_backend_pid() AND backend_type = 'client backend'
  AND ((state LIKE 'idle in transaction%' AND now() - state_change > interval '5 minutes')
    OR (state = 'active' AND now() - query_start > interval '5 minutes')
    OR cardinality(pg_blocking_pids(pid)) > 0)
ORDER BY seconds DESC NULLS LAST`

type SessionsSqlRow = {
  pid: number
  username: string
  application: string
  state: string
  seconds: number
  query: string
  wait_event: string
  blocked_by: number[]
}

/**
 * Every sequence, with the column it feeds: the one that owns it (serial, identity, OWNED BY) or, as pghero
 * finds it, one whose DEFAULT calls nextval() on it without owning it; of several, the smallest type. The
 * value is read from the sequence itself (query_to_xml runs the one-row SELECT inside this query), since
 * pg_sequences shows no last_value after setval(..., false). `xml` false reads pg_sequences' value instead,
 * for a server built without XML support.
 */
export function sequencesSql(xml: boolean): string {
  const value = xml
    ? `(xpath('/row/last_value/text()',
               query_to_xml(format('SELECT last_value FROM %I.%I', n.nspname, sc.relname), false, true, '')))[1]::text::numeric`
    : 'pg_sequence_last_value(sc.oid)'
  return `
SELECT n.nspname AS schema, sc.relname AS name, s.seqmax AS max_value,
       has_sequence_privilege(sc.oid, 'SELECT') AS readable,
       CASE WHEN has_sequence_privilege(sc.oid, 'SELECT') THEN ${value} END AS last_value,
       used.column_name, used.type_max
FROM pg_sequence s
JOIN pg_class sc ON sc.oid = s.seqrelid
JOIN pg_namespace n ON n.oid = sc.relnamespace
LEFT JOIN LATERAL (
  SELECT quote_ident(t.relname) || '.' || quote_ident(a.attname) AS column_name,
         CASE a.atttypid WHEN 'int2'::regtype THEN 32767 WHEN 'int4'::regtype THEN 2147483647 END AS type_max
  FROM (SELECT d.refobjid AS relid, d.refobjsubid AS attnum
          FROM pg_depend d
         WHERE d.classid = 'pg_class'::regclass AND d.objid = sc.oid AND d.refclassid = 'pg_class'::regclass
           AND d.deptype IN ('a', 'i')
        UNION
        SELECT ad.adrelid, ad.adnum
          FROM pg_depend d JOIN pg_attrdef ad ON ad.oid = d.objid
         WHERE d.classid = 'pg_attrdef'::regclass AND d.refclassid = 'pg_class'::regclass
           AND d.refobjid = sc.oid) AS col
  JOIN pg_class t ON t.oid = col.relid
  JOIN pg_attribute a ON a.attrelid = col.relid AND a.attnum = col.attnum
  ORDER BY type_max NULLS LAST
  LIMIT 1) used ON true
WHERE ${SYSTEM_SCHEMAS}`
}

type SequencesSqlRow = {
  schema: string
  name: string
  max_value: Numeric
  readable: boolean
  last_value: Numeric | null
  column_name: string | null
  type_max: number | null
}

/**
 * What holds back the xmin horizon (and so VACUUM and freezing) besides sessions, in one round trip:
 * replication slots, replicas and their lag, prepared transactions. On a standby there is no current WAL
 * position, so no WAL figures.
 */
export const HOLDERS_SQL = `
SELECT
  (SELECT coalesce(json_agg(json_build_object(
            'name', slot_name, 'type', slot_type, 'active', active,
            'xminAge', greatest(age(xmin), age(catalog_xmin)),
            'retainedBytes', CASE WHEN NOT pg_is_in_recovery() AND restart_lsn IS NOT NULL
                                  THEN pg_wal_lsn_diff(pg_current_wal_lsn(), restart_lsn) END)), '[]')
     FROM pg_replication_slots) AS slots,
  (SELECT coalesce(json_agg(json_build_object(
            'name', coalesce(application_name, ''), 'address', coalesce(client_addr::text, ''),
            'state', coalesce(state, ''), 'replayLagSeconds', extract(epoch FROM replay_lag))), '[]')
     FROM pg_stat_replication) AS replicas,
  (SELECT coalesce(json_agg(json_build_object(
            'gid', gid, 'owner', owner, 'database', database,
            'seconds', extract(epoch FROM now() - prepared), 'xidAge', age(transaction))), '[]')
     FROM pg_prepared_xacts) AS prepared`

/** Each column is a json array that json_build_object shaped as Holders wants it. */
type HoldersSqlRow = Holders

export const CONSTRAINTS_SQL = `
SELECT n.nspname AS schema, t.relname AS table_name, k.conname AS name
FROM pg_constraint k
JOIN pg_class t ON t.oid = k.conrelid
JOIN pg_namespace n ON n.oid = t.relnamespace
WHERE NOT k.convalidated AND ${SYSTEM_SCHEMAS}`

type ConstraintsSqlRow = { schema: string; table_name: string; name: string }

/**
 * A comment at the end of every statement this action sends, so that pg_stat_statements (which keeps the
 * text as sent, comments included) lets the slow-query list leave the action's own queries out.
 */
export const QUERY_MARKER = '/* runbook-actions/db-maintain */'

/** A statement as this action sends it: marked as its own. */
export function marked(sql: string): string {
  return `${sql}\n${QUERY_MARKER}`
}

/** Top statements of this database, but this action's own; the column names changed in PostgreSQL 13. */
export function statementsSql(versionNum: number, orderBy: 'total' | 'mean'): string {
  const total = versionNum >= 130000 ? 'total_exec_time' : 'total_time'
  const mean = versionNum >= 130000 ? 'mean_exec_time' : 'mean_time'
  return `
SELECT query, calls, ${total}::float8 AS total_ms, ${mean}::float8 AS mean_ms, rows
FROM pg_stat_statements
WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
  AND strpos(query, $2) = 0
ORDER BY ${orderBy === 'total' ? total : mean} DESC
LIMIT $1`
}

type StatementsSqlRow = {
  query: string | null
  calls: Numeric
  total_ms: number
  mean_ms: number
  rows: Numeric
}

/** Session settings for reading the catalog: nothing written, nothing waited on for long. */
export const REPORT_SETTINGS = {
  default_transaction_read_only: 'on',
  statement_timeout: '30s',
  lock_timeout: '3s',
  idle_in_transaction_session_timeout: '60s',
}

const num = (value: unknown): number => (value === null || value === undefined ? 0 : Number(value))

/**
 * Reads the snapshot; `top` bounds the statement lists. `skip` leaves check-only sections out (no query
 * is sent for them); the snapshot lists them in `skipped`, and its checks must not be shown.
 */
export async function readSnapshot(
  client: pg.Client,
  top: number,
  options: { skip?: readonly CheckOnlySection[] } = {},
): Promise<Snapshot> {
  const errors: Record<string, string> = {}
  const skip = new Set<string>(options.skip ?? [])
  const section = async <T>(name: string, fallback: T, read: () => Promise<T>): Promise<T> => {
    if (skip.has(name)) return fallback
    try {
      return await read()
    } catch (error) {
      errors[name] = explainQueryError(error)
      return fallback
    }
  }
  /** The rows of one marked query, typed as the query's row type says (nothing checks them at run time). */
  const rows = async <Row extends pg.QueryResultRow>(sql: string, values: unknown[] = []) =>
    (await client.query<Row>(marked(sql), values)).rows

  // Without the server facts nothing else can be judged: this one is allowed to fail the run.
  const [s] = await rows<ServerSqlRow>(SERVER_SQL)
  const server: ServerInfo = {
    versionNum: num(s.version_num),
    version: s.version,
    standby: s.standby,
    database: s.database,
    user: s.role,
    databaseBytes: num(s.database_bytes),
    maxConnections: num(s.max_connections),
    reservedConnections: num(s.reserved_connections),
    autovacuum: s.autovacuum,
    ...(s.replay_delay === null ? {} : { replayDelaySeconds: num(s.replay_delay) }),
    freezeMaxAge: num(s.freeze_max_age),
    mxidFreezeMaxAge: num(s.mxid_freeze_max_age),
    autovacuumThreshold: num(s.av_threshold),
    autovacuumScaleFactor: num(s.av_scale_factor),
    preloadLibraries: s.preload,
    pgssInstalled: s.pgss_installed,
    pgstattupleInstalled: s.pgstattuple_installed,
    xidAge: num(s.xid_age),
    mxidAge: num(s.mxid_age),
    blocksHit: num(s.blks_hit),
    blocksRead: num(s.blks_read),
    statsReset: s.stats_reset,
  }

  const tables = await section('tables', [] as TableRow[], async () =>
    (await rows<TablesSqlRow>(TABLES_SQL)).map((r) => ({
      oid: num(r.oid),
      schema: r.schema,
      name: r.name,
      liveTuples: num(r.live),
      deadTuples: num(r.dead),
      modsSinceAnalyze: num(r.mods),
      lastVacuum: r.last_vacuum,
      lastAutovacuum: r.last_autovacuum,
      lastAnalyze: r.last_analyze,
      lastAutoanalyze: r.last_autoanalyze,
      seqScan: num(r.seq_scan),
      seqTupRead: num(r.seq_tup_read),
      idxScan: num(r.idx_scan),
      reltuples: num(r.reltuples),
      totalBytes: num(r.total_bytes),
      tableBytes: num(r.table_bytes),
      toastBytes: num(r.toast_bytes),
      xidAge: num(r.xid_age),
      mxidAge: num(r.mxid_age),
      autovacuumDisabled: r.autovacuum_disabled,
    })),
  )
  const indexes = await section('indexes', [] as IndexRow[], async () =>
    (await rows<IndexesSqlRow>(INDEXES_SQL)).map((r) => ({
      oid: num(r.oid),
      schema: r.schema,
      table: r.table_name,
      tableOid: num(r.table_oid),
      name: r.name,
      bytes: num(r.bytes),
      scans: num(r.scans),
      unique: r.is_unique,
      primary: r.is_primary,
      valid: r.is_valid,
      constraintBacking: r.constraint_backing,
      building: r.building,
      columns: r.columns.map(Number),
      keyColumns: num(r.key_columns),
      opclasses: r.opclasses,
      collations: r.collations,
      options: r.options,
      expressions: r.expressions,
      predicate: r.predicate,
      method: r.method,
      definition: r.definition ?? null,
    })),
  )
  const indexBloat = await section('index bloat', [] as IndexBloatRow[], async () =>
    parseIndexBloat(await rows<Record<string, unknown>>(INDEX_BLOAT_SQL)),
  )
  const tableBloat = await section('table bloat', [] as TableBloatRow[], async () =>
    parseTableBloat(await rows<Record<string, unknown>>(TABLE_BLOAT_SQL)),
  )
  const foreignKeys = await section('foreign keys', [] as ForeignKeyRow[], async () =>
    (await rows<ForeignKeysSqlRow>(FOREIGN_KEYS_SQL)).map((r) => ({
      schema: r.schema,
      table: r.table_name,
      tableOid: num(r.table_oid),
      constraint: r.constraint_name,
      attnums: r.attnums.map(Number),
      columns: r.columns,
      tableBytes: num(r.table_bytes),
    })),
  )
  const connections = await section('connections', [] as Snapshot['connections'], async () =>
    (await rows<ConnectionsSqlRow>(CONNECTIONS_SQL)).map((r) => ({ state: r.state, count: num(r.count) })),
  )
  const sessions = await section('sessions', [] as SessionRow[], async () =>
    (await rows<SessionsSqlRow>(SESSIONS_SQL)).map((r) => ({
      pid: num(r.pid),
      user: r.username,
      application: r.application,
      state: r.state,
      seconds: num(r.seconds),
      query: hideLiterals(r.query),
      waitEvent: r.wait_event,
      blockedBy: r.blocked_by.map(Number),
    })),
  )
  const sequences = await section('sequences', [] as SequenceRow[], async () => {
    // A server built without XML support (SQLSTATE 0A000) reads pg_sequences' value instead.
    const read = await rows<SequencesSqlRow>(sequencesSql(true)).catch((error: unknown) => {
      if (sqlState(error) === '0A000') return rows<SequencesSqlRow>(sequencesSql(false))
      throw error
    })
    return read.map((r) => ({
      schema: r.schema,
      name: r.name,
      lastValue: r.last_value === null ? null : num(r.last_value),
      maxValue: Math.min(num(r.max_value), r.type_max === null ? Infinity : num(r.type_max)),
      column: r.column_name ?? undefined,
      readable: r.readable,
    }))
  })
  const constraints = await section('constraints', [] as Snapshot['constraints'], async () =>
    (await rows<ConstraintsSqlRow>(CONSTRAINTS_SQL)).map((r) => ({
      schema: r.schema,
      table: r.table_name,
      name: r.name,
    })),
  )
  const holders = await section<Holders>(
    'replication and prepared transactions',
    { slots: [], replicas: [], prepared: [] },
    async () => {
      const [r] = await rows<HoldersSqlRow>(HOLDERS_SQL)
      return { slots: r.slots, replicas: r.replicas, prepared: r.prepared }
    },
  )
  let statements: Snapshot['statements']
  if (server.pgssInstalled) {
    statements = await section('slow queries', undefined, async () => {
      const read = async (order: 'total' | 'mean') =>
        (await rows<StatementsSqlRow>(statementsSql(server.versionNum, order), [top, QUERY_MARKER])).map(
          (r) => ({
            query: hideLiterals(String(r.query ?? '')),
            calls: num(r.calls),
            totalMs: num(r.total_ms),
            meanMs: num(r.mean_ms),
            rows: num(r.rows),
          }),
        )
      return { byTotal: await read('total'), byMean: await read('mean') }
    })
  }
  return {
    server,
    tables,
    indexes,
    indexBloat,
    tableBloat,
    foreignKeys,
    connections,
    sessions,
    sequences,
    constraints,
    holders,
    statements,
    errors,
    ...(skip.size > 0 ? { skipped: CHECK_ONLY_SECTIONS.filter((name) => skip.has(name)) } : {}),
  }
}

/** Why a catalog query failed, with the grant that fixes a missing privilege. */
export function explainQueryError(error: unknown): string {
  const state = sqlState(error)
  const message = getErrorMessage(error)
  if (state === '42501') return `${message}: grant the role pg_monitor (or pg_read_all_stats) to read it`
  if (state === '57014') return `${message} (the report's queries stop after 30s)`
  return message
}

/**
 * Query texts can carry values (passwords in ALTER ROLE, e-mail addresses in WHERE clauses): replace
 * every string literal before a text is shown. pg_stat_statements' texts are already normalised.
 */
export function hideLiterals(query: string): string {
  return query
    .replace(/'(?:[^']|'')*'/g, "'…'")
    .replace(/\s+/g, ' ')
    .trim()
}
