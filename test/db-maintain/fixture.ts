// A database with every problem db-maintain must find, made by real SQL on the test server.
import { createTestDatabase } from '../support/postgres.js'

export type TestDatabase = Awaited<ReturnType<typeof createTestDatabase>>

/** Names with quotes, spaces, capitals, a dot and non-ASCII, in a schema that needs quoting too. */
export const HOSTILE_SCHEMA = 'we"ird'
export const HOSTILE_TABLE = 'Mixed Case.Täble'

export async function buildProblemDatabase(
  serverUrl: string,
  options: { pgStatStatements: boolean },
): Promise<TestDatabase> {
  const db = await createTestDatabase(serverUrl, 'dbm')
  if (options.pgStatStatements) await db.sql('CREATE EXTENSION pg_stat_statements')
  await db.sql(`
    CREATE TABLE customers (id int PRIMARY KEY, name text);
    INSERT INTO customers SELECT g, 'customer ' || g FROM generate_series(1, 1000) g;

    -- Dead tuples: a third of the rows deleted.
    CREATE TABLE orders (id serial PRIMARY KEY, customer_id int NOT NULL, note text, created timestamptz DEFAULT now());
    INSERT INTO orders (customer_id, note) SELECT g % 1000 + 1, md5(g::text) FROM generate_series(1, 30000) g;
    CREATE INDEX orders_customer_idx ON orders (customer_id);
    CREATE INDEX orders_customer_dup_idx ON orders (customer_id);
    CREATE INDEX orders_note_idx ON orders (note);
    DELETE FROM orders WHERE id % 3 = 0;

    -- A foreign key without an index, on a table with a hostile name and column.
    CREATE TABLE "Ünïcode Täble" ("customer ""ref""" int REFERENCES customers (id), payload text);
    INSERT INTO "Ünïcode Täble" SELECT g % 1000 + 1, 'x' FROM generate_series(1, 100) g;

    -- Hostile schema and table names, with dead tuples.
    CREATE SCHEMA "we""ird";
    CREATE TABLE "we""ird"."Mixed Case.Täble" (id int PRIMARY KEY, v text);
    INSERT INTO "we""ird"."Mixed Case.Täble" SELECT g, md5(g::text) FROM generate_series(1, 6000) g;
    DELETE FROM "we""ird"."Mixed Case.Täble" WHERE id <= 3000;

    -- An int4 key fed by a bigint sequence, 88% of the way to the int4 maximum.
    CREATE SEQUENCE legacy_id_seq AS bigint;
    CREATE TABLE legacy (id int4 NOT NULL DEFAULT nextval('legacy_id_seq') PRIMARY KEY);
    ALTER SEQUENCE legacy_id_seq OWNED BY legacy.id;
    SELECT setval('legacy_id_seq', 1900000000);
    INSERT INTO legacy DEFAULT VALUES;

    -- A constraint added NOT VALID and never validated.
    ALTER TABLE orders ADD CONSTRAINT orders_customer_positive CHECK (customer_id > 0) NOT VALID;

    -- A table whose duplicates make a unique index build fail (below).
    CREATE TABLE dupes (v int);
    INSERT INTO dupes VALUES (1), (1), (2);
    ANALYZE customers, "Ünïcode Täble", legacy, dupes;
  `)
  // A failed CREATE INDEX CONCURRENTLY leaves an invalid index behind (it cannot run in a transaction).
  await db.sql('CREATE UNIQUE INDEX CONCURRENTLY dupes_v_key ON dupes (v)').catch(() => undefined)
  return db
}
