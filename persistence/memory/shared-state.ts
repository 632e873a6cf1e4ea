// In-memory SharedStateStore and NewsLog: what one process shares with itself (the default without a
// database), and the fakes the contract tests hold the PostgreSQL adapters to. Values are copied as
// JSON in and out, as they would be over the wire.
import type { NewsItem, NewsLog, SharedStateStore, Versioned } from '../../actors/index.ts';

/** One call on the store, for assertions. */
export interface SharedStateCall {
  readonly method: 'load' | 'swap';
  readonly key: string;
  readonly version?: number;
  /** For a swap: whether it won. */
  readonly won?: boolean;
}

const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

/** A compare-and-set Map; `calls` records every load and swap (off with `record: false`). */
export class MemorySharedState implements SharedStateStore {
  readonly calls: SharedStateCall[] = [];
  private readonly values = new Map<string, { version: number; json: string }>();
  constructor(private readonly opts: { record?: boolean } = {}) {}

  async load<T>(key: string): Promise<Versioned<T> | undefined> {
    this.note({ method: 'load', key });
    const v = this.values.get(key);
    return v && { version: v.version, value: JSON.parse(v.json) as T };
  }

  async swap<T>(key: string, version: number, value: T): Promise<number | undefined> {
    const current = this.values.get(key)?.version ?? 0;
    const won = current === version;
    this.note({ method: 'swap', key, version, won });
    if (!won) return undefined;
    this.values.set(key, { version: version + 1, json: JSON.stringify(value) });
    return version + 1;
  }

  private note(call: SharedStateCall): void {
    if (this.opts.record ?? true) this.calls.push(call);
  }
}

/** News in an array; the cursor is the number of items read. */
export class MemoryNewsLog implements NewsLog {
  private readonly items: NewsItem[] = [];

  async append(news: Omit<NewsItem, 'id'>): Promise<NewsItem> {
    return this.appendNow(news);
  }

  /** The same, at once (the single node's market applies it in the same turn). */
  appendNow(news: Omit<NewsItem, 'id'>): NewsItem {
    const item: NewsItem = { ...clone(news), id: `news-${this.items.length + 1}` };
    this.items.push(item);
    return clone(item);
  }

  async since(cursor: number): Promise<{ items: readonly NewsItem[]; cursor: number }> {
    return { items: clone(this.items.slice(Math.max(0, cursor))), cursor: this.items.length };
  }
}
