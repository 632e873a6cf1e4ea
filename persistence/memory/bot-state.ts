// In-memory BotStateStore: deep copies in and out, so no caller can change what is stored.
import type { BotStateRecord, BotStateStore, Clock } from '../../actors/index.ts';

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
  constructor(private readonly env: { clock?: Pick<Clock, 'now'> } = {}) {}

  async load(botId: string): Promise<BotStateRecord | undefined> {
    this.record('load', [botId]);
    const stored = this.records.get(botId);
    return stored && structuredClone(stored);
  }

  async save(record: BotStateRecord): Promise<void> {
    this.record('save', [structuredClone(record)]);
    this.records.set(record.botId, structuredClone(record));
  }

  /** Number of bots with saved state. */
  get size(): number {
    return this.records.size;
  }

  private record(method: StoreCall['method'], args: unknown[]): void {
    this.calls.push({ method, args, at: this.env.clock?.now() ?? 0 });
  }
}
