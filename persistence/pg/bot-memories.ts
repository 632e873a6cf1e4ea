// BotMemoryStore on the `memories` table: a bot's newest candidates read back and ranked by the shared
// rankMemories (relevance, recency, usage, who it is about).
import { rankMemories, type BotMemory, type BotMemoryKind, type BotMemoryStore, type NewBotMemory } from '../../actors/index.ts';
import type { Database } from './database.ts';
import { Sql } from './sql.ts';

/** How many of a bot's newest memories are ranked per recall. */
const CANDIDATES = 500;

export class PgBotMemories implements BotMemoryStore {
  private readonly sql: Sql;
  constructor(db: Database) {
    this.sql = new Sql(db);
  }

  async remember(m: NewBotMemory): Promise<number> {
    const [row] = await this.sql.query<{ id: string }>(
      `insert into memories (bot_id, kind, content, about, source_message_id, relevance, created_at) values (?, ?, ?, ?, ?, ?, ?) returning id`,
      [m.botId, m.kind, m.content, m.about ?? null, m.sourceMessageId ?? null, m.relevance ?? 1, new Date(m.createdAt).toISOString()]);
    return Number(row!.id);
  }

  async recall(botId: string, q: { about?: string; limit: number; now: number }): Promise<readonly BotMemory[]> {
    const rows = await this.sql.query<Record<string, unknown>>(
      `select id, bot_id, kind, content, about, source_message_id, relevance, usage_count, last_used_at, created_at
         from memories where bot_id = ? order by created_at desc limit ${CANDIDATES}`, [botId]);
    return rankMemories(rows.map(toMemory), q.now, q.about, q.limit);
  }

  async markUsed(ids: readonly number[], at: number): Promise<void> {
    if (!ids.length) return;
    await this.sql.query(`update memories set usage_count = usage_count + 1, last_used_at = ? where id in (select jsonb_array_elements_text(?::jsonb)::bigint)`,
      [new Date(at).toISOString(), JSON.stringify(ids)]);
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
