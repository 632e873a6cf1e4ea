// Opening the system of record for a node: DATABASE_URL or the embedded PostgreSQL, migrations
// (applied to the embedded database, required of a configured one), the token key check, the config
// upserted, and the outbox recovered — before any actor starts. Every failure is one clear line.
import type { Logger } from '../../actors/index.ts';
import { Catalog, Database, DatabaseError, PgBotMemories, PgStore, TokenKeyError, parseTokenKey, safeUrl } from '../../persistence/index.ts';
import { ConfigError, checkSetting, settingsFromStore, type Config } from '../config/index.ts';
import type { NodeStores } from '../root/single.ts';
import { startEmbedded, type EmbeddedDatabase } from './embedded.ts';

export interface StorageOptions {
  readonly config: Config;
  readonly logger: Logger;
  readonly databaseUrl?: string;
  readonly tokenKey?: string;
  /** Home of the embedded database (default ./.piyasa). */
  readonly home?: string;
  /** Clock time, stamped on new bot states. */
  readonly now: number;
}

export interface Storage {
  readonly stores: NodeStores;
  readonly store: PgStore;
  readonly db: Database;
  readonly catalog: Catalog;
  /** The config as the database now holds it (its settings read back and validated). */
  readonly config: Config;
  readonly embedded?: EmbeddedDatabase;
  /** Sends a previous run left in flight, now ambiguous. */
  readonly ambiguous: number;
  /** The latest clock time the stored messages and sends carry (undefined for an empty database). */
  readonly lastAt: number | undefined;
  /** Seals the bots' tokens (botId → token) into the bots table under PIYASA_TOKEN_KEY; without a key
   * nothing is stored (and a warning says so). Returns how many were stored. */
  sealTokens(tokens: ReadonlyMap<string, string>): Promise<number>;
  /** Writes what is queued, closes the database, stops the embedded server. */
  close(): Promise<void>;
  /** For /readyz: a round trip to the server, and whether writes are queuing. */
  readonly health: { ping(): Promise<void>; readonly unavailable: boolean; readonly backlog: number };
}

/** A problem that stops start-up: the message is the one line to print. */
export function isStartupError(error: unknown): error is Error {
  return error instanceof DatabaseError || error instanceof TokenKeyError || error instanceof ConfigError;
}

/** Opens the database for `piyasa start` (see the file header). */
export async function openStorage(o: StorageOptions): Promise<Storage> {
  const key = o.tokenKey !== undefined ? parseTokenKey(o.tokenKey) : undefined;
  const embedded = o.databaseUrl ? undefined : await embeddedOrFail(o.home ?? '.piyasa', o.logger);
  let db: Database | undefined;
  try {
    db = await Database.open(o.databaseUrl ?? embedded!.url, { create: embedded !== undefined, logger: o.logger });
    if (embedded) {
      const applied = await db.migrate();
      if (applied.length) o.logger.info('db.migrated', { applied });
    } else await db.requireCurrent();
    const catalog = new Catalog(db);
    await catalog.checkKey(key);
    await catalog.upsert(o.config, o.now);
    const config = { ...o.config, settings: settingsFromStore(await catalog.settings()) }; // the database is the truth
    const store = new PgStore(db, o.logger);
    const { ambiguous } = await store.recover();
    const [latest] = await db.orm.em.getConnection().execute<{ t: string | null }[]>(
      'select greatest((select max(at) from messages), (select max(at) from outbox)) as t');
    const bots = await catalog.listBots();
    o.logger.info('db.ready', {
      url: safeUrl(db.url), embedded: embedded !== undefined, ambiguous: ambiguous.length,
      bots: bots.map((b) => ({ id: b.id, token: b.token ?? 'none' })), // masked, never in clear
    });
    const opened = db;
    return {
      stores: { botStates: store, transcripts: store, outbox: store, memories: new PgBotMemories(db) }, store, db, catalog, config, ambiguous: ambiguous.length,
      lastAt: latest?.t == null ? undefined : Number(latest.t),
      health: {
        ping: async () => void (await opened.orm.em.getConnection().execute('select 1')),
        get unavailable() {
          return store.writer.unavailable;
        },
        get backlog() {
          return store.writer.backlog;
        },
      },
      ...(embedded ? { embedded } : {}),
      async sealTokens(tokens) {
        if (!key) {
          o.logger.warn('db.tokens-not-stored', { reason: 'PIYASA_TOKEN_KEY is not set', bots: tokens.size });
          return 0;
        }
        for (const [botId, token] of tokens) await catalog.setToken(botId, token, key);
        return tokens.size;
      },
      async close() {
        const left = await store.close();
        if (left) o.logger.error('db.unwritten', { writes: left });
        await opened.close();
        await embedded?.stop();
      },
    };
  } catch (error) {
    await db?.close().catch(() => undefined);
    await embedded?.stop().catch(() => undefined);
    throw error;
  }
}

async function embeddedOrFail(home: string, logger: Logger): Promise<EmbeddedDatabase> {
  try {
    return await startEmbedded(home, logger);
  } catch (error) {
    const detail = error instanceof Error ? error.message.split('\n')[0] : String(error ?? 'it exited at start');
    throw new DatabaseError(`the embedded PostgreSQL under ${home} could not start: ${detail}`);
  }
}

/** Writes one setting after checking it (a bad value throws ConfigError naming the key and the rule). */
export async function putSetting(catalog: Catalog, key: string, value: unknown): Promise<void> {
  checkSetting(key, value);
  await catalog.putSetting(key, value);
}
