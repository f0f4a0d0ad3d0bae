// Checks of the schema: indexes unused, duplicated or invalid, foreign keys without one, unvalidated constraints.
import { CheckFunction, ago, check } from './scope.js'
import { IndexRow } from '../catalog.js'
import { covers } from '../index-plan.js'
import { inScope } from '../inputs.js'
import { qualified, quoteIdent } from '../../core/postgres.js'
import { formatSize } from '../../core/units.js'

export const unusedIndexes: CheckFunction = ({ snapshot: { server }, plan, t, list }) => {
  const { unused } = plan
  const since = server.statsReset ? ` since statistics were reset ${ago(server.statsReset)}` : ''
  const kept = plan.keptForForeignKey.map(
    (k) => `kept ${k.index.schema}.${k.index.name}: the only index behind foreign key ${k.constraint}`,
  )
  return check(
    'unused-indexes',
    'Unused indexes',
    unused.length ? 'warn' : 'pass',
    (unused.length
      ? `${unused.length} index(es) of ${formatSize(t.minIndexSize)} or more were never scanned${since}: ${list(unused, (i) => `${i.schema}.${i.name} (${formatSize(i.bytes)})`)}`
      : `no unused index of ${formatSize(t.minIndexSize)} or more${since}`) +
      kept.map((k) => `; ${k}`).join(''),
    unused.length
      ? {
          recommendation: 'check replicas too (their scans are not counted here), then drop',
          fix: unused
            .slice(0, t.top)
            .map((i) => `DROP INDEX CONCURRENTLY ${qualified(i.schema, i.name)};`)
            .join('\n'),
        }
      : {},
  )
}

export const duplicateIndexes: CheckFunction = ({ plan: { duplicates }, t, list }) =>
  check(
    'duplicate-indexes',
    'Duplicate indexes',
    duplicates.length ? 'warn' : 'pass',
    duplicates.length
      ? `${duplicates.length} index(es) are covered by another: ${list(duplicates, (d) => `${d.redundant.schema}.${d.redundant.name} (covered by ${d.covering.name}${d.covering.scans === 0 ? ', never scanned either' : ''})`)}`
      : 'no index is covered by another',
    duplicates.length
      ? {
          fix: duplicates
            .slice(0, t.top)
            .map((d) => `DROP INDEX CONCURRENTLY ${qualified(d.redundant.schema, d.redundant.name)};`)
            .join('\n'),
        }
      : {},
  )

/** `<index>_ccnew` / `_ccold` (maybe numbered): what an interrupted or failed REINDEX CONCURRENTLY leaves. */
const LEFTOVER = /^(.*)_cc(new|old)\d*$/

/** Invalid indexes (not being built): the leftovers of REINDEX CONCURRENTLY, and the others. */
function invalidIndexesOf(indexes: IndexRow[]): { leftovers: IndexRow[]; others: IndexRow[] } {
  const invalid = indexes.filter((i) => !i.valid && !i.building)
  return {
    leftovers: invalid.filter((i) => LEFTOVER.test(i.name)),
    others: invalid.filter((i) => !LEFTOVER.test(i.name)),
  }
}

const drop = (i: IndexRow) => `DROP INDEX CONCURRENTLY ${qualified(i.schema, i.name)};`

/**
 * Invalid indexes but the leftovers of REINDEX CONCURRENTLY, one statement each. A unique index most likely
 * failed on duplicate keys: rebuilding it (REINDEX CONCURRENTLY) fails again the same way and leaves a
 * `_ccnew` copy, so it is dropped, to be built again once the duplicates are gone. Any other is rebuilt,
 * unless a valid index already does its work.
 */
export const invalidIndexes: CheckFunction = ({ indexes, list, t: { top } }) => {
  const { leftovers, others } = invalidIndexesOf(indexes)
  const covered = (i: IndexRow) => indexes.some((v) => v.valid && covers(v, { ...i, valid: true }))
  const why = (i: IndexRow) =>
    i.unique
      ? 'unique: its build most likely failed on duplicate keys'
      : covered(i)
        ? 'a valid index does its work'
        : ''
  return check(
    'invalid-indexes',
    'Invalid indexes',
    others.length ? 'warn' : 'pass',
    others.length
      ? `${others.length} index(es) are invalid (left by a failed CREATE INDEX CONCURRENTLY) and never used: ${list(others, (i) => `${i.schema}.${i.name}${why(i) ? ` (${why(i)})` : ''}`)}`
      : leftovers.length
        ? 'no invalid index but the leftovers of REINDEX CONCURRENTLY'
        : 'no invalid index',
    others.length
      ? {
          recommendation:
            'drop a unique one (REINDEX CONCURRENTLY would fail again on the duplicate keys and leave a _ccnew copy), remove the duplicates, and build it again; rebuild any other, or drop it if it is not needed',
          fix: others
            .slice(0, top)
            .map((i) =>
              i.unique
                ? [
                    drop(i),
                    ...(i.definition
                      ? [`-- once the duplicate keys are gone: ${concurrently(i.definition)};`]
                      : []),
                  ].join('\n')
                : covered(i)
                  ? drop(i)
                  : `REINDEX INDEX CONCURRENTLY ${qualified(i.schema, i.name)};`,
            )
            .join('\n'),
        }
      : {},
  )
}

/** The leftovers of REINDEX CONCURRENTLY: dropped, whether the rebuild failed or was cut short. */
export const reindexLeftovers: CheckFunction = ({ indexes, list, t: { top } }) => {
  const { leftovers } = invalidIndexesOf(indexes)
  if (!leftovers.length) return {}
  const what = (i: IndexRow) => {
    const [, of, kind] = LEFTOVER.exec(i.name)!
    return kind === 'new'
      ? `a rebuild of ${of} that failed or was interrupted: ${of} itself is unchanged`
      : `the old copy of ${of}, left when its rebuild was interrupted at the very end: the new ${of} is in place`
  }
  return check(
    'reindex-leftovers',
    'Leftovers of REINDEX CONCURRENTLY',
    'warn',
    `${leftovers.length} invalid index(es) left by REINDEX CONCURRENTLY, never used but still updated by every write: ${list(leftovers, (i) => `${i.schema}.${i.name} (${what(i)})`)}`,
    { recommendation: 'drop them', fix: leftovers.slice(0, top).map(drop).join('\n') },
  )
}

/** pg_get_indexdef's CREATE [UNIQUE] INDEX as the online CREATE ... INDEX CONCURRENTLY. */
function concurrently(definition: string): string {
  return definition.replace(/^CREATE (UNIQUE )?INDEX /, 'CREATE $1INDEX CONCURRENTLY ')
}

export const unindexedForeignKeys: CheckFunction = ({ plan: { unindexedForeignKeys: fks }, t, list }) =>
  check(
    'unindexed-foreign-keys',
    'Foreign keys without an index',
    fks.length ? 'warn' : 'pass',
    fks.length
      ? `${fks.length} foreign key(s) have no index on their columns, so deletes and updates on the referenced table scan the whole table: ${list(fks, (f) => `${f.schema}.${f.table} (${f.columns.join(', ')})`)}`
      : 'every foreign key has a supporting index',
    fks.length
      ? {
          fix: fks
            .slice(0, t.top)
            .map(
              (f) =>
                `CREATE INDEX CONCURRENTLY ON ${qualified(f.schema, f.table)} (${f.columns.map((c) => quoteIdent(c)).join(', ')});`,
            )
            .join('\n'),
        }
      : {},
  )

export const notValidConstraints: CheckFunction = ({ snapshot, t, list }) => {
  const constraints = snapshot.constraints.filter((c) => inScope(t, c.schema, c.table))
  if (!constraints.length) return {}
  return check(
    'not-valid-constraints',
    'Constraints not validated',
    'warn',
    `${constraints.length} constraint(s) were added NOT VALID and never validated: ${list(constraints, (c) => `${c.schema}.${c.table}.${c.name}`)}`,
    {
      fix: constraints
        .slice(0, t.top)
        .map((c) => `ALTER TABLE ${qualified(c.schema, c.table)} VALIDATE CONSTRAINT ${quoteIdent(c.name)};`)
        .join('\n'),
    },
  )
}
