// Ranking a bot's memories for a prompt: relevance, fading with age, worn by use, and a bonus for
// memories about the person (or bot) being answered. Pure, shared by every memory store.
import type { BotMemory } from '../ports.ts';

const DAY = 86_400_000;
/** Days after which a memory's recency weight halves. */
const HALF_LIFE_DAYS = 14;

/** Higher is better. */
export function memoryScore(m: BotMemory, now: number, about?: string): number {
  const ageDays = Math.max(0, now - m.createdAt) / DAY;
  const recency = 0.5 + 0.5 * Math.pow(0.5, ageDays / HALF_LIFE_DAYS);
  const wear = 1 / (1 + 0.25 * m.usageCount);
  return m.relevance * recency * wear + (about !== undefined && m.about === about ? 1 : 0);
}

/** The best `limit` memories, best first (ties: newer first). */
export function rankMemories(memories: readonly BotMemory[], now: number, about: string | undefined, limit: number): BotMemory[] {
  return [...memories]
    .map((m) => ({ m, score: memoryScore(m, now, about) }))
    .sort((a, b) => b.score - a.score || b.m.createdAt - a.m.createdAt)
    .slice(0, Math.max(0, limit))
    .map((x) => x.m);
}
