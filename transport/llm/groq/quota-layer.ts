// The quota layer of one model: admits a call only within its per-minute and per-day limits (and,
// for routine turns, within the day's even spread), counts what was used, syncs from the response
// headers and backs off for a 429's retry-after. A refused call is never sent. The state is this
// process's own by default, or shared by the cluster's nodes (quota-book.ts).
import { RateLimited } from '../../../actors/index.ts';
import type { Clock } from '../../../actors/index.ts';
import { DEFAULT_PACING, type ModelLimits, type PacingOptions, type QuotaReason, type QuotaState } from './quota.ts';
import { localBook, type QuotaBook } from './quota-book.ts';
import { estimateTokens } from './server.ts';
import type { Completion, CompletionCall, CompletionPort } from './types.ts';

/** The quota said no; nothing was sent. */
export class QuotaRefused extends RateLimited {
  override readonly name: string = 'QuotaRefused';
  constructor(message: string, retryAfterMs: number, readonly reason: QuotaReason) {
    super(message, retryAfterMs);
  }
}

export interface QuotaLayer extends CompletionPort {
  readonly state: QuotaState;
  remaining(): { requests: number; tokens: number };
}

export interface QuotaLayerOptions {
  readonly clock: Clock;
  readonly limits: ModelLimits;
  readonly pacing?: PacingOptions;
  /** Where the state lives; this process's own (localBook) by default. */
  readonly book?: QuotaBook;
}

/** Prompt plus the completion cap: what Groq holds against TPM when the request arrives. A system
 * prefix sent before is assumed cached (free against limits); the first time it is counted in full. */
export function estimateCall(call: CompletionCall, cachedPrefix: boolean): number {
  return call.messages.reduce((s, m, i) => s + 4 + (i === 0 && m.role === 'system' && cachedPrefix ? 0 : estimateTokens(m.content)), 0) + call.maxTokens;
}

/** How long we assume the provider keeps a prompt prefix cached. */
const PREFIX_TTL_MS = 3_600_000;

export function withQuota(inner: CompletionPort, opts: QuotaLayerOptions): QuotaLayer {
  const { clock } = opts;
  const book = opts.book ?? localBook(opts.limits, clock.now(), opts.pacing ?? DEFAULT_PACING);
  const prefixes = new Map<string, number>();
  return {
    get state() {
      return book.state;
    },
    remaining: () => book.remaining(clock.now()),
    async complete(call: CompletionCall): Promise<Completion> {
      const now = clock.now();
      const first = call.messages[0]?.role === 'system' ? call.messages[0].content : undefined;
      const seen = first !== undefined ? prefixes.get(first) : undefined;
      const estimate = estimateCall(call, seen !== undefined && now - seen < PREFIX_TTL_MS);
      // Admitted and held in one step, so calls in flight at the same time (on this node or another)
      // cannot all pass the same last slot.
      const verdict = await book.reserve(now, estimate, call.purpose ?? 'routine');
      if (!verdict.ok) throw new QuotaRefused(`LLM ${call.model}: quota (${verdict.reason})`, Math.max(0, verdict.retryAt - now), verdict.reason);
      let result: Completion;
      try {
        result = await inner.complete(call);
      } catch (error) {
        // Refused or failed: the slot goes back. A 429 also says when to come back.
        const at = clock.now();
        await book.settle(verdict.hold, at, { used: undefined, ...(error instanceof RateLimited ? { blockedUntil: at + error.retryAfterMs } : {}) });
        throw error;
      }
      const at = clock.now();
      if (first !== undefined) prefixes.set(first, at);
      await book.settle(verdict.hold, at, { used: result.promptTokens - result.cachedTokens + result.completionTokens, rate: result.rate });
      return result;
    },
  };
}
