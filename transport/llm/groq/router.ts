// The LlmPort on model tiers: direct answers to people go to the smart model, routine banter to the
// fast model (within the paced quota), and whatever is refused, fails or comes back malformed falls
// through smart → fast → the offline generator, so a turn always gets a line. Counts calls and tokens.
import { PiyasaError } from '../../../actors/index.ts';
import type { GenerationRequest, GenerationResult, LlmPort, Logger } from '../../../actors/index.ts';
import { MAX_TOKENS, buildPrompt, stopSequences, type MemoryHook, type PromptOptions } from './prompt.ts';
import { sanitizeCompletion } from './sanitize.ts';
import { QuotaRefused } from './quota-layer.ts';
import type { Completion, CompletionCall, CompletionPort } from './types.ts';

export type TierName = 'smart' | 'fast';

export interface RouterTier {
  readonly name: TierName;
  readonly model: string;
  /** The model's layered chain (quota → breaker → retry → adapter). */
  readonly port: CompletionPort;
}

/** Counters the benchmark and tests read. `calls` are requests that reached the provider (retries
 * included); tokens are the provider's usage figures. */
export interface LlmStats {
  /** generate() calls (turn drafts asked for). */
  requests: number;
  calls: number;
  promptTokens: number;
  /** Of `promptTokens`, those served from the provider's prompt cache. */
  cachedTokens: number;
  completionTokens: number;
  /** Drafts by who wrote them. */
  served: Record<TierName | 'offline', number>;
  /** Drafts written by a later tier than the first one tried. */
  fallbacks: number;
  /** Why a tier was passed over: quota reasons ("quota:paced") or error class names. */
  skipped: Record<string, number>;
}

export function newStats(): LlmStats {
  return { requests: 0, calls: 0, promptTokens: 0, cachedTokens: 0, completionTokens: 0, served: { smart: 0, fast: 0, offline: 0 }, fallbacks: 0, skipped: {} };
}

/** Innermost layer: counts every request that goes out and the tokens it used. */
export function countCalls(inner: CompletionPort, stats: LlmStats): CompletionPort {
  return {
    async complete(call: CompletionCall): Promise<Completion> {
      stats.calls++;
      if (call.meter) call.meter.calls++;
      const result = await inner.complete(call);
      stats.promptTokens += result.promptTokens;
      stats.cachedTokens += result.cachedTokens;
      stats.completionTokens += result.completionTokens;
      return result;
    },
  };
}

export interface RouterOptions {
  readonly smart: RouterTier;
  readonly fast: RouterTier;
  readonly offline: LlmPort;
  readonly stats?: LlmStats;
  readonly logger?: Logger;
  /** Memories for the prompt when the request brings none (the bot actor fills `memories` from the
   * node's memory store). */
  readonly memories?: MemoryHook;
  readonly prompt?: PromptOptions;
  /** Longest line accepted from a model. Default 400. */
  readonly maxChars?: number;
}

const ROSTER_MAX = 64;

const TEMPERATURE = { new: 0.95, reply: 0.9, answer: 0.7 } as const;

export interface LlmRouter extends LlmPort {
  readonly stats: LlmStats;
}

export function createLlmRouter(opts: RouterOptions): LlmRouter {
  const stats = opts.stats ?? newStats();
  /** Names and handles of the bots seen lately (labels a model may put before a line); bounded, as a
   * node may host thousands of bots and the label pattern is built from this list on every call. */
  const roster = new Set<string>();
  const remember = (name: string): void => {
    roster.delete(name);
    roster.add(name);
    if (roster.size > ROSTER_MAX) roster.delete(roster.values().next().value!);
  };
  const skip = (key: string): void => {
    stats.skipped[key] = (stats.skipped[key] ?? 0) + 1;
  };
  return {
    stats,
    async generate(req: GenerationRequest): Promise<GenerationResult> {
      stats.requests++;
      const answer = req.mode === 'answer';
      // A second regeneration (attempt ≥ 2) is not worth quota, nor a turn past its allowance of model
      // calls: the offline generator writes it.
      const allowance = req.llmCalls ?? Infinity;
      const chain = req.attempt >= 2 || allowance <= 0 ? [] : answer ? [opts.smart, opts.fast] : [opts.fast];
      const meter = { calls: 0 };
      const memories = req.memories?.length ? req.memories : opts.memories?.(req);
      const messages = buildPrompt(req, { ...opts.prompt, ...(memories?.length ? { memories } : {}) });
      remember(req.persona.name);
      remember(req.persona.handle);
      const speakers = [...roster, ...req.transcript.map((m) => m.speaker), ...(req.target ? [req.target.speaker] : [])];
      for (const [i, tier] of chain.entries()) {
        const left = allowance - meter.calls;
        if (left <= 0) break;
        try {
          const completion = await tier.port.complete({
            model: tier.model, messages, maxTokens: MAX_TOKENS[req.length], temperature: TEMPERATURE[req.mode],
            stop: stopSequences(req), seed: req.seed, purpose: answer ? 'answer' : 'routine', meter,
            ...(Number.isFinite(left) ? { maxAttempts: left } : {}),
          });
          const text = sanitizeCompletion(completion.text, { speakers, maxChars: opts.maxChars ?? 400 });
          stats.served[tier.name]++;
          if (i > 0) stats.fallbacks++;
          return { text, model: completion.model, promptTokens: completion.promptTokens, completionTokens: completion.completionTokens, calls: meter.calls };
        } catch (error) {
          if (!(error instanceof PiyasaError)) throw error;
          const key = error instanceof QuotaRefused ? `quota:${error.reason}` : error.name;
          skip(key);
          if (!(error instanceof QuotaRefused)) opts.logger?.warn('llm.fallback', { model: tier.model, bot: req.botId, error: `${error.name}: ${error.message}` });
        }
      }
      stats.served.offline++;
      if (chain.length) stats.fallbacks++;
      const offline = await opts.offline.generate(req);
      return meter.calls ? { ...offline, calls: meter.calls } : offline;
    },
  };
}
