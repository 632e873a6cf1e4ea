// The chat actor's state and its pure step function: (state, message, env) -> effects. The chat is the
// only sequencer of its chat: one floor at a time, a sequence per message, dedup before anything is sent.
import type { Rng } from '../ports.ts';
import type { ChatConfig, ChatMessage, LengthPreference, NewsItem } from '../domain/types.ts';
import type { BotMessage, ChatActorMessage, CommandReply, ComposeRequest } from '../messages.ts';
import { addressedBot, isActive, member, nextTurn, type DirectorSettings, type Member } from '../domain/director.ts';
import { claimFor, createDiscourse, intentFor, noteLine, toldKeys, type Discourse } from '../domain/discourse.ts';
import { chooseAnswerer } from '../domain/answerer.ts';
import { classifyMessage } from '../domain/intent.ts';
import { fingerprint, type DedupThresholds } from '../domain/dedup.ts';
import { DedupIndex } from '../domain/dedup-window.ts';
import type { TelegramLimiter, TelegramLimits } from '../domain/budget.ts';
import { chatMeanTurnSec, hourActivity, nextTurnDelayMs, threadPace, type ThreadState } from '../domain/pacing.ts';
import { inRanges, localTime } from '../domain/hours.ts';
import type { Persona } from '../domain/types.ts';

/** Every engine-wide knob: the `settings:` block of the config, fully resolved (defaults in infra/config). */
export interface ChatSettings extends DirectorSettings {
  /** Mean seconds between turns outside prime hours. */
  readonly baseTurnSec: number;
  /** Mean seconds between turns during prime hours. */
  readonly primeTurnSec: number;
  /** Bounds on one gap between turns (seconds); max > min. */
  readonly minTurnSec: number;
  readonly maxTurnSec: number;
  /** How many recent chat lines a bot sees when it writes. */
  readonly transcriptWindow: number;
  /** A draft is stale (dropped, the turn re-planned) when more messages than this arrived since it was asked for. */
  readonly staleAfterMessages: number;
  /** Human pacing: read delay and "typing…" before sending. */
  readonly typing: boolean;
  /** The pace follows a market chat's day (quiet nights, a busy session, slower weekends); off: the
   * same pace around the clock. */
  readonly dayCurve: boolean;
  /** Share of short/medium/long messages; sums to 1. */
  readonly lengthProfile: Readonly<Record<LengthPreference, number>>;
  /** Near-duplicate windows (recent messages per chat and per bot) and similarity thresholds in (0, 1]. */
  readonly dedup: DedupThresholds & { readonly chatWindow: number; readonly botWindow: number };
  /** Telegram's own limits, enforced on our side. */
  readonly telegram: TelegramLimits;
}

/** The turn in progress: who holds the floor and what they are doing with it. */
export interface Floor {
  readonly turnId: number;
  readonly botId: string;
  /** The compose request out (replaced by its regeneration after a duplicate). */
  request?: ComposeRequest;
  readonly reactTo?: ChatMessage;
  readonly basedOnSeq: number;
  draft?: { text: string; topic: string; mood: string; replyTo?: number; reaction?: string };
  sendAttempts: number;
  /** A send (or reaction) effect is out and its outcome not back yet. */
  sending?: boolean;
  /** The operator's line this turn sends (the `say` command), answered when it is sent or refused. */
  readonly say?: PendingSay;
}

/** A `say` command waiting for the floor, with the command's answer to give when it is settled. */
export interface PendingSay {
  readonly bot: string;
  readonly text: string;
  readonly replyTo?: number;
  readonly reply: (r: CommandReply) => void;
  /** The bot must keep its minimum gap until then: the line waits (the chat waits with it). */
  readonly notBefore?: number;
}

/** Where the operator steered the next unprompted turns (the `topic` command, a news shock). */
export interface Steer {
  readonly topic: string;
  turnsLeft: number;
  /** The shock the steer came from: its turns are new posts about it. */
  readonly news?: NewsItem;
}

export interface ChatState {
  readonly config: ChatConfig;
  readonly settings: ChatSettings;
  /** Replaced when the chat's members change (members.add, bots.remove). */
  members: readonly Member[];
  /** The members' personas (replaced with `members`). */
  personas: readonly Persona[];
  readonly universe: readonly string[];
  /** Open questions, claims, what each bot told, what people's messages are. */
  readonly discourse: Discourse;
  /** Recent messages, newest last (reactions are not kept here). */
  transcript: ChatMessage[];
  seq: number;
  /** Near-duplicates over the last `dedup.chatWindow` messages, exact repeats over the last CHAT_EXACT. */
  readonly window: DedupIndex;
  floor?: Floor;
  /** Human messages addressed to a bot and not answered yet, oldest first. */
  addressed: ChatMessage[];
  /** Telegram ids of the newest people's messages taken (HUMANS_SEEN at most), oldest first: a message
   * delivered again (a redelivery) is recorded once. */
  readonly humansSeen: Set<number>;
  /** People's messages to the group (naming no bot) waiting for their one answer, oldest first. */
  pending: ChatMessage[];
  /** Failed answer turns per person's message (a draft dropped, a bot declining after writing). */
  readonly tries: Map<number, number>;
  /** No turn is planned before this time: a turn that failed after writing waits before the next. */
  holdUntil: number;
  /** Bots that declined a routine turn (budget kept for people, gap), until when. */
  readonly busyUntil: Map<string, number>;
  /** Bots that declined even an answer to a person (hourly limit reached), until when. */
  readonly answerBusyUntil: Map<string, number>;
  recentTopics: string[];
  paused: boolean;
  paceScale: number;
  nextTurnId: number;
  readonly limiter: TelegramLimiter;
  readonly stats: { delivered: number; reactions: number; humans: number; dropped: Record<string, number> };
  /** Operator lines waiting for the floor, oldest first. */
  says: PendingSay[];
  steer?: Steer;
  /** Ids of the news shocks this chat already reacted to (the newest few). */
  newsSeen: string[];
}

export type TimerName = 'turn' | 'floor' | 'typing' | 'send';

export type ChatEffect =
  | { readonly kind: 'tellBot'; readonly botId: string; readonly message: BotMessage }
  | { readonly kind: 'schedule'; readonly timer: TimerName; readonly delayMs: number; readonly message: ChatActorMessage }
  | { readonly kind: 'cancel'; readonly timer: TimerName }
  | { readonly kind: 'typing'; readonly botId: string }
  | { readonly kind: 'send'; readonly turnId: number; readonly botId: string; readonly text: string; readonly replyTo?: number; readonly idempotencyKey: string }
  | { readonly kind: 'react'; readonly turnId: number; readonly botId: string; readonly messageId: number; readonly emoji: string }
  | { readonly kind: 'record'; readonly message: ChatMessage; readonly mood?: string }
  | { readonly kind: 'edit'; readonly messageId: number; readonly userId: number; readonly text: string };

export interface ChatEnv {
  readonly now: number;
  readonly rng: Rng;
}

const KEEP = 60;
/** People's message ids a chat remembers for recording each once. */
export const HUMANS_SEEN = 1_000;
/** Messages of a chat checked for exact repeats. */
export const CHAT_EXACT = 5_000;
/** How long a chat waits for an addressed bot that is briefly unavailable before others may speak. */
export const MAX_ADDRESS_WAIT_MS = 120_000;
/** How long a person's message to a bot that cannot answer yet (off hours) waits for it. */
export const ADDRESS_EXPIRY_MS = 2 * 3_600_000;
/** How long a bot may hold the floor without handing in a draft. */
export const FLOOR_TIMEOUT_MS = 60_000;
/** How long a person's message to the group waits for its answer before it is let go. */
export const PENDING_EXPIRY_MS = 10 * 60_000;
/** Turns tried for one person's message before it is let go (each may cost LLM calls). */
export const MAX_ANSWER_TRIES = 3;
/** The wait before planning again after a turn that failed once it was written (a duplicate, an LLM
 * error): a re-planned floor never composes again at once. */
export const REPLAN_WAIT_MS = 15_000;

/** `limiter` is shared by all chats of a node, so a bot's sends across chats are counted together. */
export function createChatState(config: ChatConfig, settings: ChatSettings, personas: readonly Persona[], universe: readonly string[], limiter: TelegramLimiter): ChatState {
  return {
    config, settings, universe,
    members: personas.map(member), personas, discourse: createDiscourse(),
    transcript: [], seq: 0, window: new DedupIndex(settings.dedup.chatWindow, CHAT_EXACT), addressed: [], humansSeen: new Set(), pending: [], tries: new Map(), holdUntil: 0,
    busyUntil: new Map(), answerBusyUntil: new Map(), recentTopics: [], paused: false, paceScale: config.paceScale, nextTurnId: 1,
    limiter,
    stats: { delivered: 0, reactions: 0, humans: 0, dropped: {} },
    says: [], newsSeen: [],
  };
}

export function personaOf(s: ChatState, botId: string): Persona | undefined {
  return s.members.find((m) => m.persona.id === botId)?.persona;
}

/** Where the conversation stands at the end of the transcript (for its pace). */
export function threadState(transcript: readonly ChatMessage[]): ThreadState {
  const last = transcript[transcript.length - 1];
  if (!last) return 'post';
  if (last.text.includes('?')) return 'question';
  if (last.replyTo !== undefined) return 'reply';
  let posts = 0;
  for (let i = transcript.length - 1; i >= 0 && i >= transcript.length - 4; i--) if (transcript[i]!.replyTo === undefined) posts++;
  return posts >= 4 ? 'dead' : 'post';
}

/** Delay until the next unprompted turn: Poisson pacing scaled by prime hours, the hour's activity, where
 * the thread stands and the chat's pace. The longest gap grows as the hour quietens. */
export function turnDelay(s: ChatState, env: ChatEnv): number {
  const inPrime = s.config.primeHours.length > 0 && inRanges(s.config.primeHours, env.now, s.config.timezone);
  const t = localTime(env.now, s.config.timezone);
  const activity = s.settings.dayCurve ? hourActivity(t.hour, t.weekday) : 1;
  const thread = threadPace(threadState(s.transcript));
  const meanSec = chatMeanTurnSec({ baseTurnSec: s.settings.baseTurnSec, primeTurnSec: s.settings.primeTurnSec, paceScale: s.paceScale, inPrime, activity, thread });
  return nextTurnDelayMs({ meanSec, minSec: s.settings.minTurnSec, maxSec: s.settings.maxTurnSec / activity }, env.rng);
}

export function drop(s: ChatState, reason: string): void {
  s.stats.dropped[reason] = (s.stats.dropped[reason] ?? 0) + 1;
}

/** Give up the floor (refunding the bot's reservation when nothing was sent) and plan the next turn. */
export function releaseFloor(s: ChatState, env: ChatEnv, fx: ChatEffect[], refund: boolean, soon = false): void {
  const f = s.floor;
  if (!f) return;
  s.floor = undefined;
  fx.push({ kind: 'cancel', timer: 'floor' }, { kind: 'cancel', timer: 'typing' }, { kind: 'cancel', timer: 'send' });
  if (refund && (f.draft || f.request || f.reactTo)) fx.push({ kind: 'tellBot', botId: f.botId, message: { kind: 'cancelled', turnId: f.turnId, chatId: s.config.id } });
  const delay = Math.max(soon || answerWaiting(s, env.now) ? 0 : turnDelay(s, env), s.holdUntil - env.now);
  fx.push({ kind: 'schedule', timer: 'turn', delayMs: delay, message: { kind: 'tick' } });
}

/** The operator's steer for a routine turn while it lasts (one turn used); none for answers to people. */
function steered(s: ChatState, mode: ComposeRequest['mode']): Steer | undefined {
  const steer = s.steer;
  if (!steer || mode === 'answer') return undefined;
  if (--steer.turnsLeft <= 0) s.steer = undefined;
  return steer;
}

/** A person's message can be answered now (its bot is around and free, or it asked the group): the next
 * turn comes at once. A message to a bot that is busy for a while does not make the chat rush on. */
function answerWaiting(s: ChatState, now: number): boolean {
  if (s.pending.length > 0) return true;
  for (const msg of s.addressed) {
    const botId = addressedBot(msg, s.members, s.transcript);
    const m = s.members.find((x) => x.persona.id === botId);
    if (m && isActive(m, now, s.config.timezone) && (s.answerBusyUntil.get(botId!) ?? 0) <= now) return true;
  }
  return false;
}

/** The floor's turn failed after it was written (a duplicate dropped, a bot declining after trying):
 * the next plan waits, and a person's message that keeps failing is let go. */
export function turnFailed(s: ChatState, env: ChatEnv, target: ChatMessage | undefined): void {
  s.holdUntil = env.now + REPLAN_WAIT_MS;
  if (!target || target.botId !== null) return;
  const n = (s.tries.get(target.messageId) ?? 0) + 1;
  s.tries.set(target.messageId, n);
  if (n < MAX_ANSWER_TRIES) return;
  s.tries.delete(target.messageId);
  s.addressed = s.addressed.filter((m) => m.messageId !== target.messageId);
  s.pending = s.pending.filter((m) => m.messageId !== target.messageId);
  drop(s, 'unanswered-failed');
}

export function compose(s: ChatState, env: ChatEnv, botId: string, mode: ComposeRequest['mode'], target: ChatMessage | undefined, mention: boolean, fx: ChatEffect[], say?: PendingSay): void {
  const turnId = s.nextTurnId++;
  const steer = say ? undefined : steered(s, mode);
  // A turn steered to a news shock is a new post about it, not a reply to someone.
  if (steer?.news) [mode, target, mention] = ['new', undefined, false];
  const d = s.discourse;
  const intent = target ? intentFor(d, target, s.universe) : undefined;
  const claim = target ? claimFor(d, target, s.universe) : undefined;
  const told = toldKeys(d, botId, env.now);
  const request: ComposeRequest = {
    kind: 'compose', turnId, chatId: s.config.id, chatTitle: s.config.title, timeZone: s.config.timezone, mode, mention,
    transcript: s.transcript.slice(-s.settings.transcriptWindow), topicPool: steer ? [steer.topic] : s.config.topics, recentTopics: s.recentTopics.slice(-6),
    // A person's message whose first turn failed is answered without a model (attempt 2): its model
    // calls were spent on that first turn.
    attempt: target && s.tries.has(target.messageId) ? 2 : 0,
    members: s.members.map((m) => m.persona.id),
    ...(target ? { target } : {}), ...(intent ? { intent } : {}), ...(claim ? { claim } : {}), ...(told.length ? { told } : {}),
    ...(say ? { scripted: say.text } : {}), ...(steer?.news ? { news: steer.news } : {}),
  };
  s.floor = { turnId, botId, request, basedOnSeq: s.seq, sendAttempts: 0, ...(say ? { say } : {}) };
  fx.push({ kind: 'tellBot', botId, message: request }, { kind: 'schedule', timer: 'floor', delayMs: FLOOR_TIMEOUT_MS, message: { kind: 'floorTimeout', turnId } });
}

/** The oldest addressed human message whose bot can answer now (or soon enough to hold the floor for). */
export function planAddressed(s: ChatState, env: ChatEnv, fx: ChatEffect[]): boolean {
  // A question nobody could answer for hours (its bot was off) is not answered a day late.
  const fresh = s.addressed.filter((m) => env.now - m.at < ADDRESS_EXPIRY_MS);
  if (fresh.length < s.addressed.length) drop(s, 'unanswered-expired');
  s.addressed = fresh;
  for (const msg of s.addressed) {
    const botId = addressedBot(msg, s.members, s.transcript) ?? '';
    const m = s.members.find((x) => x.persona.id === botId);
    if (!m) continue;
    if (!isActive(m, env.now, s.config.timezone)) {
      // The bot it named is away: the message goes to the group, and the best-placed member answers.
      s.addressed = s.addressed.filter((x) => x !== msg);
      s.pending.push(msg);
      return planAddressed(s, env, fx);
    }
    const wait = (s.answerBusyUntil.get(botId) ?? 0) - env.now;
    if (wait > MAX_ADDRESS_WAIT_MS) continue;
    if (wait > 0) {
      fx.push({ kind: 'schedule', timer: 'turn', delayMs: wait, message: { kind: 'tick' } });
      return true;
    }
    compose(s, env, botId, 'answer', msg, false, fx);
    return true;
  }
  return planPending(s, env, fx);
}

/** The oldest person's message to the group still waiting: the best-placed available member answers. */
function planPending(s: ChatState, env: ChatEnv, fx: ChatEffect[]): boolean {
  const fresh = s.pending.filter((m) => env.now - m.at < PENDING_EXPIRY_MS);
  if (fresh.length < s.pending.length) drop(s, 'unanswered-expired');
  s.pending = fresh;
  for (const msg of s.pending) {
    const candidates: Persona[] = [];
    for (const m of s.members) {
      const id = m.persona.id;
      if (isActive(m, env.now, s.config.timezone) && (s.answerBusyUntil.get(id) ?? 0) <= env.now && (s.busyUntil.get(id) ?? 0) !== Infinity) candidates.push(m.persona);
    }
    const intent = s.discourse.intents.get(msg.messageId) ?? classifyMessage(msg.text, s.universe);
    const who = chooseAnswerer(candidates, msg, intent, s.transcript, env.rng);
    if (!who) continue;
    compose(s, env, who.id, 'answer', msg, false, fx);
    return true;
  }
  return false;
}

/** A turn: people first (addressed, then to the group), otherwise the director. */
export function onTick(s: ChatState, env: ChatEnv, fx: ChatEffect[]): void {
  if (s.paused || s.floor) return;
  if (s.holdUntil > env.now) {
    fx.push({ kind: 'schedule', timer: 'turn', delayMs: s.holdUntil - env.now, message: { kind: 'tick' } });
    return;
  }
  if (planAddressed(s, env, fx)) return;
  const turn = nextTurn(
    { now: env.now, timeZone: s.config.timezone, members: s.members, transcript: s.transcript, busyUntil: s.busyUntil, universe: s.universe, discourse: s.discourse },
    s.settings,
    env.rng,
  );
  if (turn.kind === 'silence') {
    fx.push({ kind: 'schedule', timer: 'turn', delayMs: turnDelay(s, env), message: { kind: 'tick' } });
  } else if (turn.kind === 'react') {
    const turnId = s.nextTurnId++;
    s.floor = { turnId, botId: turn.botId, reactTo: turn.target, basedOnSeq: s.seq, sendAttempts: 0 };
    fx.push(
      { kind: 'tellBot', botId: turn.botId, message: { kind: 'react', turnId, chatId: s.config.id, timeZone: s.config.timezone, target: turn.target } },
      { kind: 'schedule', timer: 'floor', delayMs: FLOOR_TIMEOUT_MS, message: { kind: 'floorTimeout', turnId } },
    );
  } else {
    compose(s, env, turn.botId, turn.mode, turn.target, turn.mention, fx);
  }
}

/** The people's messages of a stored transcript that addressed a bot which has not answered them yet (no
 * later threaded reply of that bot), younger than ADDRESS_EXPIRY_MS, oldest first: after a restart they
 * are still waiting for their answer. */
export function unansweredMentions(transcript: readonly ChatMessage[], members: readonly Member[], now: number): ChatMessage[] {
  const waiting: ChatMessage[] = [];
  transcript.forEach((m, i) => {
    if (m.botId !== null || now - m.at >= ADDRESS_EXPIRY_MS) return;
    const botId = addressedBot(m, members, transcript);
    if (!botId) return;
    const answered = transcript.some((r, j) => j > i && r.botId === botId && !r.reaction && r.replyTo === m.messageId);
    if (!answered) waiting.push(m);
  });
  return waiting;
}

/** Append a delivered (or human) message to the transcript, the dedup window and the discourse. */
export function append(s: ChatState, message: ChatMessage): void {
  noteLine(s.discourse, message, s.personas, s.universe);
  s.transcript.push(message);
  if (s.transcript.length > KEEP) s.transcript.splice(0, s.transcript.length - KEEP);
  const fp = fingerprint(message.text);
  // An emoji-only line (a reaction sent as a reply) carries no text to repeat; it stays out of dedup.
  if (fp.norm !== '') s.window.add(fp);
}
