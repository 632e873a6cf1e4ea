// The schema of one `chats:` entry: a ChatConfig plus its scripted human lines. Cross-references
// (members exist, script ids unique, replyTo earlier) live in load.ts.
import type { ChatConfig } from '../../actors/index.ts';
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

const text = str({ min: 1 });

const scriptLine: Field<ScriptLine> = obj({
  id: text,
  afterSec: num({ min: 0 }),
  user: str({ pattern: /^[A-Za-z0-9_]{1,32}$/ }),
  text: str({ min: 1, max: 4096 }),
  replyTo: optional(text),
});

/** Validates one chat entry. */
export const chatSchema: Field<ChatSpec> = obj({
  id: str({ pattern: /^[a-z0-9_-]+$/ }),
  title: text,
  timezone: optional(timeZone, CHAT_DEFAULTS.timezone),
  topics: optional(list(text, { min: 1, unique: true }), CHAT_DEFAULTS.topics),
  members: list(text, { min: 1, unique: true }),
  paceScale: optional(num({ gt: 0 }), CHAT_DEFAULTS.paceScale),
  primeHours: optional(list(hourRange), CHAT_DEFAULTS.primeHours),
  script: optional(list(scriptLine), []),
});
