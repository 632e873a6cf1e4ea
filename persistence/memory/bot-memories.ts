// In-memory BotMemoryStore: every bot's memories by id, ranked by the shared rankMemories; an
// operator's command may forget one (`forget`).
import { rankMemories, type BotMemory, type BotMemoryStore, type NewBotMemory } from '../../actors/index.ts';

export class MemoryBotMemories implements BotMemoryStore {
  private readonly all = new Map<number, BotMemory>();
  private next = 1;

  async remember(m: NewBotMemory): Promise<number> {
    const id = this.next++;
    this.all.set(id, { ...m, id, relevance: m.relevance ?? 1, usageCount: 0 });
    return id;
  }

  async recall(botId: string, q: { about?: string; limit: number; now: number }): Promise<readonly BotMemory[]> {
    return rankMemories([...this.all.values()].filter((m) => m.botId === botId), q.now, q.about, q.limit);
  }

  async markUsed(ids: readonly number[], at: number): Promise<void> {
    for (const id of ids) {
      const m = this.all.get(id);
      if (m) this.all.set(id, { ...m, usageCount: m.usageCount + 1, lastUsedAt: at });
    }
  }

  /** Forgets memory `id` of `botId`; false when that bot has no such memory. */
  async forget(botId: string, id: number): Promise<boolean> {
    if (this.all.get(id)?.botId !== botId) return false;
    return this.all.delete(id);
  }
}
