// A grammY transformer around the listener's getUpdates: a shortest interval between polls that brought
// nothing (a proxy, a local Bot API server or an emulator may answer at once: grammY would poll again in
// a tight loop), a backoff on failures of any shape — an error answer, a non-Bot-API body (fetch.ts),
// no answer at all — with the status and what the server said in the log line, updates without an id
// (which cannot be confirmed) left out, and the ids grammY still has to hand to the listener.
import type { Transformer } from 'grammy';
import type { Clock, Logger } from '../../actors/index.ts';

/** A stop cut short the wait for an update's record: it stays unconfirmed with Telegram. */
export class ListenerStopped extends Error {
  override readonly name = 'ListenerStopped';
  constructor() {
    super('the listener stopped before the update was recorded');
  }
}

/** An abort signal: Node's, or the polyfill grammY hands its transformers. */
interface Signal {
  readonly aborted: boolean;
  addEventListener(type: 'abort', listener: () => void, options?: { once?: boolean }): void;
  removeEventListener(type: 'abort', listener: () => void): void;
}

/** Waits `ms` on `clock`; any of `signals` aborting cuts it short. */
export function pause(clock: Clock, ms: number, ...signals: (Signal | undefined)[]): Promise<void> {
  if (ms <= 0 || signals.some((s) => s?.aborted)) return Promise.resolve();
  return new Promise((resolve) => {
    const done = (): void => {
      clock.clearTimer(timer);
      for (const s of signals) s?.removeEventListener('abort', done);
      resolve();
    };
    const timer = clock.setTimer(ms, done);
    for (const s of signals) s?.addEventListener('abort', done, { once: true });
  });
}

/** `promise`, or a ListenerStopped rejection as soon as `signal` aborts. */
export function abortable<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(new ListenerStopped());
  return new Promise((resolve, reject) => {
    const stop = (): void => reject(new ListenerStopped());
    signal.addEventListener('abort', stop, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', stop));
  });
}

export interface PollLayerOptions {
  readonly clock: Clock;
  readonly logger: Logger;
  /** The bot's numeric id, for log lines. */
  readonly bot: string;
  readonly minPollMs: number;
  /** The listener's stop. */
  readonly stop: AbortSignal;
  /** An error as one redacted line. */
  readonly describe: (error: unknown) => string;
  readonly onMalformed: () => void;
}

const FIRST_BACKOFF_MS = 1_000;
const MAX_BACKOFF_MS = 30_000;

const validId = (u: unknown): boolean => {
  const id = typeof u === 'object' && u !== null ? (u as { update_id?: unknown }).update_id : undefined;
  return typeof id === 'number' && Number.isSafeInteger(id) && id >= 0;
};

export class PollLayer {
  /** Ids of the last batch handed to grammY whose handler has not finished. */
  private readonly open = new Set<number>();
  private backoff = FIRST_BACKOFF_MS;
  /** getUpdates calls and the failed ones (tests, metrics). */
  readonly counts = { polls: 0, failures: 0 };

  constructor(private readonly opts: PollLayerOptions) {}

  /** Every update grammY got has been handled: confirming them (grammY's stop) loses nothing. */
  get allHandled(): boolean {
    return this.open.size === 0;
  }

  /** The listener finished with update `id` (recorded, or skipped). */
  handled(id: number): void {
    this.open.delete(id);
  }

  transformer(): Transformer {
    const { clock, logger, stop } = this.opts;
    return async (prev, method, payload, signal) => {
      if (method !== 'getUpdates' || stop.aborted) return prev(method, payload, signal); // a stop's confirming call: once
      // grammY polls again only after the last batch was handled: that batch is confirmed by this call.
      this.open.clear();
      for (;;) {
        const started = clock.now();
        this.counts.polls++;
        let res: Awaited<ReturnType<typeof prev>> | undefined;
        let thrown: unknown;
        try {
          res = await prev(method, payload, signal);
        } catch (error) {
          thrown = error;
        }
        if (signal?.aborted || stop.aborted) {
          if (res) return res;
          throw thrown;
        }
        if (res?.ok) {
          this.backoff = FIRST_BACKOFF_MS;
          const all: unknown[] = Array.isArray(res.result) ? res.result : [];
          const updates = all.filter(validId);
          for (let i = updates.length; i < all.length; i++) {
            this.opts.onMalformed();
            logger.warn('telegram.update.malformed', { bot: this.opts.bot, reason: 'no update_id' });
          }
          if (updates.length) {
            for (const u of updates) this.open.add((u as { update_id: number }).update_id);
            return { ...res, result: updates } as typeof res;
          }
          // Nothing to hand over: not again at once (and later still when all it brought was unusable).
          await pause(clock, all.length ? FIRST_BACKOFF_MS : this.opts.minPollMs - (clock.now() - started), signal, stop);
          return { ...res, result: [] } as typeof res;
        }
        // grammY stops polling on these (revoked token, another poller), and the listener says why.
        if (res && (res.error_code === 401 || res.error_code === 409)) return res;
        const retryAfter = res?.parameters?.retry_after;
        const inMs = typeof retryAfter === 'number' && retryAfter > 0 ? retryAfter * 1000 : this.backoff;
        this.counts.failures++;
        logger.warn('telegram.listener.retry', { bot: this.opts.bot, status: res ? res.error_code : 'no answer', error: res ? res.description : this.opts.describe(thrown), inMs });
        await pause(clock, inMs, signal, stop);
        this.backoff = Math.min(MAX_BACKOFF_MS, this.backoff * 2);
        if (signal?.aborted || stop.aborted) return { ok: true, result: [] } as unknown as NonNullable<typeof res>;
      }
    };
  }
}
