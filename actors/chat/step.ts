// The chat actor's reducer: one message in, effects out. Drafts are checked (stale, duplicate) and
// paced (read delay, typing, Telegram limits) before they are sent; people addressed are answered first.
import type { ChatMessage } from '../domain/types.ts';
import type { ChatActorMessage } from '../messages.ts';
import type { HumanMessage } from '../ports.ts';
import { addressedBot, isActive } from '../domain/director.ts';
import { askedBefore } from '../domain/discourse.ts';
import { fingerprint } from '../domain/dedup.ts';
import { readDelayMs, typingMs } from '../domain/pacing.ts';
import { fallbackEmojiText } from '../domain/reaction.ts';
import { readReply } from '../domain/reading.ts';
import {
  HUMANS_SEEN, append, drop, onTick, personaOf, releaseFloor, turnFailed, type ChatEffect, type ChatEnv, type ChatState,
} from './state.ts';
import { declinedLine, onCommand, onMembers, onNews, planSay, sayWaits, settle } from './commands.ts';

const TYPING_REFRESH_MS = 4_500;
const MAX_SEND_ATTEMPTS = 3;
/** The longest "typing…" before an operator's line. */
const SAY_TYPING_MAX_MS = 3_000;
/** Messages after which an unanswered question of a bot counts as ignored. */
const IGNORED_AFTER = 5;

/** Outcome of a Telegram call, fed back by the shell. */
export type SendOutcome =
  | { readonly kind: 'sent'; readonly turnId: number; readonly messageId: number; readonly at: number }
  | { readonly kind: 'reacted'; readonly turnId: number; readonly at: number }
  | {
      readonly kind: 'failed'; readonly turnId: number; readonly retryAfterMs?: number; readonly permanent: boolean; readonly reaction?: boolean;
      /** It may have been sent after all: not retried, and the bot keeps the send on its budget. */
      readonly unknown?: boolean;
    };

/** Remembers a person's message id (the newest HUMANS_SEEN). */
export function noteHuman(s: ChatState, messageId: number): void {
  s.humansSeen.add(messageId);
  if (s.humansSeen.size > HUMANS_SEEN) s.humansSeen.delete(s.humansSeen.values().next().value!);
}

function onHuman(s: ChatState, env: ChatEnv, h: HumanMessage, fx: ChatEffect[]): void {
  if (h.edited) {
    // Only the author's own line: an id from another run or a stray update never rewrites someone else's.
    const i = s.transcript.findIndex((m) => m.messageId === h.messageId && m.botId === null && m.userId === h.userId);
    if (i >= 0) s.transcript[i] = { ...s.transcript[i]!, text: h.text };
    fx.push({ kind: 'edit', messageId: h.messageId, userId: h.userId, text: h.text });
    return;
  }
  // A redelivered message (the bus or the intake delivered it twice) is recorded once.
  if (s.humansSeen.has(h.messageId)) return;
  noteHuman(s, h.messageId);
  s.seq += 1;
  s.stats.humans += 1;
  const message: ChatMessage = {
    seq: s.seq, chatId: s.config.id, messageId: h.messageId, botId: null, speaker: h.username, userId: h.userId, text: h.text, at: h.at,
    ...(h.replyTo !== undefined ? { replyTo: h.replyTo } : {}), ...(typeof h.replyToHandle === 'string' ? { replyToHandle: h.replyToHandle } : {}),
  };
  const botId = addressedBot(message, s.members, s.transcript);
  append(s, message);
  fx.push({ kind: 'record', message });
  if (botId) {
    s.addressed.push(message);
    fx.push({ kind: 'tellBot', botId, message: { kind: 'heard', event: { kind: 'mentioned' }, told: message } });
    // Nobody else speaks before the addressed bot: an unsent draft of anyone else gives way.
    const f = s.floor;
    if (f && !f.say && !(f.botId === botId && f.request?.mode === 'answer')) {
      drop(s, 'preempted');
      releaseFloor(s, env, fx, true, true);
      return;
    }
  } else {
    // A message to the group gets one answer too, from the member best placed for it.
    s.pending.push(message);
  }
  if (!s.floor) fx.push({ kind: 'schedule', timer: 'turn', delayMs: botId ? 0 : Math.min(4_000, 1_000 + env.rng.int(3_000)), message: { kind: 'tick' } });
}

function onDraft(s: ChatState, env: ChatEnv, m: Extract<ChatActorMessage, { kind: 'draft' }>, fx: ChatEffect[]): void {
  const f = s.floor;
  if (!f || f.turnId !== m.turnId || f.botId !== m.botId || !f.request) {
    fx.push({ kind: 'tellBot', botId: m.botId, message: { kind: 'cancelled', turnId: m.turnId, chatId: s.config.id } });
    return drop(s, 'late');
  }
  if (!f.say && s.seq - f.basedOnSeq > s.settings.staleAfterMessages) {
    drop(s, 'stale');
    return releaseFloor(s, env, fx, true, true);
  }
  // A repeat: the same line as a recent one, or a question this bot already asked here.
  if (s.window.match(fingerprint(m.text), s.settings.dedup) || (m.text.includes('?') && askedBefore(s.discourse, m.botId, m.text, env.now))) {
    if (m.attempt < 2 && !f.say) {
      // A regeneration with a changed instruction (attempt 1), then one without a model (attempt 2: a
      // model that keeps repeating itself costs the turn no more calls), then the draft is dropped.
      // An operator's line is said as written or not at all.
      fx.push({ kind: 'tellBot', botId: m.botId, message: { kind: 'cancelled', turnId: m.turnId, chatId: s.config.id } });
      f.draft = undefined;
      f.request = { ...f.request, attempt: m.attempt + 1 };
      fx.push({ kind: 'tellBot', botId: m.botId, message: f.request });
      return;
    }
    settle(f, { ok: false, error: 'not said: it repeats a recent message of this chat' });
    drop(s, 'duplicate');
    turnFailed(s, env, f.request.target);
    return releaseFloor(s, env, fx, true);
  }
  const target = f.request.target;
  f.draft = { text: m.text, topic: m.topic, mood: m.mood, ...(target ? { replyTo: target.messageId } : {}) };
  fx.push({ kind: 'cancel', timer: 'floor' });
  const speed = personaOf(s, m.botId)!.speed;
  // An operator's line is not read first, and its typing is kept short: the operator waits for the answer.
  const read = s.settings.typing && !f.say ? readDelayMs(target?.text ?? '', speed, env.rng) : 0;
  const typing = s.settings.typing ? Math.min(typingMs(m.text, speed, m.pace ?? 1, env.rng), f.say ? SAY_TYPING_MAX_MS : Infinity) : 0;
  if (s.settings.typing) fx.push({ kind: 'schedule', timer: 'typing', delayMs: read, message: { kind: 'typing', turnId: f.turnId } });
  const sendAt = Math.max(env.now + read + typing, s.limiter.nextAllowedAt(m.botId, s.config.id, env.now + read + typing));
  if (sendAt === env.now) onSendDue(s, env, f.turnId, fx); // nothing to wait for
  else fx.push({ kind: 'schedule', timer: 'send', delayMs: sendAt - env.now, message: { kind: 'send', turnId: f.turnId } });
}

function onSendDue(s: ChatState, env: ChatEnv, turnId: number, fx: ChatEffect[]): void {
  const f = s.floor;
  if (!f || f.turnId !== turnId || !f.draft || f.sending) return;
  const speaker = s.members.find((m) => m.persona.id === f.botId);
  if (speaker && !f.say && !isActive(speaker, env.now, s.config.timezone)) {
    // Its active hours ended while it was typing: it does not send after hours.
    drop(s, 'after-hours');
    return releaseFloor(s, env, fx, true);
  }
  const allowedAt = s.limiter.nextAllowedAt(f.botId, s.config.id, env.now);
  if (allowedAt > env.now) {
    fx.push({ kind: 'schedule', timer: 'send', delayMs: allowedAt - env.now, message: { kind: 'send', turnId } });
    return;
  }
  f.sendAttempts += 1;
  f.sending = true;
  const key = `${s.config.id}:${f.botId}:${turnId}`;
  if (f.draft.reaction !== undefined) {
    fx.push({ kind: 'react', turnId, botId: f.botId, messageId: f.draft.replyTo!, emoji: f.draft.reaction });
  } else {
    fx.push({ kind: 'send', turnId, botId: f.botId, text: f.draft.text, idempotencyKey: key, ...(f.draft.replyTo !== undefined ? { replyTo: f.draft.replyTo } : {}) });
  }
}

function onOutcome(s: ChatState, env: ChatEnv, o: SendOutcome, fx: ChatEffect[]): void {
  const f = s.floor;
  if (!f || f.turnId !== o.turnId || !f.draft) return;
  const persona = personaOf(s, f.botId)!;
  f.sending = false;
  if (o.kind === 'failed') {
    if (o.reaction) {
      // Telegram refused the reaction: fall back to the emoji as a short threaded reply.
      f.draft = { ...f.draft, text: fallbackEmojiText(f.draft.reaction ?? '👍') };
      delete f.draft.reaction;
      fx.push({ kind: 'schedule', timer: 'send', delayMs: 0, message: { kind: 'send', turnId: f.turnId } });
      return;
    }
    if (o.unknown) {
      // It may be in the group: it counts for Telegram's limits and stays on the bot's budget at the
      // latest time it can have been sent (not at the draft's reservation, which is earlier: the next
      // send would then come too soon after this one).
      s.limiter.record(f.botId, s.config.id, env.now);
      fx.push({ kind: 'tellBot', botId: f.botId, message: { kind: 'delivered', turnId: f.turnId, chatId: s.config.id, text: f.draft.text, at: env.now } });
      settle(f, { ok: false, error: 'the send may or may not have reached Telegram (its outcome is unknown): it is not retried' });
      drop(s, 'send-unknown');
      return releaseFloor(s, env, fx, false);
    }
    if (!o.permanent && f.sendAttempts < MAX_SEND_ATTEMPTS) {
      fx.push({ kind: 'schedule', timer: 'send', delayMs: o.retryAfterMs ?? 1_000 * f.sendAttempts, message: { kind: 'send', turnId: f.turnId } });
      return;
    }
    settle(f, { ok: false, error: `not said: Telegram refused the send${o.permanent ? '' : ` ${MAX_SEND_ATTEMPTS} times`}` });
    drop(s, 'send-failed');
    return releaseFloor(s, env, fx, true);
  }
  s.limiter.record(f.botId, s.config.id, o.at);
  const at = o.at;
  if (o.kind === 'reacted') {
    s.stats.reactions += 1;
    const message: ChatMessage = { seq: s.seq, chatId: s.config.id, messageId: 0, botId: f.botId, speaker: persona.name, text: f.draft.reaction!, replyTo: f.draft.replyTo!, at, reaction: true };
    fx.push({ kind: 'record', message, mood: f.draft.mood }, { kind: 'tellBot', botId: f.botId, message: { kind: 'delivered', turnId: f.turnId, chatId: s.config.id, text: f.draft.text, at, reaction: true } });
    return releaseFloor(s, env, fx, false);
  }
  s.seq += 1;
  s.stats.delivered += 1;
  const message: ChatMessage = {
    seq: s.seq, chatId: s.config.id, messageId: o.messageId, botId: f.botId, speaker: persona.name, text: f.draft.text, at, topic: f.draft.topic,
    ...(f.draft.replyTo !== undefined ? { replyTo: f.draft.replyTo } : {}),
  };
  append(s, message);
  s.recentTopics.push(f.draft.topic);
  if (s.recentTopics.length > 12) s.recentTopics.shift();
  s.addressed = s.addressed.filter((h) => h.messageId !== f.draft?.replyTo || f.botId !== addressedBot(h, s.members, s.transcript));
  if (f.draft.replyTo !== undefined) {
    s.pending = s.pending.filter((h) => h.messageId !== f.draft?.replyTo);
    s.tries.delete(f.draft.replyTo);
  }
  fx.push({ kind: 'record', message, mood: f.draft.mood }, { kind: 'tellBot', botId: f.botId, message: { kind: 'delivered', turnId: f.turnId, chatId: s.config.id, text: message.text, at } });
  settle(f, { ok: true, chat: s.config.id, said: { bot: f.botId, text: message.text, seq: message.seq, messageId: message.messageId, at, ...(message.replyTo !== undefined ? { replyTo: message.replyTo } : {}) } });
  const target = f.request?.target;
  if (target?.botId) {
    // The answered bot hears it: agreement and disagreement move its mood; anything else counts as attention.
    const reading = readReply(message.text);
    fx.push({ kind: 'tellBot', botId: target.botId, message: { kind: 'heard', event: { kind: reading ?? 'mentioned' } } });
  }
  const ignored = unansweredQuestion(s);
  if (ignored) fx.push({ kind: 'tellBot', botId: ignored, message: { kind: 'heard', event: { kind: 'ignored' } } });
  releaseFloor(s, env, fx, false);
}

/** A bot whose question, IGNORED_AFTER messages back, got no reply at all: it feels ignored. */
function unansweredQuestion(s: ChatState): string | undefined {
  const t = s.transcript;
  const q = t[t.length - 1 - IGNORED_AFTER];
  if (!q?.botId || !q.text.includes('?')) return undefined;
  for (let i = t.length - IGNORED_AFTER; i < t.length; i++) if (t[i]!.replyTo === q.messageId) return undefined;
  return q.botId;
}

/** Apply one message (or a Telegram outcome) to the chat; returns the effects to run, in order. */
export function chatStep(s: ChatState, m: ChatActorMessage | SendOutcome, env: ChatEnv): ChatEffect[] {
  const fx: ChatEffect[] = [];
  switch (m.kind) {
    case 'tick':
      if (!planSay(s, env, fx)) onTick(s, env, fx);
      break;
    case 'human':
      onHuman(s, env, m.message, fx);
      break;
    case 'draft':
      onDraft(s, env, m, fx);
      break;
    case 'reaction': {
      const f = s.floor;
      if (!f || f.turnId !== m.turnId || !f.reactTo) {
        fx.push({ kind: 'tellBot', botId: m.botId, message: { kind: 'cancelled', turnId: m.turnId, chatId: s.config.id } });
        break;
      }
      f.draft = { text: m.emoji, topic: '', mood: '', replyTo: f.reactTo.messageId, reaction: m.emoji };
      fx.push({ kind: 'cancel', timer: 'floor' }, { kind: 'schedule', timer: 'send', delayMs: s.settings.typing ? 1_500 : 0, message: { kind: 'send', turnId: f.turnId } });
      break;
    }
    case 'declined': {
      const f = s.floor;
      if (!f || f.turnId !== m.turnId) break;
      if (f.say) {
        if (!(m.reason === 'budget' && sayWaits(s, f, m.retryAt, env.now))) settle(f, { ok: false, error: declinedLine(m.botId, m.reason, m.retryAt, m.detail) });
      } else (f.request?.mode === 'answer' ? s.answerBusyUntil : s.busyUntil).set(m.botId, m.retryAt ?? env.now + 60_000);
      drop(s, `declined-${m.reason}`);
      // A bot that gave up after writing (duplicates, an LLM error) may have spent model calls on it.
      if (m.reason === 'duplicate' || m.reason === 'error' || m.reason === 'content') turnFailed(s, env, f.request?.target);
      releaseFloor(s, env, fx, false, true);
      break;
    }
    case 'typing': {
      const f = s.floor;
      if (!f || f.turnId !== m.turnId || !f.draft) break;
      fx.push({ kind: 'typing', botId: f.botId }, { kind: 'schedule', timer: 'typing', delayMs: TYPING_REFRESH_MS, message: m });
      break;
    }
    case 'send':
      onSendDue(s, env, m.turnId, fx);
      break;
    case 'floorTimeout':
      if (s.floor?.turnId === m.turnId && !s.floor.draft) {
        settle(s.floor, { ok: false, error: `not said: bot "${s.floor.botId}" did not take the line in time` });
        drop(s, 'timeout');
        releaseFloor(s, env, fx, true, true);
      }
      break;
    case 'command': {
      const reply = onCommand(s, env, m, fx);
      if (reply) m.reply(reply);
      break;
    }
    case 'news':
      onNews(s, env, m.news, fx);
      break;
    case 'members':
      onMembers(s, env, m.personas, fx);
      break;
    case 'memberDown':
      s.busyUntil.set(m.botId, Infinity);
      s.answerBusyUntil.set(m.botId, Infinity);
      if (s.floor?.botId === m.botId) {
        settle(s.floor, { ok: false, error: `not said: bot "${m.botId}" is down` });
        drop(s, 'member-down');
        releaseFloor(s, env, fx, false, true);
      }
      break;
    case 'sent':
    case 'reacted':
    case 'failed':
      onOutcome(s, env, m, fx);
      break;
  }
  return fx;
}
