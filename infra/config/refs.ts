// Rules that span entries of the config: unique bot ids and handles (handles case-insensitively, as
// Telegram does), unique chat ids, members that exist, unique script ids, replies to earlier lines.
// Shared by the file loader and the checks of one bot or chat added at run time.
import type { Persona } from '../../actors/index.ts';
import type { ChatSpec } from './chat.ts';
import { at, describe, type FieldError } from './schema.ts';

/** Items of `items` whose `key` repeats an earlier one (or one of `taken`, named by its path). */
export function duplicates<T>(items: readonly T[], base: string, field: string, key: (item: T) => string, taken: ReadonlyMap<string, string> = new Map()): FieldError[] {
  const seen = new Map<string, string>(taken);
  const errors: FieldError[] = [];
  items.forEach((item, i) => {
    const k = key(item);
    const first = seen.get(k);
    if (first !== undefined) errors.push({ path: at(at(base, i), field), message: `duplicate ${field} ${JSON.stringify(k)} (already used by ${first})` });
    else seen.set(k, at(base, i));
  });
  return errors;
}

/** A chat's members that are no bot, and its script's repeated ids and replies to no earlier line. */
export function chatRefErrors(chat: ChatSpec, botIds: ReadonlySet<string>, path: string): FieldError[] {
  const errors: FieldError[] = [];
  chat.members.forEach((m, i) => {
    if (!botIds.has(m)) errors.push({ path: at(at(path, 'members'), i), message: `no bot with id ${describe(m)}` });
  });
  errors.push(...duplicates(chat.script, at(path, 'script'), 'id', (l) => l.id));
  const earlier = new Set<string>();
  chat.script.forEach((line, i) => {
    if (line.replyTo !== undefined && !earlier.has(line.replyTo)) {
      errors.push({ path: at(at(at(path, 'script'), i), 'replyTo'), message: `must name an earlier script line of this chat (got ${describe(line.replyTo)})` });
    }
    earlier.add(line.id);
  });
  return errors;
}

/** Every cross-entry problem of a whole config, in document order of the rules above. */
export function configRefErrors(bots: readonly Persona[], chats: readonly ChatSpec[]): FieldError[] {
  const botIds = new Set(bots.map((b) => b.id));
  return [
    ...duplicates(bots, 'bots', 'id', (b) => b.id),
    ...duplicates(bots, 'bots', 'handle', (b) => b.handle.toLowerCase()),
    ...duplicates(chats, 'chats', 'id', (c) => c.id),
    ...chats.flatMap((chat, c) => chatRefErrors(chat, botIds, at('chats', c))),
  ];
}
