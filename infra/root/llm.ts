// Which LLM a node uses: with GROQ_API_KEY the Groq chain (smart and fast models, quota, breaker,
// retry) with the offline generator as its last tier; without it the offline generator alone.
import type { Clock, LlmPort, Logger, SharedStateStore } from '../../actors/index.ts';
import { FREE_TIER, createGroqLlm, createOfflineGenerator, type GroqLlm, type LlmRequest } from '../../transport/index.ts';
import type { LlmSettings } from '../config/index.ts';

export interface NodeLlm {
  readonly llm: LlmPort;
  /** The Groq chain when a key is set (its counters, breakers and quotas). */
  readonly groq?: GroqLlm;
  /** One line for the start banner; never the key. */
  readonly describe: string;
}

/** Where the organisation's quota is counted when several chains spend it: the shards of a node (over
 * their port to the main thread) or the nodes of a cluster (PostgreSQL). */
export interface SharedQuotaEnv {
  readonly store: SharedStateStore;
  /** Names this chain's holds; unique among the chains sharing the store. */
  readonly node: string;
  /** See QuotaState.slackMs; default 1 000 ms. */
  readonly minuteSlackMs?: number;
}

/** Without `sharedQuota` the chain has the whole free tier to itself (one process). `onRequest` sees
 * every request that went out (the node's metrics). */
export function createNodeLlm(settings: LlmSettings, env: { clock: Clock; logger: Logger; sharedQuota?: SharedQuotaEnv; onRequest?: (r: LlmRequest) => void }): NodeLlm {
  const offline = createOfflineGenerator();
  // The offline generator is no remote call: its drafts show in bot.compose (compose.model=offline).
  if (!settings.apiKey) return { llm: offline, describe: describeLlm(settings) };
  const groq = createGroqLlm({
    apiKey: settings.apiKey, ...(settings.baseURL ? { baseURL: settings.baseURL } : {}), limits: FREE_TIER,
    fastModel: settings.fastModel, smartModel: settings.smartModel, clock: env.clock, logger: env.logger, offline,
    ...(env.sharedQuota ? { sharedQuota: env.sharedQuota } : {}),
    ...(env.onRequest ? { onRequest: env.onRequest } : {}),
  });
  return { llm: groq.llm, groq, describe: describeLlm(settings) };
}

/** "offline generator", or the models and server the Groq chain uses (never the key). */
export function describeLlm(settings: LlmSettings): string {
  if (!settings.apiKey) return 'offline generator';
  const where = settings.baseURL ? ` at ${settings.baseURL}` : '';
  return `Groq${where}: ${settings.smartModel} for answers, ${settings.fastModel} for banter, offline generator as fallback`;
}
