// The schema of one `chats:` entry: a ChatConfig plus its scripted human lines, with each field's
// range. Cross-references (members exist, script ids unique, replyTo earlier) live in load.ts.
import { TELEGRAM_MAX_MESSAGE_CHARS, type ChatConfig } from '../../actors/index.ts';
import { hourRange, timeZone } from './fields.ts';
import { list, num, obj, optional, str, type Field } from './schema.ts';

/** A scripted human message, sent `afterSec` seconds after the chat starts. */
export interface ScriptLine {
  readonly id: string;
  readonly afterSec: number;
  readonly user: string;
  readonly text: string;
  /** Id of an earlier line of the same chat that this one replies to. */
  readonly replyTo?: string;
}

/** A chat as configured: the actor's ChatConfig plus its script. */
export type ChatSpec = ChatConfig & { readonly script: readonly ScriptLine[] };

/** Defaults of a chat's optional fields. */
export const CHAT_DEFAULTS = Object.freeze({
  timezone: 'Europe/Istanbul',
  topics: Object.freeze(['BIST', 'FX', 'Kripto', 'Makro']),
  paceScale: 1,
  primeHours: Object.freeze(['09:30-12:00', '14:00-18:00']),
});

const text = (max: number) => str({ min: 1, max });

const scriptLine = obj({
  id: text(64),
  afterSec: num({ min: 0, max: 30 * 86_400 }).describe('Seconds after the chat starts, 0 to 30 days.'),
  user: str({ pattern: /^[A-Za-z0-9_]{1,32}$/ }).describe('Username of the person writing.'),
  text: text(TELEGRAM_MAX_MESSAGE_CHARS).describe("What the person writes (Telegram's 4096 characters at most)."),
  replyTo: optional(text(64)).describe('Id of an earlier line of this chat it replies to.'),
});

/** Validates one chat entry. */
export const chatSchema: Field<ChatSpec> = obj({
  id: str({ max: 64, pattern: /^[a-z0-9_-]+$/ }).describe('Stable id of the chat: a–z, 0–9, _ and -, at most 64.'),
  title: text(128).describe('Group title (Telegram: at most 128 characters).'),
  timezone: optional(timeZone, CHAT_DEFAULTS.timezone).describe('IANA timezone of the chat\'s hours.'),
  topics: optional(list(text(200), { min: 1, max: 50, unique: true }), [...CHAT_DEFAULTS.topics]).describe('Topics the chat talks about.'),
  members: list(text(64), { min: 1, max: 100, unique: true }).describe('Ids of the bots in the chat (1–100).'),
  paceScale: optional(num({ min: 0.01, max: 100 }), CHAT_DEFAULTS.paceScale).describe('Turn rate multiplier, 0.01–100 (2 = twice as often).'),
  primeHours: optional(list(hourRange, { max: 24 }), [...CHAT_DEFAULTS.primeHours]).describe('Busy hours ("HH:MM-HH:MM"), faster turns.'),
  script: optional(list(scriptLine, { max: 10_000 }), []).describe('Scripted people\'s lines (the demo\'s group member).'),
});
