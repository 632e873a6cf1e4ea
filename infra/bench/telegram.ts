// `piyasa bench telegram`: from a person's mention arriving at the (sandbox) Bot API to the mentioned
// bot's threaded reply arriving there, on the real clock, through the whole path — long poll, the
// listener, the chat and bot actors, the offline generator, the grammY adapter and its chain. Typing
// and read delays are off, so what is measured is the time Piyasa adds on top of typing; it includes
// the generator's time, which is also measured on its own.
import { performance } from 'node:perf_hooks';
import type { GenerationRequest, LlmPort, Persona } from '../../actors/index.ts';
import { SystemClock, createOfflineGenerator } from '../../transport/index.ts';
import { DEMO_CONFIG_PATH, loadConfig, type Config } from '../config/index.ts';
import { memoryLogger } from '../log.ts';
import { startTelegramNode } from '../root/telegram.ts';
import { numberFlag, type Flags } from '../cli/args.ts';

export interface TelegramBenchOptions {
  readonly mentions: number;
  readonly intervalMs: number;
  readonly chats: number;
  readonly seed: number;
}

export interface TelegramBenchResult {
  readonly latenciesMs: readonly number[];
  readonly generationMs: readonly number[];
  readonly unanswered: number;
  readonly wrongBot: number;
  /** Turns the chats dropped, by reason (a duplicate answer is dropped, not sent). */
  readonly dropped: Readonly<Record<string, number>>;
}

/** The demo's personas, always active and with budgets that a benchmark's pace does not exhaust;
 * bots speak only when spoken to (unprompted turns pushed hours away). */
function benchConfig(chats: number): Config {
  const demo = loadConfig(DEMO_CONFIG_PATH);
  const bots: Persona[] = demo.bots.map((b) => ({ ...b, activeHours: [], hourlyLimit: 100_000, minGapSec: 0 }));
  const chat = demo.chats[0]!;
  return {
    settings: { ...demo.settings, typing: false, baseTurnSec: 86_400, primeTurnSec: 86_400, maxTurnSec: 86_400 },
    bots,
    chats: Array.from({ length: chats }, (_, i) => ({ ...chat, id: `bench${i}`, title: `Bench ${i}`, primeHours: [], script: [] })),
  };
}

const QUESTIONS = [
  'bugün piyasa nasıl?', 'THYAO alınır mı şimdi?', 'dolar nereye gider sizce?', 'BTC için ne düşünüyorsun?', 'altın pahalı mı?',
  'faiz kararı ne olur?', 'ASELS hakkında fikrin ne?', 'EREGL tutar mı?', 'enflasyon verisi nasıl gelir?', 'gram altın mı borsa mı?', 'SOL yükselir mi?',
];

function quantile(sorted: readonly number[], q: number): number {
  return sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
}

export async function telegramBench(opts: TelegramBenchOptions): Promise<TelegramBenchResult> {
  const config = benchConfig(opts.chats);
  const offline = createOfflineGenerator();
  const generationMs: number[] = [];
  const llm: LlmPort = {
    async generate(request: GenerationRequest) {
      const t0 = performance.now();
      const r = await offline.generate(request);
      if (request.mode === 'answer') generationMs.push(performance.now() - t0);
      return r;
    },
  };
  const t = await startTelegramNode({ config, clock: new SystemClock(), seed: opts.seed, logger: memoryLogger('error'), llm, record: false, telegram: { mode: 'sandbox', port: 0 }, cardsEveryMs: 60_000, pollSec: 30 });
  const sandbox = t.sandbox!;
  const asked = new Map<string, { at: number; bot: string }>();
  const latenciesMs: number[] = [];
  let wrongBot = 0;
  sandbox.events.on('event', (e: { type: string; message?: { chatId: number; replyTo?: number; isBot: boolean; username?: string } }) => {
    const m = e.message;
    if (e.type !== 'message' || !m?.isBot || m.replyTo === undefined) return;
    const q = asked.get(`${m.chatId}:${m.replyTo}`);
    if (!q) return;
    asked.delete(`${m.chatId}:${m.replyTo}`);
    if (m.username !== q.bot) wrongBot++;
    latenciesMs.push(performance.now() - q.at);
  });
  try {
    // Let every chat's first unprompted turn go by before measuring.
    await new Promise((r) => setTimeout(r, 2_000));
    const groups = [...t.chatIds.values()];
    for (let i = 0; i < opts.mentions; i++) {
      const group = groups[i % groups.length]!;
      const bot = config.bots[Math.floor(i / groups.length) % config.bots.length]!;
      const at = performance.now();
      const m = sandbox.human({ chatId: group, username: 'deniz', text: `@${bot.handle} ${QUESTIONS[i % QUESTIONS.length]}` });
      asked.set(`${group}:${m.message_id}`, { at, bot: bot.handle });
      await new Promise((r) => setTimeout(r, opts.intervalMs));
    }
    const end = Date.now() + 5_000;
    while (asked.size > 0 && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
    const dropped: Record<string, number> = {};
    for (const c of config.chats) {
      const st = await t.node.command(c.id, { cmd: 'status' });
      if (st.ok) for (const [k, v] of Object.entries(st.dropped as Record<string, number>)) dropped[k] = (dropped[k] ?? 0) + v;
    }
    return { latenciesMs, generationMs, unanswered: asked.size, wrongBot, dropped };
  } finally {
    await t.stop();
  }
}

export async function telegramBenchCommand(flags: Flags): Promise<number> {
  const mentions = numberFlag(flags, 'mentions', 300, { min: 1, integer: true });
  const intervalMs = numberFlag(flags, 'interval-ms', 100, { min: 1 });
  const chats = numberFlag(flags, 'chats', 20, { min: 1, integer: true });
  const seed = numberFlag(flags, 'seed', 1, { min: 0, integer: true });
  console.log(`piyasa bench telegram — node ${process.version}, ${mentions} mentions, one every ${intervalMs} ms over ${chats} chats × 6 bots, sandbox over HTTP on 127.0.0.1, typing off`);
  const r = await telegramBench({ mentions, intervalMs, chats, seed });
  const sorted = [...r.latenciesMs].sort((a, b) => a - b);
  const gen = [...r.generationMs].sort((a, b) => a - b);
  const f = (n: number): string => n.toFixed(1);
  console.log(`mention → threaded reply at the Bot API (Piyasa's added time, offline generation included): n=${sorted.length} p50 ${f(quantile(sorted, 0.5))} ms, p95 ${f(quantile(sorted, 0.95))} ms, p99 ${f(quantile(sorted, 0.99))} ms, max ${f(sorted.at(-1) ?? NaN)} ms`);
  console.log(`of which offline generation: p50 ${f(quantile(gen, 0.5))} ms, p99 ${f(quantile(gen, 0.99))} ms`);
  console.log(`unanswered ${r.unanswered}, answered by another bot ${r.wrongBot}; turns dropped by the chats: ${JSON.stringify(r.dropped)}`);
  const p99 = quantile(sorted, 0.99);
  console.log(`target p99 ≤ 50 ms: ${p99 <= 50 && r.unanswered === 0 ? 'met' : 'NOT met'}`);
  return 0;
}
