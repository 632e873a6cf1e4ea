// Write-behind for the writes that must not stall an actor: people's messages as they arrive, deliveries,
// human lines, bot state and memories go into one ordered queue, flushed in batches (one transaction per
// batch). While the database is away (errors.ts) the batch is retried with backoff and nothing is
// dropped; one warn line when it goes (also when it merely stops answering) and one when it is back.
// Only a row the database refuses for its data is dropped, alone, with its reason.
import type { Logger } from '../../actors/index.ts';
import { classifyDbError } from './errors.ts';

export interface Batch<Op> {
  /** Runs `ops` (oldest first) in one transaction. */
  (ops: readonly Op[]): Promise<void>;
}

export interface WriterOptions<Op = never> {
  /** Most operations per transaction. Default 500. */
  readonly batch?: number;
  /** Backoff after a failed flush: first and largest delay in ms. Defaults 100 and 5,000. */
  readonly backoffMs?: readonly [number, number];
  /** Called with every committed batch's size and commit latency (benchmarks). */
  readonly onCommit?: (size: number, ms: number) => void;
  /** Writes queued at which intake stops (`room()` waits): people's messages then stay unconfirmed with
   * Telegram instead of piling up here. Other writes are still queued, never dropped. Default 10,000. */
  readonly limit?: number;
  /** A flush without an answer for this long counts as the database being away. Default 5,000 ms. */
  readonly stallMs?: number;
  /** A short description of an operation for the log line of a dropped row. */
  readonly describe?: (op: Op) => string;
}

/** How a queued operation ended. */
export type WriteOutcome = 'written' | 'dropped';

/** Counters of the queue (metrics, tests). */
export interface WriterStats {
  /** Operations committed. */
  written: number;
  /** Operations dropped because the database refused their data. */
  dropped: number;
  /** Times the database went away (or stopped answering). */
  outages: number;
  /** Milliseconds spent away, outages that ended. */
  awayMs: number;
  /** Times the queue reached its limit (intake stopped). */
  full: number;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms).unref());

/** An ordered write-behind queue over `run`. */
export class WriteBehind<Op> {
  private queue: Op[] = [];
  /** Per queued operation: resolves its push() once it is committed or dropped. */
  private waiters: ((outcome: WriteOutcome) => void)[] = [];
  private rooms: (() => void)[] = [];
  private flushing: Promise<void> | undefined;
  private downSince: number | undefined;
  private closed = false;
  private isFull = false;
  readonly stats: WriterStats = { written: 0, dropped: 0, outages: 0, awayMs: 0, full: 0 };

  constructor(private readonly run: Batch<Op>, private readonly logger: Logger, private readonly opts: WriterOptions<Op> = {}) {}

  /** Queues `op`; it is written soon, in order. Resolves when it is committed (or dropped as refused) —
   * callers that must not stall simply do not wait. Never rejects. */
  push(op: Op): Promise<WriteOutcome> {
    this.queue.push(op);
    const done = new Promise<WriteOutcome>((resolve) => this.waiters.push(resolve));
    this.checkFull();
    this.flushing ??= this.loop();
    return done;
  }

  /** Resolves when the queue is below its limit: intake waits here before taking more. */
  room(): Promise<void> {
    if (this.queue.length < this.limit) return Promise.resolve();
    return new Promise((resolve) => this.rooms.push(resolve));
  }

  /** Operations dropped so far (refused by the database). */
  get dropped(): number {
    return this.stats.dropped;
  }

  /** Operations not yet committed. */
  get backlog(): number {
    return this.queue.length;
  }

  /** What is still queued, oldest first (to count what a stop leaves unwritten). */
  pending(): readonly Op[] {
    return this.queue.slice();
  }

  /** True while the database is away (or does not answer). */
  get unavailable(): boolean {
    return this.downSince !== undefined;
  }

  /** True while the queue is at its limit (intake stopped). */
  get full(): boolean {
    return this.isFull;
  }

  /** Resolves when everything queued so far is committed (or `timeoutMs` passed; then false). */
  async drained(timeoutMs = 10_000): Promise<boolean> {
    if (!this.flushing) return true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<false>((r) => (timer = setTimeout(() => r(false), timeoutMs)));
    const done = (async () => {
      while (this.flushing) await this.flushing;
      return true as const;
    })();
    const ok = await Promise.race([done, timeout]);
    clearTimeout(timer);
    return ok;
  }

  /** Stops retrying after the current attempt (shutdown); what is left is reported by `backlog`. */
  close(): void {
    this.closed = true;
  }

  private get limit(): number {
    return this.opts.limit ?? 10_000;
  }

  private checkFull(): void {
    const full = this.queue.length >= this.limit;
    if (full && !this.isFull) {
      this.stats.full++;
      this.logger.warn('db.queue.full', {
        backlog: this.queue.length, limit: this.limit,
        note: 'intake stopped: people\'s messages stay unconfirmed with Telegram until the database takes the queue',
      });
    }
    if (!full && this.isFull) this.logger.warn('db.queue.room', { backlog: this.queue.length, note: 'intake resumed' });
    this.isFull = full;
    if (!full) for (const resolve of this.rooms.splice(0)) resolve();
  }

  /** Removes the first `n` operations and resolves their push(). */
  private settle(n: number, outcome: WriteOutcome): void {
    this.queue.splice(0, n);
    for (const resolve of this.waiters.splice(0, n)) resolve(outcome);
    this.checkFull();
  }

  /** Marks the database away; one line per outage, and one more when the reason turns into another
   * kind (a forced drop first ends the connections, 57P01, then the database is gone, 3D000). */
  private away(reason: string, retryMs: number, family: string): void {
    if (this.downSince === undefined) {
      this.downSince = Date.now();
      this.stats.outages++;
      this.said = new Set();
    }
    if (this.said.has(family) || this.said.size >= 4) return;
    this.said.add(family);
    this.logger.warn('db.unavailable', { reason, backlog: this.queue.length, retryMs, note: 'writes are kept in order and retried; nothing is dropped' });
  }

  /** Kinds of reason already logged in this outage. */
  private said = new Set<string>();

  private back(written: number): void {
    if (this.downSince === undefined) return;
    const ms = Date.now() - this.downSince;
    this.stats.awayMs += ms;
    this.downSince = undefined;
    this.logger.warn('db.recovered', { afterMs: ms, written, backlog: this.queue.length });
  }

  /** `run(ops)`, marking the database away when it gives no answer for `stallMs`. */
  private async attempt(ops: readonly Op[], retryMs: number): Promise<void> {
    const stallMs = this.opts.stallMs ?? 5_000;
    const stall = setTimeout(() => this.away(`no answer for ${Math.round(stallMs / 100) / 10} s`, retryMs, 'stall'), stallMs);
    try {
      await this.run(ops);
    } finally {
      clearTimeout(stall);
    }
  }

  private async loop(): Promise<void> {
    const [first, largest] = this.opts.backoffMs ?? [100, 5_000];
    let delay = first;
    while (this.queue.length && !this.closed) {
      const ops = this.queue.slice(0, this.opts.batch ?? 500);
      const t0 = performance.now();
      try {
        await this.attempt(ops, delay);
        this.opts.onCommit?.(ops.length, performance.now() - t0);
        this.stats.written += ops.length;
        this.settle(ops.length, 'written');
        this.back(ops.length);
        delay = first;
      } catch (error) {
        const fault = classifyDbError(error);
        if (fault.kind === 'away') {
          this.away(fault.reason, delay, fault.family);
          await sleep(delay);
          delay = Math.min(largest, delay * 2);
        } else await this.isolate(ops, fault.reason);
      }
    }
    this.flushing = undefined;
  }

  /** A batch refused for a row's data: its operations are written one by one and the bad ones dropped. */
  private async isolate(ops: readonly Op[], batchReason: string): Promise<void> {
    this.logger.warn('db.batch.refused', { reason: batchReason, size: ops.length, note: 'writing its rows one by one' });
    for (const op of ops) {
      try {
        await this.attempt([op], 0);
        this.stats.written++;
        this.settle(1, 'written');
        this.back(1);
      } catch (error) {
        const fault = classifyDbError(error);
        if (fault.kind === 'away') return; // gone meanwhile: the loop retries what is left
        this.stats.dropped++;
        this.logger.error('db.write.dropped', { reason: fault.reason, ...(this.opts.describe ? { op: this.opts.describe(op) } : {}) });
        this.settle(1, 'dropped');
      }
    }
  }
}
