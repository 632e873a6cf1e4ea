// Opening the system of record for a node: DATABASE_URL or the embedded PostgreSQL, migrations
// (applied to the embedded database, required of a configured one), the token key check, the config
// upserted, and the outbox recovered — before any actor starts. Every failure is one clear line.
import type { HumanMessage, Logger } from '../../actors/index.ts';
import {
  Catalog, Database, DatabaseError, PgBotMemories, PgIntake, PgStore, TokenKeyError, parseTokenKey, safeUrl, type StoredCatalog, type Unwritten,
} from '../../persistence/index.ts';
import { ConfigError, checkSetting, settingsFromStore, type ChatSpec, type Config } from '../config/index.ts';
import type { NodeStores } from '../root/single.ts';
import { startEmbedded, type EmbeddedDatabase } from './embedded.ts';
import { NatsStartupError } from '../../transport/index.ts';

export interface StorageOptions {
  readonly config: Config;
  readonly logger: Logger;
  readonly databaseUrl?: string;
  readonly tokenKey?: string;
  /** Home of the embedded database (default ./.piyasa). */
  readonly home?: string;
  /** Clock time, stamped on new bot states. */
  readonly now: number;
  /** Settle the last run's sends left in flight (a single node owns everything). A cluster node does
   * not: other nodes are sending; each partition is settled when a node takes it. Default true. */
  readonly recover?: boolean;
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
  /** The intake of people's messages on this database: `deliver` hands one to its chat once recorded. */
  intake(deliver: (m: HumanMessage) => void): PgIntake;
  /** Seals one bot's token (a bot added while running); throws a one-line Error without PIYASA_TOKEN_KEY. */
  sealToken(botId: string, token: string): Promise<void>;
  /** A bot's sealed token in clear (for the Telegram adapter), or undefined when none is stored or no key is set. */
  tokenOf(botId: string): Promise<string | undefined>;
  /** Writes what is queued (waiting a few seconds), closes the database, stops the embedded server.
   * Returns what could not be written (the database was away): a stop with some is not clean. */
  close(): Promise<Unwritten>;
  /** For /readyz: a round trip to the server, and whether writes are queuing. */
  readonly health: { ping(): Promise<void>; readonly unavailable: boolean; readonly backlog: number };
}

/** How long closing the pool may take (a stalled server never answers). */
const CLOSE_WAIT_MS = 3_000;

/** A problem that stops start-up: the message is the one line to print. */
export function isStartupError(error: unknown): error is Error {
  return error instanceof DatabaseError || error instanceof TokenKeyError || error instanceof ConfigError || error instanceof NatsStartupError;
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
    // The database is the truth: its settings, and the bots and chats commands added beyond the config.
    const config = withStored({ ...o.config, settings: settingsFromStore(await catalog.settings()) }, await catalog.stored(), o.logger);
    const store = new PgStore(db, o.logger);
    const { ambiguous } = o.recover === false ? { ambiguous: [] } : await store.recover();
    const [latest] = await db.orm.em.getConnection().execute<{ t: string | null }[]>(
      'select greatest((select max(at) from messages), (select max(at) from outbox)) as t');
    const bots = await catalog.listBots();
    o.logger.info('db.ready', {
      url: safeUrl(db.url), embedded: embedded !== undefined, ambiguous: ambiguous.length,
      bots: bots.map((b) => ({ id: b.id, token: b.token ?? 'none' })), // masked, never in clear
    });
    const opened = db;
    return {
      stores: { botStates: store, transcripts: store, outbox: store, memories: new PgBotMemories(db, store) }, store, db, catalog, config, ambiguous: ambiguous.length,
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
      intake: (deliver) => new PgIntake(store, deliver, o.logger),
      async sealToken(botId, token) {
        if (!key) throw new Error('token: set PIYASA_TOKEN_KEY to keep bot tokens (they are sealed in the database)');
        await catalog.setToken(botId, token, key);
      },
      tokenOf: async (botId) => (key ? catalog.token(botId, key) : undefined),
      async close() {
        const left = await store.close();
        if (left.total) o.logger.error('db.unwritten', { ...left, note: 'the database was away at the stop; people\'s messages among them were not confirmed to Telegram and come again next time' });
        await Promise.race([opened.close().catch(() => undefined), new Promise((r) => setTimeout(r, CLOSE_WAIT_MS).unref())]);
        await embedded?.stop();
        return left;
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

/** The config plus what commands added to the database (the config's own entries win; they were
 * upserted just before), less the bots commands disabled — a YAML bot too: the upsert keeps a disabled
 * bot off. A chat keeps only members that run; one left with none does not start. */
export function withStored(config: Config, stored: StoredCatalog, logger: Logger): Config {
  const off = new Set(stored.disabledBots.map((d) => d.bot.id));
  const botIds = new Set(config.bots.map((b) => b.id));
  const bots = [...config.bots.filter((b) => !off.has(b.id)), ...stored.bots.filter((b) => !botIds.has(b.id))];
  const known = new Set(bots.map((b) => b.id));
  const chatIds = new Set(config.chats.map((c) => c.id));
  const chats: ChatSpec[] = [];
  for (const c of [...config.chats, ...stored.chats.filter((s) => !chatIds.has(s.id))]) {
    const members = c.members.filter((m) => known.has(m));
    if (members.length === 0) {
      logger.warn('db.chat-without-members', { chat: c.id, reason: 'none of its members is a running bot: not started' });
      continue;
    }
    chats.push({ script: [], ...c, members });
  }
  const running = new Set(chats.map((c) => c.id));
  const disabled = stored.disabledBots.map((d) => ({ ...d, chats: d.chats.filter((id) => running.has(id)) }));
  return { ...config, bots, chats, ...(disabled.length ? { disabled } : {}) };
}

/** Writes one setting after checking it (a bad value throws ConfigError naming the key and the rule). */
export async function putSetting(catalog: Catalog, key: string, value: unknown): Promise<void> {
  checkSetting(key, value);
  await catalog.putSetting(key, value);
}
