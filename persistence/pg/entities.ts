// MikroORM 7 entities (defineEntity, no decorators) for the tables of DESIGN.md §5. Ids of bots and
// chats are the config's ids; times the actors use are epoch-ms bigints, audit times are timestamptz.
import { defineEntity, p } from '@mikro-orm/core';

/** Outbox states: a row is written `sending` just before the Telegram call (`pending` is a row queued
 * but not yet attempted); `ambiguous` is a send that may or may not have reached Telegram (a crash
 * between the call and its outcome): counted against the budget, never resent. */
export const OUTBOX_STATES = ['pending', 'sending', 'sent', 'failed', 'ambiguous'] as const;
export type OutboxState = (typeof OUTBOX_STATES)[number];

/** Memory kinds: the old system's five, plus what a bot was told in a conversation. */
export const MEMORY_KINDS = ['personal_fact', 'past_event', 'relationship', 'preference', 'routine', 'conversation'] as const;

export const BotEntity = defineEntity({
  name: 'Bot',
  tableName: 'bots',
  properties: {
    id: p.string().length(64).primary(),
    handle: p.string().length(64).unique(),
    name: p.string().length(100),
    persona: p.json<Record<string, unknown>>(),
    /** False for a bot disabled (bots.disable) or removed (bots.remove, which also sets removedAt). */
    enabled: p.boolean().default(true),
    /** When bots.remove took it out of every chat (null for a bot merely disabled). */
    removedAt: p.datetime().nullable(),
    /** AES-256-GCM ciphertext (`v1:iv:tag:data`, base64) under PIYASA_TOKEN_KEY; never the token. */
    tokenEnc: p.text().nullable(),
    /** The masked token (`1234…abcd`) for display. */
    tokenMask: p.string().length(32).nullable(),
    createdAt: p.datetime().defaultRaw('now()'),
    updatedAt: p.datetime().defaultRaw('now()').onUpdate(() => new Date()),
  },
});

export const ChatEntity = defineEntity({
  name: 'Chat',
  tableName: 'chats',
  properties: {
    id: p.string().length(64).primary(),
    title: p.string().length(200),
    timezone: p.string().length(64),
    config: p.json<Record<string, unknown>>(),
    enabled: p.boolean().default(true),
    createdAt: p.datetime().defaultRaw('now()'),
    updatedAt: p.datetime().defaultRaw('now()').onUpdate(() => new Date()),
  },
});

/** Which bots are in which chat (the old system had no such table). */
export const ChatMemberEntity = defineEntity({
  name: 'ChatMember',
  tableName: 'chat_members',
  properties: {
    chatId: p.string().length(64).primary(),
    botId: p.string().length(64).primary(),
    joinedAt: p.datetime().defaultRaw('now()'),
  },
  indexes: [{ properties: ['botId'] }],
});

/** Every message of a chat, bots' and humans' (`botId` null). */
export const MessageEntity = defineEntity({
  name: 'Message',
  tableName: 'messages',
  properties: {
    id: p.bigint('number').primary().autoincrement(),
    chatId: p.string().length(64),
    botId: p.string().length(64).nullable(),
    /** The chat actor's sequence number (0 for reactions). */
    seq: p.integer(),
    speaker: p.string().length(100),
    /** Telegram user id of a human sender. */
    userId: p.bigint('number').nullable(),
    text: p.text(),
    telegramMessageId: p.bigint('number').nullable(),
    replyToMessageId: p.bigint('number').nullable(),
    topic: p.string().length(200).nullable(),
    reaction: p.boolean().default(false),
    traceId: p.string().length(32).nullable(),
    /** The outbox key for bot messages, `human:<chat>:<telegram id>` for humans. */
    idempotencyKey: p.string().length(200).unique(),
    at: p.bigint('number'),
    createdAt: p.datetime().defaultRaw('now()'),
  },
  indexes: [{ properties: ['chatId', 'id'] }, { properties: ['botId', 'at'] }, { properties: ['chatId', 'telegramMessageId'] }],
});

/** Every outbound send, keyed by the chat actor's idempotency key (`chat:bot:turn`). */
export const OutboxEntity = defineEntity({
  name: 'Outbox',
  tableName: 'outbox',
  properties: {
    id: p.bigint('number').primary().autoincrement(),
    idempotencyKey: p.string().length(200).unique(),
    chatId: p.string().length(64),
    botId: p.string().length(64),
    turnId: p.integer(),
    text: p.text(),
    replyTo: p.bigint('number').nullable(),
    state: p.enum(OUTBOX_STATES),
    attempts: p.integer().default(0),
    telegramMessageId: p.bigint('number').nullable(),
    error: p.text().nullable(),
    /** Lease revision of the owner that wrote the row (cluster fencing); 0 on a single node. */
    ownerRevision: p.bigint('number').default(0),
    /** When the send was attempted (epoch ms): counts against the bot's hourly budget. */
    at: p.bigint('number'),
    createdAt: p.datetime().defaultRaw('now()'),
    updatedAt: p.datetime().defaultRaw('now()').onUpdate(() => new Date()),
  },
  // Also, partial (migrations/outbox-in-flight.ts): state and chat_id of the rows not yet sent.
  indexes: [{ properties: ['botId', 'at'] }, { properties: ['chatId', 'turnId'] }],
});

/** A bot's emotion and rolling budget, so a restart continues where it was. */
export const BotStateEntity = defineEntity({
  name: 'BotState',
  tableName: 'bot_state',
  properties: {
    botId: p.string().length(64).primary(),
    emotion: p.json<Record<string, number>>(),
    emotionAt: p.bigint('number'),
    /** Epoch ms of the sends of the last hour, oldest first. */
    sentAt: p.json<number[]>(),
    /** Messages delivered in this bot's lifetime (debited in the delivery transaction). */
    sentTotal: p.bigint('number').default(0),
    /** Lease revision of the owner that wrote the row (cluster fencing); 0 on a single node. */
    ownerRevision: p.bigint('number').default(0),
    updatedAt: p.datetime().defaultRaw('now()').onUpdate(() => new Date()),
  },
});

export const StanceEntity = defineEntity({
  name: 'Stance',
  tableName: 'stances',
  properties: {
    id: p.integer().primary().autoincrement(),
    botId: p.string().length(64),
    topic: p.string().length(64),
    stanceText: p.text(),
    confidence: p.double().default(0.5),
    cooldownUntil: p.datetime().nullable(),
    updatedAt: p.datetime().defaultRaw('now()').onUpdate(() => new Date()),
  },
  uniques: [{ properties: ['botId', 'topic'] }],
});

export const HoldingEntity = defineEntity({
  name: 'Holding',
  tableName: 'holdings',
  properties: {
    id: p.integer().primary().autoincrement(),
    botId: p.string().length(64),
    symbol: p.string().length(32),
    avgPrice: p.double(),
    size: p.double(),
    note: p.text().nullable(),
    updatedAt: p.datetime().defaultRaw('now()').onUpdate(() => new Date()),
  },
  uniques: [{ properties: ['botId', 'symbol'] }],
});

/** What a bot remembers, with relevance, recency and usage for retrieval. */
export const MemoryEntity = defineEntity({
  name: 'Memory',
  tableName: 'memories',
  properties: {
    id: p.bigint('number').primary().autoincrement(),
    botId: p.string().length(64),
    kind: p.enum(MEMORY_KINDS),
    content: p.text(),
    /** Who it is about (a username or bot id), for conversation memories. */
    about: p.string().length(100).nullable(),
    /** The message it was made from. */
    sourceMessageId: p.bigint('number').nullable(),
    relevance: p.double().default(1),
    usageCount: p.integer().default(0),
    lastUsedAt: p.datetime().nullable(),
    createdAt: p.datetime().defaultRaw('now()'),
  },
  indexes: [{ properties: ['botId', 'kind'] }],
});

/** A person's message as a listener took it from Telegram, recorded before Telegram was told; `handled`
 * once its chat recorded it (migration 20261204200000_intake). */
export const InboundEntity = defineEntity({
  name: 'Inbound',
  tableName: 'inbound',
  properties: {
    id: p.bigint('number').primary().autoincrement(),
    /** The listener (its bot's numeric id; the sandbox's run id too). */
    source: p.string().length(64),
    updateId: p.bigint('number'),
    chatId: p.string().length(64),
    messageId: p.bigint('number'),
    edited: p.boolean().default(false),
    /** The HumanMessage handed to the chat. */
    message: p.json<Record<string, unknown>>(),
    /** Hash of what the message says: tells a redelivery from an update id the server gave again. */
    fingerprint: p.string().length(32),
    handled: p.boolean().default(false),
    createdAt: p.datetime().defaultRaw('now()'),
  },
  uniques: [{ properties: ['source', 'updateId'] }],
});

/** Typed runtime settings (validated before they are written; see settings.ts). */
export const SettingEntity = defineEntity({
  name: 'Setting',
  tableName: 'settings',
  properties: {
    key: p.string().length(64).primary(),
    value: p.json<unknown>(),
    updatedAt: p.datetime().defaultRaw('now()').onUpdate(() => new Date()),
  },
});

/** A compare-and-set value shared by the cluster's nodes (the LLM quota of a model). */
export const SharedStateEntity = defineEntity({
  name: 'SharedState',
  tableName: 'shared_state',
  properties: {
    key: p.string().length(200).primary(),
    version: p.bigint('number'),
    value: p.json<unknown>(),
    updatedAt: p.datetime().defaultRaw('now()').onUpdate(() => new Date()),
  },
});

/** A market news shock; every node applies each row once, in id order. */
export const MarketNewsEntity = defineEntity({
  name: 'MarketNews',
  tableName: 'market_news',
  properties: {
    id: p.bigint('number').primary().autoincrement(),
    headline: p.text(),
    symbols: p.json<string[]>(),
    impact: p.double(),
    at: p.bigint('number'),
    createdAt: p.datetime().defaultRaw('now()'),
  },
});

export const ENTITIES = [
  BotEntity, ChatEntity, ChatMemberEntity, MessageEntity, OutboxEntity, BotStateEntity,
  StanceEntity, HoldingEntity, MemoryEntity, SettingEntity, InboundEntity, SharedStateEntity, MarketNewsEntity,
];
