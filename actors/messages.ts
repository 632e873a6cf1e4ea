// The messages bot and chat actors exchange, with runtime guards: anything that does not match is
// rejected as malformed (dead-lettered), never a crash.
import type { EmotionEvent } from './domain/emotion.ts';
import type { ChatMessage, NewsItem, Persona } from './domain/types.ts';
import type { Claim } from './domain/discourse.ts';
import type { MessageIntent } from './domain/intent.ts';
import type { GenerationMode, HumanMessage, TraceContext } from './ports.ts';

/** A chat asks a bot to write its turn. Carries everything the bot needs, so bots stay chat-agnostic. */
export interface ComposeRequest {
  readonly kind: 'compose';
  readonly turnId: number;
  readonly chatId: string;
  readonly chatTitle: string;
  readonly timeZone: string;
  readonly mode: GenerationMode;
  readonly target?: ChatMessage;
  /** @-mention the target's bot in the text. */
  readonly mention: boolean;
  readonly transcript: readonly ChatMessage[];
  readonly topicPool: readonly string[];
  readonly recentTopics: readonly string[];
  readonly attempt: number;
  /** An operator's line (the `say` command): the bot sends this text instead of writing one — through
   * its budget, the content rules and its own dedup like any line, but outside its active hours too. */
  readonly scripted?: string;
  /** The news shock this turn is about (the chat was steered to it): the bot takes it up. */
  readonly news?: NewsItem;
  /** The turn's trace: the bot's composition continues it (set by the chat's shell, not its reducer). */
  readonly trace?: TraceContext;
  /** The chat's member bot ids (the roster the bot talks among). */
  readonly members?: readonly string[];
  /** What the person's message being answered is. */
  readonly intent?: MessageIntent;
  /** What the bot line being answered claims. */
  readonly claim?: Claim;
  /** Persona items this bot already told in this chat and must not tell again yet ("anecdote:0"). */
  readonly told?: readonly string[];
}

export type BotMessage =
  | ComposeRequest
  | { readonly kind: 'react'; readonly turnId: number; readonly chatId: string; readonly timeZone: string; readonly target: ChatMessage; readonly trace?: TraceContext }
  | { readonly kind: 'delivered'; readonly turnId: number; readonly chatId: string; readonly text: string; readonly at: number; readonly reaction?: boolean }
  | { readonly kind: 'cancelled'; readonly turnId: number; readonly chatId: string }
  /** Something the bot heard: its mood follows `event`; `told` is a person's message addressed to it,
   * which it remembers (when the node has a memory store). */
  | { readonly kind: 'heard'; readonly event: EmotionEvent; readonly told?: ChatMessage }
  | { readonly kind: 'status'; readonly reply: (status: BotStatus) => void };

export interface BotStatus {
  readonly botId: string;
  readonly mood: string;
  readonly emotion: { valence: number; arousal: number; confidence: number };
  readonly sentLastHour: number;
  /** The persona's hourly limit; `hourlyLimit - sentLastHour` sends are left this hour. */
  readonly hourlyLimit: number;
}

export type DeclineReason = 'hours' | 'budget' | 'duplicate' | 'content' | 'error';

/** A command to one chat, already validated at the edge (infra/commands). Plain data: it may cross
 * nodes to reach the chat's owner. */
export type ChatCommand =
  | { readonly cmd: 'pause' }
  | { readonly cmd: 'resume' }
  | { readonly cmd: 'status' }
  | { readonly cmd: 'pace'; readonly perMinute: number }
  /** A member bot sends `text` (threaded under Telegram message `replyTo`, a recent message). */
  | { readonly cmd: 'say'; readonly bot: string; readonly text: string; readonly replyTo?: number }
  /** A market shock: the chat checks it and steers its next turns to it; the node applies it everywhere. */
  | { readonly cmd: 'news'; readonly news: NewsItem }
  /** Nudge a member bot's emotion by these deltas. */
  | { readonly cmd: 'mood'; readonly bot: string; readonly valence?: number; readonly arousal?: number; readonly confidence?: number }
  /** The next `turns` unprompted turns take this topic (a topic name or a symbol's ticker). */
  | { readonly cmd: 'topic'; readonly topic: string; readonly turns: number };

/** Every command's answer: `ok: true` with what happened, or `ok: false` with one human-readable line
 * (and `field`, the path of the offending field, when one field is at fault; `errors`, every field at
 * fault, when an added entry was checked). */
export type CommandReply =
  | { readonly ok: true; readonly [key: string]: unknown }
  | { readonly ok: false; readonly error: string; readonly field?: string; readonly errors?: readonly { readonly field: string; readonly error: string }[] };

export type ChatActorMessage =
  | { readonly kind: 'tick' }
  | { readonly kind: 'human'; readonly message: HumanMessage }
  | {
      readonly kind: 'draft'; readonly turnId: number; readonly botId: string; readonly text: string; readonly topic: string;
      readonly mood: string; readonly attempt: number;
      /** The writer's emotional pace: < 1 types faster (aroused), > 1 slower. */
      readonly pace?: number;
    }
  | { readonly kind: 'reaction'; readonly turnId: number; readonly botId: string; readonly emoji: string }
  | { readonly kind: 'declined'; readonly turnId: number; readonly botId: string; readonly reason: DeclineReason; readonly retryAt?: number; readonly detail?: string }
  | { readonly kind: 'typing'; readonly turnId: number }
  | { readonly kind: 'send'; readonly turnId: number }
  | { readonly kind: 'floorTimeout'; readonly turnId: number }
  /** A member bot's actor was stopped by its supervisor (escalation): it is not asked again. */
  | { readonly kind: 'memberDown'; readonly botId: string }
  | { readonly kind: 'command'; readonly command: ChatCommand; readonly reply: (r: CommandReply) => void }
  /** A market shock applied on this node: the chat talks about it next (once per news id). */
  | { readonly kind: 'news'; readonly news: NewsItem }
  /** The chat's members changed (members.add, bots.remove): the new list, in order. */
  | { readonly kind: 'members'; readonly personas: readonly Persona[] };

const isObj = (m: unknown): m is Record<string, unknown> => typeof m === 'object' && m !== null;
const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const isStr = (v: unknown): v is string => typeof v === 'string';

/** Shape guard for messages to a chat actor. */
export function isChatActorMessage(m: unknown): m is ChatActorMessage {
  if (!isObj(m) || !isStr(m.kind)) return false;
  switch (m.kind) {
    case 'tick':
      return true;
    case 'human': {
      const h = m.message;
      return isObj(h) && isStr(h.chatId) && isNum(h.messageId) && isStr(h.text) && isStr(h.username) && isNum(h.at);
    }
    case 'draft':
      return isNum(m.turnId) && isStr(m.botId) && isStr(m.text) && isStr(m.topic) && isNum(m.attempt);
    case 'reaction':
      return isNum(m.turnId) && isStr(m.botId) && isStr(m.emoji);
    case 'declined':
      return isNum(m.turnId) && isStr(m.botId) && isStr(m.reason);
    case 'typing':
    case 'send':
    case 'floorTimeout':
      return isNum(m.turnId);
    case 'memberDown':
      return isStr(m.botId);
    case 'command':
      return isObj(m.command) && isStr(m.command.cmd) && typeof m.reply === 'function';
    case 'news':
      return isObj(m.news) && isStr(m.news.id) && isStr(m.news.headline) && Array.isArray(m.news.symbols) && isNum(m.news.impact);
    case 'members':
      return Array.isArray(m.personas) && m.personas.every((p) => isObj(p) && isStr(p.id));
    default:
      return false;
  }
}

/** Shape guard for messages to a bot actor. */
export function isBotMessage(m: unknown): m is BotMessage {
  if (!isObj(m) || !isStr(m.kind)) return false;
  switch (m.kind) {
    case 'compose':
      return isNum(m.turnId) && isStr(m.chatId) && isStr(m.timeZone) && isStr(m.mode) && Array.isArray(m.transcript) && Array.isArray(m.topicPool) && isNum(m.attempt);
    case 'react':
      return isNum(m.turnId) && isStr(m.chatId) && isStr(m.timeZone) && isObj(m.target);
    case 'delivered':
      return isNum(m.turnId) && isStr(m.chatId) && isStr(m.text) && isNum(m.at);
    case 'cancelled':
      return isNum(m.turnId) && isStr(m.chatId);
    case 'heard':
      return isObj(m.event) && isStr(m.event.kind) && (m.told === undefined || (isObj(m.told) && isStr(m.told.text) && isStr(m.told.speaker) && isNum(m.told.messageId)));
    case 'status':
      return typeof m.reply === 'function';
    default:
      return false;
  }
}
