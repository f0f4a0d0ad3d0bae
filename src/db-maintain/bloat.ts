// Cheap, statistics-based bloat estimates for btree indexes and tables: no pgstattuple, no table or index
// reads, only the catalogs and pg_stats. The method is the one of ioguix/pgsql-bloat-estimation
// (btree/btree_bloat.sql and table/table_bloat.sql; BSD-2-Clause, copyright 2015 Jehan-Guillaume
// (ioguix) de Rorthais): size a typical tuple from pg_stats' null_frac and avg_width, count how many fit in a
// page at the relation's fillfactor, multiply by reltuples, and compare with relpages. The SQL below is
// our own, with these differences:
//   - pg_stats is read once into a MATERIALIZED CTE and hash-joined, rather than joined row by row, so
//     a non-superuser (who cannot read pg_statistic) stays fast: ~1.3-1.8 s on 10,000 tables and 20,000
//     indexes on PostgreSQL 15, as superuser or as a role with pg_read_all_data;
//   - a key column without statistics makes the row `is_na` instead of silently leaving its width out;
//   - reltuples < 0 (never vacuumed or analyzed, PostgreSQL 14+; reltuples = relpages = 0 before 14) and
//     invalid indexes are `is_na` too;
//   - the index tuple header is sizeof(IndexTupleData) = 8 bytes, the null bitmap costs 4 more bytes only
//     in the share of tuples that hold a NULL, and the estimate counts btree high keys and inner pages;
//   - inheritance statistics (pg_stats.inherited) are left out so parents are not counted twice;
//   - sizes come from relpages, not pg_relation_size(): the report takes no lock at all, so it never
//     waits behind a VACUUM FULL or a queued ALTER TABLE, and sizes and row counts come from the same
//     VACUUM/ANALYZE and agree with each other.
// Caveats (see also the interfaces): an estimate, not a measure. TOAST is not counted (its size is
// reported beside). Alignment padding between columns is not modelled (tables where it is likely are
// flagged `padded`). PostgreSQL 13+ btree deduplication makes indexes on low-cardinality keys smaller than
// estimated, so their bloat is under-reported (clamped to 0; flagged `deduplicated`). Small relations
// show large ratios from a page or two of slack.

/** Schemas never reported: the system catalogs and the TOAST tables, which belong to their tables. */
const SYSTEM_SCHEMAS = `('pg_catalog', 'information_schema', 'pg_toast')`

/**
 * Block size, and MAXALIGN guessed from version() the way the method does: 8 on 64-bit builds (and on
 * mingw), 4 otherwise. Numeric, so that divisions by them are never integer divisions.
 */
const CONSTANTS_CTE = `consts AS MATERIALIZED (
  SELECT current_setting('block_size')::numeric AS bs,
         CASE WHEN pg_catalog.version() ~ '64-bit|mingw' THEN 8.0 ELSE 4.0 END AS ma
)`

/**
 * The per-column statistics readable by the current role, read once. pg_stats hides the columns the role
 * may not SELECT (and the tables under row security); their relations come out `is_na`.
 */
const STATS_CTE = `col_stats AS MATERIALIZED (
  SELECT schemaname, tablename, attname, null_frac, avg_width, n_distinct
  FROM pg_catalog.pg_stats
  WHERE NOT inherited AND schemaname NOT IN ${SYSTEM_SCHEMAS}
)`

/** The relation's fillfactor from its reloptions, `fallback` when unset. */
const fillfactor = (alias: string, fallback: number) =>
  `coalesce((SELECT substr(opt, 12)::numeric FROM unnest(${alias}.reloptions) AS opt
            WHERE opt LIKE 'fillfactor=%' LIMIT 1), ${fallback})`

/**
 * One row per btree index of a user table or materialized view in the current database:
 * `schema, table_name, index_name, index_oid, size_bytes, bloat_bytes, bloat_ratio, is_na`.
 *
 * A leaf tuple takes a 4-byte line pointer plus MAXALIGN(8-byte header [+4 when it holds a NULL] + key
 * and INCLUDE data). Leaf pages are packed to the fillfactor (default 90) less one high key, inner pages
 * to 70%, plus the metapage: the size a fresh REINDEX would give. bloat_bytes is what lies beyond it.
 */
export const INDEX_BLOAT_SQL = `-- Btree bloat estimate from statistics; method of ioguix/pgsql-bloat-estimation (BSD-2-Clause).
WITH
${CONSTANTS_CTE},
${STATS_CTE},
idx AS MATERIALIZED (
  SELECT ic.oid AS index_oid, i.indrelid, n.nspname, tc.relname AS tblname, ic.relname AS idxname,
         ic.relpages::numeric AS relpages, ic.reltuples::numeric AS reltuples,
         i.indnatts, i.indnkeyatts, i.indkey, i.indisvalid, i.indisunique, tc.relrowsecurity,
         -- PostgreSQL 13+ deduplicates equal keys in a non-unique btree unless told not to.
         current_setting('server_version_num')::int >= 130000 AND NOT i.indisunique
           AND NOT coalesce(ic.reloptions @> ARRAY['deduplicate_items=off'], false)
           AND NOT coalesce(ic.reloptions @> ARRAY['deduplicate_items=false'], false) AS dedups,
         ${fillfactor('ic', 90)} AS fillfactor
  FROM pg_catalog.pg_index AS i
  JOIN pg_catalog.pg_class AS ic ON ic.oid = i.indexrelid
  JOIN pg_catalog.pg_class AS tc ON tc.oid = i.indrelid
  JOIN pg_catalog.pg_namespace AS n ON n.oid = ic.relnamespace
  JOIN pg_catalog.pg_am AS am ON am.oid = ic.relam
  WHERE am.amname = 'btree' AND ic.relkind = 'i' AND tc.relkind IN ('r', 'm')
    AND ic.relpersistence <> 't'
    AND n.nspname NOT IN ${SYSTEM_SCHEMAS}
),
-- Every index column (keys and INCLUDE): a table column has its statistics under the table, an
-- expression under the index itself (gathered by ANALYZE, visible only to the table owner or
-- superuser/pg_read_all_data).
idx_cols AS (
  SELECT x.index_oid, a.atttypid, s.null_frac, s.avg_width, s.attname IS NULL AS no_stats,
         CASE WHEN k.pos <= x.indnkeyatts THEN
           CASE WHEN s.n_distinct < 0 THEN -s.n_distinct * greatest(x.reltuples, 0) ELSE s.n_distinct END
         END AS key_distinct,
         -- pg_stats' own filter: what it hides from this role is unknown here, not missing.
         NOT has_column_privilege(a.attrelid, a.attnum, 'SELECT')
           OR (x.relrowsecurity AND row_security_active(x.indrelid)) AS hidden
  FROM idx AS x
  CROSS JOIN LATERAL generate_series(1, x.indnatts) AS k(pos)
  CROSS JOIN LATERAL (SELECT x.indkey[k.pos - 1] AS tblnum) AS col
  JOIN pg_catalog.pg_attribute AS a
    ON a.attrelid = CASE WHEN col.tblnum = 0 THEN x.index_oid ELSE x.indrelid END
   AND a.attnum = CASE WHEN col.tblnum = 0 THEN k.pos ELSE col.tblnum END
  LEFT JOIN col_stats AS s
    ON s.schemaname = x.nspname
   AND s.tablename = CASE WHEN col.tblnum = 0 THEN x.idxname ELSE x.tblname END
   AND s.attname = a.attname
),
idx_widths AS (
  SELECT index_oid,
         bool_or(no_stats) AS missing_stats,
         bool_or(no_stats AND hidden) AS hidden_stats,
         bool_or(atttypid = 'pg_catalog.name'::pg_catalog.regtype) AS has_name,
         coalesce(max(null_frac), 0)::numeric AS null_share,
         coalesce(sum((1 - null_frac) * avg_width), 0)::numeric AS data_bytes,
         -- The most distinct key column bounds how few distinct keys there are from below.
         max(key_distinct) AS max_key_distinct
  FROM idx_cols
  GROUP BY index_oid
),
estimate AS (
  SELECT x.nspname, x.tblname, x.idxname, x.index_oid, x.relpages, c.bs,
         1 + pages.leaf + CASE WHEN pages.leaf > 1 THEN ceil(pages.leaf / fit.per_inner) ELSE 0 END
           AS expected_pages,
         -- Every key repeated twice or more on average: deduplication shrinks the index below the estimate.
         coalesce(x.dedups AND x.reltuples > 0 AND w.max_key_distinct * 2 <= x.reltuples, false) AS deduplicated,
         CASE WHEN NOT x.indisvalid THEN 'invalid'
              WHEN x.reltuples < 0 OR w.index_oid IS NULL THEN 'never analyzed'
              WHEN w.hidden_stats AND x.reltuples > 0 THEN 'hidden'
              WHEN w.has_name THEN 'name column'
              WHEN w.missing_stats AND x.reltuples > 0 THEN 'no statistics'
         END AS na_reason
  FROM idx AS x
  LEFT JOIN idx_widths AS w ON w.index_oid = x.index_oid
  CROSS JOIN consts AS c
  CROSS JOIN LATERAL (
    SELECT (1 - coalesce(w.null_share, 0)) * (4 + ceil((8 + ceil(coalesce(w.data_bytes, 0))) / c.ma) * c.ma)
           + coalesce(w.null_share, 0)
             * (4 + ceil((ceil(12 / c.ma) * c.ma + ceil(coalesce(w.data_bytes, 0))) / c.ma) * c.ma)
           AS tuple_bytes
  ) AS tup
  CROSS JOIN LATERAL (
    SELECT greatest(1, floor((c.bs - 40 - floor(c.bs * (100 - x.fillfactor) / 100)) / tup.tuple_bytes) - 1)
             AS per_leaf,
           greatest(2, floor((c.bs - 40) * 0.7 / tup.tuple_bytes)) AS per_inner
  ) AS fit
  CROSS JOIN LATERAL (SELECT ceil(greatest(x.reltuples, 0) / fit.per_leaf) AS leaf) AS pages
)
SELECT nspname::text AS schema,
       tblname::text AS table_name,
       idxname::text AS index_name,
       index_oid,
       (relpages * bs)::bigint AS size_bytes,
       CASE WHEN na_reason IS NULL THEN (greatest(relpages - expected_pages, 0) * bs)::bigint END AS bloat_bytes,
       CASE WHEN na_reason IS NOT NULL THEN NULL
            WHEN relpages = 0 THEN 0::float8
            ELSE (greatest(relpages - expected_pages, 0) / relpages)::float8
       END AS bloat_ratio,
       na_reason IS NOT NULL AS is_na,
       na_reason,
       deduplicated
FROM estimate
ORDER BY bloat_bytes DESC NULLS LAST, schema, table_name, index_name`

/**
 * One row per user table and materialized view in the current database (heap only, TOAST excluded):
 * `schema, table_name, table_oid, size_bytes, bloat_bytes, bloat_ratio, is_na`.
 *
 * A heap tuple takes a 4-byte line pointer plus MAXALIGN(23-byte header [+ null bitmap when it holds a
 * NULL]) plus MAXALIGN(data); pages hold 24 header bytes and are filled to the fillfactor (default 100).
 */
export const TABLE_BLOAT_SQL = `-- Heap bloat estimate from statistics; method of ioguix/pgsql-bloat-estimation (BSD-2-Clause).
WITH
${CONSTANTS_CTE},
${STATS_CTE},
tbl AS MATERIALIZED (
  SELECT c.oid AS table_oid, n.nspname, c.relname, c.relpages::numeric AS relpages,
         c.reltuples::numeric AS reltuples, c.relnatts, c.relrowsecurity, ${fillfactor('c', 100)} AS fillfactor,
         coalesce(tt.relpages, 0)::numeric AS toast_pages
  FROM pg_catalog.pg_class AS c
  JOIN pg_catalog.pg_namespace AS n ON n.oid = c.relnamespace
  LEFT JOIN pg_catalog.pg_class AS tt ON tt.oid = c.reltoastrelid
  WHERE c.relkind IN ('r', 'm') AND c.relpersistence <> 't'
    AND n.nspname NOT IN ${SYSTEM_SCHEMAS}
),
tbl_widths AS (
  SELECT t.table_oid,
         count(a.attnum) FILTER (WHERE s.attname IS NULL) > 0 AS missing_stats,
         -- pg_stats' own filter: what it hides from this role is unknown here, not missing.
         count(a.attnum) FILTER (WHERE s.attname IS NULL
           AND (NOT has_column_privilege(t.table_oid, a.attnum, 'SELECT')
                OR (t.relrowsecurity AND row_security_active(t.table_oid)))) > 0 AS hidden_stats,
         coalesce(bool_or(a.atttypid = 'pg_catalog.name'::pg_catalog.regtype), false) AS has_name,
         coalesce(max(s.null_frac), 0)::numeric AS null_share,
         coalesce(sum((1 - s.null_frac) * s.avg_width), 0)::numeric AS data_bytes,
         -- An 8-byte aligned column after a narrower one: the padding between them is counted as bloat.
         coalesce(max(a.attnum) FILTER (WHERE ty.typalign = 'd') > min(a.attnum) FILTER (WHERE ty.typalign <> 'd'),
                  false) AS padded
  FROM tbl AS t
  LEFT JOIN pg_catalog.pg_attribute AS a
    ON a.attrelid = t.table_oid AND a.attnum > 0 AND NOT a.attisdropped
  LEFT JOIN pg_catalog.pg_type AS ty ON ty.oid = a.atttypid
  LEFT JOIN col_stats AS s
    ON s.schemaname = t.nspname AND s.tablename = t.relname AND s.attname = a.attname
  GROUP BY t.table_oid
),
estimate AS (
  SELECT x.nspname, x.relname, x.table_oid, x.relpages, x.toast_pages, w.padded, c.bs,
         ceil(greatest(x.reltuples, 0) / fit.per_page) AS expected_pages,
         -- Before PostgreSQL 14 a table never vacuumed or analyzed has reltuples 0, not -1, as an empty
         -- analyzed one does: there, the statistics' last vacuum and analyze times tell them apart (read
         -- only for such tables; CASE stops at the first branch that holds).
         CASE WHEN x.reltuples < 0 THEN 'never analyzed'
              WHEN x.reltuples = 0 AND x.relpages = 0 AND current_setting('server_version_num')::int < 140000
                   AND coalesce(pg_stat_get_last_analyze_time(x.table_oid), pg_stat_get_last_autoanalyze_time(x.table_oid),
                                pg_stat_get_last_vacuum_time(x.table_oid), pg_stat_get_last_autovacuum_time(x.table_oid))
                       IS NULL
                THEN 'never analyzed'
              WHEN w.hidden_stats AND x.reltuples > 0 THEN 'hidden'
              WHEN w.has_name THEN 'name column'
              WHEN w.missing_stats AND x.reltuples > 0 THEN 'no statistics'
         END AS na_reason
  FROM tbl AS x
  JOIN tbl_widths AS w ON w.table_oid = x.table_oid
  CROSS JOIN consts AS c
  CROSS JOIN LATERAL (
    SELECT 4 + ceil(ceil(w.data_bytes) / c.ma) * c.ma
           + (1 - w.null_share) * ceil(23 / c.ma) * c.ma
           + w.null_share * ceil((23 + ceil(x.relnatts / 8.0)) / c.ma) * c.ma AS tuple_bytes
  ) AS tup
  CROSS JOIN LATERAL (
    SELECT greatest(1, floor((c.bs - 24 - floor(c.bs * (100 - x.fillfactor) / 100)) / tup.tuple_bytes))
             AS per_page
  ) AS fit
)
SELECT nspname::text AS schema,
       relname::text AS table_name,
       table_oid,
       (relpages * bs)::bigint AS size_bytes,
       CASE WHEN na_reason IS NULL THEN (greatest(relpages - expected_pages, 0) * bs)::bigint END AS bloat_bytes,
       CASE WHEN na_reason IS NOT NULL THEN NULL
            WHEN relpages = 0 THEN 0::float8
            ELSE (greatest(relpages - expected_pages, 0) / relpages)::float8
       END AS bloat_ratio,
       na_reason IS NOT NULL AS is_na,
       na_reason,
       padded,
       (toast_pages * bs)::bigint AS toast_bytes
FROM estimate
ORDER BY bloat_bytes DESC NULLS LAST, schema, table_name`

/** What the estimate says about one relation; the fields shared by indexes and tables. */
interface BloatEstimate {
  schema: string
  tableName: string
  /**
   * relpages × block_size: the size as of the last VACUUM, ANALYZE or CREATE INDEX (the moment the row
   * count was taken too), not the live file size.
   */
  sizeBytes: number
  /** Bytes beyond what the rows need at the fillfactor; null when `isNa`. */
  bloatBytes: number | null
  /** bloatBytes / sizeBytes, 0..1; 0 for an empty relation, null when `isNa`. */
  bloatRatio: number | null
  /**
   * No trustworthy estimate: never analyzed (reltuples < 0), statistics missing or hidden from this role,
   * a `name` column, or (indexes) an invalid index.
   */
  isNa: boolean
  /** Why there is no estimate, when `isNa`. */
  naReason?: NaReason
}

/**
 * Why a relation has no estimate. `hidden`: pg_stats shows a column's statistics only to roles that may
 * SELECT it (pg_monitor may not), so the role, not the database, is what is missing.
 */
export type NaReason = 'invalid' | 'never analyzed' | 'hidden' | 'name column' | 'no statistics'
const NA_REASONS: readonly string[] = ['invalid', 'never analyzed', 'hidden', 'name column', 'no statistics']

export interface IndexBloatRow extends BloatEstimate {
  indexName: string
  indexOid: number
  /**
   * A non-unique btree on PostgreSQL 13+ whose keys repeat (twice or more on average): deduplication
   * stores them once, so the index is smaller than estimated and its bloat is under-reported.
   */
  deduplicated?: boolean
}

export interface TableBloatRow extends BloatEstimate {
  tableOid: number
  /** An 8-byte aligned column follows a narrower one: the estimate counts the padding as bloat. */
  padded?: boolean
  /** Size of the table's TOAST, which the estimate does not cover. */
  toastBytes?: number
}

function text(row: Record<string, unknown>, column: string): string {
  const value = row[column]
  if (typeof value !== 'string') throw new Error(`bloat row: ${column} is not text`)
  return value
}

/** A number from a JS number or a numeric string (node-postgres returns bigint and oid as strings or numbers). */
function num(row: Record<string, unknown>, column: string): number {
  const value = row[column]
  const parsed = typeof value === 'number' ? value : typeof value === 'string' ? Number(value) : NaN
  if (!Number.isFinite(parsed)) throw new Error(`bloat row: ${column} is not a number`)
  return parsed
}

function numOrNull(row: Record<string, unknown>, column: string): number | null {
  return row[column] === null || row[column] === undefined ? null : num(row, column)
}

function bool(row: Record<string, unknown>, column: string): boolean {
  const value = row[column]
  if (typeof value === 'boolean') return value
  // Accept the text form too, in case a caller read the rows with its own type parsers.
  if (value === 't' || value === 'true') return true
  if (value === 'f' || value === 'false') return false
  throw new Error(`bloat row: ${column} is not a boolean`)
}

function naReason(row: Record<string, unknown>): NaReason {
  const value = row.na_reason
  // Rows typed by an older query (or a test) without the column: no reason known.
  return typeof value === 'string' && NA_REASONS.includes(value) ? (value as NaReason) : 'no statistics'
}

function estimate(row: Record<string, unknown>): BloatEstimate {
  const isNa = bool(row, 'is_na')
  return {
    schema: text(row, 'schema'),
    tableName: text(row, 'table_name'),
    sizeBytes: num(row, 'size_bytes'),
    bloatBytes: isNa ? null : numOrNull(row, 'bloat_bytes'),
    bloatRatio: isNa ? null : numOrNull(row, 'bloat_ratio'),
    isNa,
    ...(isNa ? { naReason: naReason(row) } : {}),
  }
}

/** Types the rows of INDEX_BLOAT_SQL; throws on a row that does not have its columns. */
export function parseIndexBloat(rows: Record<string, unknown>[]): IndexBloatRow[] {
  return rows.map((row) => ({
    ...estimate(row),
    indexName: text(row, 'index_name'),
    indexOid: num(row, 'index_oid'),
    ...(row.deduplicated === true ? { deduplicated: true } : {}),
  }))
}

/** Types the rows of TABLE_BLOAT_SQL; throws on a row that does not have its columns. */
export function parseTableBloat(rows: Record<string, unknown>[]): TableBloatRow[] {
  return rows.map((row) => ({
    ...estimate(row),
    tableOid: num(row, 'table_oid'),
    ...(row.padded === true ? { padded: true } : {}),
    ...(row.toast_bytes === undefined || row.toast_bytes === null
      ? {}
      : { toastBytes: num(row, 'toast_bytes') }),
  }))
}
