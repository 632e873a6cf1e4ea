// One call builds the whole LLM side on Groq: the adapter, and per model the chain quota → breaker →
// retry → call counter → adapter, under the tier router with the offline generator as the last tier.
import type { Clock, LlmPort, Logger } from '../../../actors/index.ts';
import { createGroqCompletions, type GroqAdapterOptions, type GroqCompletions } from './adapter.ts';
import { withBreaker, type Breaker, type BreakerOptions } from './breaker.ts';
import { withQuota, type QuotaLayer } from './quota-layer.ts';
import { FREE_TIER, type ModelLimits, type PacingOptions } from './quota.ts';
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
  /** Every request that went out to the provider (retries too), for the node's metrics. */
  readonly onRequest?: (request: LlmRequest) => void;
}

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
      const quota = withQuota(breaker, { clock, limits: opts.limits ?? FREE_TIER, ...(opts.pacing ? { pacing: opts.pacing } : {}) });
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
