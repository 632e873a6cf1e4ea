// Which partitions this node owns, decided by compare-and-set writes on one lease per partition:
// acquire (create), renew (update with the last revision), take over from a dead holder (update with
// the revision read — a stale read just loses the race), release (delete) when placement moves a
// partition elsewhere. A lease not renewed in time, or lost, stops its partition here at once
// (self-fencing); a node may dispatch for a partition only while its lease is confirmed and others
// still hear it. The hooks start and stop the partition's actors. Time and I/O come through ports.
import type { Clock, Logger, Timer } from '../../actors/index.ts';
import { CasConflict, leaseKey, type LeaseKv } from './lease-kv.ts';
import type { MembershipView } from './membership.ts';
import { PARTITIONS, placement } from './placement.ts';

export type Deactivation = 'released' | 'lost' | 'expired' | 'leaving' | 'refused';

export interface PartitionHooks {
  /** Take `partition` with fencing token `fence`: fence the database, start its actors, serve its
   * messages. False when the database already knows a newer owner (the lease is given back). */
  activate(partition: number, fence: number): Promise<boolean>;
  /** Stop serving it and stop its actors (the turn in hand finishes, writes are committed). */
  deactivate(partition: number, why: Deactivation): Promise<void>;
}

export interface OwnershipOptions {
  readonly view: MembershipView;
  readonly kv: LeaseKv;
  readonly clock: Clock;
  readonly hooks: PartitionHooks;
  readonly logger: Logger;
  /** Default 64. */
  readonly partitions?: number;
  /** How often placement is checked and leases acted on. Default 100 ms. */
  readonly tickMs?: number;
  /** Renew each lease this often. Default 2,000 ms. */
  readonly renewEveryMs?: number;
  /** Drop a lease not renewed for this long (below the bucket's TTL). Default 8,000 ms. */
  readonly expireAfterMs?: number;
  /** Acquire nothing for this long after start (learn who is there first). Default 500 ms. */
  readonly warmupMs?: number;
  /** Whether `node` still answers; asked before taking over from a silent holder. */
  probe?(node: string): Promise<boolean>;
}

interface Held {
  readonly fence: number;
  revision: number;
  /** When the last successful write of this lease was started. */
  confirmedAt: number;
  /** The last renewal got no answer (it may have been written). */
  unsure?: boolean;
}

export interface OwnershipStats {
  acquired: number;
  stolen: number;
  released: number;
  lost: number;
  expired: number;
  refused: number;
  renewals: number;
  conflicts: number;
  errors: number;
}

export class Ownership {
  readonly partitions: number;
  readonly stats: OwnershipStats = { acquired: 0, stolen: 0, released: 0, lost: 0, expired: 0, refused: 0, renewals: 0, conflicts: 0, errors: 0 };
  private readonly held = new Map<number, Held>();
  private readonly busy = new Set<number>();
  /** Partitions with a lease write of ours that got no answer, not held: maybe ours in the store. */
  private readonly uncertain = new Set<number>();
  private readonly unsureReads = new Map<number, number>();
  /** Nodes found dead (logged once each until heard again). */
  private readonly down = new Set<string>();
  private timer: Timer | undefined;
  private startedAt = 0;
  private running = false;
  private readonly logged = new Map<string, number>();
  private readonly o: Required<Omit<OwnershipOptions, 'probe'>> & Pick<OwnershipOptions, 'probe'>;

  constructor(o: OwnershipOptions) {
    this.o = { partitions: PARTITIONS, tickMs: 100, renewEveryMs: 2_000, expireAfterMs: 8_000, warmupMs: 500, ...o };
    this.partitions = this.o.partitions;
  }

  get self(): string {
    return this.o.view.self;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.startedAt = this.o.clock.now();
    const loop = (): void => {
      if (!this.running) return;
      this.tick();
      this.timer = this.o.clock.setTimer(this.o.tickMs, loop);
    };
    this.timer = this.o.clock.setTimer(this.o.tickMs, loop);
  }

  /** Stops deciding (a crash in a simulation, or after `leave`); holds on to nothing it knows of. */
  stop(): void {
    this.running = false;
    if (this.timer) this.o.clock.clearTimer(this.timer);
  }

  /** Graceful leave: place nothing here, hand every partition over (finish, persist, release) and
   * resolve once none is held (or `timeoutMs` passed). */
  async leave(timeoutMs = 10_000): Promise<void> {
    this.o.view.leaving = true;
    this.tick();
    const end = this.o.clock.now() + timeoutMs;
    while ((this.held.size > 0 || this.busy.size > 0) && this.o.clock.now() < end) {
      await this.o.clock.sleep(this.o.tickMs);
      this.tick();
    }
    this.stop();
  }

  /** Partitions held, being acquired or being released (what the heartbeat lists). */
  claimed(): number[] {
    return [...new Set([...this.held.keys(), ...this.busy])];
  }

  /** Partitions held now. */
  owned(): number[] {
    return [...this.held.keys()].sort((a, b) => a - b);
  }

  /** The fencing token of a held partition. */
  fenceOf(partition: number): number | undefined {
    return this.held.get(partition)?.fence;
  }

  /** May this node act for `partition` now (send, write)? Only while its lease was confirmed in the
   * current validity period and the others still hear us. */
  mayDispatch(partition: number): boolean {
    const h = this.held.get(partition);
    if (!h) return false;
    const now = this.o.clock.now();
    const v = this.o.view;
    return now < v.validUntil() && h.confirmedAt >= v.validSince() && now - h.confirmedAt < this.o.expireAfterMs;
  }

  /** One round: drop what expired, release what placement moved away, renew what is due, acquire
   * what placement gives us. Each partition has at most one operation in flight. */
  tick(): void {
    const now = this.o.clock.now();
    const v = this.o.view;
    const desired = placement(v.live(now), this.partitions);
    const warm = now - this.startedAt >= this.o.warmupMs;
    for (const n of this.down) if (!v.suspected(n, now)) this.down.delete(n);
    for (let p = 0; p < this.partitions; p++) {
      if (this.busy.has(p)) continue;
      const h = this.held.get(p);
      if (h) {
        if (now - h.confirmedAt > this.o.expireAfterMs) this.run(p, () => this.drop(p, 'expired'));
        else if (desired[p] !== this.self) this.run(p, () => this.release(p, v.leaving ? 'leaving' : 'released'));
        else if (now - h.confirmedAt >= this.o.renewEveryMs || h.confirmedAt < v.validSince()) this.run(p, () => this.renew(p, h));
      } else if (desired[p] === this.self && warm && this.running) this.run(p, () => this.acquire(p));
      else if (this.uncertain.has(p)) this.run(p, () => this.tidy(p));
    }
  }

  private run(p: number, op: () => Promise<void>): void {
    this.busy.add(p);
    op().catch((e: unknown) => this.error(`op:${p}`, e)).finally(() => this.busy.delete(p));
  }

  private async acquire(p: number): Promise<void> {
    const key = leaseKey(p);
    const started = this.o.clock.now();
    let revision: number;
    let how: 'created' | 'dead' | 'own' = 'created';
    try {
      revision = await this.o.kv.create(key, this.self);
    } catch (e) {
      if (!(e instanceof CasConflict)) {
        this.uncertain.add(p); // it may have been written: ours without our knowing
        return this.error('kv', e);
      }
      const entry = await this.o.kv.get(key).catch((err: unknown) => this.error('kv', err));
      if (!entry) return;
      if (entry.value === this.self) how = 'own'; // a write of ours whose answer was lost
      else if (!this.o.view.suspected(entry.value, this.o.clock.now())) return; // alive: it lets go itself
      else if (this.o.probe && (await this.o.probe(entry.value))) return; // slow, not dead
      else {
        how = 'dead';
        if (!this.down.has(entry.value)) {
          this.down.add(entry.value);
          this.o.logger.warn('node.down', { node: entry.value, note: 'silent and not answering: its partitions are taken over' });
        }
      }
      try {
        revision = await this.o.kv.update(key, this.self, entry.revision);
      } catch (err) {
        if (err instanceof CasConflict) this.stats.conflicts++;
        else {
          this.uncertain.add(p);
          this.error('kv', err);
        }
        return;
      }
    }
    this.uncertain.delete(p);
    if (!this.running || this.o.view.leaving) {
      await this.o.kv.delete(key, revision).catch(() => this.uncertain.add(p));
      return;
    }
    // Held from here: the partition's actors start inside `activate` and write under this revision.
    this.held.set(p, { fence: revision, revision, confirmedAt: started });
    let activated = false;
    try {
      activated = await this.o.hooks.activate(p, revision);
    } catch (e) {
      this.error('activate', e);
    }
    if (!activated) {
      this.held.delete(p);
      this.stats.refused++;
      await this.o.hooks.deactivate(p, 'refused').catch((err: unknown) => this.error('deactivate', err));
      await this.o.kv.delete(key, revision).catch(() => this.uncertain.add(p));
      this.o.logger.warn('lease.refused', { partition: p, revision, note: 'the database knows a newer owner, or the partition could not start' });
      return;
    }
    if (how === 'dead') this.stats.stolen++;
    else this.stats.acquired++;
    this.o.logger.info('lease.acquired', { partition: p, revision, how });
  }

  private async renew(p: number, h: Held): Promise<void> {
    const started = this.o.clock.now();
    try {
      if (h.unsure) {
        // The last renewal got no answer: it may have been written. Carry on from what the store has
        // if it is still ours (a stale read only makes the update below lose, never win wrongly).
        const entry = await this.o.kv.get(leaseKey(p));
        if (entry?.value === this.self && entry.revision > h.revision) h.revision = entry.revision;
      }
      h.revision = await this.o.kv.update(leaseKey(p), this.self, h.revision);
      h.unsure = false;
      h.confirmedAt = started;
      this.stats.renewals++;
    } catch (e) {
      if (e instanceof CasConflict) await this.drop(p, 'lost');
      else {
        h.unsure = true;
        this.error('kv', e);
      }
    }
  }

  /** A lease write of ours got no answer and we do not hold the partition: if the store says it is
   * ours, give it back (or it would block the partition until the TTL removes it). */
  private async tidy(p: number): Promise<void> {
    const key = leaseKey(p);
    const entry = await this.o.kv.get(key);
    if (entry?.value !== this.self) {
      if ((this.unsureReads.get(p) ?? 0) >= 2) this.uncertain.delete(p);
      this.unsureReads.set(p, (this.unsureReads.get(p) ?? 0) + 1);
      return;
    }
    try {
      await this.o.kv.delete(key, entry.revision);
      this.uncertain.delete(p);
      this.unsureReads.delete(p);
    } catch (e) {
      if (!(e instanceof CasConflict)) this.error('kv', e);
    }
  }

  private async release(p: number, why: Deactivation): Promise<void> {
    const h = this.held.get(p);
    if (!h) return;
    this.o.logger.info('lease.releasing', { partition: p, why });
    // Still ours while its actors stop: the turn in hand is sent and committed under this lease.
    await this.o.hooks.deactivate(p, why);
    this.held.delete(p);
    this.stats.released++;
    for (let i = 0; i < 3; i++) {
      try {
        await this.o.kv.delete(leaseKey(p), h.revision);
        break;
      } catch (e) {
        // Taken over meanwhile, or a renewal we did not hear of moved the revision: tidy() looks.
        this.uncertain.add(p);
        if (e instanceof CasConflict) break;
        this.error('kv', e);
      }
    }
    this.o.logger.info('lease.released', { partition: p, why });
  }

  /** Self-fencing: stop the partition here at once (the lease was lost, or may expire). */
  private async drop(p: number, why: 'lost' | 'expired'): Promise<void> {
    if (!this.held.delete(p)) return;
    this.stats[why]++;
    if (why === 'expired') this.uncertain.add(p);
    this.o.logger.warn('lease.dropped', { partition: p, why });
    await this.o.hooks.deactivate(p, why);
  }

  /** Logs a failure once per kind every 5 s (a KV outage is one line, not thousands). */
  private error(kind: string, e: unknown): undefined {
    this.stats.errors++;
    const now = this.o.clock.now();
    if ((this.logged.get(kind) ?? -Infinity) + 5_000 <= now) {
      this.logged.set(kind, now);
      this.o.logger.warn('lease.error', { kind, error: e instanceof Error ? e.message : String(e) });
    }
    return undefined;
  }
}
