// The sandbox's world: bots (one per token), groups, their messages with per-chat ids, reactions and
// typing, and the people who write in them. Bot API methods live in api.ts; HTTP in server.ts.
import { EventEmitter } from 'node:events';
import { TELEGRAM_MAX_MESSAGE_CHARS, fnv1a } from '../../../actors/index.ts';
import type { TelegramLimits } from '../../../actors/index.ts';
import { UpdateQueue } from './updates.ts';
import type {
  BotCard, ChatView, MessageView, SandboxEvent, SandboxSnapshot, TgChat, TgMessage, TgUser,
} from './types.ts';

/** Messages kept per chat, and the newest of them a page gets when it connects (at most
 * SNAPSHOT_CHARS of text per chat, so a snapshot stays well under a stream's buffer). */
const KEEP_MESSAGES = 5_000;
const SNAPSHOT_MESSAGES = 300;
const SNAPSHOT_CHARS = 60_000;
/** Bot API requests remembered (the newest), and people known by username. */
const KEEP_REQUESTS = 10_000;
const KEEP_PEOPLE = 10_000;

export interface SandboxBotSpec {
  /** `<numeric id>:<secret>`, like a BotFather token. */
  readonly token: string;
  readonly username: string;
  readonly firstName: string;
  /** Privacy mode off (the listener bot): receives every human message, not only mentions and replies. */
  readonly canReadAll?: boolean;
}

export interface SandboxChatSpec {
  readonly id: number;
  readonly title: string;
  /** Usernames of the bots in the group. */
  readonly bots: readonly string[];
  /** Reactions the group allows; all of Telegram's list when absent. */
  readonly availableReactions?: readonly string[];
}

export interface SandboxOptions {
  /** Telegram's limits the sandbox answers with 429; `false` for none. Default Telegram's. */
  readonly limits?: Partial<TelegramLimits> | false;
  /** Epoch ms; Date.now by default. */
  readonly now?: () => number;
}

export interface BotRecord {
  readonly token: string;
  readonly user: TgUser;
  readonly canReadAll: boolean;
  readonly updates: UpdateQueue;
  revoked: boolean;
}

export interface ChatRecord {
  readonly chat: TgChat;
  readonly bots: Set<number>;
  readonly kicked: Set<number>;
  readonly messages: Map<number, TgMessage>;
  /** message id → user id → emoji */
  readonly reactions: Map<number, Map<number, string>>;
  readonly availableReactions?: readonly string[];
  lastId: number;
}

/** A message of an earlier run: a bot's (its username) or a person's. */
export interface RestoredLine {
  readonly id: number;
  readonly text: string;
  /** Epoch ms. */
  readonly at: number;
  readonly bot?: string;
  readonly username?: string;
  readonly replyTo?: number;
}

/** A person writing into a group through the sandbox. */
export interface HumanPost {
  readonly chatId: number;
  readonly username: string;
  readonly firstName?: string;
  readonly text: string;
  readonly replyTo?: number;
}

/** One Bot API request as the sandbox received it (the storm test reads these). */
export interface RequestRecord {
  readonly at: number;
  readonly botId: number;
  readonly method: string;
  readonly chatId?: number;
  readonly status: number;
  readonly retryAfterSec?: number;
}

/** A message a bot sent, with the sender's idempotency key when it passed one (`piyasa_key`). */
export interface SandboxSend {
  readonly at: number;
  readonly bot: string;
  readonly chatId: number;
  readonly messageId: number;
  readonly key?: string;
}

/** Sends kept in the record (the newest). */
const KEEP_SENDS = 200_000;

export class Sandbox {
  readonly events = new EventEmitter();
  readonly requests: RequestRecord[] = [];
  /** Every message a bot sent (a cluster test counts duplicate keys here, not in our database). */
  readonly sends: SandboxSend[] = [];
  readonly now: () => number;
  readonly limits: Partial<TelegramLimits> | false;
  private readonly bots = new Map<string, BotRecord>();
  private readonly chats = new Map<number, ChatRecord>();
  private readonly people = new Map<number, TgUser>();
  private readonly typing = new Map<string, Extract<SandboxEvent, { type: 'typing' }>>();
  private cards: BotCard[] = [];

  constructor(opts: SandboxOptions = {}) {
    this.now = opts.now ?? Date.now;
    this.limits = opts.limits ?? {};
    this.events.setMaxListeners(0);
  }

  addBot(spec: SandboxBotSpec): TgUser {
    const id = Number(spec.token.split(':')[0]);
    if (!Number.isSafeInteger(id) || id <= 0 || !/^\d+:[A-Za-z0-9_-]{8,}$/.test(spec.token)) throw new Error('sandbox: a bot token must look like "<id>:<secret>"');
    const user: TgUser = { id, is_bot: true, first_name: spec.firstName, username: spec.username };
    this.bots.set(spec.token, { token: spec.token, user, canReadAll: spec.canReadAll ?? true, updates: new UpdateQueue(), revoked: false });
    return user;
  }

  addChat(spec: SandboxChatSpec): TgChat {
    const chat: TgChat = { id: spec.id, type: 'supergroup', title: spec.title };
    const ids = new Set(spec.bots.map((u) => this.botByUsername(u)?.user.id ?? fail(`sandbox: no bot @${u}`)));
    this.chats.set(spec.id, { chat, bots: ids, kicked: new Set(), messages: new Map(), reactions: new Map(), lastId: 0, ...(spec.availableReactions ? { availableReactions: spec.availableReactions } : {}) });
    return chat;
  }

  /** A bot joins a group (added by an admin): it may send there from now on. */
  join(chatId: number, username: string): void {
    const b = this.botByUsername(username) ?? fail(`sandbox: no bot @${username}`);
    const c = this.chats.get(chatId) ?? fail(`sandbox: no chat ${chatId}`);
    c.kicked.delete(b.user.id);
    c.bots.add(b.user.id);
  }

  bot(token: string): BotRecord | undefined {
    return this.bots.get(token);
  }

  botByUsername(username: string): BotRecord | undefined {
    for (const b of this.bots.values()) if (b.user.username?.toLowerCase() === username.toLowerCase()) return b;
    return undefined;
  }

  chat(id: number): ChatRecord | undefined {
    return this.chats.get(id);
  }

  /** The token stops working: every call answers 401. */
  revoke(username: string): void {
    const b = this.botByUsername(username);
    if (b) b.revoked = true;
  }

  /** The bot is removed from the group: sends there answer 403. */
  kick(chatId: number, username: string): void {
    const b = this.botByUsername(username);
    const c = this.chats.get(chatId);
    if (!b || !c) return;
    c.bots.delete(b.user.id);
    c.kicked.add(b.user.id);
    b.updates.push({ my_chat_member: { chat: c.chat, from: { id: 1, is_bot: false, first_name: 'admin' }, date: this.seconds(), old_chat_member: { status: 'member', user: b.user }, new_chat_member: { status: 'kicked', user: b.user, until_date: 0 } } });
  }

  /** A person writes in a group: the message gets the chat's next id and reaches the bots that would
   * see it in Telegram (privacy off, or a mention of or reply to that bot). Telegram's 4,096
   * characters at most. */
  human(post: HumanPost): TgMessage {
    const c = this.chats.get(post.chatId) ?? fail(`sandbox: no chat ${post.chatId}`);
    checkText(post.text);
    const from = this.person(post.username, post.firstName);
    const target = post.replyTo !== undefined ? c.messages.get(post.replyTo) : undefined;
    const message: TgMessage = { message_id: ++c.lastId, from, chat: c.chat, date: this.seconds(), text: post.text, ...(target ? { reply_to_message: shallow(target) } : {}) };
    this.store(c, message);
    this.emit({ type: 'message', message: this.view(message) });
    this.deliver(c, message, 'message');
    return message;
  }

  /** A person edits their message: bots get an `edited_message` update. With `username`, only that
   * person's own message (as in Telegram, where only the author can edit). */
  edit(chatId: number, messageId: number, text: string, username?: string): TgMessage {
    const c = this.chats.get(chatId) ?? fail(`sandbox: no chat ${chatId}`);
    const old = c.messages.get(messageId) ?? fail(`sandbox: no message ${messageId} in chat ${chatId}`);
    checkText(text);
    if (old.from.is_bot || (username !== undefined && old.from.username?.toLowerCase() !== username.toLowerCase())) fail('sandbox: people edit only their own messages');
    const message: TgMessage = { ...old, text, edit_date: this.seconds() };
    c.messages.set(messageId, message);
    this.emit({ type: 'edit', message: this.view(message) });
    this.deliver(c, message, 'edited_message');
    return message;
  }

  /** Earlier runs' messages of a chat (as a database kept them): shown on the page and open to
   * replies, edits and reactions, and the chat's next ids continue after the newest of them, so an
   * id never names two messages. Bots get no updates for them. Unknown bots' lines are skipped. */
  restore(chatId: number, lines: readonly RestoredLine[]): void {
    const c = this.chats.get(chatId);
    if (!c) return;
    const sorted = [...lines].filter((l) => Number.isSafeInteger(l.id) && l.id > 0).sort((a, b) => a.id - b.id);
    for (const l of sorted) {
      c.lastId = Math.max(c.lastId, l.id);
      const from = l.bot !== undefined ? this.botByUsername(l.bot)?.user : this.person(l.username ?? 'someone');
      if (!from || c.messages.has(l.id)) continue;
      const target = l.replyTo !== undefined ? c.messages.get(l.replyTo) : undefined;
      this.store(c, { message_id: l.id, from, chat: c.chat, date: Math.floor(l.at / 1000), text: l.text, ...(target ? { reply_to_message: shallow(target) } : {}) });
    }
  }

  /** People the sandbox knows by username (at most KEEP_PEOPLE). */
  get peopleKnown(): number {
    return this.people.size;
  }

  /** Remembers one Bot API request; only the newest KEEP_REQUESTS are kept. */
  noteRequest(r: RequestRecord): void {
    this.requests.push(r);
    if (this.requests.length > 2 * KEEP_REQUESTS) this.requests.splice(0, this.requests.length - KEEP_REQUESTS);
  }

  /** Puts any update body (malformed ones included) in a bot's queue; `updateId` forces a jump. */
  injectRaw(username: string, body: Record<string, unknown>, updateId?: number): void {
    (this.botByUsername(username) ?? fail(`sandbox: no bot @${username}`)).updates.push(body, updateId);
  }

  /** A bot's message, stored and shown; used by sendMessage. */
  postByBot(c: ChatRecord, bot: BotRecord, text: string, replyTo: TgMessage | undefined, key?: string): TgMessage {
    const message: TgMessage = { message_id: ++c.lastId, from: bot.user, chat: c.chat, date: this.seconds(), text, ...(replyTo ? { reply_to_message: shallow(replyTo) } : {}) };
    this.sends.push({ at: this.now(), bot: bot.user.username ?? String(bot.user.id), chatId: c.chat.id, messageId: message.message_id, ...(key !== undefined ? { key } : {}) });
    if (this.sends.length > KEEP_SENDS) this.sends.splice(0, this.sends.length - KEEP_SENDS);
    this.store(c, message);
    this.typing.delete(`${c.chat.id}:${bot.user.id}`);
    this.emit({ type: 'message', message: this.view(message) });
    return message;
  }

  react(c: ChatRecord, user: TgUser, messageId: number, emoji: string | undefined): void {
    const forMessage = c.reactions.get(messageId) ?? new Map<number, string>();
    if (emoji === undefined) forMessage.delete(user.id);
    else forMessage.set(user.id, emoji);
    c.reactions.set(messageId, forMessage);
    this.emit({ type: 'reaction', message: this.view(c.messages.get(messageId)!) });
  }

  showTyping(c: ChatRecord, bot: BotRecord): void {
    const e = { type: 'typing' as const, chatId: c.chat.id, username: bot.user.username ?? '', name: bot.user.first_name, until: this.now() + 5_000 };
    this.typing.set(`${c.chat.id}:${bot.user.id}`, e);
    this.emit(e);
  }

  /** The node's side channel: each bot's mood and P&L for its card on the page. */
  setCards(cards: readonly BotCard[]): void {
    this.cards = [...cards];
    this.emit({ type: 'cards', cards: this.cards });
  }

  messages(chatId: number): TgMessage[] {
    return [...(this.chats.get(chatId)?.messages.values() ?? [])];
  }

  snapshot(): SandboxSnapshot {
    const now = this.now();
    const chats: ChatView[] = [...this.chats.values()].map((c) => ({ id: c.chat.id, title: c.chat.title ?? '', bots: [...c.bots].map((id) => this.botById(id)?.user.username ?? String(id)) }));
    const messages = [...this.chats.values()].flatMap((c) => newest([...c.messages.values()].slice(-SNAPSHOT_MESSAGES)).map((m) => this.view(m)));
    return { chats, messages, cards: this.cards, typing: [...this.typing.values()].filter((t) => t.until > now) };
  }

  /** Ends long polls and webhook deliveries. */
  close(): void {
    for (const b of this.bots.values()) b.updates.close();
  }

  seconds(): number {
    return Math.floor(this.now() / 1000);
  }

  /** Keeps a chat's newest KEEP_MESSAGES (a long demo does not grow without bound). */
  private store(c: ChatRecord, message: TgMessage): void {
    c.messages.set(message.message_id, message);
    if (c.messages.size > KEEP_MESSAGES) {
      const oldest = c.messages.keys().next().value!;
      c.messages.delete(oldest);
      c.reactions.delete(oldest);
    }
  }

  private botById(id: number): BotRecord | undefined {
    for (const b of this.bots.values()) if (b.user.id === id) return b;
    return undefined;
  }

  private person(username: string, firstName?: string): TgUser {
    const id = (fnv1a(username.toLowerCase()) % 1_000_000_000) + 1;
    const user: TgUser = { id, is_bot: false, first_name: firstName ?? username, username };
    this.people.delete(id);
    this.people.set(id, user);
    if (this.people.size > KEEP_PEOPLE) this.people.delete(this.people.keys().next().value!);
    return user;
  }

  private deliver(c: ChatRecord, message: TgMessage, kind: 'message' | 'edited_message'): void {
    const lower = message.text.toLowerCase();
    for (const id of c.bots) {
      const b = this.botById(id);
      if (!b || b.revoked) continue;
      const seen = b.canReadAll || lower.includes(`@${(b.user.username ?? '').toLowerCase()}`) || message.reply_to_message?.from.id === id;
      if (seen) b.updates.push({ [kind]: message });
    }
  }

  private view(m: TgMessage): MessageView {
    const reactions: Record<string, string[]> = {};
    const c = this.chats.get(m.chat.id);
    for (const [userId, emoji] of c?.reactions.get(m.message_id) ?? []) {
      const who = this.botById(userId)?.user.first_name ?? this.people.get(userId)?.first_name ?? String(userId);
      (reactions[emoji] ??= []).push(who);
    }
    return {
      chatId: m.chat.id, id: m.message_id, fromId: m.from.id, name: m.from.first_name, isBot: m.from.is_bot, text: m.text,
      at: m.date * 1000, edited: m.edit_date !== undefined, reactions,
      ...(m.from.username ? { username: m.from.username } : {}),
      ...(m.reply_to_message ? { replyTo: m.reply_to_message.message_id } : {}),
    };
  }

  private emit(e: SandboxEvent): void {
    this.events.emit('event', e);
  }
}

/** The newest of `messages` whose texts add up to at most SNAPSHOT_CHARS, oldest first. */
function newest(messages: readonly TgMessage[]): TgMessage[] {
  let chars = 0;
  let i = messages.length;
  while (i > 0 && chars + messages[i - 1]!.text.length <= SNAPSHOT_CHARS) chars += messages[--i]!.text.length;
  return messages.slice(i);
}

/** Telegram's rule for a message's text: not empty, at most 4,096 characters. */
function checkText(text: string): void {
  if (text.trim() === '') fail('sandbox: message text is empty');
  if (text.length > TELEGRAM_MAX_MESSAGE_CHARS) fail(`sandbox: message is too long (${text.length} characters; Telegram takes ${TELEGRAM_MAX_MESSAGE_CHARS})`);
}

/** A replied-to message as Telegram nests it: without its own reply. */
function shallow(m: TgMessage): TgMessage {
  const { reply_to_message: _, ...rest } = m;
  return rest;
}

function fail(message: string): never {
  throw new Error(message);
}
