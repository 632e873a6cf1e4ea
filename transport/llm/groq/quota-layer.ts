// The quota layer of one model: admits a call only within its per-minute and per-day limits (and,
// for routine turns, within the day's even spread), counts what was used, syncs from the response
// headers and backs off for a 429's retry-after. A refused call is never sent.
import { RateLimited } from '../../../actors/index.ts';
import type { Clock } from '../../../actors/index.ts';
import { DEFAULT_PACING, admit, blockUntil, createQuota, hold, observe, remaining, settle, type ModelLimits, type PacingOptions, type QuotaReason, type QuotaState } from './quota.ts';
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
  const state = createQuota(opts.limits, clock.now());
  const pacing = opts.pacing ?? DEFAULT_PACING;
  const prefixes = new Map<string, number>();
  return {
    state,
    remaining: () => remaining(state, clock.now()),
    async complete(call: CompletionCall): Promise<Completion> {
      const now = clock.now();
      const first = call.messages[0]?.role === 'system' ? call.messages[0].content : undefined;
      const seen = first !== undefined ? prefixes.get(first) : undefined;
      const estimate = estimateCall(call, seen !== undefined && now - seen < PREFIX_TTL_MS);
      const verdict = admit(state, now, estimate, call.purpose ?? 'routine', pacing);
      if (!verdict.ok) throw new QuotaRefused(`LLM ${call.model}: quota (${verdict.reason})`, Math.max(0, verdict.retryAt - now), verdict.reason);
      // Held before the call, so calls in flight at the same time cannot all pass the same last slot.
      const held = hold(state, now, estimate);
      try {
        const result = await inner.complete(call);
        const at = clock.now();
        if (first !== undefined) prefixes.set(first, at);
        settle(state, held, at, result.promptTokens - result.cachedTokens + result.completionTokens);
        observe(state, at, result.rate);
        return result;
      } catch (error) {
        // Refused or failed: the slot goes back. A 429 also says when to come back.
        settle(state, held, clock.now(), undefined);
        if (error instanceof RateLimited) blockUntil(state, clock.now() + error.retryAfterMs);
        throw error;
      }
    },
  };
}
