// Composition root of one node with in-process adapters: the offline demo (`piyasa start`), the
// seeded simulations and the engine benchmark all wire the same actors here.
import {
  ActorSystem, SimulatedMarket, botActorName, botBehavior, botIdOf, chatBehavior, createTelegramLimiter, seededRng,
  type ActorRef, type BotMessage, type ChatActorMessage, type ChatCommand, type Clock, type CommandReply,
  type BotMemoryStore, type BotStateStore, type LlmPort, type Logger, type OutboxStore, type TranscriptStore, type Persona, type BotStatus, type ComposeRequest, type DeadLetter, type EntityAddress, type HumanMessage, type TelegramPort, type Timer,
  type ChatMetrics, type Tracer,
} from '../../actors/index.ts';
import { createSupervisor } from '../../supervisors/index.ts';
import { MemoryBus, MemoryTelegram, createOfflineGenerator } from '../../transport/index.ts';
import { MemoryBotStateStore, MemoryDeadLetters, MemoryTranscriptStore } from '../../persistence/index.ts';
import type { Config, Settings } from '../config/index.ts';
import { busTracing } from './bus-trace.ts';

export interface SingleNodeOptions {
  readonly config: Config;
  readonly clock: Clock;
  readonly seed: number;
  readonly logger: Logger;
  /** The LLM port; the offline generator by default. */
  readonly llm?: LlmPort;
  /** Wraps the Telegram port the chats send through (e.g. a fault decorator); the node's
   * `telegram` stays the in-memory fake that records sends and delivers humans. */
  readonly wrapTelegram?: (port: TelegramPort) => TelegramPort;
  /** The Telegram port the chats send through (the grammY adapter); the in-memory fake by default. */
  readonly telegramPort?: TelegramPort;
  /** Where people's messages come from (the adapter's listeners); the in-memory fake's by default. */
  readonly humans?: { onHuman(handler: (m: HumanMessage) => void): () => void };
  /** Which bots and chats this node hosts (a shard of a multi-threaded node hosts some); all by default. */
  readonly hosts?: (address: EntityAddress) => boolean;
  /** Where messages for entities hosted elsewhere go (another shard); without it they are dead letters. */
  readonly remote?: (to: EntityAddress, message: unknown) => void;
  /** Keep the in-memory fakes' records and whole transcripts (tests, the demo); off for benchmarks,
   * whose memory would otherwise grow with every message. Default true. */
  readonly record?: boolean;
  /** Inject the chats' scripted human lines on the clock (the demo's person in the group). */
  readonly script?: boolean;
  /** Durable stores (PostgreSQL) in place of the in-memory ones; with `outbox`, every send is claimed
   * and recorded through it. The node's `transcripts` and `botStates` stay the (then unused) memory
   * stores; use `stores` for the injected ones. */
  readonly stores?: NodeStores;
  /** Spans of the actors' turns (the OpenTelemetry tracer, infra/telemetry); none by default. */
  readonly tracer?: Tracer;
  /** What the chats deliver and drop (the node's Prometheus metrics); none by default. */
  readonly chatMetrics?: ChatMetrics;
  /** Every dead letter, by reason (the node's metrics). */
  readonly onDeadLetter?: (letter: DeadLetter) => void;
  /** A span for each hop of a traced message over the bus (send and receive): on for a NATS bus. */
  readonly traceBusHops?: boolean;
}

/** The stores a node persists through. */
export interface NodeStores {
  readonly botStates: BotStateStore;
  readonly transcripts: TranscriptStore;
  readonly outbox?: OutboxStore;
  /** What bots remember of what people told them (none: nothing is remembered). */
  readonly memories?: BotMemoryStore;
}

/** Sends kept free in every rolling hour for answering people. */
export const HUMAN_RESERVE = 2;

function chatSettings(s: Settings) {
  return { ...s, dedup: { ...s.dedup }, telegram: { ...s.telegram } };
}

/** One node: actors, supervisors and in-memory adapters, wired and ready to `start()`. */
export function createSingleNode(opts: SingleNodeOptions) {
  const { config, clock, logger } = opts;
  const rng = seededRng(opts.seed);
  const personas = new Map<string, Persona>(config.bots.map((b) => [b.id, b]));
  const record = opts.record ?? true;
  const telegram = new MemoryTelegram({ clock, record });
  const bus = new MemoryBus({ clock, record: false });
  const transcripts = new MemoryTranscriptStore(record ? {} : { keep: 200 });
  const botStates = new MemoryBotStateStore({ clock, record });
  const stores: NodeStores = opts.stores ?? { botStates, transcripts };
  const deadLetters = new MemoryDeadLetters();
  const market = new SimulatedMarket(clock, rng.fork('market'));
  const llm = opts.llm ?? createOfflineGenerator();
  const settings = chatSettings(config.settings);
  const limiter = createTelegramLimiter(settings.telegram);

  // A bot whose actor was stopped for good is not offered turns any more (no floor left waiting on it).
  const botDown = (child: string): void => {
    const botId = botIdOf(child);
    for (const c of config.chats) if (c.members.includes(botId)) toChat(c.id, { kind: 'memberDown', botId });
  };
  const botSupervisor = createSupervisor({ name: 'bots', clock, rng: rng.fork('sup:bots'), logger, onEscalate: botDown });
  const chatSupervisor = createSupervisor({ name: 'chats', clock, rng: rng.fork('sup:chats'), logger });
  // A chat's request that died with its bot (a poison compose, a stopped actor) is answered for it, so
  // the chat moves on at once instead of waiting out the floor.
  const letters = {
    put(letter: DeadLetter): void {
      deadLetters.put(letter);
      opts.onDeadLetter?.(letter);
      const m = letter.message as Partial<ComposeRequest> | undefined;
      if ((m?.kind === 'compose' || m?.kind === 'react') && typeof m.chatId === 'string' && chats.has(m.chatId) && typeof m.turnId === 'number') {
        toChat(m.chatId, { kind: 'declined', turnId: m.turnId, botId: botIdOf(letter.actor), reason: 'error' });
      }
    },
    list: () => deadLetters.list(),
  };
  const system = new ActorSystem({ clock, deadLetters: letters, logger, supervision: botSupervisor, name: 'piyasa' });
  const bots = new Map<string, ActorRef<BotMessage>>();
  const chats = new Map<string, ActorRef<ChatActorMessage>>();

  const hops = busTracing(opts.tracer, opts.traceBusHops ?? false);
  const toBot = (id: string, message: BotMessage): void => {
    const to = { kind: 'bot' as const, id };
    bus.send(to, message, hops.sendOptions(to, message));
  };
  const toChat = (id: string, message: ChatActorMessage): void => {
    const to = { kind: 'chat' as const, id };
    bus.send(to, message, hops.sendOptions(to, message));
  };
  const unroutable = (kind: string, id: string, message: unknown): void => {
    deadLetters.put({ at: clock.now(), actor: `${kind}:${id}`, message, reason: 'no-such-actor', attempts: 0 });
  };
  const hosts = opts.hosts ?? (() => true);
  const elsewhere = (to: EntityAddress, m: unknown): void => {
    if (opts.remote && !hosts(to)) opts.remote(to, m);
    else unroutable(to.kind, to.id, m);
  };
  bus.host('bot', (to, m, envelope) => {
    const ref = bots.get(to.id);
    if (ref) system.tell(ref, hops.received(to, m as BotMessage, envelope));
    else elsewhere(to, m);
  });
  bus.host('chat', (to, m, envelope) => {
    const ref = chats.get(to.id);
    if (ref) system.tell(ref, hops.received(to, m as ChatActorMessage, envelope));
    else elsewhere(to, m);
  });

  const botEnv = {
    clock, rng: rng.fork('bots'), llm, market, store: stores.botStates, logger, universe: market.symbols, ...(stores.memories ? { memories: stores.memories } : {}),
    settings: { lengthProfile: settings.lengthProfile, dedup: settings.dedup, humanReserve: HUMAN_RESERVE },
    persona: (id: string) => personas.get(id),
    toChat, ...(opts.tracer ? { tracer: opts.tracer } : {}),
  };
  const chatEnv = { clock, rng: rng.fork('chats'), telegram: opts.wrapTelegram ? opts.wrapTelegram(opts.telegramPort ?? telegram) : opts.telegramPort ?? telegram, transcripts: stores.transcripts, bus, logger, settings, universe: market.symbols, limiter, toBot, ...(stores.outbox ? { outbox: stores.outbox } : {}), ...(opts.tracer ? { tracer: opts.tracer } : {}), ...(opts.chatMetrics ? { metrics: opts.chatMetrics } : {}) };

  let unsubscribeHumans: (() => void) | undefined;

  function start(): void {
    market.start();
    const bot = botBehavior(botEnv);
    for (const b of config.bots) {
      if (hosts({ kind: 'bot', id: b.id })) bots.set(b.id, system.spawn(botActorName(b.id), bot, { supervision: botSupervisor }));
    }
    for (const c of config.chats) {
      if (!hosts({ kind: 'chat', id: c.id })) continue;
      const members = c.members.map((id) => personas.get(id)!);
      chats.set(c.id, system.spawn(`chat-${c.id}`, chatBehavior(chatEnv, c, members), { supervision: chatSupervisor }));
    }
    unsubscribeHumans = (opts.humans ?? telegram).onHuman((h) => {
      if (chats.has(h.chatId)) toChat(h.chatId, { kind: 'human', message: h });
      else logger.warn('human.unknown-chat', { chat: h.chatId });
    });
    if (opts.script ?? true) scheduleScripts();
  }

  const scriptTimers: Timer[] = [];

  function scheduleScripts(): void {
    for (const c of config.chats) {
      if (!hosts({ kind: 'chat', id: c.id })) continue;
      const ids = new Map<string, number>();
      for (const line of c.script) {
        scriptTimers.push(clock.setTimer(line.afterSec * 1000, () => {
          const replyTo = line.replyTo ? ids.get(line.replyTo) : undefined;
          const h = telegram.human({ chatId: c.id, username: line.user, text: line.text, ...(replyTo !== undefined ? { replyTo } : {}) });
          ids.set(line.id, h.messageId);
        }));
      }
    }
  }

  async function command(chatId: string, command: ChatCommand): Promise<CommandReply> {
    const ref = chats.get(chatId);
    if (!ref) return { ok: false, error: `no chat "${chatId}"` };
    return system.ask<ChatActorMessage, CommandReply>(ref, (reply) => ({ kind: 'command', command, reply }), 5_000);
  }

  async function botStatus(botId: string): Promise<BotStatus | undefined> {
    const ref = bots.get(botId);
    return ref ? system.ask<BotMessage, BotStatus>(ref, (reply) => ({ kind: 'status', reply }), 5_000) : undefined;
  }

  async function stop(): Promise<void> {
    unsubscribeHumans?.();
    for (const t of scriptTimers.splice(0)) clock.clearTimer(t);
    market.stop();
    await system.shutdown();
  }

  return {
    config, clock, system, telegram, bus, transcripts, botStates, stores, deadLetters, market, llm, personas,
    supervisors: { bots: botSupervisor, chats: chatSupervisor },
    bots, chats, start, stop, command, botStatus, toChat, toBot,
  };
}

export type SingleNode = ReturnType<typeof createSingleNode>;
