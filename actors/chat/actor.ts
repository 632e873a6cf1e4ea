// ChatActor shell: runs the chat reducer's effects through the ports (timers on the Clock, Telegram,
// transcript store, bus events). Persists only after an effect succeeded.
import type { ActorContext, Behavior } from '../runtime/index.ts';
import type { BotMessage, ChatActorMessage } from '../messages.ts';
import { isChatActorMessage } from '../messages.ts';
import { NOOP_TRACER } from '../ports.ts';
import type { BusPort, ChatMetrics, Clock, Logger, OutboxStore, Rng, TelegramPort, Timer, TraceSpan, Tracer, TranscriptStore } from '../ports.ts';
import type { ChatConfig, ChatMessage, Persona } from '../domain/types.ts';
import { RateLimited, Invalid, Fatal, OutcomeUnknown } from '../errors.ts';
import { fingerprint } from '../domain/dedup.ts';
import type { TelegramLimiter } from '../domain/budget.ts';
import { createChatState, unansweredMentions, type ChatEffect, type ChatSettings, type ChatState, type TimerName } from './state.ts';
import { chatStep, noteHuman, type SendOutcome } from './step.ts';
import { claimSend, sendFailed } from './delivery.ts';
import { TurnWatch } from './turns.ts';

/** Telegram's longest window (20 messages a minute per bot per group). */
const LIMIT_WINDOW_MS = 60_000;

export interface ChatEnvPorts {
  readonly clock: Clock;
  readonly rng: Rng;
  readonly telegram: TelegramPort;
  readonly transcripts: TranscriptStore;
  readonly bus: BusPort;
  readonly logger: Logger;
  readonly settings: ChatSettings;
  readonly universe: readonly string[];
  /** Telegram's limits, shared by every chat of the node. */
  readonly limiter: TelegramLimiter;
  /** The outbox (a database): sends are claimed before and recorded after the Telegram call. Without
   * it (the in-memory default) sends go straight to Telegram and lines to the transcript store. */
  readonly outbox?: OutboxStore;
  /** A `chat.turn` span per turn, `chat.human` per person's message; none by default. */
  readonly tracer?: Tracer;
  /** What the chat delivered and dropped, and how long its turns took; none by default. */
  readonly metrics?: ChatMetrics;
  /** A compose or react message carries its turn's trace context (`trace`) when tracing is on. */
  toBot(botId: string, message: BotMessage): void;
}

/** What the `said` and `heard` events of a chat line share. */
export interface ChatLineEvent {
  readonly chat: string;
  /** The bot's name, or the person's Telegram username (or first name). */
  readonly speaker: string;
  readonly text: string;
  readonly seq: number;
  /** Telegram's message id. */
  readonly messageId: number;
  readonly replyTo?: number;
  readonly at: number;
  readonly traceId?: string;
}

/** The event published on `piyasa.chat.<id>.said` for every delivered bot message or reaction. */
export interface SaidEvent extends ChatLineEvent {
  readonly bot: string | null;
  readonly mood?: string;
  readonly reaction?: boolean;
}

/** The event published on `piyasa.chat.<id>.heard` for every person's message (and edit) in the chat. */
export interface HeardEvent extends ChatLineEvent {
  /** The person edited an earlier message (`messageId`); `seq` is then 0. */
  readonly edited?: boolean;
}

/** The `heard` event of a person's message (optional fields only when present). */
function heardEvent(m: ChatMessage): HeardEvent {
  return { chat: m.chatId, speaker: m.speaker, text: m.text, seq: m.seq, messageId: m.messageId, at: m.at, ...(m.replyTo !== undefined ? { replyTo: m.replyTo } : {}) };
}

/** The `said` event of a delivered bot message (optional fields only when present). */
function saidEvent(m: ChatMessage, mood: string | undefined, traceId: string | undefined): SaidEvent {
  const said: { -readonly [K in keyof SaidEvent]: SaidEvent[K] } = {
    chat: m.chatId, bot: m.botId, speaker: m.speaker, text: m.text, seq: m.seq, messageId: m.messageId, at: m.at,
  };
  if (m.replyTo !== undefined) said.replyTo = m.replyTo;
  if (mood) said.mood = mood;
  if (m.reaction) said.reaction = true;
  if (traceId) said.traceId = traceId;
  return said;
}

function outcomeOf(error: unknown, turnId: number, reaction: boolean): SendOutcome {
  if (error instanceof OutcomeUnknown) return { kind: 'failed', turnId, permanent: true, unknown: true, reaction };
  if (error instanceof RateLimited) return { kind: 'failed', turnId, retryAfterMs: error.retryAfterMs, permanent: false, reaction };
  const permanent = error instanceof Invalid || error instanceof Fatal;
  return { kind: 'failed', turnId, permanent, reaction };
}

/** The chat actor's behaviour. `personas` are the chat's members. */
export function chatBehavior(env: ChatEnvPorts, config: ChatConfig, personas: readonly Persona[]): Behavior<ChatState, ChatActorMessage> {
  const timers = new Map<TimerName, Timer>();
  const rng = env.rng.fork(`chat:${config.id}`);
  /** Outbox key of each message Telegram accepted, by Telegram message id, until it is recorded. */
  const sentKeys = new Map<number, string>();
  const tracer = env.tracer ?? NOOP_TRACER;
  const watch = new TurnWatch(config.id, tracer, env.clock, env.metrics);
  /** Within a span when there is one (adapters' spans become its children). */
  const within = <T>(span: TraceSpan | undefined, fn: () => Promise<T>): Promise<T> => (span ? tracer.within(span, fn) : fn());

  function schedule(ctx: ActorContext<ChatActorMessage>, name: TimerName, delayMs: number, message: ChatActorMessage): void {
    const old = timers.get(name);
    if (old) env.clock.clearTimer(old);
    timers.set(name, env.clock.setTimer(delayMs, () => {
      timers.delete(name);
      ctx.system.tell(ctx.self, message);
    }));
  }

  async function telegramCall(e: Extract<ChatEffect, { kind: 'send' | 'react' }>): Promise<SendOutcome> {
    try {
      if (e.kind === 'send') {
        if (env.outbox) {
          const refused = await claimSend(env.outbox, env.logger, config.id, e, env.clock.now());
          if (refused) return refused;
        }
        const sent = await env.telegram.sendMessage({ botId: e.botId, chatId: config.id, text: e.text, idempotencyKey: e.idempotencyKey, ...(e.replyTo !== undefined ? { replyTo: e.replyTo } : {}) });
        if (env.outbox) sentKeys.set(sent.messageId, e.idempotencyKey);
        if (watch.enabled) watch.sentBy(e.turnId, sent.messageId);
        return { kind: 'sent', turnId: e.turnId, messageId: sent.messageId, at: sent.at };
      }
      await env.telegram.setMessageReaction(e.botId, config.id, e.messageId, e.emoji);
      return { kind: 'reacted', turnId: e.turnId, at: env.clock.now() };
    } catch (error) {
      if (env.outbox && e.kind === 'send') await sendFailed(env.outbox, env.logger, e.idempotencyKey, error);
      env.logger.warn('telegram.failed', { chat: config.id, bot: e.botId, method: e.kind, error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) });
      return outcomeOf(error, e.turnId, e.kind === 'react');
    }
  }

  /** `human`: the span of the person's message this step handles, if any. */
  async function run(s: ChatState, queue: ChatEffect[], ctx: ActorContext<ChatActorMessage>, human?: TraceSpan): Promise<void> {
    // In order; an outcome's effects are appended to the same queue.
    for (let i = 0; i < queue.length; i++) {
      const e = queue[i]!;
      switch (e.kind) {
        case 'tellBot':
          env.toBot(e.botId, watch.enabled ? watch.toBot(e.botId, e.message) : e.message);
          break;
        case 'schedule':
          schedule(ctx, e.timer, e.delayMs, e.message);
          break;
        case 'cancel': {
          const t = timers.get(e.timer);
          if (t) env.clock.clearTimer(t);
          timers.delete(e.timer);
          break;
        }
        case 'typing':
          env.telegram.sendChatAction(e.botId, config.id, 'typing').catch((error: unknown) =>
            env.logger.debug('telegram.typing.failed', { chat: config.id, bot: e.botId, error: String(error) }));
          break;
        case 'send':
        case 'react':
          queue.push(...chatStep(s, await within(watch.enabled ? watch.span(e.turnId) : undefined, () => telegramCall(e)), { now: env.clock.now(), rng }));
          break;
        case 'edit':
          await env.transcripts.edit(config.id, e.messageId, e.text, e.userId);
          env.bus.publish(`piyasa.chat.${config.id}.heard`, {
            chat: config.id, speaker: s.transcript.find((m) => m.messageId === e.messageId && m.botId === null)?.speaker ?? '', text: e.text, seq: 0, messageId: e.messageId, at: env.clock.now(), edited: true,
          } satisfies HeardEvent);
          break;
        case 'record': {
          const m = e.message;
          const span = !watch.enabled ? undefined : m.botId === null ? human : watch.recordSpan(m);
          const traceId = span?.traceId || undefined;
          const key = m.botId !== null && !m.reaction ? sentKeys.get(m.messageId) : undefined;
          if (key !== undefined && env.outbox) {
            sentKeys.delete(m.messageId);
            const outbox = env.outbox;
            await within(span, () => outbox.delivered({ idempotencyKey: key, message: m, ...(traceId ? { traceId } : {}) }));
          } else await within(span, () => env.transcripts.append(m, traceId));
          if (m.botId !== null) env.bus.publish(`piyasa.chat.${m.chatId}.said`, saidEvent(m, e.mood, traceId));
          else env.bus.publish(`piyasa.chat.${m.chatId}.heard`, heardEvent(m));
          break;
        }
      }
    }
  }

  /** Telegram's windows are a minute at most: what this chat sent in the last minute (on the node it
   * lived on before, or before a restart) counts against them here too. */
  async function restoreLimits(s: ChatState, recent: readonly ChatMessage[]): Promise<void> {
    const since = env.clock.now() - LIMIT_WINDOW_MS;
    const sends = new Map<string, number[]>();
    const add = (botId: string, at: number): void => {
      let list = sends.get(botId);
      if (!list) sends.set(botId, (list = []));
      list.push(at);
    };
    // Reactions do not go through the outbox; delivered lines come from it when there is one.
    for (const m of recent) if (m.botId !== null && m.at >= since && (m.reaction || !env.outbox?.recentSends)) add(m.botId, m.at);
    // A send whose outcome is unknown may have reached Telegram as late as now (its node died with the
    // request out): counted now, so the next one waits its full window after it.
    const now = env.clock.now();
    if (env.outbox?.recentSends) for (const r of await env.outbox.recentSends(config.id, since)) add(r.botId, r.uncertain ? Math.max(r.at, now) : r.at);
    for (const [botId, times] of sends) s.limiter.restore(botId, config.id, times);
  }

  return {
    accepts: isChatActorMessage,
    async init(ctx) {
      const s = createChatState(config, env.settings, personas, env.universe, env.limiter);
      // After a restart the chat carries on from its stored transcript.
      const recent = await env.transcripts.recent(config.id, 60);
      for (const m of recent) if (!m.reaction) s.transcript.push(m);
      for (const m of recent) if (m.botId === null) noteHuman(s, m.messageId);
      s.seq = recent.reduce((max, m) => Math.max(max, m.seq), 0);
      for (const m of s.transcript) s.window.add(fingerprint(m.text));
      // People who addressed a bot that had not answered when the last run stopped are still waiting.
      s.addressed = unansweredMentions(s.transcript, s.members, env.clock.now());
      if (env.outbox) s.nextTurnId = (await env.outbox.lastTurn(config.id)) + 1; // keys never repeat
      await restoreLimits(s, recent);
      if (watch.enabled) watch.reset(s);
      schedule(ctx, 'turn', 0, { kind: 'tick' });
      return s;
    },
    async receive(s, m, ctx) {
      if (!watch.enabled) {
        await run(s, chatStep(s, m, { now: env.clock.now(), rng }), ctx);
        return s;
      }
      const human = m.kind === 'human' ? watch.human(m.message) : undefined;
      try {
        await run(s, chatStep(s, m, { now: env.clock.now(), rng }), ctx, human);
      } finally {
        human?.end();
        watch.settle(s);
      }
      return s;
    },
    stopped() {
      for (const t of timers.values()) env.clock.clearTimer(t);
      timers.clear();
    },
  };
}
