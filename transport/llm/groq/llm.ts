// One call builds the whole LLM side on Groq: the adapter, and per model the chain quota → breaker →
// retry → call counter → adapter, under the tier router with the offline generator as the last tier.
import type { Clock, LlmPort, Logger, SharedStateStore } from '../../../actors/index.ts';
import { createGroqCompletions, type GroqAdapterOptions, type GroqCompletions } from './adapter.ts';
import { withBreaker, type Breaker, type BreakerOptions } from './breaker.ts';
import { withQuota, type QuotaLayer } from './quota-layer.ts';
import { DEFAULT_PACING, FREE_TIER, type ModelLimits, type PacingOptions } from './quota.ts';
import { sharedBook } from './quota-book.ts';
import { withRetry, type RetryOptions } from './retry.ts';
import { countCalls, createLlmRouter, newStats, type LlmRouter, type LlmStats } from './router.ts';
import type { MemoryHook } from './prompt.ts';
import { countedCompletions, tracedCompletions, tracedLlm, type LlmRequest } from './observe.ts';

export interface GroqLlmOptions extends GroqAdapterOptions {
  readonly clock: Clock;
  readonly offline: LlmPort;
  /** PIYASA_MODEL_FAST, PIYASA_MODEL_SMART. */
  readonly fastModel: string;
  readonly smartModel: string;
  /** Per model. Default: Groq's free tier. */
  readonly limits?: ModelLimits;
  readonly pacing?: PacingOptions;
  readonly retry?: Omit<RetryOptions, 'clock'>;
  readonly breaker?: Omit<BreakerOptions, 'clock'>;
  readonly logger?: Logger;
  readonly memories?: MemoryHook;
  /** The cluster's quota: every node counts its calls in one state per model in `store` (see
   * sharedBook). Without it each process has its own quota. */
  readonly sharedQuota?: { readonly store: SharedStateStore; readonly node: string; readonly minuteSlackMs?: number };
  /** Every request that went out to the provider (retries too), for the node's metrics. */
  readonly onRequest?: (request: LlmRequest) => void;
}

/** The shared-store key of a model's quota. */
export const quotaKey = (model: string): string => `llm-quota:${model}`;

export interface ModelChain {
  readonly model: string;
  readonly quota: QuotaLayer;
  readonly breaker: Breaker;
}

export interface GroqLlm {
  /** The router, in its `llm.generate` span when a trace is active. */
  readonly llm: LlmPort;
  readonly router: LlmRouter;
  readonly stats: LlmStats;
  readonly adapter: GroqCompletions;
  /** By model name (one chain when both tiers name the same model). */
  readonly models: ReadonlyMap<string, ModelChain>;
}

export function createGroqLlm(opts: GroqLlmOptions): GroqLlm {
  const { clock } = opts;
  const stats = newStats();
  const adapter = createGroqCompletions(opts);
  const counted = countCalls(countedCompletions(adapter, opts.onRequest), stats);
  const models = new Map<string, ModelChain>();
  const chain = (model: string): ModelChain => {
    let c = models.get(model);
    if (!c) {
      const breaker = withBreaker(withRetry(counted, { clock, ...opts.retry }), { clock, ...opts.breaker });
      const limits = opts.limits ?? FREE_TIER;
      const shared = opts.sharedQuota;
      const book = shared && sharedBook({
        store: shared.store, key: quotaKey(model), node: shared.node, limits, pacing: opts.pacing ?? DEFAULT_PACING,
        ...(shared.minuteSlackMs !== undefined ? { minuteSlackMs: shared.minuteSlackMs } : {}), ...(opts.logger ? { logger: opts.logger } : {}),
      });
      const quota = withQuota(breaker, { clock, limits, ...(opts.pacing ? { pacing: opts.pacing } : {}), ...(book ? { book } : {}) });
      models.set(model, (c = { model, quota, breaker }));
    }
    return c;
  };
  const smart = chain(opts.smartModel);
  const fast = chain(opts.fastModel);
  const router = createLlmRouter({
    smart: { name: 'smart', model: smart.model, port: tracedCompletions(smart.quota, 'smart') },
    fast: { name: 'fast', model: fast.model, port: tracedCompletions(fast.quota, 'fast') },
    offline: opts.offline, stats,
    ...(opts.logger ? { logger: opts.logger } : {}), ...(opts.memories ? { memories: opts.memories } : {}),
  });
  // The tier that answered: a model may be both (then it is named by the first tier that has it).
  const tierOf = (model: string): string => (model === 'offline' ? 'offline' : model === opts.smartModel ? 'smart' : model === opts.fastModel ? 'fast' : model);
  return { llm: tracedLlm(router, tierOf), router, stats, adapter, models };
}
