// Plain SQL on the `pg` pool under MikroORM's connection, for the stores' hot paths. Transactions
// here hand a broken connection back to the pool to be destroyed: through the ORM's transactional(),
// a connection cut mid-transaction stayed checked out for ever (the pool shrank, and close() hung).
import type { Database } from './database.ts';

interface PgClient {
  query(text: string, values?: readonly unknown[]): Promise<{ rows: unknown[] }>;
  release(destroy?: boolean | Error): void;
}
interface PgPool {
  query(text: string, values?: readonly unknown[]): Promise<{ rows: unknown[] }>;
  connect(): Promise<PgClient>;
}

/** Runs one statement; `?` placeholders, in order. */
export type Query = <T = Record<string, unknown>>(sql: string, params?: readonly unknown[]) => Promise<T[]>;

/** `?` placeholders to `$1, $2, …` (the statements here have no other question marks). */
function numbered(sql: string): string {
  let i = 0;
  return sql.replace(/\?/g, () => `$${++i}`);
}

export class Sql {
  private pool: Promise<PgPool> | undefined;
  constructor(private readonly db: Database) {}

  private native(): Promise<PgPool> {
    const conn = this.db.orm.em.getConnection() as unknown as { getNativeClient(): Promise<PgPool> };
    return (this.pool ??= conn.getNativeClient());
  }

  /** One statement in its own (auto-committed) transaction. */
  readonly query: Query = async <T>(sql: string, params: readonly unknown[] = []) =>
    (await (await this.native()).query(numbered(sql), params)).rows as T[];

  /** `fn`'s statements in one transaction; on any error it is rolled back and the connection dropped. */
  async transaction<T>(fn: (q: Query) => Promise<T>): Promise<T> {
    const client = await (await this.native()).connect();
    try {
      await client.query('begin');
      const result = await fn(async <R>(sql: string, params: readonly unknown[] = []) => (await client.query(numbered(sql), params)).rows as R[]);
      await client.query('commit');
      client.release();
      return result;
    } catch (error) {
      client.release(error instanceof Error ? error : true); // destroyed, not reused
      throw error;
    }
  }
}
