// What the shards of one node share, across their worker threads: the main thread keeps one
// SharedStateStore (the LLM quota of every model) and one NewsLog (the market's news), and each shard
// reaches them over a MessagePort — so the shards spend one quota together and a news shock reaches
// every shard's chats, as the nodes of a cluster do through PostgreSQL.
import type { MessagePort } from 'node:worker_threads';
import type { NewsItem, NewsLog, SharedStateStore, Versioned } from '../../actors/index.ts';

type Call =
  | { readonly id: number; readonly op: 'load'; readonly key: string }
  | { readonly id: number; readonly op: 'swap'; readonly key: string; readonly version: number; readonly value: unknown }
  | { readonly id: number; readonly op: 'append'; readonly news: Omit<NewsItem, 'id'> }
  | { readonly id: number; readonly op: 'since'; readonly cursor: number };

/** A call without its id (Omit over a union would keep only the common keys). */
type Ask = Call extends infer C ? (C extends Call ? Omit<C, 'id'> : never) : never;

type Answer = { readonly id: number; readonly ok: true; readonly value: unknown } | { readonly id: number; readonly ok: false; readonly error: string };

/** Serve `state` and `news` to a shard on `port` (the main thread's side). */
export function serveShared(port: MessagePort, shared: { state: SharedStateStore; news: NewsLog }): void {
  port.on('message', (call: Call) => {
    const run = (): Promise<unknown> => {
      switch (call.op) {
        case 'load': return shared.state.load(call.key);
        case 'swap': return shared.state.swap(call.key, call.version, call.value);
        case 'append': return shared.news.append(call.news);
        case 'since': return shared.news.since(call.cursor);
      }
    };
    run().then(
      (value) => port.postMessage({ id: call.id, ok: true, value } satisfies Answer),
      (error: unknown) => port.postMessage({ id: call.id, ok: false, error: error instanceof Error ? error.message : String(error) } satisfies Answer),
    );
  });
}

/** The shard's side: the store and the news log, each call a round trip to the main thread. */
export function sharedOverPort(port: MessagePort): { state: SharedStateStore; news: NewsLog; close(): void } {
  let next = 0;
  const waiting = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>();
  port.on('message', (a: Answer) => {
    const w = waiting.get(a.id);
    waiting.delete(a.id);
    if (a.ok) w?.resolve(a.value);
    else w?.reject(new Error(a.error));
  });
  const ask = <T>(call: Ask): Promise<T> => new Promise<T>((resolve, reject) => {
    const id = ++next;
    waiting.set(id, { resolve: resolve as (v: unknown) => void, reject });
    port.postMessage({ ...call, id });
  });
  return {
    state: {
      load: <T>(key: string) => ask<Versioned<T> | undefined>({ op: 'load', key }),
      swap: <T>(key: string, version: number, value: T) => ask<number | undefined>({ op: 'swap', key, version, value }),
    },
    news: {
      append: (news) => ask<NewsItem>({ op: 'append', news }),
      since: (cursor) => ask<{ items: readonly NewsItem[]; cursor: number }>({ op: 'since', cursor }),
    },
    close: () => {
      for (const w of waiting.values()) w.reject(new Error('the node is stopping'));
      waiting.clear();
      port.close();
    },
  };
}
