// `piyasa bench llm`: the LLM's cost per delivered message on a simulated day. The demo bots in N
// copies of the demo chat, a person in each chat mentioning bots every few minutes, the whole Groq
// chain (router, quota, breaker, retry, groq-sdk) talking HTTP to the local Groq-compatible server
// with the free-tier limits, all on a virtual clock (the server's limits count simulated time).
import { addressedBot, isActive, member, seededRng, type Rng } from '../../actors/index.ts';
import { FREE_TIER, GroqLikeServer, RecordingLlm, VirtualClock, createGroqLlm, createOfflineGenerator } from '../../transport/index.ts';
import { DEMO_CONFIG_PATH, DEFAULT_FAST_MODEL, DEFAULT_SMART_MODEL, loadConfig, type Config } from '../config/index.ts';
import { createSingleNode, type SingleNode } from '../root/single.ts';
import { memoryLogger } from '../log.ts';
import { numberFlag, type Flags } from '../cli/args.ts';
import { Progress } from './progress.ts';

const HOUR = 3_600_000;
/** Monday 2026-11-23 06:00 in Istanbul, as in the simulations. */
const START = Date.UTC(2026, 10, 23, 3, 0, 0);
const KEY = 'gsk_benchLocalServerOnly000000';

function dayConfig(chats: number): Config {
  const base = loadConfig(DEMO_CONFIG_PATH);
  const chat = base.chats[0]!;
  return { ...base, chats: Array.from({ length: chats }, (_, i) => ({ ...chat, id: i ? `${chat.id}${i + 1}` : chat.id, title: `${chat.title} ${i + 1}`, script: [] })) };
}

const LINES = ['bugün piyasa nasıl?', 'dolar nereye gider sizce?', 'BTC için ne düşünüyorsunuz?', 'THYAO alınır mı şimdi?', 'faiz kararı ne olur?', 'altın pahalı mı?'];

/** A person in each chat: every 8–40 minutes a line, often mentioning an active bot or replying to one. */
function people(node: SingleNode, config: Config, clock: VirtualClock, rng: Rng, start: number, until: number): void {
  for (const chat of config.chats) {
    const r = rng.fork(chat.id);
    const members = chat.members.map((id) => member(node.personas.get(id)!));
    for (let t = start + r.range(5, 25) * 60_000; t < until; t += r.range(8, 40) * 60_000) {
      clock.setTimer(t - clock.now(), () => {
        const now = clock.now();
        const active = members.filter((m) => isActive(m, now, chat.timezone));
        const recent = node.telegram.sent.filter((s) => s.chatId === chat.id).slice(-5);
        const roll = r.next();
        const text = r.pick(LINES);
        if (roll < 0.45 && active.length) node.telegram.human({ chatId: chat.id, username: 'deniz', text: `@${r.pick(active).persona.handle} ${text}` });
        else if (roll < 0.65 && recent.length) node.telegram.human({ chatId: chat.id, username: 'deniz', text, replyTo: r.pick(recent).messageId });
        else node.telegram.human({ chatId: chat.id, username: 'deniz', text });
      });
    }
  }
}

export interface LlmBenchResult {
  readonly delivered: number;
  readonly drafts: number;
  readonly calls: number;
  readonly promptTokens: number;
  readonly cachedTokens: number;
  readonly completionTokens: number;
  readonly served: Readonly<Record<string, number>>;
  readonly mentions: number;
  readonly answered: number;
  readonly answeredBySmart: number;
  readonly server429: number;
  readonly days: readonly string[];
  readonly wallMs: number;
}

/** `start`: when the simulated day begins (default 06:00 in Istanbul on a Monday: the whole day's curve). */
export async function llmDay(opts: { chats: number; hours: number; seed: number; start?: number }, progress?: Progress): Promise<LlmBenchResult> {
  const config = dayConfig(opts.chats);
  const start = opts.start ?? START;
  const clock = new VirtualClock(start);
  const server = new GroqLikeServer({ clock, apiKey: KEY, limits: FREE_TIER });
  const baseURL = await server.listen();
  const groq = createGroqLlm({ apiKey: KEY, baseURL, clock, offline: createOfflineGenerator(), fastModel: DEFAULT_FAST_MODEL, smartModel: DEFAULT_SMART_MODEL });
  const drafts = new RecordingLlm(groq.llm, { clock });
  const node = createSingleNode({ config, clock, seed: opts.seed, logger: memoryLogger('error'), llm: drafts, script: false });
  const until = start + opts.hours * HOUR;
  people(node, config, clock, seededRng(opts.seed).fork('people'), start, until);
  // Virtual time may move only when no HTTP request is out (the answer would land at the wrong time).
  const settle = async (): Promise<void> => {
    for (;;) {
      await node.system.settle();
      if (groq.adapter.inflight() === 0) return;
      while (groq.adapter.inflight() > 0) await new Promise((r) => setTimeout(r, 1));
    }
  };
  const t0 = performance.now();
  node.start();
  try {
    for (let t = start; t < until;) {
      t = Math.min(until, t + HOUR / 4);
      await clock.runUntil(t, settle);
      progress?.update(Math.round((t - start) / 60_000), opts.hours * 60, performance.now() - t0);
    }
  } finally {
    await node.stop();
    await server.close();
  }
  const wallMs = performance.now() - t0;

  let mentions = 0;
  let answered = 0;
  for (const chat of config.chats) {
    const lines = node.transcripts.all(chat.id).filter((m) => !m.reaction);
    const members = chat.members.map((id) => member(node.personas.get(id)!));
    lines.forEach((h, i) => {
      if (h.botId !== null) return;
      const bot = addressedBot(h, members, lines.slice(0, i));
      if (!bot) return;
      mentions++;
      if (lines.some((x) => x.botId === bot && x.replyTo === h.messageId)) answered++;
    });
  }
  const days = new Map<string, { requests: number; tokens: number }>();
  for (const r of server.requests) {
    if (r.status !== 200) continue;
    const key = `${r.model} ${new Date(Math.floor(r.at / 86_400_000) * 86_400_000).toISOString().slice(0, 10)}`;
    const d = days.get(key) ?? { requests: 0, tokens: 0 };
    d.requests++;
    d.tokens += r.tokens ?? 0;
    days.set(key, d);
  }
  const s = groq.stats;
  return {
    delivered: node.telegram.sent.length, drafts: s.requests, calls: s.calls, promptTokens: s.promptTokens, cachedTokens: s.cachedTokens,
    completionTokens: s.completionTokens, served: { ...s.served }, mentions, answered,
    answeredBySmart: drafts.calls.filter((c) => c.request.mode === 'answer' && c.result?.model === DEFAULT_SMART_MODEL).length,
    server429: server.requests.filter((r) => r.status === 429).length,
    days: [...days].map(([k, d]) => `${k}: ${d.requests} requests (limit ${FREE_TIER.rpd}), ${d.tokens} tokens (limit ${FREE_TIER.tpd})`),
    wallMs,
  };
}

export async function benchLlm(flags: Flags): Promise<number> {
  const chats = numberFlag(flags, 'chats', 2, { min: 1, integer: true });
  const hours = numberFlag(flags, 'hours', 24, { min: 1 });
  const seed = numberFlag(flags, 'seed', 1, { min: 0, integer: true });
  console.log(`piyasa bench llm — node ${process.version}, ${chats} chat(s) of the demo bots, ${hours} simulated hours, seed ${seed}, local Groq-compatible server over HTTP with the free-tier limits (${FREE_TIER.rpm} RPM, ${FREE_TIER.rpd} RPD, ${FREE_TIER.tpm} TPM, ${FREE_TIER.tpd} TPD per model)`);
  const progress = new Progress('simulated minutes');
  const r = await llmDay({ chats, hours, seed }, progress);
  progress.done();
  const per = (n: number): string => (n / r.delivered).toFixed(2);
  const uncached = r.promptTokens - r.cachedTokens;
  console.log(`delivered ${r.delivered} messages from ${r.drafts} drafts in ${(r.wallMs / 1000).toFixed(1)} s wall`);
  console.log(`drafts written by: smart ${r.served.smart}, fast ${r.served.fast}, offline ${r.served.offline}`);
  const byModel = r.served.smart! + r.served.fast!;
  console.log(`LLM calls per delivered message: ${per(r.calls)} (${r.calls} calls; target ≤ 1.1: ${r.calls / r.delivered <= 1.1 ? 'met' : 'MISSED'}); per draft a model wrote: ${byModel ? (r.calls / byModel).toFixed(2) : '-'}`);
  console.log(`prompt tokens per delivered message: ${per(r.promptTokens)} (${per(uncached)} not from the prompt cache); completion tokens per message: ${per(r.completionTokens)}`);
  console.log(`prompt tokens per LLM call: ${r.calls ? Math.round(r.promptTokens / r.calls) : 0} (${r.calls ? Math.round(uncached / r.calls) : 0} not cached)`);
  console.log(`people: ${r.mentions} messages addressed a bot, ${r.answered} answered by it (${r.answeredBySmart} answer drafts by the smart model)`);
  console.log(`quota: the server answered 429 ${r.server429} times; used per model and UTC day:`);
  for (const d of r.days) console.log(`  ${d}`);
  return 0;
}
