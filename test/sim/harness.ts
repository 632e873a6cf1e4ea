// Seeded simulation harness: the single-node composition on a virtual clock, a scripted human, and
// the invariants every run must keep. A failing check names the seed so it can be replayed alone.
import {
  addressedBot, compare, fingerprint, inRanges, isActive, member, normalize, seededRng,
  type ChatMessage, type LlmPort, type Rng, type TelegramPort,
} from '../../actors/index.ts';
import { VirtualClock, createOfflineGenerator } from '../../transport/index.ts';
import { DEMO_CONFIG_PATH, loadConfig, type Config } from '../../infra/config/index.ts';
import { createSingleNode, type SingleNode } from '../../infra/root/single.ts';
import { memoryLogger } from '../../infra/log.ts';

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
}

export function demoConfig(): Config {
  return loadConfig(DEMO_CONFIG_PATH);
}

/** Port wrappers get the simulation's clock (e.g. for fault latency). */
type Wrap<P> = (base: P, clock: VirtualClock) => P;

export function createSim(seed: number, opts: { config?: Config; llm?: Wrap<LlmPort>; telegram?: Wrap<TelegramPort>; script?: boolean } = {}): Sim {
  const config = opts.config ?? demoConfig();
  const clock = new VirtualClock(SIM_START);
  const logger = memoryLogger('warn');
  const llm = opts.llm ? opts.llm(createOfflineGenerator(), clock) : undefined;
  const node = createSingleNode({ config, clock, seed, logger, script: opts.script ?? false, ...(llm ? { llm } : {}), ...(opts.telegram ? { wrapTelegram: (t: TelegramPort) => opts.telegram!(t, clock) } : {}) });
  return {
    seed, clock, node, config, logger,
    run: (untilMs) => clock.runUntil(untilMs, () => node.system.settle()),
  };
}

/** A person in the group: every few minutes a line, often mentioning an active bot or replying to one. */
export function scriptHuman(sim: Sim, chatId: string, fromMs: number, toMs: number, rng: Rng): void {
  const chat = sim.config.chats.find((c) => c.id === chatId)!;
  const members = chat.members.map((id) => member(sim.node.personas.get(id)!));
  const lines = ['bugün piyasa nasıl?', 'dolar nereye gider sizce?', 'BTC için ne düşünüyorsunuz?', 'THYAO alınır mı şimdi?', 'faiz kararı ne olur?', 'altın pahalı mı?'];
  for (let t = fromMs + rng.range(5, 25) * 60_000; t < toMs; t += rng.range(8, 40) * 60_000) {
    sim.clock.setTimer(t - sim.clock.now(), () => {
      const now = sim.clock.now();
      const soon = members.filter((m) => isActive(m, now, chat.timezone) && isActive(m, now + 10 * 60_000, chat.timezone));
      const bots = sim.node.telegram.sent.filter((s) => s.chatId === chatId).slice(-5);
      const roll = rng.next();
      const text = rng.pick(lines);
      if (roll < 0.45 && soon.length > 0) {
        const m = rng.pick(soon);
        sim.node.telegram.human({ chatId, username: 'deniz', text: `@${m.persona.handle} ${text}` });
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

/** Rolling-window counts over sorted times: the largest number inside any window of `windowMs`. */
export function maxInWindow(times: readonly number[], windowMs: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  let best = 0;
  for (let i = 0, j = 0; i < sorted.length; i++) {
    while (sorted[i]! - sorted[j]! >= windowMs) j++;
    best = Math.max(best, i - j + 1);
  }
  return best;
}

/** Mentions of a bot that had no budget left in its rolling hour (answered later, not first). */
export const exempt = { outOfBudget: 0 };

/** Every invariant of a run; throws naming the seed and the first violation. */
export function checkInvariants(sim: Sim): void {
  const { node, config } = sim;
  const sends = node.telegram.sent;
  const reactions = node.telegram.reactions;
  for (const bot of config.bots) {
    const times = [...sends.filter((s) => s.botId === bot.id).map((s) => s.at), ...reactions.filter((r) => r.botId === bot.id).map((r) => r.at)];
    const worst = maxInWindow(times, HOUR);
    if (worst > bot.hourlyLimit) fail(sim, `${bot.id} sent ${worst} in one rolling hour (limit ${bot.hourlyLimit})`);
    for (const chat of config.chats) {
      const inChat = sends.filter((s) => s.botId === bot.id && s.chatId === chat.id).map((s) => s.at);
      if (maxInWindow(inChat, 60_000) > config.settings.telegram.perBotPerChatPerMin) fail(sim, `${bot.id} over 20/min in ${chat.id}`);
    }
    if (maxInWindow(sends.filter((s) => s.botId === bot.id).map((s) => s.at), 1_000) > config.settings.telegram.perBotPerSec) fail(sim, `${bot.id} over 30/s`);
  }
  for (const chat of config.chats) {
    const chatSends = sends.filter((s) => s.chatId === chat.id);
    if (maxInWindow(chatSends.map((s) => s.at), 1_000) > config.settings.telegram.perChatPerSec) fail(sim, `chat ${chat.id} over 1 msg/s`);
    const members = chat.members.map((id) => member(node.personas.get(id)!));
    const lines = timeline(sim, chat.id);
    const seen = new Map<string, number>();
    const byId = new Map(lines.map((m) => [m.messageId, m]));
    for (let i = 0; i < lines.length; i++) {
      const m = lines[i]!;
      // The chat's own order (its sequence). Telegram ids and times may interleave when a person writes
      // while a send is in flight, but the chat never skips or repeats a sequence number.
      if (m.seq !== i + 1) fail(sim, `chat ${chat.id} out of sequence at #${m.messageId} (seq ${m.seq}, position ${i + 1})`);
      if (m.botId === null) continue;
      const persona = node.personas.get(m.botId)!;
      if (!inRanges(persona.activeHours, m.at, chat.timezone)) fail(sim, `${m.botId} spoke outside its active hours at ${new Date(m.at).toISOString()}`);
      if (m.replyTo !== undefined) {
        const target = byId.get(m.replyTo);
        if (!target || target.messageId >= m.messageId || target.seq >= m.seq) fail(sim, `#${m.messageId} replies to #${m.replyTo}, which was not sent before it`);
        if (target.botId === m.botId) fail(sim, `${m.botId} replied to itself (#${m.messageId})`);
      }
      const norm = normalize(m.text);
      if (norm === '') continue; // an emoji-only line: a reaction sent as a reply, not text to dedup
      if (seen.has(norm)) fail(sim, `exact duplicate sent: "${m.text}" (#${seen.get(norm)} and #${m.messageId})`);
      seen.set(norm, m.messageId);
      const fp = fingerprint(m.text);
      const window = lines.slice(Math.max(0, i - config.settings.dedup.chatWindow), i).filter((o) => normalize(o.text) !== '');
      for (const o of window) {
        const hit = compare(fp, fingerprint(o.text), config.settings.dedup);
        if (hit) fail(sim, `near-duplicate sent: #${m.messageId} "${m.text}" ~ #${o.messageId} "${o.text}" (${hit.score.toFixed(2)})`);
      }
    }
    // A human's mention of (or reply to) an active bot is answered by that bot before any other bot
    // speaks — when the bot has budget left in the rolling hour (the hourly limit is never broken; a bot
    // out of budget answers as soon as its budget allows, and is exempt here but counted).
    for (let i = 0; i < lines.length; i++) {
      const h = lines[i]!;
      if (h.botId !== null) continue;
      const addressed = addressedBot(h, members, lines.slice(0, i));
      const m = members.find((x) => x.persona.id === addressed);
      if (!m || !isActive(m, h.at, chat.timezone)) continue;
      const answer = lines.slice(i + 1).find((x) => x.botId === addressed && x.replyTo === h.messageId);
      const next = lines.slice(i + 1).find((x) => x.botId !== null);
      if (!next || next === answer) continue;
      const used = [...sends, ...reactions].filter((x) => x.botId === addressed && x.at > h.at - HOUR && x.at <= h.at).length;
      if (used >= m.persona.hourlyLimit - 1) {
        exempt.outOfBudget += 1;
        if (!answer && isActive(m, h.at + 2 * HOUR, chat.timezone) && lines.at(-1)!.at > h.at + 2 * HOUR) fail(sim, `human #${h.messageId} to ${addressed} was never answered`);
        continue;
      }
      fail(sim, `human #${h.messageId} addressed ${addressed} (${used} sends in the hour before), but the next bot message was #${next.messageId} by ${next.botId} replying to ${next.replyTo}`);
    }
  }
  const dup = node.telegram.duplicates();
  if (dup.length > 0) fail(sim, `a send was repeated: ${dup.join(', ')}`);
}

export const SEEDS = Array.from({ length: Number(process.env.PIYASA_SIM_SEEDS ?? 20) }, (_, i) => 1000 + i * 7919);

export { seededRng };
