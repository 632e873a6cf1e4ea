// The ports: small interfaces owned by the actors that consume them. Adapters in transport/ and
// persistence/ implement them; every port has an in-memory fake that records its calls.
import type {
  ChatMessage, Emotion, HoldingView, LengthPreference, MarketSnapshot, NewsItem, Persona, Quote,
} from './domain/types.ts';
import type { MessageIntent } from './domain/intent.ts';
import type { Claim } from './domain/discourse.ts';
import type { MarketCalendar } from './domain/calendar.ts';

// ---------------------------------------------------------------- time and randomness

/** Opaque handle of a scheduled timer. */
export interface Timer { readonly id: number }

/** All time goes through here, so the whole system can run on a virtual clock. */
export interface Clock {
  /** Epoch milliseconds. */
  now(): number;
  setTimer(delayMs: number, fn: () => void): Timer;
  clearTimer(timer: Timer): void;
  sleep(ms: number): Promise<void>;
}

/** A seeded random stream. `fork(label)` derives an independent stream, so adding a consumer in one
 * place does not shift the numbers drawn anywhere else. */
export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Integer in [0, maxExclusive). */
  int(maxExclusive: number): number;
  /** Uniform in [min, max). */
  range(min: number, max: number): number;
  chance(p: number): boolean;
  pick<T>(items: readonly T[]): T;
  fork(label: string): Rng;
}

// ---------------------------------------------------------------- LLM

export type GenerationMode =
  /** Unprompted post on a topic. */
  | 'new'
  /** A reply to another chat member's message the director picked. */
  | 'reply'
  /** A person's message this bot answers (one that named it, or one to the group it was chosen for). */
  | 'answer';

/** A member of the chat, as a bot sees the roster. */
export interface RosterEntry {
  readonly name: string;
  readonly handle: string;
  /** Its tone words ("analitik, teknik"), so a bot knows whom it talks to. */
  readonly tone: string;
}

export interface GenerationTarget {
  readonly speaker: string;
  readonly text: string;
  readonly human: boolean;
  readonly botId?: string;
}

/** Everything a generator may use to write one chat line. Plain data, so it can cross a wire. */
export interface GenerationRequest {
  readonly botId: string;
  readonly persona: Persona;
  readonly emotion: Emotion;
  readonly chatId: string;
  readonly chatTitle: string;
  /** Hour (0–23) and weekday (0 = Sunday) in the chat's timezone. */
  readonly localHour: number;
  readonly weekday: number;
  readonly mode: GenerationMode;
  /** The topic chosen for this turn; it must shape the text. */
  readonly topic: string;
  /** Symbols this turn is about (from the topic, the target and the persona's watchlist). */
  readonly symbols: readonly string[];
  readonly target?: GenerationTarget;
  /** The newest part of the chat, oldest first. */
  readonly transcript: readonly ChatMessage[];
  readonly market: MarketSnapshot;
  readonly holdings: readonly HoldingView[];
  readonly news?: NewsItem;
  /** The turn is about `news` (an operator's shock the chat steers to): the line takes it up. */
  readonly newsFirst?: boolean;
  readonly length: LengthPreference;
  /** 0 for the first draft; 1 when regenerating after a duplicate was found (with a changed
   * instruction); 2 or more for the last try, which an LLM router hands to the offline generator. */
  readonly attempt: number;
  /** Deterministic seed for generators that draw randomness. */
  readonly seed: number;
  /** What the bot remembers that bears on this turn, best first (what people told it); absent when
   * the node keeps no memories. */
  readonly memories?: readonly string[];
  /** What the person's message being answered is (kind, language, symbols, concept). */
  readonly intent?: MessageIntent;
  /** What the bot line being answered claims (symbol, direction, level). */
  readonly claim?: Claim;
  /** Persona items the bot already told in this chat, still cooling down ("anecdote:1", "stance:BIST",
   * "signature:0"): not to be told again. */
  readonly told?: readonly string[];
  /** The other members of the chat. */
  readonly roster?: readonly RosterEntry[];
  /** Which markets are open now (BIST session, FX weekdays, crypto always). */
  readonly calendar?: MarketCalendar;
  /** Model calls this draft may still use (the turn's fixed allowance minus what it spent); 0 or less:
   * write it without a model. Absent: no limit set by the caller. */
  readonly llmCalls?: number;
}

export interface GenerationResult {
  readonly text: string;
  /** Which model or generator produced it ("offline" for the embedded generator). */
  readonly model: string;
  /** Model calls spent on it (retries included); 0 or absent for the offline generator. */
  readonly calls?: number;
  readonly promptTokens?: number;
  readonly completionTokens?: number;
}

export interface LlmPort {
  generate(request: GenerationRequest): Promise<GenerationResult>;
  /** It starts spans of its own under the caller's active one (the bot then runs it inside its
   * `bot.compose` span); an adapter that makes none (the offline generator) leaves it unset, and is
   * called without entering the span's context. */
  readonly traced?: boolean;
}

// ---------------------------------------------------------------- Telegram

export interface SendMessageRequest {
  readonly botId: string;
  readonly chatId: string;
  readonly text: string;
  /** Telegram message id to thread under. */
  readonly replyTo?: number;
  /** One key end to end: outbox row, NATS message id, in-memory seen-set. */
  readonly idempotencyKey: string;
}

export interface SentMessage {
  readonly messageId: number;
  readonly at: number;
}

export interface TelegramPort {
  sendMessage(request: SendMessageRequest): Promise<SentMessage>;
  sendChatAction(botId: string, chatId: string, action: 'typing'): Promise<void>;
  setMessageReaction(botId: string, chatId: string, messageId: number, emoji: string): Promise<void>;
}

/** A person's message as a listener took it from Telegram, before any chat saw it. `source` names the
 * listener (its bot's numeric id) so `(source, updateId)` identifies the update. */
export interface InboundUpdate {
  readonly source: string;
  readonly updateId: number;
  readonly message: HumanMessage;
}

/** The one intake path: a listener hands a person's message here and confirms it to Telegram (advances
 * its offset, answers the webhook 200) only after `record` resolved — by then it is durable (in
 * PostgreSQL, or in JetStream in a cluster) and will reach its chat even if this process dies now. A
 * repeat of the same `(source, updateId)` is recorded once. */
export interface HumanIntake {
  record(update: InboundUpdate): Promise<void>;
}

/** A human's message in a group, as the listener hands it to the chat actor. */
export interface HumanMessage {
  readonly chatId: string;
  readonly messageId: number;
  readonly userId: number;
  readonly username: string;
  readonly text: string;
  readonly replyTo?: number;
  /** A reply to a bot's message: that bot's Telegram username, as Telegram tells it with the reply. */
  readonly replyToHandle?: string;
  readonly at: number;
  readonly edited?: boolean;
  /** The trace the listener started for it (the chat continues it; the answer's turn links to it). */
  readonly trace?: TraceContext;
}

// ---------------------------------------------------------------- bus

export type EntityKind = 'bot' | 'chat';

export interface EntityAddress {
  readonly kind: EntityKind;
  readonly id: string;
}

/** W3C trace context as it travels with a message (NATS headers `traceparent`, `tracestate`). */
export interface TraceContext {
  readonly traceparent: string;
  readonly tracestate?: string;
}

export interface SendOptions {
  /** Must not be lost (a person's message, a command's effect, a hand-off): over NATS it goes through
   * JetStream and is acked only after the receiving handler finished. */
  readonly durable?: boolean;
  /** Idempotency key (NATS `Nats-Msg-Id`): a repeat inside the dedup window is delivered once. */
  readonly id?: string;
  readonly trace?: TraceContext;
}

/** What came with a delivered message besides its body. */
export interface Envelope {
  readonly id?: string;
  readonly trace?: TraceContext;
  /** How many times it was delivered (1 the first time; more after a crash or a nak). */
  readonly deliveries?: number;
}

/** Handles a message for an entity hosted here. A durable message is acked when the returned promise
 * resolves (so return one that settles when the message was handled, not merely queued). */
export type BusHandler = (to: EntityAddress, message: unknown, envelope?: Envelope) => void | Promise<void>;
export type EventHandler = (subject: string, payload: unknown) => void;

/** Addressing by entity id; the partition decides which node hosts an entity. */
export interface BusPort {
  readonly partitions: number;
  partitionOf(address: EntityAddress): number;
  /** Deliver to whichever node hosts `to`. Fire and forget (a durable send is stored before it is
   * forwarded, and retried until handled). */
  send(to: EntityAddress, message: unknown, options?: SendOptions): void;
  /** This node hosts entities of `kind`; returns an unsubscribe function. */
  host(kind: EntityKind, handler: BusHandler): () => void;
  /** Events such as `piyasa.chat.<id>.said`. */
  publish(subject: string, payload: unknown): void;
  /** `pattern` may end in `>` (any suffix) or contain `*` (one token). */
  subscribe(pattern: string, handler: EventHandler): () => void;
}

// ---------------------------------------------------------------- market

/** Read side of the market feed (prompt building cannot move prices). */
export interface MarketFeed {
  snapshot(symbols?: readonly string[]): MarketSnapshot;
  quote(symbol: string): Quote | undefined;
}

/** Write side, for the `news` command and the simulator's own clock. */
export interface MarketControl extends MarketFeed {
  /** Applies a shock; `id` and `at` are made here unless given (a shock broadcast to every node keeps
   * the id the command gave it). */
  injectNews(news: Omit<NewsItem, 'id' | 'at'> & Partial<Pick<NewsItem, 'id' | 'at'>>): NewsItem;
}

// ---------------------------------------------------------------- stores

/** What a bot actor persists so a restart (or a failover) continues where it was. */
export interface BotStateRecord {
  readonly botId: string;
  readonly emotion: Emotion;
  readonly emotionAt: number;
  /** Epoch ms of every send in the last hour, oldest first (the rolling hourly budget). */
  readonly sentAt: readonly number[];
  /** The bot's latest lines, oldest first (a store that keeps transcripts fills it): a bot restarted or
   * moved to another node does not repeat what it said before. */
  readonly said?: readonly string[];
}

export interface BotStateStore {
  load(botId: string): Promise<BotStateRecord | undefined>;
  save(record: BotStateRecord): Promise<void>;
}

export interface TranscriptReader {
  recent(chatId: string, limit: number): Promise<readonly ChatMessage[]>;
}

export interface TranscriptStore extends TranscriptReader {
  /** `traceId`: the trace of the message (a person's message: its own trace), kept on its row. */
  append(message: ChatMessage, traceId?: string): Promise<void>;
  /** A person (`userId`) edited their message (Telegram id `messageId` in `chatId`): their stored line
   * takes the new text — one line, not two. Unknown ids, bots' lines and other people's lines (and
   * lines stored without a user id) are left alone. */
  edit(chatId: string, messageId: number, text: string, userId: number): Promise<void>;
}

/** An outbound send about to be attempted; its key is the chat actor's `chat:bot:turn`. */
export interface OutboxEntry {
  readonly idempotencyKey: string;
  readonly chatId: string;
  readonly botId: string;
  readonly turnId: number;
  readonly text: string;
  readonly replyTo?: number;
  readonly at: number;
}

/** `send`: the row is now `sending`, go ahead. `done`: this key was sent already. `ambiguous`: it may
 * have been sent (a crash or an unknown outcome): never send it again. */
export type OutboxClaim = 'send' | 'done' | 'ambiguous';

/** A message Telegram accepted: its transcript line under its outbox key. */
export interface Delivery {
  readonly idempotencyKey: string;
  readonly message: ChatMessage;
  readonly traceId?: string;
}

/** The outbox as the chat actor uses it: claim a key before the Telegram call, then record the outcome.
 * `delivered` writes the message row, marks the row sent and debits the bot's budget in one transaction. */
export interface OutboxStore {
  begin(entry: OutboxEntry): Promise<OutboxClaim>;
  delivered(delivery: Delivery): Promise<void>;
  failed(idempotencyKey: string, error: string): Promise<void>;
  /** The send may have reached Telegram (its outcome is unknown): the row becomes `ambiguous`, counted
   * and never resent. */
  ambiguous(idempotencyKey: string, error: string): Promise<void>;
  /** The highest turn id used in a chat (0 for none), so turn ids — and keys — never repeat after a restart. */
  lastTurn(chatId: string): Promise<number>;
  /** Sends into a chat at or after `since` that may have reached Telegram (sent, sending, ambiguous),
   * oldest first: a chat that moves to another node (or restarts) counts them against Telegram's
   * limits, so a failover cannot burst past them. */
  recentSends?(chatId: string, since: number): Promise<readonly RecentSend[]>;
}

/** One send that may have reached Telegram. */
export interface RecentSend {
  readonly botId: string;
  /** When it was delivered; for an uncertain one, when it was claimed (it may have arrived later). */
  readonly at: number;
  /** Its outcome is unknown (sending, ambiguous): it may have reached Telegram after `at`. */
  readonly uncertain?: boolean;
}

// ---------------------------------------------------------------- state shared by the cluster

/** A stored value and the version it was stored at. */
export interface Versioned<T> {
  readonly version: number;
  readonly value: T;
}

/**
 * A small compare-and-set store of JSON values every node of a cluster sees (the LLM quota lives
 * here): read a value with its version, write a new one only if nobody wrote in between. One
 * PostgreSQL statement per write in the real adapter; a Map in the fake. Version 0 means "absent".
 */
export interface SharedStateStore {
  load<T>(key: string): Promise<Versioned<T> | undefined>;
  /** Stores `value` if `key` is still at `version` (0: not there yet). Resolves to the new version,
   * or undefined when another writer came first (load again and retry). */
  swap<T>(key: string, version: number, value: T): Promise<number | undefined>;
}

/** Market news every node applies: `injectNews` on any node appends here, and each node's market
 * reads what was appended since its cursor, so one shock reaches every chat of the cluster. */
export interface NewsLog {
  append(news: Omit<NewsItem, 'id'>): Promise<NewsItem>;
  /** Items appended after `cursor` (0: from the start), oldest first, and the cursor to ask with next. */
  since(cursor: number): Promise<{ readonly items: readonly NewsItem[]; readonly cursor: number }>;
}

// ---------------------------------------------------------------- a bot's memories

/** The old system's kinds, plus what a bot was told in a conversation. */
export type BotMemoryKind = 'personal_fact' | 'past_event' | 'relationship' | 'preference' | 'routine' | 'conversation';

export interface BotMemory {
  readonly id: number;
  readonly botId: string;
  readonly kind: BotMemoryKind;
  readonly content: string;
  /** Who it is about (a username or a bot id). */
  readonly about?: string;
  /** Telegram message id it was made from. */
  readonly sourceMessageId?: number;
  /** 0…1, how much it matters. */
  readonly relevance: number;
  readonly usageCount: number;
  readonly lastUsedAt?: number;
  readonly createdAt: number;
}

export type NewBotMemory = Pick<BotMemory, 'botId' | 'kind' | 'content' | 'createdAt'> & Partial<Pick<BotMemory, 'about' | 'sourceMessageId' | 'relevance'>>;

/** Prompt building reads memories; it cannot write them. */
export interface BotMemoryReader {
  /** The best `limit` memories of a bot for now (see rankMemories), best first. */
  recall(botId: string, query: { readonly about?: string; readonly limit: number; readonly now: number }): Promise<readonly BotMemory[]>;
}

export interface BotMemoryStore extends BotMemoryReader {
  remember(memory: NewBotMemory): Promise<number>;
  /** The memories went into a prompt: their usage grows, so the same ones do not come back every time. */
  markUsed(ids: readonly number[], at: number): Promise<void>;
}

export interface DeadLetter {
  readonly at: number;
  /** Path of the actor that could not handle it. */
  readonly actor: string;
  readonly message: unknown;
  readonly reason: 'poison' | 'mailbox-full' | 'no-such-actor' | 'stopped' | 'malformed';
  readonly error?: string;
  readonly attempts: number;
}

export interface DeadLetterStore {
  put(letter: DeadLetter): void;
  list(): readonly DeadLetter[];
}

// ---------------------------------------------------------------- logging

export type LogFields = Readonly<Record<string, unknown>>;

/** Structured log lines: an event name plus fields. Never pass secrets. */
export interface Logger {
  debug(event: string, fields?: LogFields): void;
  info(event: string, fields?: LogFields): void;
  warn(event: string, fields?: LogFields): void;
  error(event: string, fields?: LogFields): void;
}

// ---------------------------------------------------------------- tracing

export type SpanValue = string | number | boolean;
export type SpanAttributes = Readonly<Record<string, SpanValue | undefined>>;

/** One timed step of a trace (OpenTelemetry underneath, in infra). A span of a disabled tracer records
 * nothing and costs nothing. */
export interface TraceSpan {
  /** 32 hex digits; '' when the span is not recorded (tracing off, or not sampled). */
  readonly traceId: string;
  setAttributes(attributes: SpanAttributes): void;
  addEvent(name: string, attributes?: SpanAttributes): void;
  /** The step failed: status error with a one-line reason (never a secret). */
  fail(reason: string): void;
  end(): void;
  /** W3C context to put on a message, so the receiver's spans join this trace; undefined when not recorded. */
  context(): TraceContext | undefined;
}

export interface SpanOptions {
  /** The trace context a message carried: the span continues that trace. Without one it starts a new
   * trace — never a child of whatever happens to be active (timers and mailboxes would leak it). */
  readonly parent?: TraceContext;
  /** Other traces this one follows from (the answer's turn links to the person's message). */
  readonly links?: readonly TraceContext[];
  readonly attributes?: SpanAttributes;
  /** 'consumer' for the handling of a message from elsewhere; 'internal' by default. */
  readonly kind?: 'internal' | 'consumer' | 'producer' | 'client' | 'server';
}

/** The tracing port of the actors' shells: a span per turn, composition and person's message. */
export interface Tracer {
  /** False for the no-op tracer: shells skip their tracing bookkeeping entirely. */
  readonly enabled: boolean;
  start(name: string, options?: SpanOptions): TraceSpan;
  /** Runs `fn` with `span` active: spans the adapters start inside (LLM, Telegram, database) are its children. */
  within<T>(span: TraceSpan, fn: () => T): T;
}

/** The span of a disabled tracer. */
export const NOOP_SPAN: TraceSpan = Object.freeze({
  traceId: '',
  setAttributes: () => undefined,
  addEvent: () => undefined,
  fail: () => undefined,
  end: () => undefined,
  context: () => undefined,
});

/** Tracing off: every span is NOOP_SPAN, `within` just calls. */
export const NOOP_TRACER: Tracer = Object.freeze({
  enabled: false,
  start: () => NOOP_SPAN,
  within: <T>(_span: TraceSpan, fn: () => T): T => fn(),
});

// ---------------------------------------------------------------- what the chats report for metrics

/** Counts what a chat does, for the node's metrics (Prometheus in infra). Called from the chat shell. */
export interface ChatMetrics {
  /** A message (or a reaction) Telegram accepted. */
  delivered(reaction: boolean): void;
  /** Something planned was not sent, and why (`declined-budget`, `duplicate`, `stale`, …). */
  dropped(reason: string): void;
  /** A turn ended: from the director's decision to the send (or to the drop), in ms, and how. */
  turn(ms: number, outcome: string): void;
}

/** What the cluster reports for the node's metrics (called by the cluster's lease and fencing code). */
export interface ClusterMetrics {
  /** Partitions this node holds a lease on now. */
  partitionsOwned(count: number): void;
  /** This node took over `partitions` partitions of a node that left or stopped renewing. */
  failover(partitions: number): void;
  /** A write or send stamped with a stale lease revision was refused (`what`: 'outbox', 'state', 'send', …). */
  fencingRejected(what: string): void;
}
