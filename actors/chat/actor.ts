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
import { createChatState, type ChatEffect, type ChatSettings, type ChatState, type TimerName } from './state.ts';
import { chatStep, type SendOutcome } from './step.ts';
import { claimSend, sendFailed } from './delivery.ts';
import { TurnWatch } from './turns.ts';

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

/** The event published on `piyasa.chat.<id>.said` for every delivered bot message or reaction. */
export interface SaidEvent {
  readonly chat: string;
  readonly bot: string | null;
  readonly speaker: string;
  readonly text: string;
  readonly seq: number;
  readonly messageId: number;
  readonly replyTo?: number;
  readonly at: number;
  readonly mood?: string;
  readonly reaction?: boolean;
  readonly traceId?: string;
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
          await env.transcripts.edit(config.id, e.messageId, e.text);
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
          break;
        }
      }
    }
  }

  return {
    accepts: isChatActorMessage,
    async init(ctx) {
      const s = createChatState(config, env.settings, personas, env.universe, env.limiter);
      // After a restart the chat carries on from its stored transcript.
      const recent = await env.transcripts.recent(config.id, 60);
      for (const m of recent) if (!m.reaction) s.transcript.push(m);
      s.seq = recent.reduce((max, m) => Math.max(max, m.seq), 0);
      for (const m of s.transcript) s.window.add(fingerprint(m.text));
      if (env.outbox) s.nextTurnId = (await env.outbox.lastTurn(config.id)) + 1; // keys never repeat
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
