// A cluster in one process (STYLE habit 15): N nodes, each with its own membership view, ownership
// and lease link, on one virtual clock; heartbeats and probes over a simulated network; a lease store
// with compare-and-set that can delay, lose and serve stale reads; the database's partition fence.
// Nodes can be killed, paused (SIGSTOP), cut off and made to leave. Every write a node makes for a
// partition is checked against the truth: the lease's holder in the store at that instant.
import { seededRng, type Clock, type Rng, type Timer } from '../../actors/index.ts';
import { KvLink, MemoryLeaseKv, MembershipView, Ownership, VirtualClock, bitmap, leaseKey, placement, type Heartbeat, type KvLinkFaults } from '../../transport/index.ts';
import { memoryLogger } from '../../infra/log.ts';

export const P = 64;
const HB_MS = 200;

/** A node's clock: nothing of the node runs while it is paused (its due timers wait), or ever after it died. */
export class NodeClock implements Clock {
  paused = false;
  dead = false;
  private readonly waiting: (() => void)[] = [];
  private readonly cancelled = new Set<number>();
  constructor(private readonly base: VirtualClock) {}
  now(): number {
    return this.base.now();
  }
  setTimer(ms: number, fn: () => void): Timer {
    const t: Timer = this.base.setTimer(ms, () => {
      if (this.dead || this.cancelled.delete(t.id)) return;
      if (this.paused) this.waiting.push(() => (this.cancelled.delete(t.id) ? undefined : fn()));
      else fn();
    });
    return t;
  }
  clearTimer(t: Timer): void {
    this.base.clearTimer(t);
    this.cancelled.add(t.id);
  }
  sleep(ms: number): Promise<void> {
    return new Promise((r) => this.setTimer(ms, r));
  }
  resume(): void {
    this.paused = false;
    for (const fn of this.waiting.splice(0)) fn();
  }
}

export interface SimNode {
  readonly id: string;
  readonly clock: NodeClock;
  readonly view: MembershipView;
  readonly link: KvLink;
  readonly ownership: Ownership;
  /** Partitions whose actors run here (between activate and deactivate). */
  readonly active: Set<number>;
  cut: boolean;
  left: boolean;
}

export interface Violation {
  readonly at: number;
  readonly partition: number;
  readonly node: string;
  readonly what: string;
}

export class ClusterSim {
  readonly clock: VirtualClock;
  readonly store: MemoryLeaseKv;
  readonly nodes = new Map<string, SimNode>();
  /** The database's fence per partition (highest lease revision that activated it). */
  readonly fence: number[] = new Array<number>(P).fill(0);
  readonly violations: Violation[] = [];
  readonly stats = { writes: 0, staleRejected: 0 };
  /** Per partition: since when no node could act for it (undefined while one can). */
  private readonly downSince: (number | undefined)[] = new Array<number | undefined>(P).fill(0);
  /** Longest time any partition had no node acting for it, since `resetGaps`. */
  longestGap = 0;
  readonly rng: Rng;
  readonly logger = memoryLogger(process.env.CLUSTER_SIM_LOG === '1' ? 'info' : 'error');

  constructor(readonly seed: number, readonly faults: KvLinkFaults = {}) {
    this.clock = new VirtualClock(1_000_000);
    this.store = new MemoryLeaseKv(this.clock, 10_000);
    this.rng = seededRng(seed).fork('cluster');
    const sample = (): void => {
      this.check();
      this.clock.setTimer(10, sample);
    };
    this.clock.setTimer(10, sample);
  }

  /** Starts a node (heartbeats, ownership). */
  add(id: string): SimNode {
    const clock = new NodeClock(this.clock);
    const rng = this.rng.fork(`node:${id}:${this.clock.now()}`);
    const view = new MembershipView({ self: id });
    const link = new KvLink(this.store, { clock, rng: rng.fork('kv') }, this.faults);
    const active = new Set<number>();
    const node: SimNode = {
      id, clock, view, link, active, cut: false, left: false,
      ownership: new Ownership({
        view, kv: link, clock, logger: this.logger, partitions: P,
        probe: (target) => this.probe(node, target),
        hooks: {
          activate: async (p, fence) => {
            await clock.sleep(2 + rng.int(10));
            if (this.fence[p]! > fence) return false;
            this.fence[p] = fence;
            active.add(p);
            return true;
          },
          deactivate: async (p) => {
            active.delete(p);
            await clock.sleep(1 + rng.int(20)); // the turn in hand, the last writes
          },
        },
      }),
    };
    this.nodes.set(id, node);
    view.connected(clock.now());
    const beat = (): void => {
      this.broadcast(node, { node: id, at: clock.now(), holds: bitmap(node.ownership.claimed(), P), ...(view.leaving ? { leaving: true } : {}) });
      clock.setTimer(HB_MS, beat);
    };
    beat();
    node.ownership.start();
    return node;
  }

  kill(id: string): void {
    const n = this.nodes.get(id)!;
    n.clock.dead = true;
    n.ownership.stop();
    this.nodes.delete(id);
  }

  pause(id: string): void {
    this.nodes.get(id)!.clock.paused = true;
  }

  resume(id: string): void {
    this.nodes.get(id)?.clock.resume();
  }

  /** Cut a node off the network; `noticed`: its client sees the disconnect. */
  cut(id: string, noticed: boolean): void {
    const n = this.nodes.get(id)!;
    n.cut = true;
    n.link.cut = true;
    if (noticed) n.view.disconnected();
  }

  heal(id: string): void {
    const n = this.nodes.get(id);
    if (!n || !n.cut) return;
    n.cut = false;
    n.link.cut = false;
    n.view.connected(n.clock.now());
  }

  async leave(id: string): Promise<void> {
    const n = this.nodes.get(id)!;
    n.left = true;
    let done = false;
    void n.ownership.leave(5_000).then(() => (done = true));
    while (!done) await this.run(10);
    this.kill(id);
  }

  run(ms: number): Promise<void> {
    return this.clock.runUntil(this.clock.now() + ms, () => new Promise((r) => setImmediate(r)));
  }

  /** Who holds each partition in the store now (the truth). */
  holders(): (string | undefined)[] {
    return Array.from({ length: P }, (_, p) => this.store.current(leaseKey(p))?.value);
  }

  /** Settled: every partition held by the node placement gives it, and active there. */
  settled(): boolean {
    const live = [...this.nodes.values()].filter((n) => !n.left && !n.clock.paused && !n.cut).map((n) => n.id);
    const want = placement(live, P);
    const holders = this.holders();
    return want.every((w, p) => w !== undefined && holders[p] === w && this.nodes.get(w)!.active.has(p) && this.nodes.get(w)!.ownership.mayDispatch(p));
  }

  resetGaps(): void {
    this.longestGap = 0;
    for (let p = 0; p < P; p++) if (this.downSince[p] !== undefined) this.downSince[p] = this.clock.now();
  }

  private broadcast(from: SimNode, hb: Heartbeat): void {
    if (from.cut) return;
    for (const to of this.nodes.values()) {
      if (to.cut) continue;
      to.clock.setTimer(1 + this.rng.int(4), () => {
        if (!to.cut && !from.cut) to.view.beat(hb, to.clock.now());
      });
    }
  }

  private probe(from: SimNode, target: string): Promise<boolean> {
    const t = this.nodes.get(target);
    return new Promise((resolve) => {
      if (from.cut) return from.clock.setTimer(150, () => resolve(false));
      if (!t) return from.clock.setTimer(2, () => resolve(false)); // no responders: it is gone
      if (t.cut || t.clock.paused) return from.clock.setTimer(150, () => resolve(false));
      from.clock.setTimer(3, () => resolve(true));
    });
  }

  /** Every 10 ms: each running node writes for each partition it may act for; the writer must be the
   * lease's holder in the store and at most one node may act for a partition at a time. */
  private check(): void {
    const now = this.clock.now();
    const acting = new Array<string | undefined>(P).fill(undefined);
    for (const n of this.nodes.values()) {
      if (n.clock.paused || n.clock.dead) continue;
      for (const p of n.active) {
        if (!n.ownership.mayDispatch(p)) continue;
        const fence = n.ownership.fenceOf(p)!;
        if (fence < this.fence[p]!) {
          this.stats.staleRejected++;
          continue;
        }
        this.stats.writes++;
        const holder = this.store.current(leaseKey(p))?.value;
        if (holder !== n.id) this.violations.push({ at: now, partition: p, node: n.id, what: `wrote while the lease is held by ${holder ?? 'nobody'}` });
        if (acting[p] !== undefined) this.violations.push({ at: now, partition: p, node: n.id, what: `acts together with ${acting[p]}` });
        acting[p] = n.id;
      }
    }
    for (let p = 0; p < P; p++) {
      if (acting[p] !== undefined) {
        if (this.downSince[p] !== undefined) this.longestGap = Math.max(this.longestGap, now - this.downSince[p]!);
        this.downSince[p] = undefined;
      } else this.downSince[p] ??= now;
    }
  }
}
