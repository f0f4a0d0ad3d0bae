import { ForeignKeyRow, IndexRow } from './catalog.js'

/**
 * One decision per index, so that the report never contradicts itself: an index is dropped for one reason
 * at most (unused or duplicate), the copy kept of a duplicate pair is the one the queries use, a foreign
 * key always keeps an index behind it, and nothing dropped is also rebuilt.
 */
export interface IndexPlan {
  /** Never scanned, enforcing nothing, not kept for a foreign key or as the copy of a duplicate. */
  unused: IndexRow[]
  /** Covered by another index that is kept. */
  duplicates: { redundant: IndexRow; covering: IndexRow }[]
  /** Unused indexes kept because no other index serves the foreign key. */
  keptForForeignKey: { index: IndexRow; constraint: string }[]
  /** Foreign keys no valid btree index serves. */
  unindexedForeignKeys: ForeignKeyRow[]
  /** Oids of every index the plan drops. */
  dropped: Set<number>
}

export function planIndexes(
  indexes: IndexRow[],
  foreignKeys: ForeignKeyRow[],
  minIndexSize: number,
): IndexPlan {
  const unusedCandidates = new Set(
    indexes.filter(
      (i) => i.valid && i.scans === 0 && !i.unique && !i.constraintBacking && i.bytes >= minIndexSize,
    ),
  )
  // A used narrow index covered by a wide one that is never scanned: drop the wide one (as unused), not
  // the one the queries use.
  const duplicates = findDuplicateIndexes(indexes).filter(
    (d) => !(unusedCandidates.has(d.covering) && d.redundant.scans > 0),
  )
  const redundant = new Set(duplicates.map((d) => d.redundant))
  // The copy kept of a duplicate is not dropped as unused too: one of the pair stays.
  const coverers = new Set(duplicates.map((d) => d.covering))
  const unused = [...unusedCandidates].filter((i) => !redundant.has(i) && !coverers.has(i))

  const keptForForeignKey: IndexPlan['keptForForeignKey'] = []
  const unindexedForeignKeys: ForeignKeyRow[] = []
  for (const fk of foreignKeys) {
    const serving = indexes.filter((i) => servesForeignKey(i, fk))
    if (serving.length === 0) {
      unindexedForeignKeys.push(fk)
      continue
    }
    // A duplicate's coverer serves the key as well as the duplicate did; only unused drops can leave it bare.
    if (serving.every((i) => redundant.has(i) || unused.includes(i))) {
      const keep = serving.filter((i) => unused.includes(i)).sort(preferred)[0]
      unused.splice(unused.indexOf(keep), 1)
      keptForForeignKey.push({ index: keep, constraint: fk.constraint })
    }
  }
  return {
    unused,
    duplicates,
    keptForForeignKey,
    unindexedForeignKeys,
    dropped: new Set([...unused, ...redundant].map((i) => i.oid)),
  }
}

/**
 * Whether an index lets a DELETE or UPDATE on the referenced table find the referencing rows: a valid,
 * complete btree index whose leading key columns are the key's columns, in any order. INCLUDE columns are
 * stored, not searchable; a BRIN index only narrows a scan to block ranges.
 */
export function servesForeignKey(index: IndexRow, fk: ForeignKeyRow): boolean {
  if (index.tableOid !== fk.tableOid || !index.valid || index.predicate !== null) return false
  if (index.method !== 'btree' || index.keyColumns < fk.attnums.length) return false
  const leading = index.columns.slice(0, fk.attnums.length)
  return fk.attnums.every((a) => leading.includes(a)) && leading.every((a) => fk.attnums.includes(a))
}

/** The index to keep first: unique, then a constraint's, then the most scanned, then the oldest. */
function preferred(a: IndexRow, b: IndexRow): number {
  return (
    Number(b.unique) - Number(a.unique) ||
    Number(b.constraintBacking) - Number(a.constraintBacking) ||
    b.scans - a.scans ||
    a.oid - b.oid
  )
}

/**
 * Index pairs where one is redundant: same table, method, expressions and predicate, and its columns
 * (with their operator classes) are a leading prefix of the other's. A unique or constraint-backing index
 * is never the redundant one unless the other is unique with exactly the same columns. Of two identical
 * indexes the one kept is the unique one, then the constraint's, then the one the queries use, then the
 * older.
 */
export function findDuplicateIndexes(indexes: IndexRow[]): { redundant: IndexRow; covering: IndexRow }[] {
  const found: { redundant: IndexRow; covering: IndexRow }[] = []
  const byTable = new Map<number, IndexRow[]>()
  for (const index of indexes.filter((i) => i.valid))
    byTable.set(index.tableOid, [...(byTable.get(index.tableOid) ?? []), index])
  for (const group of byTable.values()) {
    for (const a of group) {
      // An index that backs a constraint (primary key, unique, exclusion) is never suggested for dropping.
      if (a.constraintBacking) continue
      const covering = group.find((b) => b !== a && covers(b, a))
      if (covering) found.push({ redundant: a, covering })
    }
  }
  return found
}

/** Whether index `b` makes index `a` redundant. */
export function covers(b: IndexRow, a: IndexRow): boolean {
  if (a.method !== b.method || a.expressions !== b.expressions || a.predicate !== b.predicate) return false
  if (!sameLeadingKeys(a, b)) return false
  // A unique index on fewer columns enforces something the wider one does not.
  if (a.columns.length < b.columns.length) return !a.unique
  // Identical columns: keep the preferred one.
  return preferred(b, a) < 0
}

/**
 * Whether `a`'s columns are a leading prefix of `b`'s, each with the same operator class and collation,
 * and the same sort order, or (btree) every sort order reversed: a btree index is read backwards as
 * cheaply as forwards, so (x DESC) serves what (x) serves.
 */
function sameLeadingKeys(a: IndexRow, b: IndexRow): boolean {
  if (a.columns.length > b.columns.length) return false
  const split = (i: IndexRow) => [i.opclasses, i.collations, i.options].map((x) => x.split(' '))
  const [[aOps, aColls, aOpts], [bOps, bColls, bOpts]] = [split(a), split(b)]
  const same = a.columns.every(
    (col, k) => col === b.columns[k] && aOps[k] === bOps[k] && (aColls[k] ?? '0') === (bColls[k] ?? '0'),
  )
  if (!same) return false
  // indoption bits: 1 = DESC, 2 = NULLS FIRST; a backward scan flips both.
  const option = (opts: string[], k: number) => Number(opts[k] || 0)
  const keys = a.keyColumns
  const forward = Array.from({ length: keys }, (_, k) => option(aOpts, k) === option(bOpts, k))
  if (forward.every(Boolean)) return true
  if (a.method !== 'btree') return false
  return Array.from({ length: keys }, (_, k) => option(aOpts, k) === (option(bOpts, k) ^ 3)).every(Boolean)
}
