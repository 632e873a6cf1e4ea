// Opening the PostgreSQL database through MikroORM: URL checks, a first round trip with a clear message
// when it fails, and the migrations (apply, status, and the mismatch check start-up runs).
import { MikroORM } from '@mikro-orm/postgresql';
import { Migrator } from '@mikro-orm/migrations';
import type { Logger } from '../../actors/index.ts';
import { ENTITIES } from './entities.ts';
import { MIGRATIONS } from './migrations/index.ts';

/** A database problem that stops start-up: one line for the user. */
export class DatabaseError extends Error {
  override readonly name = 'DatabaseError';
}

export interface MigrationStatus {
  readonly executed: readonly string[];
  readonly pending: readonly string[];
  /** Applied to the database but unknown to this build (the database is newer than the code). */
  readonly unknown: readonly string[];
}

export interface OpenOptions {
  readonly logger?: Logger;
  /** Create the database when it does not exist (the embedded default). Default false. */
  readonly create?: boolean;
  /** Connections in the pool. Default 4. */
  readonly poolSize?: number;
}

/** The URL with its password hidden, for messages. */
export function safeUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '(unparsable URL)';
  }
}

/** Checks a DATABASE_URL's shape; returns the rule it breaks, or undefined. */
export function checkDatabaseUrl(url: string): string | undefined {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return 'must be a URL like postgresql://user:password@host:5432/dbname';
  }
  if (u.protocol !== 'postgres:' && u.protocol !== 'postgresql:') return `must start with postgresql:// (got "${u.protocol}//")`;
  if (!u.hostname) return 'must name a host, as in postgresql://user@host:5432/dbname';
  if (u.pathname.replace(/^\//, '') === '') return 'must name a database, as in postgresql://user@host:5432/dbname';
  return undefined;
}

function describe(error: unknown): string {
  const e = error as { code?: string; message?: string; errors?: { code?: string }[] };
  const code = e.code ?? e.errors?.[0]?.code;
  if (code === 'ECONNREFUSED') return 'connection refused';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return 'host not found';
  if (code === 'ETIMEDOUT') return 'connection timed out';
  return (e.message ?? String(error)).split('\n')[0]!;
}

/** An open database: the ORM (fork `orm.em` per unit of work) and its migrations. */
export class Database {
  private constructor(readonly orm: MikroORM, readonly url: string) {}

  /** Connects (and checks the connection with a round trip); throws DatabaseError with one clear line. */
  static async open(url: string, opts: OpenOptions = {}): Promise<Database> {
    const rule = checkDatabaseUrl(url);
    if (rule) throw new DatabaseError(`DATABASE_URL ${rule}`);
    const logger = opts.logger;
    let orm: MikroORM;
    try {
      orm = await MikroORM.init({
        entities: ENTITIES, clientUrl: url, extensions: [Migrator], debug: false, ensureDatabase: opts.create ?? false,
        pool: { min: 0, max: opts.poolSize ?? 4 },
        driverOptions: { connectionTimeoutMillis: 5_000 },
        migrations: { migrationsList: MIGRATIONS, snapshot: false, silent: true, transactional: true, allOrNothing: true },
        logger: (message) => logger?.debug('db.orm', { message }),
      });
    } catch (error) {
      throw new DatabaseError(`cannot open PostgreSQL at ${safeUrl(url)}: ${describe(error)}`);
    }
    const db = new Database(orm, url);
    try {
      if (opts.create) await orm.schema.ensureDatabase();
      await orm.em.getConnection().execute('select 1');
    } catch (error) {
      await orm.close(true).catch(() => undefined);
      throw new DatabaseError(`cannot reach PostgreSQL at ${safeUrl(url)}: ${describe(error)}`);
    }
    return db;
  }

  /** Which migrations ran, which are pending, and which the database has but this build lacks. */
  async status(): Promise<MigrationStatus> {
    const executed = (await this.orm.migrator.getExecuted()).map((m) => m.name);
    const known = MIGRATIONS.map((m) => m.name);
    return {
      executed,
      pending: known.filter((n) => !executed.includes(n)),
      unknown: executed.filter((n) => !known.includes(n)),
    };
  }

  /** Applies the pending migrations; returns their names. Refuses a database newer than the code. */
  async migrate(): Promise<string[]> {
    const s = await this.status();
    if (s.unknown.length) throw new DatabaseError(mismatch(s));
    return (await this.orm.migrator.up()).map((m) => m.name);
  }

  /** Throws DatabaseError unless the schema is exactly what this build expects. */
  async requireCurrent(): Promise<void> {
    const s = await this.status();
    if (s.unknown.length) throw new DatabaseError(mismatch(s));
    if (s.pending.length) throw new DatabaseError(`the database at ${safeUrl(this.url)} needs ${s.pending.length} migration(s) (${s.pending.join(', ')}): run "piyasa migrate"`);
  }

  async close(): Promise<void> {
    await this.orm.close(true);
  }
}

function mismatch(s: MigrationStatus): string {
  return `the database has migration(s) this version does not know (${s.unknown.join(', ')}): it was migrated by a newer Piyasa`;
}
