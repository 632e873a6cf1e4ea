// A throw-away PostgreSQL database per test on the machine's server (127.0.0.1:5432, or
// PIYASA_TEST_PG): created with a unique piyasa_t3_ name, migrated, and dropped with everything in it.
import { randomBytes } from 'node:crypto';
import { Database } from '../../persistence/index.ts';

export const PG_SERVER = process.env.PIYASA_TEST_PG ?? 'postgresql://postgres@127.0.0.1:5432';

export interface TestDatabase {
  readonly url: string;
  readonly name: string;
  /** Open (and migrate) a connection to it; each open is closed by `drop`. */
  open(): Promise<Database>;
  /** Closes every connection opened here and drops the database. */
  drop(): Promise<void>;
}

/** A new, migrated database. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const name = `piyasa_t3_${randomBytes(5).toString('hex')}`;
  const url = `${PG_SERVER}/${name}`;
  const opened: Database[] = [];
  const first = await Database.open(url, { create: true });
  opened.push(first);
  await first.migrate();
  return {
    url, name,
    async open() {
      const db = await Database.open(url);
      opened.push(db);
      return db;
    },
    async drop() {
      for (const db of opened) await db.close().catch(() => undefined);
      const admin = await Database.open(`${PG_SERVER}/postgres`);
      try {
        await admin.orm.em.getConnection().execute(`drop database if exists "${name}" with (force)`);
      } finally {
        await admin.close();
      }
    },
  };
}
