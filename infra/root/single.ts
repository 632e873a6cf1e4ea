// Composition root of one node with in-process adapters: the offline demo (`piyasa start`), the
// seeded simulations and the engine benchmark all wire the same actors here.
import {
  ActorSystem, SimulatedMarket, botActorName, botBehavior, botIdOf, chatBehavior, createTelegramLimiter, seededRng,
  type ActorRef, type BotMessage, type ChatActorMessage, type ChatCommand, type Clock, type CommandReply,
  Transient,
  type BotMemoryStore, type BotStateStore, type LlmPort, type NewsLog, type Logger, type OutboxStore, type TranscriptStore, type Persona, type BotStatus, type ComposeRequest, type DeadLetter, type EntityAddress, type HumanMessage, type TelegramPort, type Timer,
  type BusPort, type DeliveryOutcome, type Envelope, type ChatMetrics, type Tracer,
} from '../../actors/index.ts';
import { createSupervisor } from '../../supervisors/index.ts';
import { MemoryBus, MemoryTelegram, createOfflineGenerator } from '../../transport/index.ts';
import { MemoryBotStateStore, MemoryDeadLetters, MemoryTranscriptStore } from '../../persistence/index.ts';
import type { ChatSpec, Config, DisabledBot, Settings } from '../config/index.ts';
import { applyChange, type ChangeResult, type NodeChange } from './changes.ts';
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
  /** Wraps the bus the actors send through (fault injection in simulations: drops, duplicates). */
  readonly wrapBus?: (bus: BusPort) => BusPort;
  /** The Telegram port the chats send through (the grammY adapter); the in-memory fake by default. */
  readonly telegramPort?: TelegramPort;
  /** Where people's messages come from (the adapter's listeners); the in-memory fake's by default. */
  readonly humans?: { onHuman(handler: (m: HumanMessage) => void): () => void };
  /** Which bots and chats this node hosts (a shard of a multi-threaded node hosts some); all by default. */
  readonly hosts?: (address: EntityAddress) => boolean;
  /** Where messages for entities hosted elsewhere go (another shard); without it they are dead letters. */
  readonly remote?: (to: EntityAddress, message: unknown) => void;
  /** The bus between actors; the in-process one by default (a cluster node passes the NATS bus, which
   * brings each partition's actors here while this node owns it: see `activate`). */
  readonly bus?: BusPort;
  /** Keep the in-memory fakes' records and whole transcripts (tests, the demo); off for benchmarks,
   * whose memory would otherwise grow with every message. Default true. */
  readonly record?: boolean;
  /** Inject the chats' scripted human lines on the clock (the demo's person in the group). */
  readonly script?: boolean;
  /** What bots remember when `stores` is not given (the in-memory store of `--memory`); nothing is
   * remembered by default. */
  readonly memories?: BotMemoryStore;
  /** Durable stores (PostgreSQL) in place of the in-memory ones; with `outbox`, every send is claimed
   * and recorded through it. The node's `transcripts` and `botStates` stay the (then unused) memory
   * stores; use `stores` for the injected ones. */
  readonly stores?: NodeStores;
  /** The market's seed: nodes of one cluster must share it to see the same prices (the market is a
   * pure function of seed and time). Default: drawn from `seed`. */
  readonly marketSeed?: number;
  /** The cluster's news, so a shock injected on any node reaches every chat; none: this node's own. */
  readonly news?: NewsLog;
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
  /** On a cluster node: how a person's message appended by its chat ended ('written', or 'stale' when
   * the partition moved before it committed); undefined when nothing is pending for it. A person's
   * durable message is acknowledged only once its row is written. */
  readonly humanRecorded?: (chatId: string, messageId: number) => Promise<'written' | 'stale' | 'dropped'> | undefined;
}

/** Sends kept free in every rolling hour for answering people. */
export const HUMAN_RESERVE = 2;

/** The node's own copy of the settings (changed in place by `settings.set`). */
function chatSettings(s: Settings): Settings {
  return { ...s, lengthProfile: { ...s.lengthProfile }, dedup: { ...s.dedup }, telegram: { ...s.telegram } };
}

/** How long a command waits for its chat; a `say` waits for its line to be sent (typing, limits). */
const COMMAND_TIMEOUT_MS = 5_000;
const SAY_TIMEOUT_MS = 30_000;

/** One node: actors, supervisors and in-memory adapters, wired and ready to `start()`. */
export function createSingleNode(opts: SingleNodeOptions) {
  const { config, clock, logger } = opts;
  const rng = seededRng(opts.seed);
  const personas = new Map<string, Persona>(config.bots.map((b) => [b.id, b]));
  const chatSpecs = new Map<string, ChatSpec>(config.chats.map((c) => [c.id, c]));
  const disabled = new Map<string, DisabledBot>((config.disabled ?? []).map((d) => [d.bot.id, d]));
  const record = opts.record ?? true;
  const telegram = new MemoryTelegram({ clock, record, handleOf: (botId) => personas.get(botId)?.handle });
  const bus = opts.bus ?? new MemoryBus({ clock, record: false });
  const transcripts = new MemoryTranscriptStore(record ? {} : { keep: 200 });
  const botStates = new MemoryBotStateStore({ clock, record });
  const stores: NodeStores = opts.stores ?? { botStates, transcripts, ...(opts.memories ? { memories: opts.memories } : {}) };
  const deadLetters = new MemoryDeadLetters();
  const market = new SimulatedMarket(clock, opts.marketSeed ?? rng.fork('market'), { ...(opts.news ? { news: opts.news } : {}), logger });
  const llm = opts.llm ?? createOfflineGenerator();
  const settings = chatSettings(config.settings);
  const limiter = createTelegramLimiter(settings.telegram);

  // A bot whose actor was stopped for good is not offered turns any more (no floor left waiting on it).
  const botDown = (child: string): void => {
    const botId = botIdOf(child);
    for (const c of chatSpecs.values()) if (c.members.includes(botId)) toChat(c.id, { kind: 'memberDown', botId });
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

  const sender: BusPort = opts.wrapBus ? opts.wrapBus(bus) : bus;
  const hops = busTracing(opts.tracer, opts.traceBusHops ?? false);
  const toBot = (id: string, message: BotMessage): void => {
    const to = { kind: 'bot' as const, id };
    sender.send(to, message, hops.sendOptions(to, message));
  };
  const toChat = (id: string, message: ChatActorMessage): void => {
    const to = { kind: 'chat' as const, id };
    sender.send(to, message, hops.sendOptions(to, message));
  };
  const unroutable = (kind: string, id: string, message: unknown): void => {
    deadLetters.put({ at: clock.now(), actor: `${kind}:${id}`, message, reason: 'no-such-actor', attempts: 0 });
  };
  const hosts = opts.hosts ?? (() => true);
  const elsewhere = (to: EntityAddress, m: unknown): void => {
    if (opts.remote && !hosts(to)) opts.remote(to, m);
    else unroutable(to.kind, to.id, m);
  };
  // On a cluster bus a message with an envelope may be durable (acked when the promise resolves): it is
  // delivered with its outcome; one this node cannot take now is refused, so it comes back later. The
  // in-process bus hands traced messages an envelope too: those are told as usual.
  const tracked = (to: EntityAddress, outcome: Promise<DeliveryOutcome>): Promise<void> => outcome.then((o) => {
    if (o === 'refused') throw new Transient(`${to.kind} ${to.id} did not take the message (stopping)`);
  });
  const notHere = (to: EntityAddress): Promise<void> => Promise.reject(new Transient(`${to.kind} ${to.id} is not hosted here`));
  // A person's message is acked only once its row is committed under this node's fence: one left out
  // because the partition moved meanwhile comes back to the new owner; one the chat failed to handle is
  // retried (and dead-lettered after the inbox's attempts), never acked as if it had been recorded.
  const trackedHuman = async (to: EntityAddress, outcome: Promise<DeliveryOutcome>, h: HumanMessage): Promise<void> => {
    const o = await outcome;
    if (o === 'refused') throw new Transient(`chat ${to.id} did not take the message (stopping)`);
    if (o === 'failed') throw new Error(`chat ${to.id} failed to handle person's message ${h.messageId}`);
    const written = await stores.humanRecorded?.(to.id, h.messageId);
    if (written === 'stale') throw new Transient(`chat ${to.id} moved before person's message ${h.messageId} was written: its new owner records it`);
  };
  const clusterBus = opts.bus !== undefined;
  bus.host('bot', (to, m, envelope?: Envelope) => {
    const ref = bots.get(to.id);
    const message = hops.received(to, m as BotMessage, envelope);
    if (envelope && clusterBus) return ref ? tracked(to, system.deliver(ref, message)) : notHere(to);
    if (ref) system.tell(ref, message);
    else elsewhere(to, m);
  });
  bus.host('chat', (to, m, envelope?: Envelope) => {
    const ref = chats.get(to.id);
    const message = hops.received(to, m as ChatActorMessage, envelope);
    if (envelope && clusterBus) {
      if (!ref) return notHere(to);
      const outcome = system.deliver(ref, message);
      return message.kind === 'human' && !message.message.edited ? trackedHuman(to, outcome, message.message) : tracked(to, outcome);
    }
    if (ref) system.tell(ref, message);
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

  const bot = botBehavior(botEnv);
  const spawnBot = (b: Persona): void => {
    bots.set(b.id, system.spawn(botActorName(b.id), bot, { supervision: botSupervisor }));
  };
  const spawnChat = (c: ChatSpec): void => {
    const members = c.members.map((id) => personas.get(id)).filter((p): p is Persona => p !== undefined);
    chats.set(c.id, system.spawn(`chat-${c.id}`, chatBehavior(chatEnv, c, members), { supervision: chatSupervisor }));
  };

  /** Starts the actors of these entities here (a partition this node took); bots first, so a chat's
   * first turn finds its members. Entities already running or unknown are skipped. */
  function activate(entities: readonly EntityAddress[]): void {
    for (const e of entities) {
      if (e.kind !== 'bot' || bots.has(e.id)) continue;
      const b = personas.get(e.id);
      if (b) spawnBot(b);
    }
    for (const e of entities) {
      if (e.kind !== 'chat' || chats.has(e.id)) continue;
      const c = chatSpecs.get(e.id);
      if (c) spawnChat(c);
    }
  }

  /** Stops these entities' actors here (a partition this node hands over or lost): each finishes the
   * message in hand, its queue is dead-lettered, its timers cleared. Resolves once they are gone. */
  async function deactivate(entities: readonly EntityAddress[]): Promise<void> {
    const stopping: Promise<void>[] = [];
    for (const e of entities) {
      const map = e.kind === 'bot' ? bots : chats;
      const ref = map.get(e.id);
      if (!ref) continue;
      map.delete(e.id);
      stopping.push(system.stop(ref));
    }
    await Promise.all(stopping);
  }

  function start(): void {
    market.start();
    for (const b of config.bots) if (hosts({ kind: 'bot', id: b.id })) spawnBot(b);
    for (const c of config.chats) if (hosts({ kind: 'chat', id: c.id })) spawnChat(c);
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

  /** A command for one of this node's chats, answered by its actor. */
  async function command(chatId: string, command: ChatCommand): Promise<CommandReply> {
    const ref = chats.get(chatId);
    if (!ref) return { ok: false, error: `no chat "${chatId}"`, field: 'chat' };
    return system.ask<ChatActorMessage, CommandReply>(ref, (reply) => ({ kind: 'command', command, reply }), command.cmd === 'say' ? SAY_TIMEOUT_MS : COMMAND_TIMEOUT_MS);
  }

  /** Applies a change to what this node runs (see changes.ts). */
  function apply(change: NodeChange): Promise<ChangeResult> {
    return applyChange({ system, logger, market, personas, chatSpecs, disabled, bots, chats, settings, hosts, spawnBot, spawnChat, toChat, toBot }, change);
  }

  /** The bots, chats and settings this node knows now (the config plus the changes applied since). */
  const catalog = (): Config => ({ settings, bots: [...personas.values()], chats: [...chatSpecs.values()], disabled: [...disabled.values()] });

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
    bots, chats, start, stop, command, botStatus, toChat, toBot, activate, deactivate, apply, catalog,
  };
}

export type SingleNode = ReturnType<typeof createSingleNode>;
