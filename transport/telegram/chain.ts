// The transformer chain around every Bot API call of one bot (grammY `api.config.use`), outermost
// first: Telegram's limits before sending, then 429 honoured through `retry_after` (capped; while a
// retry window is open no request of this bot goes out), then a circuit breaker per bot that opens
// after consecutive 5xx/network failures and recovers through one trial call. Other 4xx are answers:
// never retried, never counted as failures.
import type { Transformer } from 'grammy';
import type { Clock, TelegramLimiter } from '../../actors/index.ts';
import { Circuit, type CircuitState } from '../breaker.ts';

/** What the chain needs to know about a call; grammY's payloads are typed per method. */
type AnyPayload = { readonly chat_id?: unknown };

export interface RetryOptions {
  /** Longest `retry_after` (s) waited out inside the call; a longer one is handed to the caller as
   * RateLimited. Default 30. */
  readonly maxRetryAfterSec: number;
  /** HTTP attempts per call, the first included. Default 3. */
  readonly maxAttempts: number;
}

export interface BreakerOptions {
  /** Consecutive 5xx or network failures that open the breaker. Default 5. */
  readonly threshold: number;
  /** How long it stays open before one trial call (ms). Default 10 000. */
  readonly cooldownMs: number;
}

export const DEFAULT_RETRY: RetryOptions = Object.freeze({ maxRetryAfterSec: 30, maxAttempts: 3 });
export const DEFAULT_BREAKER: BreakerOptions = Object.freeze({ threshold: 5, cooldownMs: 10_000 });

/** A local refusal, shaped like Telegram's so one classifier handles both. */
const tooMany = (retryAfterSec: number, why: string) => ({
  ok: false as const, error_code: 429, description: `Too Many Requests: retry after ${retryAfterSec} (${why})`, parameters: { retry_after: retryAfterSec },
});

/** Messages are counted against Telegram's limits before they go out; a send that would break one
 * waits when the wait is short, else is refused locally as a 429 (nothing is sent). */
export function limitsTransformer(limiter: TelegramLimiter, botId: string, clock: Clock, maxWaitMs = 2_000): Transformer {
  return async (prev, method, payload, signal) => {
    if (method !== 'sendMessage') return prev(method, payload, signal);
    const chat = String((payload as AnyPayload).chat_id);
    let at = limiter.nextAllowedAt(botId, chat, clock.now());
    if (at > clock.now()) {
      if (at - clock.now() > maxWaitMs) return tooMany(Math.ceil((at - clock.now()) / 1000), 'local limit');
      await clock.sleep(at - clock.now());
      at = limiter.nextAllowedAt(botId, chat, clock.now());
      if (at > clock.now()) return tooMany(Math.ceil((at - clock.now()) / 1000), 'local limit');
    }
    // Counted before the call so concurrent sends see each other; Telegram counts attempts too.
    limiter.record(botId, chat, clock.now());
    return prev(method, payload, signal);
  };
}

/** Honours 429: the bot waits out `retry_after` (no request of it goes out meanwhile), then the call
 * is tried again, up to `maxAttempts`; past the cap the 429 goes back to the caller. The bot's calls
 * go out one at a time. */
export function retryAfterTransformer(clock: Clock, opts: RetryOptions = DEFAULT_RETRY): Transformer {
  let blockedUntil = 0;
  // One call of this bot at a time: a request already on its way when a 429 comes back would land
  // inside the retry window.
  let tail: Promise<unknown> = Promise.resolve();
  const serial: Transformer = (prev, method, payload, signal) => {
    const run = tail.then(() => once(prev, method, payload, signal));
    tail = run.catch(() => undefined);
    return run;
  };
  const once: Transformer = async (prev, method, payload, signal) => {
    for (let attempt = 1; ; attempt++) {
      const wait = blockedUntil - clock.now();
      if (wait > 0) {
        if (wait > opts.maxRetryAfterSec * 1000) return tooMany(Math.ceil(wait / 1000), 'retry window open');
        await clock.sleep(wait);
      }
      const res = await prev(method, payload, signal);
      if (res.ok || res.error_code !== 429) return res;
      const retryAfter = Math.max(1, Number(res.parameters?.retry_after) || 1);
      blockedUntil = Math.max(blockedUntil, clock.now() + retryAfter * 1000);
      if (attempt >= opts.maxAttempts || retryAfter > opts.maxRetryAfterSec || signal?.aborted) return res;
    }
  };
  return serial;
}

/** A circuit breaker over one bot's HTTP calls (transport/breaker.ts). Open: calls fail at once with a
 * 503-shaped answer (no request). After the cooldown one trial call goes through; success closes it,
 * failure reopens it. */
export class CircuitBreaker {
  readonly #breaker: Circuit;

  constructor(clock: Clock, opts: BreakerOptions = DEFAULT_BREAKER) {
    this.#breaker = new Circuit(clock, { threshold: opts.threshold, openMs: opts.cooldownMs });
  }

  get state(): CircuitState {
    return this.#breaker.state();
  }

  transformer(): Transformer {
    return async (prev, method, payload, signal) => {
      const admitted = this.#breaker.admit();
      if (admitted === 'refuse') return { ok: false as const, error_code: 503, description: 'Service Unavailable: circuit open (local)' };
      try {
        const res = await prev(method, payload, signal);
        if (!res.ok && res.error_code >= 500) this.#breaker.failed();
        else this.#breaker.succeeded();
        return res;
      } catch (error) {
        // A long poll we aborted ourselves is not Telegram failing.
        if (signal?.aborted) this.#breaker.released();
        else this.#breaker.failed();
        throw error;
      }
    };
  }
}
