// An in-memory lease store with compare-and-set and a bucket TTL, as a JetStream KV bucket behaves on
// nats-server 2.9 (one revision counter for the bucket; an expired key is gone silently), and a
// client link to it that can delay, lose requests or answers, serve stale reads and be cut off —
// driven by the seeded RNG on the (virtual) clock, for simulating a cluster in one process.
import { Transient, type Clock, type Rng } from '../../actors/index.ts';
import { CasConflict, type LeaseEntry, type LeaseKv } from '../cluster/index.ts';

interface Stored extends LeaseEntry {
  readonly writtenAt: number;
}

/** A write the store accepted, in order (the simulation's source of truth). */
export interface KvWrite {
  readonly at: number;
  readonly op: 'create' | 'update' | 'delete';
  readonly key: string;
  readonly value?: string;
  readonly revision: number;
}

/** The store itself: answers at once, keeps every accepted write. */
export class MemoryLeaseKv implements LeaseKv {
  readonly writes: KvWrite[] = [];
  private revision = 0;
  private readonly entries = new Map<string, Stored>();
  /** Per key, the entries it had, newest last (stale reads pick an older one). */
  private readonly history = new Map<string, (Stored | undefined)[]>();

  constructor(private readonly clock: Pick<Clock, 'now'>, private readonly ttlMs = 10_000) {}

  /** The live entry of `key` now (the truth, never stale). */
  current(key: string): LeaseEntry | undefined {
    const e = this.entries.get(key);
    if (e && this.clock.now() - e.writtenAt >= this.ttlMs) {
      this.entries.delete(key);
      this.remember(key, undefined);
      return undefined;
    }
    return e;
  }

  async create(key: string, value: string): Promise<number> {
    if (this.current(key)) throw new CasConflict(`${key} exists`);
    return this.write('create', key, value);
  }

  async update(key: string, value: string, revision: number): Promise<number> {
    const e = this.current(key);
    if (!e || e.revision !== revision) throw new CasConflict(`wrong last sequence for ${key}: ${e?.revision ?? 0}`);
    return this.write('update', key, value);
  }

  async delete(key: string, revision: number): Promise<void> {
    const e = this.current(key);
    if (!e || e.revision !== revision) throw new CasConflict(`wrong last sequence for ${key}: ${e?.revision ?? 0}`);
    this.entries.delete(key);
    this.writes.push({ at: this.clock.now(), op: 'delete', key, revision: ++this.revision });
    this.remember(key, undefined);
  }

  async get(key: string): Promise<LeaseEntry | undefined> {
    const e = this.current(key);
    return e && { value: e.value, revision: e.revision };
  }

  /** An earlier state of `key` (a follower that has not caught up). */
  stale(key: string, rng: Rng): LeaseEntry | undefined {
    const h = this.history.get(key);
    const e = !h || h.length < 2 ? this.current(key) : h[Math.max(0, h.length - 2 - rng.int(2))];
    return e && { value: e.value, revision: e.revision };
  }

  private write(op: 'create' | 'update', key: string, value: string): number {
    const revision = ++this.revision;
    const e = { value, revision, writtenAt: this.clock.now() };
    this.entries.set(key, e);
    this.writes.push({ at: e.writtenAt, op, key, value, revision });
    this.remember(key, e);
    return revision;
  }

  private remember(key: string, e: Stored | undefined): void {
    const h = this.history.get(key) ?? [];
    h.push(e);
    if (h.length > 4) h.shift();
    this.history.set(key, h);
  }
}

export interface KvLinkFaults {
  /** One-way latency, uniform in [min, max] ms. Default 1–5. */
  readonly latencyMs?: { readonly min: number; readonly max: number };
  /** Share of requests lost before the store saw them. */
  readonly lossRate?: number;
  /** Share of answers lost after the store applied the request. */
  readonly answerLossRate?: number;
  /** Share of reads answered from an older state. */
  readonly staleRate?: number;
  /** How long a caller waits for a lost answer. Default 500 ms. */
  readonly timeoutMs?: number;
}

/** One node's link to the store: every call crosses a faulty network; `cut` makes it a dead link. */
export class KvLink implements LeaseKv {
  cut = false;
  constructor(private readonly store: MemoryLeaseKv, private readonly env: { clock: Clock; rng: Rng }, private readonly faults: KvLinkFaults = {}) {}

  create(key: string, value: string): Promise<number> {
    return this.call(() => this.store.create(key, value));
  }

  update(key: string, value: string, revision: number): Promise<number> {
    return this.call(() => this.store.update(key, value, revision));
  }

  delete(key: string, revision: number): Promise<void> {
    return this.call(() => this.store.delete(key, revision));
  }

  get(key: string): Promise<LeaseEntry | undefined> {
    const stale = this.env.rng.chance(this.faults.staleRate ?? 0);
    return this.call(async () => (stale ? this.store.stale(key, this.env.rng) : this.store.get(key)));
  }

  private async call<T>(op: () => Promise<T>): Promise<T> {
    const { clock, rng } = this.env;
    const f = this.faults;
    const lat = () => (f.latencyMs?.min ?? 1) + rng.int((f.latencyMs?.max ?? 5) - (f.latencyMs?.min ?? 1) + 1);
    const timeout = f.timeoutMs ?? 500;
    const lostRequest = rng.chance(f.lossRate ?? 0);
    const lostAnswer = rng.chance(f.answerLossRate ?? 0);
    const there = lat();
    const back = lat();
    if (this.cut || lostRequest) {
      await clock.sleep(timeout);
      throw new Transient('kv: no answer (timed out)');
    }
    await clock.sleep(there);
    if (this.cut) {
      await clock.sleep(timeout - there);
      throw new Transient('kv: no answer (timed out)');
    }
    let result: { ok: true; value: T } | { ok: false; error: unknown };
    try {
      result = { ok: true, value: await op() };
    } catch (error) {
      result = { ok: false, error };
    }
    if (lostAnswer || this.cut) {
      await clock.sleep(timeout - there);
      throw new Transient('kv: no answer (timed out)');
    }
    await clock.sleep(back);
    if (!result.ok) throw result.error;
    return result.value;
  }
}
