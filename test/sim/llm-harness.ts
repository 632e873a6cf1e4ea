// Simulations with the Groq chain in the loop: the local Groq-compatible server served in-process on
// the simulation's virtual clock (its free-tier limits count simulated minutes and days), the whole
// layered LLM of the node on top, and helpers to read what the chat delivered and who wrote it.
import { GroqLikeServer, FREE_TIER, RecordingLlm, createGroqLlm, type GroqLlm, type GroqServerOptions, type PacingOptions, type VirtualClock } from '../../transport/index.ts';
import type { LlmPort } from '../../actors/index.ts';
import type { Config } from '../../infra/config/index.ts';
import { createSim, demoConfig, type Sim } from './harness.ts';

export const KEY = 'gsk_simKEYdoNOTleak0123456789';
export const FAST = 'openai/gpt-oss-20b';
export const SMART = 'openai/gpt-oss-120b';

export interface LlmSim extends Sim {
  readonly server: GroqLikeServer;
  readonly groq: GroqLlm;
  /** Every draft asked of the LLM and who wrote it (result.model). */
  readonly drafts: RecordingLlm;
}

/** The demo bots in `chats` copies of the demo chat (the quota is per organisation, so more chats
 * share one quota). */
export function busyConfig(chats: number): Config {
  const base = demoConfig();
  const chat = base.chats[0]!;
  return { ...base, chats: Array.from({ length: chats }, (_, i) => ({ ...chat, id: i === 0 ? chat.id : `${chat.id}${i + 1}`, title: `${chat.title} ${i + 1}` })) };
}

/** `pacing`: how routine turns spread the day's quota (default: the product's). */
export function createLlmSim(seed: number, opts: { config?: Config; server?: Omit<GroqServerOptions, 'clock'>; breakerOpenMs?: number; pacing?: PacingOptions } = {}): LlmSim {
  let server: GroqLikeServer | undefined;
  let groq: GroqLlm | undefined;
  let drafts: RecordingLlm | undefined;
  const wrap = (offline: LlmPort, clock: VirtualClock): LlmPort => {
    server = new GroqLikeServer({ clock, apiKey: KEY, limits: FREE_TIER, ...opts.server });
    groq = createGroqLlm({
      apiKey: KEY, baseURL: 'http://groq.local', fetch: server.fetch, clock, offline, fastModel: FAST, smartModel: SMART,
      breaker: { openMs: opts.breakerOpenMs ?? 30_000 }, ...(opts.pacing ? { pacing: opts.pacing } : {}),
    });
    return (drafts = new RecordingLlm(groq.llm, { clock }));
  };
  const sim = createSim(seed, { ...(opts.config ? { config: opts.config } : {}), llm: wrap });
  return Object.assign(sim, { server: server!, groq: groq!, drafts: drafts! });
}

/** Tokens and requests the server counted per model and UTC day ("model@day"). */
export function serverDays(server: GroqLikeServer): Map<string, { requests: number; tokens: number }> {
  const days = new Map<string, { requests: number; tokens: number }>();
  for (const r of server.requests) {
    if (r.status !== 200) continue;
    const key = `${r.model}@${Math.floor(r.at / 86_400_000)}`;
    const d = days.get(key) ?? { requests: 0, tokens: 0 };
    d.requests++;
    d.tokens += r.tokens ?? 0;
    days.set(key, d);
  }
  return days;
}
