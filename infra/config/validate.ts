// Checking one bot, one chat or one setting added or changed at run time (commands, the operator
// console) with the config file's own schema and cross-entry rules.
import type { Persona } from '../../actors/index.ts';
import { chatSchema, type ChatSpec } from './chat.ts';
import { crossCheck } from './load.ts';
import { personaSchema } from './persona.ts';
import { Issue, type Field } from './schema.ts';
import { settingsSchema, type Settings } from './settings.ts';

/** One problem of a value, for forms and commands: where it is and which rule it breaks. */
export interface FieldError {
  readonly path: string;
  readonly message: string;
}

/** The outcome of checking one value: the converted value, or the problems found (the first one: the
 * schema walker stops there). */
export type Checked<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly errors: readonly FieldError[] };

function check<T>(run: () => T): Checked<T> {
  try {
    return { ok: true, value: run() };
  } catch (error) {
    if (error instanceof Issue) return { ok: false, errors: [{ path: error.path, message: error.rule }] };
    throw error;
  }
}

const parse = <T>(schema: Field<T>, value: unknown, base = ''): T => schema.parse(value, base);

/** One bot (a `bots:` entry): the Persona with its defaults, or its problem, paths relative to the
 * entry ("speed.readCps"). Its id and handle must not be taken by one of `others` (by id, the bot
 * being replaced is skipped). */
export function validateBot(value: unknown, others: readonly Pick<Persona, 'id' | 'handle'>[] = []): Checked<Persona> {
  const r = check(() => parse(personaSchema, value));
  if (!r.ok) return r;
  const handle = r.value.handle.toLowerCase();
  const taken = others.find((b) => b.id !== r.value.id && b.handle.toLowerCase() === handle);
  return taken ? { ok: false, errors: [{ path: 'handle', message: `duplicate handle ${JSON.stringify(handle)} (already used by bot ${taken.id})` }] } : r;
}

/** One chat (a `chats:` entry): the ChatSpec with its defaults, or its problem. Its members must be
 * among `bots`; its script ids unique and its replies to earlier lines. */
export function validateChat(value: unknown, bots: readonly Persona[]): Checked<ChatSpec> {
  const r = check(() => parse(chatSchema, value));
  if (!r.ok) return r;
  const refs = check(() => crossCheck({ settings: {} as Settings, bots, chats: [r.value] }));
  if (refs.ok) return r;
  return { ok: false, errors: refs.errors.map((e) => ({ path: e.path.replace(/^chats\[0\]\.?/, ''), message: e.message })) };
}

/** One setting `key` set to `value` on top of `current` (the defaults when absent): the new full
 * settings, or its problem (paths like "settings.telegram.perChatPerSec"). */
export function validateSetting(key: string, value: unknown, current?: Settings): Checked<Settings> {
  return check(() => {
    parse(settingsSchema, { [key]: value }, 'settings'); // the key and its value alone first: the error names them
    return parse(settingsSchema, { ...current, [key]: value }, 'settings');
  });
}
