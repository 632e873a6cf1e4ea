// In-memory BotMemoryStore: a list per bot, ranked by the shared rankMemories.
import { rankMemories, type BotMemory, type BotMemoryStore, type NewBotMemory } from '../../actors/index.ts';

export class MemoryBotMemories implements BotMemoryStore {
  private readonly all: BotMemory[] = [];

  async remember(m: NewBotMemory): Promise<number> {
    const id = this.all.length + 1;
    this.all.push({ ...m, id, relevance: m.relevance ?? 1, usageCount: 0 });
    return id;
  }

  async recall(botId: string, q: { about?: string; limit: number; now: number }): Promise<readonly BotMemory[]> {
    return rankMemories(this.all.filter((m) => m.botId === botId), q.now, q.about, q.limit);
  }

  async markUsed(ids: readonly number[], at: number): Promise<void> {
    for (const id of ids) {
      const i = id - 1;
      const m = this.all[i];
      if (m) this.all[i] = { ...m, usageCount: m.usageCount + 1, lastUsedAt: at };
    }
  }
}
