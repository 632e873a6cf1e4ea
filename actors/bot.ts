// BotActor: one per bot. Holds persona, emotion and rate budget in memory; writes its turn when a chat
// gives it the floor; a budget is reserved when a draft is handed over and refunded if it is not sent.
import type { Behavior, ActorContext } from './runtime/index.ts';
import type { BotMessage, ChatActorMessage, ComposeRequest, DeclineReason } from './messages.ts';
import { isBotMessage } from './messages.ts';
import type { BotMemory, BotMemoryStore, BotStateStore, Clock, GenerationRequest, GenerationResult, LlmPort, Logger, MarketFeed, RosterEntry, Rng, TraceSpan, Tracer } from './ports.ts';
import type { ChatMessage, Emotion, LengthPreference, Persona } from './domain/types.ts';
import { applyEvent, decay, expression } from './domain/emotion.ts';
import { budgetAllows, budgetNextAt, prune, spreadNextAt, type BotBudget } from './domain/budget.ts';
import { applyContentRules } from './domain/content.ts';
import { fingerprint, type DedupThresholds } from './domain/dedup.ts';
import { DedupIndex } from './domain/dedup-window.ts';
import { chooseTopic, extractSymbols, topicSymbols } from './domain/topic.ts';
import { holdingViewsFromSnapshot } from './domain/portfolio.ts';
import { inRanges, localTime } from './domain/hours.ts';
import { pickReaction } from './domain/reaction.ts';
import { fnv1a } from './domain/rng.ts';
import { marketCalendar } from './domain/calendar.ts';
import { traitsOf } from './domain/traits.ts';
import { PiyasaError, errorText } from './errors.ts';

/** A bot's own messages checked for exact repeats (about four days at 12 an hour). */
export const BOT_EXACT = 1_000;

export interface BotSettings {
  readonly lengthProfile: Readonly<Record<LengthPreference, number>>;
  readonly dedup: DedupThresholds & { readonly botWindow: number };
  /** Sends kept free in every rolling hour for answering people (routine turns stop earlier). */
  readonly humanReserve: number;
}

/** What a bot actor needs from the outside world; one instance shared by all bots of a node. */
export interface BotEnv {
  readonly clock: Clock;
  readonly rng: Rng;
  readonly llm: LlmPort;
  readonly market: MarketFeed;
  readonly store: BotStateStore;
  /** What bots remember of what people told them; without it nothing is remembered. */
  readonly memories?: BotMemoryStore;
  readonly logger: Logger;
  readonly settings: BotSettings;
  readonly universe: readonly string[];
  /** A `bot.compose` span per composition, continuing the turn's trace; none by default. */
  readonly tracer?: Tracer;
  persona(botId: string): Persona | undefined;
  toChat(chatId: string, message: ChatActorMessage): void;
}

export interface BotState {
  readonly persona: Persona;
  emotion: Emotion;
  emotionAt: number;
  budget: BotBudget;
  /** Reserved send time per in-flight turn ("chat#turn"); created on first use. */
  reserved?: Map<string, number>;
  /** Mean P&L of its holdings when it last looked (emotion follows the change). */
  pnlSeen?: number;
  /** The bot's own recent messages for dedup; created on first send. */
  recent?: DedupIndex;
  /** Model calls spent per recent turn ("chat#turn"), so a turn re-asked after a duplicate keeps its
   * allowance (MAX_TURN_LLM_CALLS); the oldest entries are dropped. */
  llmSpent?: Map<string, number>;
  rng: Rng;
}

/** The most model calls one turn may cost, whatever happens to its drafts (duplicates, regenerations):
 * past it the bot writes with the offline generator. */
export const MAX_TURN_LLM_CALLS = 3;

function sampleLength(profile: BotSettings['lengthProfile'], persona: Persona, shift: number, rng: Rng): LengthPreference {
  const order: LengthPreference[] = ['short', 'medium', 'long'];
  const roll = rng.next();
  let idx = roll < profile.short ? 0 : roll < profile.short + profile.medium ? 1 : 2;
  idx += persona.style.length === 'long' ? 1 : persona.style.length === 'short' ? -1 : 0;
  return order[Math.max(0, Math.min(2, idx + shift))]!;
}

/** The bot's own near-duplicate window, seeded with what it said before (oldest first). */
function seededWindow(env: BotEnv, said: readonly string[]): DedupIndex {
  const w = new DedupIndex(env.settings.dedup.botWindow, BOT_EXACT);
  for (const text of said) w.add(fingerprint(text));
  return w;
}

function reply(env: BotEnv, chatId: string, m: ChatActorMessage): void {
  env.toChat(chatId, m);
}

function decline(env: BotEnv, s: BotState, req: { chatId: string; turnId: number }, reason: DeclineReason, retryAt?: number, detail?: string): BotState {
  reply(env, req.chatId, { kind: 'declined', turnId: req.turnId, botId: s.persona.id, reason, ...(retryAt ? { retryAt } : {}), ...(detail ? { detail } : {}) });
  return s;
}

/** Active hours (not for an operator's line), then budget (routine turns keep `humanReserve` sends free for people). */
function admission(env: BotEnv, s: BotState, chatTz: string, answering: boolean, now: number, anyHour = false): { reason: DeclineReason; retryAt?: number } | undefined {
  const p = s.persona;
  if (!anyHour && !inRanges(p.activeHours, now, chatTz)) return { reason: 'hours' };
  s.budget = prune(s.budget, now);
  const limits = { hourlyLimit: p.hourlyLimit - (answering ? 0 : env.settings.humanReserve), minGapMs: p.minGapSec * 1000 };
  if (limits.hourlyLimit <= 0 || !budgetAllows(s.budget, now, limits)) return { reason: 'budget', retryAt: budgetNextAt(s.budget, now, limits) };
  // Routine turns are spread over the hour: a quarter of the budget (plus one) in any 15 minutes.
  if (!answering) {
    const spread = spreadNextAt(s.budget, now, limits.hourlyLimit);
    if (spread > now) return { reason: 'budget', retryAt: spread };
  }
  return undefined;
}

function reserve(s: BotState, chatId: string, turnId: number, now: number): void {
  s.budget = { sentAt: [...s.budget.sentAt, now] };
  (s.reserved ??= new Map()).set(`${chatId}#${turnId}`, now);
}

/** A compose or react for a turn this bot holds a reservation for is that request delivered again
 * (the bus delivers at least once): the chat releases a turn (`cancelled`) before it asks for it again.
 * Handled a second time it would be declined against its own reservation (the minimum gap), and the
 * chat, taking the decline for the turn's outcome, would drop the draft it holds. */
function redelivered(env: BotEnv, s: BotState, req: { chatId: string; turnId: number; kind: string }): boolean {
  if (!s.reserved?.has(`${req.chatId}#${req.turnId}`)) return false;
  env.logger.debug('bot.redelivered', { bot: s.persona.id, chat: req.chatId, turn: req.turnId, kind: req.kind });
  return true;
}

function release(s: BotState, chatId: string, turnId: number, deliveredAt?: number): void {
  const key = `${chatId}#${turnId}`;
  const at = s.reserved?.get(key);
  s.reserved?.delete(key);
  const sent = s.budget.sentAt.slice();
  const i = at === undefined ? -1 : sent.indexOf(at);
  if (i >= 0) sent.splice(i, 1);
  if (deliveredAt !== undefined) {
    // The real send time, later than the reservation: kept in order (usually the newest).
    let j = sent.length;
    while (j > 0 && sent[j - 1]! > deliveredAt) j--;
    sent.splice(j, 0, deliveredAt);
  }
  s.budget = { sentAt: sent };
}

/** Append the items of `from` not yet in `to`, while `to` has fewer than `max`. */
function addUnique(to: string[], from: readonly string[], max: number): void {
  for (let i = 0; i < from.length && to.length < max; i++) if (!to.includes(from[i]!)) to.push(from[i]!);
}

const NO_MEMORIES: readonly BotMemory[] = [];
/** Memories recalled for a turn; at most this many go into a prompt. */
const RECALLED = 3;
/** Characters of a person's message kept in a memory. */
const MEMORY_CHARS = 240;
/** How long a turn waits for its memories (a slow or absent database costs the memories, not the turn). */
const RECALL_WAIT_MS = 250;

/** A person's message addressed to the bot, as the bot remembers it. */
async function remember(env: BotEnv, botId: string, told: ChatMessage, now: number): Promise<void> {
  const text = told.text.replace(/\s+/g, ' ').trim().slice(0, MEMORY_CHARS);
  if (!env.memories || text === '') return;
  try {
    await env.memories.remember({
      botId, kind: 'conversation', content: `${told.speaker}: ${text}`, about: told.speaker, sourceMessageId: told.messageId, relevance: 0.7, createdAt: now,
    });
  } catch (error) {
    // A memory is derived from a message that is already recorded: losing one costs no message.
    env.logger.warn('memory.not-kept', { bot: botId, error: errorText(error) });
  }
}

/** `promise`, or `fallback` when it takes longer than `ms` of clock time; the timer is cleared either way. */
function within<T>(clock: Clock, ms: number, promise: Promise<T>, fallback: T): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = clock.setTimer(ms, () => resolve(fallback));
    promise.then(
      (value) => (clock.clearTimer(timer), resolve(value)),
      (error: unknown) => (clock.clearTimer(timer), reject(error)),
    );
  });
}

/** What the bot remembers for this turn (about the person it answers first), or none. */
async function recall(env: BotEnv, botId: string, req: ComposeRequest, now: number): Promise<readonly BotMemory[]> {
  if (!env.memories) return [];
  try {
    const about = req.target && req.target.botId === null ? req.target.speaker : undefined;
    return await within(env.clock, RECALL_WAIT_MS, env.memories.recall(botId, { limit: RECALLED, now, ...(about ? { about } : {}) }), []);
  } catch (error) {
    env.logger.warn('memory.not-recalled', { bot: botId, error: errorText(error) });
    return [];
  }
}

/** The recalled memories went into a prompt: used once more, so the same ones do not come back every time. */
async function markUsed(env: BotEnv, botId: string, memories: readonly BotMemory[], now: number): Promise<void> {
  try {
    await env.memories?.markUsed(memories.map((m) => m.id), now);
  } catch (error) {
    env.logger.warn('memory.not-marked', { bot: botId, error: errorText(error) });
  }
}

function buildRequest(env: BotEnv, s: BotState, req: ComposeRequest, now: number, memories: readonly BotMemory[], llmCalls: number): GenerationRequest {
  const p = s.persona;
  const rng = s.rng;
  const topic = chooseTopic({ pool: req.topicPool, transcript: req.transcript, stances: p.stances, recentTopics: req.recentTopics, now, affinity: traitsOf(p).affinity }, rng);
  const symbols: string[] = [];
  if (req.news) addUnique(symbols, req.news.symbols, 3);
  if (req.target) addUnique(symbols, extractSymbols(req.target.text, env.universe), 3);
  addUnique(symbols, topicSymbols(topic, p.watchlist, env.universe, rng), 3);
  // The index, the dollar and Bitcoin too: a market overview (a greeting, "how is the market?") names them.
  const wanted = symbols.slice();
  for (let i = 0; i < OVERVIEW.length; i++) if (!wanted.includes(OVERVIEW[i]!)) wanted.push(OVERVIEW[i]!);
  for (let i = 0; i < p.holdings.length; i++) if (!wanted.includes(p.holdings[i]!.symbol)) wanted.push(p.holdings[i]!.symbol);
  const market = env.market.snapshot(wanted);
  const holdings = holdingViewsFromSnapshot(p.holdings, market);
  const news = req.news ?? market.news.find((n) => n.symbols.some((sym) => symbols.includes(sym)) && now - n.at < 30 * 60_000);
  const t = localTime(now, req.timeZone);
  const target = req.target
    ? { speaker: req.target.speaker, text: req.target.text, human: req.target.botId === null, ...(req.target.botId ? { botId: req.target.botId } : {}) }
    : undefined;
  const roster = rosterOf(env, req.members, p.id);
  return {
    botId: p.id, persona: p, emotion: s.emotion, chatId: req.chatId, chatTitle: req.chatTitle,
    localHour: t.hour, weekday: t.weekday, mode: req.mode, topic, symbols, transcript: req.transcript,
    market, holdings, length: sampleLength(env.settings.lengthProfile, p, expression(s.emotion).lengthShift, rng),
    attempt: req.attempt, seed: fnv1a(`${req.chatId}#${req.turnId}#${req.attempt}`, rng.int(0x7fffffff)),
    calendar: marketCalendar(now), llmCalls,
    ...(target ? { target } : {}), ...(news ? { news } : {}), ...(req.news ? { newsFirst: true } : {}), ...(memories.length ? { memories: memories.map((m) => m.content) } : {}),
    ...(req.intent ? { intent: req.intent } : {}), ...(req.claim ? { claim: req.claim } : {}), ...(req.told?.length ? { told: req.told } : {}),
    ...(roster ? { roster } : {}),
  };
}

const OVERVIEW: readonly string[] = ['BIST:XU100', 'USDTRY', 'BTCUSDT'];

const rosters = new WeakMap<readonly string[], Map<string, readonly RosterEntry[]>>();

/** The chat's other members as the bot sees them (memoised per member list and bot). */
function rosterOf(env: BotEnv, members: readonly string[] | undefined, self: string): readonly RosterEntry[] | undefined {
  if (!members) return undefined;
  let byBot = rosters.get(members);
  if (!byBot) rosters.set(members, (byBot = new Map()));
  let roster = byBot.get(self);
  if (!roster) {
    const list: RosterEntry[] = [];
    for (const id of members) {
      const m = id === self ? undefined : env.persona(id);
      if (m) list.push({ name: m.name, handle: m.handle, tone: m.tone });
    }
    byBot.set(self, (roster = list));
  }
  return roster;
}

/** Add the @handle of the bot being answered, unless the text already has it. */
function withMention(env: BotEnv, text: string, req: ComposeRequest, rng: Rng): string {
  const handle = req.mention && req.target?.botId ? env.persona(req.target.botId)?.handle : undefined;
  if (!handle || text.toLowerCase().includes(`@${handle.toLowerCase()}`)) return text;
  return rng.chance(0.6) ? `@${handle} ${text}` : `${text} @${handle}`;
}

/** Moves of the bot's holdings since it last looked make it happier or gloomier. */
function feelPortfolio(env: BotEnv, s: BotState): void {
  const holdings = s.persona.holdings;
  let sum = 0;
  let n = 0;
  for (let i = 0; i < holdings.length; i++) {
    const h = holdings[i]!;
    const q = env.market.quote(h.symbol);
    if (q) {
      sum += q.price / h.avgPrice - 1;
      n++;
    }
  }
  if (n === 0) return;
  const pnl = sum / n;
  if (s.pnlSeen !== undefined && pnl !== s.pnlSeen) s.emotion = applyEvent(s.emotion, { kind: 'pnl', pct: pnl - s.pnlSeen });
  s.pnlSeen = pnl;
}

/** An operator's line (the `say` command): no LLM, but the budget, the content rules and the bot's own
 * dedup as for any line; answered like a draft, or declined with the reason. */
function composeScripted(env: BotEnv, s: BotState, req: ComposeRequest, text: string): BotState {
  const now = env.clock.now();
  const denied = admission(env, s, req.timeZone, true, now, true);
  if (denied) return decline(env, s, req, denied.reason, denied.retryAt);
  const checked = applyContentRules(text);
  if (!checked.ok) return decline(env, s, req, 'content', undefined, checked.reason);
  if (s.recent?.match(fingerprint(checked.text), env.settings.dedup)) return decline(env, s, req, 'duplicate');
  reserve(s, req.chatId, req.turnId, now);
  const { mood, paceFactor } = expression(decay(s.emotion, s.persona.emotionBaseline, now - s.emotionAt));
  reply(env, req.chatId, { kind: 'draft', turnId: req.turnId, botId: s.persona.id, text: checked.text, topic: 'operator', mood, pace: paceFactor, attempt: req.attempt });
  return s;
}

/** The composition in its `bot.compose` span when tracing is on (the LLM's spans become its children). */
async function compose(env: BotEnv, s: BotState, req: ComposeRequest): Promise<BotState> {
  if (req.scripted !== undefined) return composeScripted(env, s, req, req.scripted);
  const tracer = env.tracer;
  if (!tracer?.enabled) return composeTurn(env, s, req);
  const span = tracer.start('bot.compose', {
    kind: 'consumer', ...(req.trace ? { parent: req.trace } : {}),
    // The chat, turn and kind are on the parent (chat.turn): not repeated here.
    attributes: { 'piyasa.bot.id': s.persona.id },
  });
  try {
    return await composeTurn(env, s, req, { span, tracer });
  } catch (error) {
    span.fail(errorText(error));
    throw error;
  } finally {
    span.end();
  }
}

interface Traced {
  readonly span: TraceSpan;
  readonly tracer: Tracer;
}

function generate(env: BotEnv, request: GenerationRequest, t: Traced | undefined): Promise<GenerationResult> {
  return t && env.llm.traced ? t.tracer.within(t.span, () => env.llm.generate(request)) : env.llm.generate(request);
}

async function composeTurn(env: BotEnv, s: BotState, req: ComposeRequest, t?: Traced): Promise<BotState> {
  const now = env.clock.now();
  const denied = admission(env, s, req.timeZone, req.mode === 'answer', now);
  if (denied) {
    t?.span.setAttributes({ 'piyasa.compose.outcome': `declined-${denied.reason}` });
    return decline(env, s, req, denied.reason, denied.retryAt);
  }
  s.emotion = decay(s.emotion, s.persona.emotionBaseline, now - s.emotionAt);
  s.emotionAt = now;
  feelPortfolio(env, s);
  const memories = env.memories ? await recall(env, s.persona.id, req, now) : NO_MEMORIES;
  // The draft, one regeneration with a changed instruction, then a last try that an LLM router writes
  // with the offline generator (attempt ≥ 2, see GenerationRequest.attempt).
  const key = `${req.chatId}#${req.turnId}`;
  const spent = (s.llmSpent ??= new Map());
  for (let attempt = req.attempt; attempt <= req.attempt + 2; attempt++) {
    const request = buildRequest(env, s, { ...req, attempt }, now, memories, MAX_TURN_LLM_CALLS - (spent.get(key) ?? 0));
    let result;
    try {
      result = await generate(env, request, t);
      if (result.calls) noteSpent(spent, key, result.calls);
    } catch (error) {
      // A typed failure of the LLM (timeout, rate limit, bad output) costs this turn, not the actor;
      // anything else is a bug and goes to the supervisor.
      if (!(error instanceof PiyasaError)) throw error;
      env.logger.warn('llm.failed', { bot: s.persona.id, chat: req.chatId, error: `${error.name}: ${error.message}` });
      t?.span.setAttributes({ 'piyasa.compose.outcome': 'declined-error' });
      return decline(env, s, req, 'error');
    }
    const checked = applyContentRules(result.text);
    if (!checked.ok) {
      t?.span.addEvent('content.rejected', { 'piyasa.compose.attempt': attempt, 'piyasa.content.reason': checked.reason });
      continue;
    }
    const text = withMention(env, checked.text, req, s.rng);
    if (s.recent?.match(fingerprint(text), env.settings.dedup)) {
      t?.span.addEvent('dedup.verdict', { 'piyasa.compose.attempt': attempt, 'piyasa.dedup.verdict': 'near-duplicate of the bot\'s own recent messages' });
      continue;
    }
    reserve(s, req.chatId, req.turnId, now);
    const { mood, paceFactor } = expression(s.emotion);
    t?.span.setAttributes({
      'piyasa.compose.outcome': 'draft', 'piyasa.compose.attempt': attempt, 'piyasa.compose.topic': request.topic, 'piyasa.dedup.verdict': 'unique', 'piyasa.compose.model': result.model,
    });
    reply(env, req.chatId, { kind: 'draft', turnId: req.turnId, botId: s.persona.id, text, topic: request.topic, mood, pace: paceFactor, attempt });
    if (memories.length) await markUsed(env, s.persona.id, memories, now);
    return s;
  }
  t?.span.setAttributes({ 'piyasa.compose.outcome': 'declined-duplicate' });
  return decline(env, s, req, 'duplicate');
}

/** Add `calls` to the turn's spending; only the last few turns are kept. */
function noteSpent(spent: Map<string, number>, key: string, calls: number): void {
  spent.set(key, (spent.get(key) ?? 0) + calls);
  if (spent.size > 16) spent.delete(spent.keys().next().value!);
}

async function persist(env: BotEnv, s: BotState): Promise<void> {
  await env.store.save({ botId: s.persona.id, emotion: s.emotion, emotionAt: s.emotionAt, sentAt: s.budget.sentAt });
}

/** Name of the actor of bot `botId`; the bot behaviour reads the id back from it. */
export const botActorName = (botId: string): string => `bot-${botId}`;

/** The bot id back from a bot actor's name or path ("bot-x" or "/bot-x"). */
export const botIdOf = (nameOrPath: string): string => nameOrPath.slice(nameOrPath.lastIndexOf('/') + 1 + 'bot-'.length);

/** The behaviour shared by every bot actor of a node (one object, not one per bot: idle bots are the
 * common case). `init` reloads budget and emotion, so a restart never resets a budget. */
export function botBehavior(env: BotEnv): Behavior<BotState, BotMessage> {
  return {
    accepts: isBotMessage,
    async init(ctx) {
      const botId = botIdOf(ctx.self.name);
      const persona = env.persona(botId);
      if (!persona) throw new Error(`unknown bot ${botId}`);
      const saved = await env.store.load(botId);
      const now = env.clock.now();
      return {
        persona,
        emotion: saved?.emotion ?? persona.emotionBaseline,
        emotionAt: saved?.emotionAt ?? now,
        budget: prune({ sentAt: [...(saved?.sentAt ?? [])] }, now),
        rng: env.rng.fork(`bot:${botId}`),
        ...(saved?.said?.length ? { recent: seededWindow(env, saved.said) } : {}),
      };
    },
    async receive(s, m, _ctx: ActorContext<BotMessage>) {
      switch (m.kind) {
        case 'compose':
          return redelivered(env, s, m) ? s : compose(env, s, m);
        case 'react': {
          if (redelivered(env, s, m)) return s;
          const now = env.clock.now();
          const denied = admission(env, s, m.timeZone, false, now);
          if (denied) return decline(env, s, m, denied.reason, denied.retryAt);
          reserve(s, m.chatId, m.turnId, now);
          reply(env, m.chatId, { kind: 'reaction', turnId: m.turnId, botId: s.persona.id, emoji: pickReaction(m.target.text, s.rng) });
          return s;
        }
        case 'delivered':
          release(s, m.chatId, m.turnId, m.at);
          if (!m.reaction) (s.recent ??= seededWindow(env, [])).add(fingerprint(m.text));
          await persist(env, s);
          return s;
        case 'cancelled':
          release(s, m.chatId, m.turnId);
          await persist(env, s);
          return s;
        case 'heard': {
          const now = env.clock.now();
          s.emotion = applyEvent(decay(s.emotion, s.persona.emotionBaseline, now - s.emotionAt), m.event);
          s.emotionAt = now;
          // Written in the background: a slow database must not hold up the bot's next turn.
          if (m.told) void remember(env, s.persona.id, m.told, now);
          return s;
        }
        case 'status':
          m.reply({ botId: s.persona.id, mood: expression(s.emotion).mood, emotion: { ...s.emotion }, sentLastHour: prune(s.budget, env.clock.now()).sentAt.length, hourlyLimit: s.persona.hourlyLimit });
          return s;
      }
    },
  };
}
