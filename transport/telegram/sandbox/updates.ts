// One bot's update queue in the sandbox: update ids, `getUpdates` long polling with offset and
// timeout (a second concurrent poll ends the first with 409, as Telegram does), and webhook delivery
// with the secret token header, retried on non-2xx.
import type { ApiResult, TgUpdate } from './types.ts';

interface Waiter {
  readonly limit: number;
  readonly resolve: (r: ApiResult) => void;
  readonly timer: NodeJS.Timeout;
}

export interface Webhook {
  readonly url: string;
  readonly secret?: string;
}

/** Pending updates kept per bot (Telegram keeps them 24 h); the oldest go first. */
const MAX_PENDING = 1_000;

const CONFLICT = 'Conflict: terminated by other getUpdates request; make sure that only one bot instance is running';

export class UpdateQueue {
  private readonly pending: TgUpdate[] = [];
  private nextId = 1;
  private waiter: Waiter | undefined;
  private webhook: Webhook | undefined;
  private delivering = false;
  /** Webhook deliveries answered with 2xx (for tests). */
  delivered = 0;

  /** Queues an update; `body` without `update_id` gets the next id, `jumpTo` forces a larger one. */
  push(body: Record<string, unknown>, jumpTo?: number): void {
    if (jumpTo !== undefined && jumpTo > this.nextId) this.nextId = jumpTo;
    this.pending.push({ ...body, update_id: this.nextId++ } as TgUpdate);
    if (this.pending.length > MAX_PENDING) this.pending.shift();
    this.wake();
  }

  get size(): number {
    return this.pending.length;
  }

  /** `getUpdates`: confirms ids below `offset`, answers at once when something is pending, else waits
   * up to `timeoutSec` for the next update. */
  poll(offset: number | undefined, limit: number, timeoutSec: number): Promise<ApiResult> {
    if (this.webhook) return Promise.resolve({ ok: false, error_code: 409, description: "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first" });
    if (offset !== undefined && offset > 0) while (this.pending.length > 0 && this.pending[0]!.update_id < offset) this.pending.shift();
    if (this.waiter) {
      const old = this.waiter;
      this.waiter = undefined;
      clearTimeout(old.timer);
      old.resolve({ ok: false, error_code: 409, description: CONFLICT });
    }
    if (this.pending.length > 0 || timeoutSec <= 0) return Promise.resolve({ ok: true, result: this.pending.slice(0, limit) });
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        if (this.waiter?.timer === timer) this.waiter = undefined;
        resolve({ ok: true, result: [] });
      }, timeoutSec * 1000);
      this.waiter = { limit, resolve, timer };
    });
  }

  /** The client went away before its poll was answered. */
  abandon(): void {
    if (!this.waiter) return;
    clearTimeout(this.waiter.timer);
    this.waiter = undefined;
  }

  setWebhook(hook: Webhook | undefined, dropPending = false): void {
    this.webhook = hook;
    if (dropPending) this.pending.length = 0;
    if (hook) {
      this.abandonWithConflict();
      this.wake();
    }
  }

  webhookInfo(): { url: string; has_custom_certificate: false; pending_update_count: number } {
    return { url: this.webhook?.url ?? '', has_custom_certificate: false, pending_update_count: this.pending.length };
  }

  close(): void {
    this.abandon();
    this.webhook = undefined;
  }

  private abandonWithConflict(): void {
    const w = this.waiter;
    if (!w) return;
    this.waiter = undefined;
    clearTimeout(w.timer);
    w.resolve({ ok: false, error_code: 409, description: CONFLICT });
  }

  private wake(): void {
    if (this.webhook) {
      void this.deliver();
      return;
    }
    const w = this.waiter;
    if (!w || this.pending.length === 0) return;
    this.waiter = undefined;
    clearTimeout(w.timer);
    w.resolve({ ok: true, result: this.pending.slice(0, w.limit) });
  }

  /** Posts pending updates to the webhook one at a time; a failure is retried with a growing pause. */
  private async deliver(): Promise<void> {
    if (this.delivering) return;
    this.delivering = true;
    let failures = 0;
    try {
      while (this.webhook && this.pending.length > 0) {
        const hook = this.webhook;
        const update = this.pending[0]!;
        let ok = false;
        try {
          const res = await fetch(hook.url, {
            method: 'POST',
            headers: { 'content-type': 'application/json', ...(hook.secret ? { 'x-telegram-bot-api-secret-token': hook.secret } : {}) },
            body: JSON.stringify(update),
            signal: AbortSignal.timeout(10_000),
          });
          await res.arrayBuffer();
          ok = res.status >= 200 && res.status < 300;
        } catch {
          ok = false;
        }
        if (ok) {
          if (this.pending[0] === update) this.pending.shift();
          this.delivered++;
          failures = 0;
        } else {
          failures++;
          if (failures > 5) return; // Telegram gives up for a while too; the next update retries.
          await new Promise((r) => setTimeout(r, 50 * 2 ** failures));
        }
      }
    } finally {
      this.delivering = false;
    }
  }
}
