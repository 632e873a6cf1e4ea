// In-memory BotStateStore: deep copies in and out, so no caller can change what is stored.
import type { BotStateRecord, BotStateStore, Clock } from '../../actors/index.ts';

/** A deep copy of a record (its nested parts are the emotion, the send times and what it said). */
function copy(r: BotStateRecord): BotStateRecord {
  return { botId: r.botId, emotion: { ...r.emotion }, emotionAt: r.emotionAt, sentAt: [...r.sentAt], ...(r.said ? { said: [...r.said] } : {}) };
}

/** One call on the store; `args` are copies taken at call time. */
export interface StoreCall {
  readonly method: 'load' | 'save';
  readonly args: readonly unknown[];
  readonly at: number;
}

/** A BotStateStore in a Map, recording its calls (`at` from the clock, 0 without one). */
export class MemoryBotStateStore implements BotStateStore {
  readonly calls: StoreCall[] = [];
  private readonly records = new Map<string, BotStateRecord>();
  /** `record: false` keeps no call log (long runs, benchmarks). */
  constructor(private readonly env: { clock?: Pick<Clock, 'now'>; record?: boolean } = {}) {}

  async load(botId: string): Promise<BotStateRecord | undefined> {
    this.record('load', [botId]);
    const stored = this.records.get(botId);
    return stored && copy(stored);
  }

  async save(record: BotStateRecord): Promise<void> {
    const stored = copy(record);
    this.record('save', [stored]);
    this.records.set(record.botId, stored);
  }

  /** Number of bots with saved state. */
  get size(): number {
    return this.records.size;
  }

  private record(method: StoreCall['method'], args: unknown[]): void {
    if (this.env.record === false) return;
    this.calls.push({ method, args, at: this.env.clock?.now() ?? 0 });
  }
}
