// Which LLM a node uses: with GROQ_API_KEY the Groq chain (smart and fast models, quota, breaker,
// retry) with the offline generator as its last tier; without it the offline generator alone.
import type { Clock, LlmPort, Logger } from '../../actors/index.ts';
import { FREE_TIER, createGroqLlm, createOfflineGenerator, type GroqLlm, type LlmRequest } from '../../transport/index.ts';
import type { LlmSettings } from '../config/index.ts';

export interface NodeLlm {
  readonly llm: LlmPort;
  /** The Groq chain when a key is set (its counters, breakers and quotas). */
  readonly groq?: GroqLlm;
  /** One line for the start banner; never the key. */
  readonly describe: string;
}

/** `share`: the part of the organisation's quota this chain may use (a shard of a node gets 1/N). */
export function createNodeLlm(settings: LlmSettings, env: { clock: Clock; logger: Logger; share?: number; onRequest?: (r: LlmRequest) => void }): NodeLlm {
  const offline = createOfflineGenerator();
  // The offline generator is no remote call: its drafts show in bot.compose (compose.model=offline).
  if (!settings.apiKey) return { llm: offline, describe: describeLlm(settings) };
  const share = env.share ?? 1;
  const part = (n: number): number => Math.max(1, Math.floor(n * share));
  const groq = createGroqLlm({
    apiKey: settings.apiKey, ...(settings.baseURL ? { baseURL: settings.baseURL } : {}),
    limits: { rpm: part(FREE_TIER.rpm), rpd: part(FREE_TIER.rpd), tpm: part(FREE_TIER.tpm), tpd: part(FREE_TIER.tpd) },
    fastModel: settings.fastModel, smartModel: settings.smartModel, clock: env.clock, logger: env.logger, offline,
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
