// A node on several event loops: its chats (and the bots that live with them) are split over N shards,
// each a worker thread running the single-node composition for its part. A bot lives on the shard of
// its home chat (the first chat it is a member of); messages to entities on another shard cross over
// a MessagePort between the two shards. The shards share one LLM quota and one market's news through
// the main thread (shared-port.ts). One process, one node, all of its cores.
import { MessageChannel, Worker, type MessagePort } from 'node:worker_threads';
import { fnv1a, type EntityAddress, type HumanMessage, type SaidEvent } from '../../actors/index.ts';
import type { Config, LlmSettings } from '../config/index.ts';
import { MemoryNewsLog, MemorySharedState } from '../../persistence/index.ts';
import { serveShared } from './shared-port.ts';

/** Which shard hosts each chat and each bot. */
export interface ShardPlan {
  readonly count: number;
  readonly chats: Readonly<Record<string, number>>;
  readonly bots: Readonly<Record<string, number>>;
}

/** Chats spread by a stable hash of their id; each bot goes with its home chat (its first chat). */
export function planShards(config: Config, count: number): ShardPlan {
  const chats: Record<string, number> = {};
  const bots: Record<string, number> = {};
  for (const c of config.chats) chats[c.id] = fnv1a(`chat:${c.id}`) % count;
  for (const c of config.chats) for (const id of c.members) bots[id] ??= chats[c.id]!;
  for (const b of config.bots) bots[b.id] ??= fnv1a(`bot:${b.id}`) % count;
  return { count, chats, bots };
}

export function shardOf(plan: ShardPlan, address: EntityAddress): number {
  return (address.kind === 'chat' ? plan.chats[address.id] : plan.bots[address.id]) ?? 0;
}

/** What a shard is asked to do. */
export type ShardMode =
  | { readonly kind: 'run'; readonly speed: number; readonly logLevel: string; readonly llm?: LlmSettings }
  | { readonly kind: 'bench'; readonly messages: number };

export interface ShardInit {
  readonly config: Config;
  readonly plan: ShardPlan;
  readonly index: number;
  readonly seed: number;
  readonly mode: ShardMode;
  /** Port to shard j at index j (undefined at this shard's own index). */
  readonly peers: readonly (MessagePort | undefined)[];
  /** Port to the main thread's shared quota and news (shared-port.ts). */
  readonly shared: MessagePort;
}

/** What shards report to the main thread. */
export type ShardReport =
  | { readonly type: 'said'; readonly event: SaidEvent }
  | { readonly type: 'human'; readonly message: HumanMessage }
  | { readonly type: 'progress'; readonly delivered: number }
  | { readonly type: 'bench'; readonly delivered: number; readonly startedAt: number; readonly endedAt: number; readonly simMs: number; readonly crossShard: number; readonly deadLetters: number }
  | { readonly type: 'stopped'; readonly sent: number; readonly deadLetters: number; readonly crossShard: number };

/** Start `plan.count` shard workers wired to each other; `onReport` gets everything they report. */
export function startShards(config: Config, plan: ShardPlan, seed: number, mode: ShardMode, onReport: (shard: number, r: ShardReport) => void): ShardSet {
  const n = plan.count;
  const ports: (MessagePort | undefined)[][] = Array.from({ length: n }, () => new Array<MessagePort | undefined>(n));
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const { port1, port2 } = new MessageChannel();
      ports[i]![j] = port1;
      ports[j]![i] = port2;
    }
  }
  const entry = new URL('./shard-worker.ts', import.meta.url);
  const shared = { state: new MemorySharedState({ record: false }), news: new MemoryNewsLog() };
  const reported: Promise<void>[] = [];
  const workers = ports.map((peers, index) => {
    const channel = new MessageChannel();
    serveShared(channel.port1, shared);
    channel.port1.unref();
    const init: ShardInit = { config, plan, index, seed, mode, peers, shared: channel.port2 };
    const transfer = [...peers.filter((p): p is MessagePort => p !== undefined), channel.port2];
    const w = new Worker(entry, { workerData: init, transferList: transfer, execArgv: ['--import', 'tsx'] });
    // A shard's last word ('stopped', or 'bench' for a benchmark) — or its exit, if it never says it.
    reported.push(new Promise<void>((resolve) => {
      w.on('message', (r: ShardReport) => {
        onReport(index, r);
        if (r.type === 'stopped' || r.type === 'bench') resolve();
      });
      w.once('exit', () => resolve());
    }));
    return w;
  });
  return new ShardSet(workers, Promise.all(reported).then(() => undefined));
}

/** The running shards: stop them all, or wait until they have all finished. */
export class ShardSet {
  private readonly exited: Promise<number[]>;
  constructor(private readonly workers: readonly Worker[], private readonly reported: Promise<void>) {
    this.exited = Promise.all(workers.map((w) => new Promise<number>((resolve, reject) => {
      w.once('error', reject);
      w.once('exit', resolve);
    })));
  }
  /** Ask every shard to stop cleanly; resolves with their exit codes once each has reported. */
  async stop(): Promise<number[]> {
    for (const w of this.workers) w.postMessage({ type: 'stop' });
    const codes = await this.exited;
    await this.reported;
    return codes;
  }
  done(): Promise<number[]> {
    return this.exited;
  }
}
