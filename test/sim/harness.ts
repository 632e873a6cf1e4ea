// Seeded simulation harness: the single-node composition on a virtual clock, a scripted human, and
// the invariants every run must keep — checked by checker.ts, which shares no code with what it
// checks. A failing check names the seed so it can be replayed alone.
import { seededRng, type BusPort, type ChatMessage, type LlmPort, type Rng, type SendMessageRequest, type TelegramPort } from '../../actors/index.ts';
import { VirtualClock, createOfflineGenerator, faultsOf } from '../../transport/index.ts';
import { DEMO_CONFIG_PATH, loadConfig, type Config } from '../../infra/config/index.ts';
import { createSingleNode, type SingleNode } from '../../infra/root/single.ts';
import { memoryLogger } from '../../infra/log.ts';
import { busiest, violations, within, type Rules, type Transcript } from './checker.ts';

/** Monday 2026-11-23 06:00 in Istanbul (03:00 UTC). */
export const SIM_START = Date.UTC(2026, 10, 23, 3, 0, 0);
export const HOUR = 3_600_000;

export interface Sim {
  readonly seed: number;
  readonly clock: VirtualClock;
  readonly node: SingleNode;
  readonly config: Config;
  readonly logger: ReturnType<typeof memoryLogger>;
  run(untilMs: number): Promise<void>;
  /** Stops the node, letting virtual time go on until its actors have finished (see stopOnClock). */
  stop(): Promise<void>;
}

export function demoConfig(): Config {
  return loadConfig(DEMO_CONFIG_PATH);
}

/** Port wrappers get the simulation's clock (e.g. for fault latency). */
type Wrap<P> = (base: P, clock: VirtualClock) => P;

export function createSim(seed: number, opts: { config?: Config; llm?: Wrap<LlmPort>; telegram?: Wrap<TelegramPort>; bus?: Wrap<BusPort>; script?: boolean } = {}): Sim {
  const config = opts.config ?? demoConfig();
  const clock = new VirtualClock(SIM_START);
  const logger = memoryLogger('warn');
  const llm = opts.llm ? opts.llm(createOfflineGenerator(), clock) : undefined;
  const node = createSingleNode({
    config, clock, seed, logger, script: opts.script ?? false, ...(llm ? { llm } : {}),
    ...(opts.telegram ? { wrapTelegram: (t: TelegramPort) => opts.telegram!(t, clock) } : {}),
    ...(opts.bus ? { wrapBus: (b: BusPort) => opts.bus!(b, clock) } : {}),
  });
  const sim: Sim = {
    seed, clock, node, config, logger,
    run: (untilMs) => clock.runUntil(untilMs, () => node.system.settle()),
    stop: () => stopOnClock(sim),
  };
  return sim;
}

/** A stopping actor finishes the message in hand first, and that handler may be waiting on the
 * virtual clock (a Telegram call slowed by an injected latency, an LLM retry's backoff): time goes on,
 * one timer at a time, until the node has stopped. A node that cannot stop with no timer left fails. */
async function stopOnClock(sim: Sim): Promise<void> {
  let stopped = false;
  const stopping = sim.node.stop().then(() => {
    stopped = true;
  });
  for (;;) {
    await sim.node.system.settle();
    if (stopped) return;
    if (!sim.clock.fireNext()) break;
  }
  await sim.node.system.settle();
  if (!stopped) fail(sim, 'the node did not stop: an actor waits for something that no timer will bring');
  await stopping;
}

/** A person in the group: every few minutes a line, often mentioning an active bot or replying to one. */
export function scriptHuman(sim: Sim, chatId: string, fromMs: number, toMs: number, rng: Rng): void {
  const chat = sim.config.chats.find((c) => c.id === chatId)!;
  const members = chat.members.map((id) => sim.node.personas.get(id)!);
  const lines = ['bugün piyasa nasıl?', 'dolar nereye gider sizce?', 'BTC için ne düşünüyorsunuz?', 'THYAO alınır mı şimdi?', 'faiz kararı ne olur?', 'altın pahalı mı?'];
  for (let t = fromMs + rng.range(5, 25) * 60_000; t < toMs; t += rng.range(8, 40) * 60_000) {
    sim.clock.setTimer(t - sim.clock.now(), () => {
      const now = sim.clock.now();
      const soon = members.filter((m) => within(m.activeHours, now, chat.timezone) && within(m.activeHours, now + 10 * 60_000, chat.timezone));
      const bots = sim.node.telegram.sent.filter((s) => s.chatId === chatId).slice(-5);
      const roll = rng.next();
      const text = rng.pick(lines);
      if (roll < 0.45 && soon.length > 0) {
        const m = rng.pick(soon);
        sim.node.telegram.human({ chatId, username: 'deniz', text: `@${m.handle} ${text}` });
      } else if (roll < 0.65 && bots.length > 0) {
        const target = rng.pick(bots);
        sim.node.telegram.human({ chatId, username: 'deniz', text, replyTo: target.messageId });
      } else {
        sim.node.telegram.human({ chatId, username: 'deniz', text });
      }
    });
  }
}

/** Bot and human messages of a chat in the chat's order (its sequence), as stored. */
export function timeline(sim: Sim, chatId: string): ChatMessage[] {
  return sim.node.transcripts.all(chatId).filter((m) => !m.reaction);
}

export function fail(sim: Sim, what: string): never {
  throw new Error(`seed ${sim.seed}: ${what}`);
}

/** Rolling-window counts: the largest number of `times` inside any window of `windowMs`. */
export function maxInWindow(times: readonly number[], windowMs: number): number {
  return busiest(times, windowMs).count;
}

/** The rules the checker applies, from the run's config. */
export function rulesOf(config: Config): Rules {
  return {
    bots: config.bots.map((b) => ({ id: b.id, handle: b.handle, hourlyLimit: b.hourlyLimit, minGapSec: b.minGapSec, activeHours: b.activeHours })),
    chats: config.chats.map((c) => ({ id: c.id, timezone: c.timezone, members: c.members })),
    telegram: config.settings.telegram,
    dedup: config.settings.dedup,
  };
}

/** What the faults of a run did that the checker cannot see in Telegram's record: the keys of sends
 * whose answer was lost, and when sends that a latency slowed down were asked for. */
export interface RunFaults {
  readonly answerLost?: ReadonlySet<string>;
  readonly requestedAt?: ReadonlyMap<string, number>;
}

/** When each send slowed by the `faulty` Telegram port `tg` was asked for, by key (a retried send: its
 * last call, the one that went through). */
export function sendRequests(tg: object): Map<string, number> {
  const asked = new Map<string, number>();
  for (const f of faultsOf(tg)) if (f.kind === 'latency' && f.method === 'sendMessage') asked.set((f.args[0] as SendMessageRequest).idempotencyKey, f.at);
  return asked;
}

/** What Telegram saw and the chats stored in a run, as the checker reads it. */
export function transcriptOf(sim: Sim, faults: RunFaults = {}): Transcript {
  const t = sim.node.telegram;
  return {
    seen: [
      ...t.sent.map((m) => ({ chat: m.chatId, id: m.messageId, bot: m.botId, text: m.text, at: m.at, key: m.idempotencyKey, ...(m.replyTo !== undefined ? { replyTo: m.replyTo } : {}) })),
      ...t.humans.map((h) => ({ chat: h.chatId, id: h.messageId, bot: null, text: h.text, at: h.at, user: h.userId, ...(h.replyTo !== undefined ? { replyTo: h.replyTo } : {}) })),
    ],
    reactions: t.reactions.map((r) => ({ chat: r.chatId, bot: r.botId, target: r.messageId, at: r.at })),
    stored: sim.config.chats.flatMap((c) => timeline(sim, c.id).map((m) => ({ chat: c.id, seq: m.seq, id: m.messageId, bot: m.botId, text: m.text }))),
    answerLost: faults.answerLost ?? new Set(),
    ...(faults.requestedAt ? { requestedAt: faults.requestedAt } : {}),
  };
}

/** Every invariant of a run; throws naming the seed and the first violations. */
export function checkInvariants(sim: Sim, faults?: RunFaults): void {
  const broken = violations(transcriptOf(sim, faults), rulesOf(sim.config));
  if (broken.length > 0) fail(sim, `${broken.length} rule(s) broken:\n  ${broken.slice(0, 8).join('\n  ')}`);
}

export const SEEDS = Array.from({ length: Number(process.env.PIYASA_SIM_SEEDS ?? 20) }, (_, i) => 1000 + i * 7919);

export { seededRng };
