// Checking one bot, one chat or one setting added or changed at run time (operator console, commands)
// with the config file's own schema and cross-entry rules: every problem, field by field.
import type { Persona } from '../../actors/index.ts';
import { chatSchema, type ChatSpec } from './chat.ts';
import { check, type Checked } from './check.ts';
import { personaSchema } from './persona.ts';
import { chatRefErrors } from './refs.ts';
import type { FieldError } from './schema.ts';
import { settingsSchema, type Settings } from './settings.ts';

export type { Checked } from './check.ts';
export type { FieldError } from './schema.ts';

const refused = <T>(errors: readonly FieldError[]): Checked<T> => ({ ok: false, errors });

/** One bot (a `bots:` entry): the Persona with its defaults, or every problem, paths relative to the
 * entry ("speed.readCps"). Its id and handle must not be taken by one of `others` (by id, the bot
 * being replaced is skipped). */
export function validateBot(value: unknown, others: readonly Pick<Persona, 'id' | 'handle'>[] = []): Checked<Persona> {
  const r = check(personaSchema, value);
  if (!r.ok) return r;
  const handle = r.value.handle.toLowerCase();
  const taken = others.find((b) => b.id !== r.value.id && b.handle.toLowerCase() === handle);
  return taken ? refused([{ path: 'handle', message: `duplicate handle ${JSON.stringify(handle)} (already used by bot ${taken.id})` }]) : r;
}

/** One chat (a `chats:` entry): the ChatSpec with its defaults, or every problem. Its members must be
 * among `bots`; its script ids unique and its replies to earlier lines. */
export function validateChat(value: unknown, bots: readonly Pick<Persona, 'id'>[]): Checked<ChatSpec> {
  const r = check(chatSchema, value);
  if (!r.ok) return r;
  const errors = chatRefErrors(r.value, new Set(bots.map((b) => b.id)), '');
  return errors.length > 0 ? refused(errors) : r;
}

/** One setting `key` set to `value` on top of `current` (the defaults when absent): the new full
 * settings, or its problems (paths like "settings.telegram.perChatPerSec"). */
export function validateSetting(key: string, value: unknown, current?: Settings): Checked<Settings> {
  return check(settingsSchema, { ...current, [key]: value }, 'settings');
}
