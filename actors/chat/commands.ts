// The chat's operator commands (pause, resume, status, pace, say, news, mood, topic) and what they
// leave in its state: an operator's line waits for the floor and goes through the bot and the chat
// like any line; a topic or a news shock steers the next unprompted turns.
import type { ChatActorMessage, ChatCommand, CommandReply, DeclineReason } from '../messages.ts';
import type { NewsItem, Persona } from '../domain/types.ts';
import { isActive, member } from '../domain/director.ts';
import { extractSymbols } from '../domain/topic.ts';
import { compose, drop, releaseFloor, type ChatEffect, type ChatEnv, type ChatState, type Floor, type PendingSay } from './state.ts';

/** Operator lines a chat holds at most while they wait for the floor. */
export const MAX_QUEUED_SAYS = 10;
/** Unprompted turns a news shock steers. */
export const NEWS_TURNS = 3;
/** Messages of the transcript a `status` shows. */
const LAST_MESSAGES = 10;
/** How long an operator's line waits for its bot's minimum gap or budget before it is refused. */
export const SAY_WAIT_MS = 20_000;
/** News ids a chat remembers (a shock broadcast to every node reaches it once more). */
const NEWS_SEEN = 20;

const fail = (error: string, field?: string): CommandReply => ({ ok: false, error, ...(field ? { field } : {}) });

/** `reply`, callable once: a later call (a second settle of the same line) does nothing. */
function once(reply: (r: CommandReply) => void): (r: CommandReply) => void {
  let done = false;
  return (r) => {
    if (done) return;
    done = true;
    reply(r);
  };
}

const memberOf = (s: ChatState, botId: string) => s.members.find((m) => m.persona.id === botId);

/** The chat's pace now, in unprompted turns per minute outside prime hours. */
function perMinute(s: ChatState): number {
  return Math.round((6_000 * Math.max(s.paceScale, 0.1)) / s.settings.baseTurnSec) / 100;
}

function status(s: ChatState, env: ChatEnv): CommandReply {
  return {
    ok: true, chat: s.config.id, title: s.config.title, paused: s.paused,
    pace: { perMinute: perMinute(s), scale: s.paceScale },
    members: s.members.map((m) => ({ bot: m.persona.id, name: m.persona.name, handle: m.persona.handle, active: isActive(m, env.now, s.config.timezone) })),
    floor: s.floor?.botId ?? null, pending: s.addressed.length + s.pending.length, says: s.says.length,
    steer: s.steer ? { topic: s.steer.topic, turnsLeft: s.steer.turnsLeft, ...(s.steer.news ? { news: s.steer.news.headline } : {}) } : null,
    seq: s.seq,
    last: s.transcript.slice(-LAST_MESSAGES).map((m) => ({
      seq: m.seq, messageId: m.messageId, bot: m.botId, speaker: m.speaker, text: m.text, at: m.at, ...(m.replyTo !== undefined ? { replyTo: m.replyTo } : {}),
    })),
    ...s.stats,
  };
}

/** The topic word for a symbol that the bots' topic code reads back as that symbol ("BIST:THYAO" → "THYAO"). */
export function symbolTopic(symbol: string, universe: readonly string[]): string {
  const ticker = symbol.startsWith('BIST:') ? symbol.slice(5) : symbol;
  for (const candidate of [ticker, symbol]) if (extractSymbols(candidate, universe)[0] === symbol) return candidate;
  return ticker;
}

/** A news shock reached the chat: its next turns are about it, and the next one comes soon. */
export function onNews(s: ChatState, env: ChatEnv, news: NewsItem, fx: ChatEffect[]): boolean {
  if (s.newsSeen.includes(news.id)) return false;
  s.newsSeen.push(news.id);
  if (s.newsSeen.length > NEWS_SEEN) s.newsSeen.shift();
  const symbol = news.symbols[0];
  if (symbol !== undefined) s.steer = { topic: symbolTopic(symbol, s.universe), turnsLeft: NEWS_TURNS, news };
  if (!s.floor && !s.paused) fx.push({ kind: 'schedule', timer: 'turn', delayMs: 1_500 + env.rng.int(2_500), message: { kind: 'tick' } });
  return true;
}

/** The members changed: the new list; a floor held by a bot that left is given up. */
export function onMembers(s: ChatState, env: ChatEnv, personas: readonly Persona[], fx: ChatEffect[]): void {
  s.members = personas.map(member);
  s.personas = personas;
  const f = s.floor;
  if (f && !memberOf(s, f.botId)) {
    settle(f, fail(`bot "${f.botId}" left chat "${s.config.id}"`));
    drop(s, 'member-left');
    releaseFloor(s, env, fx, true, true);
  }
  for (const say of s.says.filter((x) => !memberOf(s, x.bot))) say.reply(fail(`bot "${say.bot}" left chat "${s.config.id}"`));
  s.says = s.says.filter((x) => memberOf(s, x.bot));
}

/** Answers the floor's operator line, if it is one (once; later calls do nothing). */
export function settle(f: Floor | undefined, reply: CommandReply): void {
  f?.say?.reply(reply);
}

/** A declined operator line whose bot may send within SAY_WAIT_MS goes back to the head of the queue
 * to wait; true when it did. */
export function sayWaits(s: ChatState, f: Floor, retryAt: number | undefined, now: number): boolean {
  if (!f.say || retryAt === undefined || retryAt - now > SAY_WAIT_MS) return false;
  s.says.unshift({ ...f.say, notBefore: retryAt });
  return true;
}

/** Why a bot declined an operator's line, in the words of the answer. */
export function declinedLine(botId: string, reason: DeclineReason, retryAt: number | undefined, detail: string | undefined): string {
  switch (reason) {
    case 'budget':
      return `not said: bot "${botId}" has no send left this hour or must keep its minimum gap${retryAt !== undefined ? ` (next possible at ${new Date(retryAt).toISOString()})` : ''}`;
    case 'content':
      return `not said: the text breaks the content rules (${detail === 'promise' ? 'it promises a profit' : detail === 'ai-trace' ? 'it reads like an AI' : detail ?? 'refused'})`;
    case 'duplicate':
      return `not said: it repeats one of bot "${botId}"'s recent messages`;
    case 'hours':
      return `not said: bot "${botId}" is outside its active hours`;
    default:
      return `not said: bot "${botId}" could not take the line`;
  }
}

/** The operator's next line takes the floor, when the floor is free. Runs before pause and people. */
export function planSay(s: ChatState, env: ChatEnv, fx: ChatEffect[]): boolean {
  if (s.floor) return false;
  const say = s.says[0];
  if (!say) return false;
  if (say.notBefore !== undefined && say.notBefore > env.now) {
    // Its bot may send again soon: the chat waits for it rather than starting a routine turn.
    fx.push({ kind: 'schedule', timer: 'turn', delayMs: say.notBefore - env.now, message: { kind: 'tick' } });
    return true;
  }
  s.says.shift();
  const target = say.replyTo !== undefined ? s.transcript.find((m) => m.messageId === say.replyTo && !m.reaction) : undefined;
  compose(s, env, say.bot, target ? 'reply' : 'new', target, false, fx, say);
  return true;
}

function say(s: ChatState, env: ChatEnv, c: Extract<ChatCommand, { cmd: 'say' }>, reply: (r: CommandReply) => void, fx: ChatEffect[]): CommandReply | undefined {
  if (!memberOf(s, c.bot)) return fail(`bot "${c.bot}" is not a member of chat "${s.config.id}"`, 'bot');
  if (c.replyTo !== undefined && !s.transcript.some((m) => m.messageId === c.replyTo && !m.reaction)) {
    return fail(`replyTo ${c.replyTo} is not one of the chat's recent messages`, 'replyTo');
  }
  if (s.says.length >= MAX_QUEUED_SAYS) return fail(`${MAX_QUEUED_SAYS} lines already wait to be said in chat "${s.config.id}"; try again shortly`);
  const pending: PendingSay = { bot: c.bot, text: c.text, ...(c.replyTo !== undefined ? { replyTo: c.replyTo } : {}), reply: once(reply) };
  s.says.push(pending);
  const f = s.floor;
  if (f && !f.say && !f.sending) {
    // A routine turn not yet sent gives way to the operator, as it does to a person addressing a bot.
    drop(s, 'preempted');
    releaseFloor(s, env, fx, true, true);
  } else if (!f) fx.push({ kind: 'schedule', timer: 'turn', delayMs: 0, message: { kind: 'tick' } });
  return undefined;
}

/** Applies a command; returns its answer, or undefined when the answer comes later (a `say` is
 * answered when its line was sent or refused). */
export function onCommand(s: ChatState, env: ChatEnv, m: Extract<ChatActorMessage, { kind: 'command' }>, fx: ChatEffect[]): CommandReply | undefined {
  const c = m.command;
  switch (c.cmd) {
    case 'pause':
      s.paused = true;
      return { ok: true, chat: s.config.id, paused: true };
    case 'resume':
      s.paused = false;
      if (!s.floor) fx.push({ kind: 'schedule', timer: 'turn', delayMs: 0, message: { kind: 'tick' } });
      return { ok: true, chat: s.config.id, paused: false };
    case 'status':
      return status(s, env);
    case 'pace': {
      if (typeof c.perMinute !== 'number' || !(c.perMinute > 0) || c.perMinute > 60) return fail('pace: perMinute must be a number in (0, 60]', 'perMinute');
      s.paceScale = (c.perMinute * s.settings.baseTurnSec) / 60;
      return { ok: true, chat: s.config.id, perMinute: c.perMinute };
    }
    case 'say':
      return say(s, env, c, m.reply, fx);
    case 'news': {
      const unknown = s.universe.length > 0 ? c.news.symbols.find((x) => !s.universe.includes(x)) : undefined;
      if (unknown !== undefined) return fail(`news: ${JSON.stringify(unknown)} is not a market symbol`, 'symbols');
      onNews(s, env, c.news, fx);
      return { ok: true, chat: s.config.id, news: c.news, steer: s.steer ? { topic: s.steer.topic, turnsLeft: s.steer.turnsLeft } : null };
    }
    case 'mood': {
      if (!memberOf(s, c.bot)) return fail(`bot "${c.bot}" is not a member of chat "${s.config.id}"`, 'bot');
      const nudge = {
        ...(c.valence !== undefined ? { valence: c.valence } : {}), ...(c.arousal !== undefined ? { arousal: c.arousal } : {}), ...(c.confidence !== undefined ? { confidence: c.confidence } : {}),
      };
      fx.push({ kind: 'tellBot', botId: c.bot, message: { kind: 'heard', event: { kind: 'nudge', ...nudge } } });
      return { ok: true, chat: s.config.id, bot: c.bot, nudge };
    }
    case 'topic':
      s.steer = { topic: c.topic, turnsLeft: c.turns };
      return { ok: true, chat: s.config.id, topic: c.topic, turns: c.turns };
    default:
      return fail(`unknown command "${String((c as { cmd: unknown }).cmd)}"`, 'cmd');
  }
}
