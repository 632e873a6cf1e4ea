// Our one retry layer around a completion call (groq-sdk's own retries are off): Transient errors and
// short RateLimited waits are retried with capped backoff; a retry-after above the cap is not waited
// out — the caller falls back at once. Invalid and Fatal are never retried.
import { RateLimited, Transient } from '../../../actors/index.ts';
import type { Clock } from '../../../actors/index.ts';
import type { Completion, CompletionCall, CompletionPort } from './types.ts';

export interface RetryOptions {
  readonly clock: Clock;
  /** Attempts in all, the first included. Default 2. */
  readonly attempts?: number;
  /** Longest retry-after worth waiting for inside a chat turn. Default 2 000 ms. */
  readonly maxRetryAfterMs?: number;
  /** First backoff after a Transient; doubled per retry. Default 300 ms. */
  readonly backoffMs?: number;
}

export function withRetry(inner: CompletionPort, opts: RetryOptions): CompletionPort {
  const attempts = opts.attempts ?? 2;
  const cap = opts.maxRetryAfterMs ?? 2_000;
  const backoff = opts.backoffMs ?? 300;
  if (!(attempts >= 1)) throw new RangeError(`retry attempts must be ≥ 1 (got ${attempts})`);
  return {
    async complete(call: CompletionCall): Promise<Completion> {
      const most = Math.min(attempts, call.maxAttempts ?? attempts);
      for (let attempt = 1; ; attempt++) {
        try {
          return await inner.complete(call);
        } catch (error) {
          if (attempt >= most) throw error;
          if (error instanceof RateLimited) {
            if (error.retryAfterMs > cap) throw error;
            await opts.clock.sleep(error.retryAfterMs);
          } else if (error instanceof Transient) {
            await opts.clock.sleep(backoff * 2 ** (attempt - 1));
          } else throw error;
        }
      }
    },
  };
}
