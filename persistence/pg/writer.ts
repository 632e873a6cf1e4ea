// Write-behind for the writes that must not stall an actor: deliveries, human messages and bot state
// go into one ordered queue, flushed in batches (one transaction per batch). While the database is
// away the batch is retried with backoff — logged once when it goes and once when it comes back.
import type { Logger } from '../../actors/index.ts';

export interface Batch<Op> {
  /** Runs `ops` (oldest first) in one transaction. */
  (ops: readonly Op[]): Promise<void>;
}

export interface WriterOptions {
  /** Most operations per transaction. Default 500. */
  readonly batch?: number;
  /** Backoff after a failed flush: first and largest delay in ms. Defaults 100 and 5,000. */
  readonly backoffMs?: readonly [number, number];
  /** Called with every committed batch's size and commit latency (benchmarks). */
  readonly onCommit?: (size: number, ms: number) => void;
}

/** A connection-level failure: the database is away, retry later. Anything else is a bad operation. */
export function isConnectionError(error: unknown): boolean {
  const e = error as { code?: string; name?: string; message?: string };
  if (e?.name === 'ConnectionException') return true;
  if (typeof e?.code === 'string' && (/^(08|57P0)/.test(e.code) || /^E(CONN|PIPE|TIMEDOUT|HOSTUNREACH|NOTFOUND)/.test(e.code))) return true;
  return /connect|terminat|ECONN|timeout|Connection ended|not queryable/i.test(e?.message ?? '');
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms).unref());

/** An ordered write-behind queue over `run`. */
export class WriteBehind<Op> {
  private queue: Op[] = [];
  /** Per queued operation: resolves its push() once it is committed or dropped. */
  private waiters: ((() => void) | undefined)[] = [];
  private flushing: Promise<void> | undefined;
  private down = false;
  private closed = false;
  /** Operations dropped because the database refused them (not for being away). */
  dropped = 0;

  constructor(private readonly run: Batch<Op>, private readonly logger: Logger, private readonly opts: WriterOptions = {}) {}

  /** Queues `op`; it is written soon, in order. Resolves when it is committed (or dropped as
   * refused) — callers that must not stall simply do not wait. Never rejects. */
  push(op: Op): Promise<void> {
    this.queue.push(op);
    const done = new Promise<void>((resolve) => this.waiters.push(resolve));
    this.flushing ??= this.loop();
    return done;
  }

  /** Removes the first `n` operations (committed or dropped) and resolves their push(). */
  private settle(n: number): void {
    this.queue.splice(0, n);
    for (const resolve of this.waiters.splice(0, n)) resolve?.();
  }

  /** Operations not yet committed. */
  get backlog(): number {
    return this.queue.length;
  }

  /** True while the database is away. */
  get unavailable(): boolean {
    return this.down;
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

  private async loop(): Promise<void> {
    const [first, largest] = this.opts.backoffMs ?? [100, 5_000];
    let delay = first;
    while (this.queue.length && !this.closed) {
      const ops = this.queue.slice(0, this.opts.batch ?? 500);
      const t0 = performance.now();
      try {
        await this.run(ops);
        this.opts.onCommit?.(ops.length, performance.now() - t0);
        this.settle(ops.length);
        if (this.down) this.logger.info('db.recovered', { written: ops.length, backlog: this.queue.length });
        this.down = false;
        delay = first;
      } catch (error) {
        if (isConnectionError(error)) {
          if (!this.down) this.logger.error('db.unavailable', { error: message(error), backlog: this.queue.length, retryMs: delay });
          this.down = true;
          await sleep(delay);
          delay = Math.min(largest, delay * 2);
        } else await this.one(ops, error);
      }
    }
    this.flushing = undefined;
  }

  /** A batch the database refused: write its operations one by one and drop (and log) the bad ones. */
  private async one(ops: readonly Op[], batchError: unknown): Promise<void> {
    this.logger.warn('db.batch.refused', { error: message(batchError), size: ops.length });
    for (const op of ops) {
      try {
        await this.run([op]);
      } catch (error) {
        if (isConnectionError(error)) return; // gone meanwhile: the loop retries what is left
        this.dropped++;
        this.logger.error('db.write.dropped', { error: message(error) });
      }
      this.settle(1);
    }
  }
}

function message(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0]!;
}
