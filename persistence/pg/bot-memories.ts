// BotMemoryStore on the `memories` table: new memories and their use go through the stores' write
// queue like every other write (kept while the database is away); a bot's newest candidates are read
// back and ranked by the shared rankMemories (relevance, recency, usage, who it is about). Every
// compose recalls, so under load the reads are coalesced: the first goes at once, those asked while
// it runs go together in the next statement (one round trip and one transaction for all of them).
import { rankMemories, type BotMemory, type BotMemoryKind, type BotMemoryStore, type NewBotMemory } from '../../actors/index.ts';
import type { Database } from './database.ts';
import type { PgStore } from './store.ts';
import { Sql } from './sql.ts';

/** How many of a bot's newest memories are ranked per recall. */
const CANDIDATES = 500;

/** Each listed bot's newest candidates (one index walk per bot). */
const CANDIDATES_OF = `select m.id, m.bot_id, m.kind, m.content, m.about, m.source_message_id, m.relevance, m.usage_count, m.last_used_at, m.created_at
  from jsonb_array_elements_text(?::jsonb) as b(id)
  cross join lateral (select * from memories where bot_id = b.id order by created_at desc limit ${CANDIDATES}) m`;

type Row = Record<string, unknown>;
interface Waiter { readonly resolve: (rows: Row[]) => void; readonly reject: (error: unknown) => void }

export class PgBotMemories implements BotMemoryStore {
  private readonly sql: Sql;
  /** Recalls asked while a read runs, by bot: the next read serves them all. */
  private waiting = new Map<string, Waiter[]>();
  private reading = false;
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
    const rows = await new Promise<Row[]>((resolve, reject) => {
      const list = this.waiting.get(botId);
      if (list) list.push({ resolve, reject });
      else this.waiting.set(botId, [{ resolve, reject }]);
      if (!this.reading) void this.readWaiting();
    });
    return rankMemories(rows.map(toMemory), q.now, q.about, q.limit);
  }

  /** Reads for every waiting bot in one statement, again while more arrived meanwhile. A failed read
   * fails the recalls it was for (the bot composes without memories); the next ones try afresh. */
  private async readWaiting(): Promise<void> {
    this.reading = true;
    try {
      while (this.waiting.size) {
        const batch = this.waiting;
        this.waiting = new Map();
        try {
          const rows = await this.sql.query<Row>(CANDIDATES_OF, [JSON.stringify([...batch.keys()])]);
          const of = new Map<string, Row[]>();
          for (const r of rows) {
            const id = String(r.bot_id);
            const list = of.get(id);
            if (list) list.push(r);
            else of.set(id, [r]);
          }
          for (const [id, waiters] of batch) for (const w of waiters) w.resolve(of.get(id) ?? []);
        } catch (error) {
          for (const waiters of batch.values()) for (const w of waiters) w.reject(error);
        }
      }
    } finally {
      this.reading = false;
    }
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
