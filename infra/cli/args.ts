// The flags of a command, declared with their types and ranges and parsed by Node's util.parseArgs in
// strict mode: an unknown flag (with the closest known one), a missing or out-of-range value and a
// repeated flag are refused as a FlagError with one line naming the flag; the CLI exits 2 on it.
import { parseArgs as nodeParseArgs } from 'node:util';

export type Flags = Readonly<Record<string, string | true>>;

/** A flag a command takes: a switch, a string (optionally one of `choices`) or a number in a range. */
export type FlagSpec =
  | { readonly type: 'boolean' }
  | { readonly type: 'string'; readonly choices?: readonly string[] }
  | { readonly type: 'number'; readonly min: number; readonly max: number; readonly integer?: boolean };

export type FlagSpecs = Readonly<Record<string, FlagSpec>>;

/** Bad input on the command line: the CLI prints `piyasa <command>: <message>` and exits 2. */
export class FlagError extends Error {
  override readonly name = 'FlagError';
}

export type Parsed = { ok: true; flags: Flags; rest: string[] } | { ok: false; error: string };

/** Edit distance with swapped neighbours counting as one edit ("spede" is one from "speed"). */
function distance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i]![j] = Math.min(d[i]![j]!, d[i - 2]![j - 2]! + 1);
    }
  }
  return d[a.length]![b.length]!;
}

/** The known flag within two edits of `name`, the nearest first, for "did you mean". */
function closest(name: string, known: readonly string[]): string | undefined {
  if (name.length > 40) return undefined;
  return known.map((k) => [k, distance(name, k)] as const).filter(([, n]) => n <= 2).sort((a, b) => a[1] - b[1])[0]?.[0];
}

/** How a flag's value reads in an error: quoted, one line, at most 40 characters. */
export const shown = (value: string): string => JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);

/** What `spec` allows, for "must be …". */
function rule(spec: FlagSpec): string {
  if (spec.type === 'number') return `${spec.integer ? 'an integer' : 'a number'} between ${spec.min} and ${spec.max}`;
  return `one of ${spec.type === 'string' ? spec.choices?.join(', ') : 'true'}`;
}

/** The value of one flag checked against its spec; throws FlagError. */
export function checkFlag(name: string, spec: FlagSpec, raw: string | true): string | true {
  if (spec.type === 'boolean') return true;
  if (raw === true || raw === '') throw new FlagError(`--${name}: needs a value${spec.type === 'string' && !spec.choices ? '' : ` (${rule(spec)})`}`);
  if (spec.type === 'string') {
    if (spec.choices && !spec.choices.includes(raw)) throw new FlagError(`--${name}: must be ${rule(spec)} (got ${shown(raw)})`);
    return raw;
  }
  const n = raw.trim() === '' ? NaN : Number(raw);
  if (!Number.isFinite(n) || n < spec.min || n > spec.max || (spec.integer && !Number.isInteger(n))) {
    throw new FlagError(`--${name}: must be ${rule(spec)} (got ${shown(raw)})`);
  }
  return raw;
}

/** Parses `args` against `specs` (plus --help/-h); `positionals` is how many plain words the command
 * takes. Every value is checked against its spec. */
export function parseFlags(args: readonly string[], specs: FlagSpecs, positionals = 0): Parsed {
  const options = Object.fromEntries([
    ...Object.entries(specs).map(([name, s]) => [name, { type: s.type === 'boolean' ? 'boolean' as const : 'string' as const }]),
    ['help', { type: 'boolean' as const, short: 'h' }],
  ]);
  const known = Object.keys(specs);
  try {
    const { tokens, positionals: rest } = nodeParseArgs({ args: [...args], options, strict: true, allowPositionals: true, tokens: true });
    if (rest.length > positionals) return { ok: false, error: `unexpected argument ${shown(rest[positionals]!)}${positionals === 0 ? ' (this command takes only flags)' : ''}` };
    const flags: Record<string, string | true> = {};
    for (const t of tokens) {
      if (t.kind !== 'option') continue;
      if (t.name in flags) return { ok: false, error: `--${t.name}: given twice` };
      flags[t.name] = t.name === 'help' ? true : checkFlag(t.name, specs[t.name]!, t.value ?? true);
    }
    return { ok: true, flags, rest };
  } catch (error) {
    if (error instanceof FlagError) return { ok: false, error: error.message };
    const { code, message } = error as { code?: string; message: string };
    const name = /'(-{1,2}[^' <]*)/.exec(message)?.[1] ?? '';
    const bare = name.replace(/^-+/, '');
    if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
      const near = closest(bare, known);
      return { ok: false, error: `unknown flag ${shown(name).slice(1, -1)}${near ? ` (did you mean --${near}?)` : ''}` };
    }
    if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
      if (/does not take an argument/.test(message)) return { ok: false, error: `${name}: takes no value` };
      const dash = /ambiguous/.test(message) ? ` (one starting with "-" is written ${name}=-…)` : '';
      return { ok: false, error: `${name}: needs a value${dash}` };
    }
    return { ok: false, error: message.split('\n')[0] ?? 'bad arguments' };
  }
}

/** A numeric flag with a default; a bad value is a FlagError naming the flag and the rule. */
export function numberFlag(flags: Flags, name: string, fallback: number, r: { min?: number; max?: number; integer?: boolean } = {}): number {
  const raw = flags[name];
  if (raw === undefined) return fallback;
  checkFlag(name, { type: 'number', min: r.min ?? -Number.MAX_VALUE, max: r.max ?? Number.MAX_VALUE, ...(r.integer ? { integer: true } : {}) }, raw);
  return Number(raw);
}

/** A string flag with a default. */
export function stringFlag(flags: Flags, name: string, fallback: string): string {
  const raw = flags[name];
  if (raw === undefined) return fallback;
  return checkFlag(name, { type: 'string' }, raw) as string;
}
