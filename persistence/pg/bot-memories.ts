// BotMemoryStore on the `memories` table: new memories and their use go through the stores' write
// queue like every other write (kept while the database is away); a bot's newest candidates are read
// back and ranked by the shared rankMemories (relevance, recency, usage, who it is about).
import { rankMemories, type BotMemory, type BotMemoryKind, type BotMemoryStore, type NewBotMemory } from '../../actors/index.ts';
import type { Database } from './database.ts';
import type { PgStore } from './store.ts';
import { Sql } from './sql.ts';

/** How many of a bot's newest memories are ranked per recall. */
const CANDIDATES = 500;

export class PgBotMemories implements BotMemoryStore {
  private readonly sql: Sql;
  constructor(db: Database, private readonly store: PgStore) {
    this.sql = new Sql(db);
  }

  /** Queued; resolves with its id once committed (0 when the database refused it). */
  async remember(m: NewBotMemory): Promise<number> {
    const out = { id: 0 };
    await this.store.queue({ kind: 'memory', memory: m, out });
    return out.id;
  }

  async recall(botId: string, q: { about?: string; limit: number; now: number }): Promise<readonly BotMemory[]> {
    const rows = await this.sql.query<Record<string, unknown>>(
      `select id, bot_id, kind, content, about, source_message_id, relevance, usage_count, last_used_at, created_at
         from memories where bot_id = ? order by created_at desc limit ${CANDIDATES}`, [botId]);
    return rankMemories(rows.map(toMemory), q.now, q.about, q.limit);
  }

  /** Queued, like every write; waits for the commit as long as a transcript line does (then moves on). */
  async markUsed(ids: readonly number[], at: number): Promise<void> {
    if (ids.length) await this.store.committed(this.store.queue({ kind: 'used', ids: [...ids], at }));
  }
}

function toMemory(r: Record<string, unknown>): BotMemory {
  return {
    id: Number(r.id), botId: String(r.bot_id), kind: r.kind as BotMemoryKind, content: String(r.content),
    relevance: Number(r.relevance), usageCount: Number(r.usage_count), createdAt: new Date(r.created_at as string).getTime(),
    ...(r.about !== null ? { about: String(r.about) } : {}),
    ...(r.source_message_id !== null ? { sourceMessageId: Number(r.source_message_id) } : {}),
    ...(r.last_used_at !== null ? { lastUsedAt: new Date(r.last_used_at as string).getTime() } : {}),
  };
}
