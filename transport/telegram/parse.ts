// One raw Bot API update (untrusted JSON) into a HumanMessage, or a reason to skip it. Never throws:
// missing fields, wrong types, unknown update types, bots' messages, odd Unicode and overlong text
// all end as a verdict the listener logs.
import type { HumanMessage } from '../../actors/index.ts';

export type Verdict =
  | { readonly kind: 'human'; readonly message: HumanMessage }
  /** A private chat with a person: answered with a note, or ignored, per setting. */
  | { readonly kind: 'private'; readonly telegramChatId: number; readonly userId: number }
  /** A bot left or was removed from a group (`my_chat_member`). */
  | { readonly kind: 'removed'; readonly telegramChatId: number; readonly botUserId: number }
  | { readonly kind: 'skip'; readonly reason: SkipReason; readonly detail?: string };

export type SkipReason =
  /** Not what a person writes in a group (service, photo, sticker…): nothing to log. */
  | 'no-text'
  /** A bot's message (ours or another's): never input. */
  | 'from-bot'
  /** A group that is not in the config: not joined. */
  | 'unknown-chat'
  /** An update type we do not ask for or handle (chat_member, poll, …). */
  | 'unknown-type'
  /** Missing or mistyped fields. */
  | 'malformed';

/** Telegram's longest message; longer text is cut. */
const MAX_TEXT = 4096;

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const isId = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v);

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const CONTROL = /[\u0000-\u0008\u000B-\u001F\u007F]/g;

/** Control characters other than tab and newline, and unpaired surrogates, removed; cut to 4096. */
export function cleanText(text: string): string {
  const clean = text.replace(LONE_SURROGATE, '\uFFFD').replace(CONTROL, '');
  return clean.length > MAX_TEXT ? clean.slice(0, MAX_TEXT) : clean;
}

/** A name for the transcript: the @username, else the first name, else "user<id>". */
function speakerName(from: Obj, id: number): string {
  const u = typeof from.username === 'string' ? from.username.replace(/[^A-Za-z0-9_]/g, '').slice(0, 32) : '';
  if (u) return u;
  const f = typeof from.first_name === 'string' ? cleanText(from.first_name).replace(/\s+/g, ' ').trim().slice(0, 64) : '';
  return f || `user${id}`;
}

function memberChange(u: Obj): Verdict {
  const chat = u.chat;
  const member = u.new_chat_member;
  if (!isObj(chat) || !isId(chat.id) || !isObj(member) || !isObj(member.user) || !isId(member.user.id)) return { kind: 'skip', reason: 'malformed', detail: 'my_chat_member incomplete' };
  if (member.status === 'left' || member.status === 'kicked') return { kind: 'removed', telegramChatId: chat.id, botUserId: member.user.id };
  return { kind: 'skip', reason: 'no-text' };
}

/** `chats` maps Telegram chat ids to config chat ids; `now` stamps the arrival. */
export function parseUpdate(raw: unknown, chats: ReadonlyMap<number, string>, now: number): Verdict {
  if (!isObj(raw)) return { kind: 'skip', reason: 'malformed', detail: 'update is not an object' };
  const edited = raw.edited_message !== undefined;
  const m = raw.message ?? raw.edited_message;
  if (m === undefined && isObj(raw.my_chat_member)) return memberChange(raw.my_chat_member);
  if (m === undefined) {
    const type = Object.keys(raw).find((k) => k !== 'update_id') ?? '(empty)';
    return { kind: 'skip', reason: 'unknown-type', detail: type.slice(0, 64) };
  }
  if (!isObj(m)) return { kind: 'skip', reason: 'malformed', detail: 'message is not an object' };
  const chat = m.chat;
  if (!isObj(chat) || !isId(chat.id)) return { kind: 'skip', reason: 'malformed', detail: 'message.chat.id missing' };
  if (!isId(m.message_id) || m.message_id <= 0) return { kind: 'skip', reason: 'malformed', detail: 'message.message_id missing' };
  const from = m.from;
  if (!isObj(from) || !isId(from.id)) return { kind: 'skip', reason: 'malformed', detail: 'message.from missing' };
  if (from.is_bot === true) return { kind: 'skip', reason: 'from-bot' };
  if (chat.type === 'private') return { kind: 'private', telegramChatId: chat.id, userId: from.id };
  const chatId = chats.get(chat.id);
  if (chatId === undefined) return { kind: 'skip', reason: 'unknown-chat', detail: String(chat.id) };
  if (m.text === undefined) return { kind: 'skip', reason: 'no-text' };
  if (typeof m.text !== 'string') return { kind: 'skip', reason: 'malformed', detail: 'message.text is not a string' };
  const text = cleanText(m.text);
  if (text.trim() === '') return { kind: 'skip', reason: 'no-text' };
  const reply = m.reply_to_message;
  const replyTo = isObj(reply) && isId(reply.message_id) && reply.message_id > 0 ? reply.message_id : undefined;
  const author = replyTo !== undefined && isObj(reply) && isObj(reply.from) && reply.from.is_bot === true ? reply.from.username : undefined;
  const replyToHandle = typeof author === 'string' && /^[A-Za-z0-9_]{1,32}$/.test(author) ? author : undefined;
  const message: HumanMessage = {
    chatId, messageId: m.message_id, userId: from.id, username: speakerName(from, from.id), text, at: now,
    ...(replyTo !== undefined ? { replyTo } : {}), ...(replyToHandle !== undefined ? { replyToHandle } : {}), ...(edited ? { edited: true } : {}),
  };
  return { kind: 'human', message };
}
