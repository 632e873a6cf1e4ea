// Untrusted command bodies: bytes or text decoded and parsed as JSON, a size limit, the `cmd` field,
// and the answers that refuse them.
import type { CommandReply } from '../../actors/index.ts';
import { suggest } from '../config/index.ts';

/** The largest body taken; a larger one is answered ok:false without being parsed. */
export const MAX_BODY_BYTES = 64 * 1024;

export type Parsed<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly reply: CommandReply };

/** An answer naming what is wrong (and the field, when one is at fault). */
export function refuse(error: string, field?: string): CommandReply {
  return { ok: false, error, ...(field ? { field } : {}) };
}

const decoder = new TextDecoder('utf-8', { fatal: true });

/** The body as a JSON object with a string `cmd`. */
export function readBody(body: unknown): Parsed<Record<string, unknown> & { cmd: string }> {
  let value = body;
  if (value instanceof Uint8Array) {
    if (value.byteLength > MAX_BODY_BYTES) return fail(`body: ${value.byteLength} bytes is more than the ${MAX_BODY_BYTES} a command may have`);
    try {
      value = decoder.decode(value);
    } catch {
      return fail('body: not UTF-8 text');
    }
  }
  if (typeof value === 'string') {
    if (value.length > MAX_BODY_BYTES) return fail(`body: more than the ${MAX_BODY_BYTES} bytes a command may have`);
    if (value.trim() === '') return fail('body: empty; send a JSON object such as {"cmd": "status"}');
    try {
      value = JSON.parse(value);
    } catch (error) {
      return fail(`body: not valid JSON (${(error as Error).message.split('\n')[0]})`);
    }
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return fail('body: must be a JSON object such as {"cmd": "status"}');
  const cmd = (value as Record<string, unknown>).cmd;
  if (cmd === undefined) return fail('cmd: missing; send a JSON object such as {"cmd": "status"}', 'cmd');
  if (typeof cmd !== 'string') return fail(`cmd: must be a string (got ${JSON.stringify(cmd)?.slice(0, 40)})`, 'cmd');
  return { ok: true, value: value as Record<string, unknown> & { cmd: string } };
}

function fail<T>(error: string, field?: string): Parsed<T> {
  return { ok: false, reply: refuse(error, field) };
}

/** "unknown command" with the list of known ones and the nearest, for a typo. */
export function unknownCommand(cmd: string, known: readonly string[], scope: string): CommandReply {
  const near = suggest(cmd, known);
  return refuse(`unknown ${scope} command ${JSON.stringify(cmd.slice(0, 40))}${near ? ` (did you mean "${near}"?)` : ''}; ${scope} commands: ${known.join(', ')}`, 'cmd');
}
