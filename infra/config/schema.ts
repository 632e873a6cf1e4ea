// The config's schema language, on zod: fields that check types, ranges, enums and patterns, fill
// defaults and refuse unknown keys, each failing with the one-line rule Piyasa prints ("must be
// between 0 and 1 (got 1.5)"); zod's issues read back as "path: rule". Every number and string has bounds.
import { z } from 'zod';

/** The first problem found: where (`bots[2].activeHours[0]`) and which rule it breaks. */
export class Issue extends Error {
  constructor(readonly path: string, readonly rule: string) {
    super(`${path}: ${rule}`);
  }
}

/** Throws the `Issue` for `path`. */
export function fail(path: string, rule: string): never {
  throw new Issue(path, rule);
}

/** One problem of a value, for forms and commands: where it is and which rule it breaks. */
export interface FieldError {
  readonly path: string;
  readonly message: string;
}

/** A field of the config: a zod schema whose failures carry Piyasa's rule text. */
export type Field<T> = z.ZodType<T, unknown>;

/** The longest string a field takes unless it says otherwise. */
export const MAX_TEXT = 1_000;

/** How a value reads in a rule's "(got …)": one line, at most ~40 characters of a string. */
export function describe(value: unknown): string {
  if (Array.isArray(value)) return 'a list';
  if (value === null) return 'null';
  if (value === undefined) return 'nothing';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  return String(value);
}

/** Edit distance (insertions, deletions, substitutions). */
export function levenshtein(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      row[j] = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + cost);
    }
    prev = row;
  }
  return prev[b.length]!;
}

/** The closest candidate within edit distance 2 (first one on ties), if any. */
export function suggest(word: string, candidates: readonly string[]): string | undefined {
  if (word.length > 64) return undefined;
  let best: string | undefined;
  let bestDistance = 3;
  for (const c of candidates) {
    const d = levenshtein(word, c);
    if (d < bestDistance) [best, bestDistance] = [c, d];
  }
  return best;
}

/** Appends an object key or a list index to a path; a key that is not a plain name is quoted (and
 * cut short), so a path is always one short line. */
export const at = (path: string, key: string | number): string => {
  if (typeof key === 'number') return `${path}[${key}]`;
  if (!/^[A-Za-z0-9_$-]{1,64}$/.test(key)) return `${path}[${describe(key)}]`;
  return path ? `${path}.${key}` : key;
};

/** A string with a length range (0..MAX_TEXT by default), optionally a pattern and an extra check
 * returning a rule on failure. */
export function str(opts: { min?: number; max?: number; pattern?: RegExp; check?: (text: string) => string | undefined } = {}) {
  const min = opts.min ?? 0;
  const max = opts.max ?? MAX_TEXT;
  const length = (iss: { input?: unknown }): string =>
    min === 1 && iss.input === '' ? 'must not be empty' : `must be ${min}..${max} characters long (got ${String((iss.input as string).length)})`;
  let s = z.string({ error: (iss) => `must be a string (got ${describe(iss.input)})` });
  if (min > 0) s = s.min(min, { error: length, abort: true });
  s = s.max(max, { error: length, abort: true });
  if (opts.pattern) s = s.regex(opts.pattern, { error: (iss) => `must match ${opts.pattern} (got ${describe(iss.input)})`, abort: true });
  const check = opts.check;
  if (check) {
    s = s.superRefine((value, ctx) => {
      const rule = check(value);
      if (rule) ctx.addIssue({ code: 'custom', message: `${rule} (got ${describe(value)})`, input: value });
    });
  }
  return s;
}

/** Numeric bounds: `gt` exclusive, `min`/`max` inclusive; every number has a `max`. */
export interface NumOpts {
  readonly int?: boolean;
  readonly gt?: number;
  readonly min?: number;
  readonly max: number;
}

function rangeRule({ gt, min, max }: NumOpts): string {
  if (gt !== undefined) return `in (${gt}, ${max}]`;
  if (min !== undefined) return `between ${min} and ${max}`;
  return `<= ${max}`;
}

/** A finite number (or whole number) within the bounds. */
export function num(opts: NumOpts) {
  const range = (iss: { input?: unknown }): string => `must be ${rangeRule(opts)} (got ${String(iss.input)})`;
  let n = z.number({ error: (iss) => `must be a ${opts.int ? 'whole' : 'finite'} number (got ${describe(iss.input)})` });
  if (opts.gt !== undefined) n = n.gt(opts.gt, { error: range, abort: true });
  if (opts.min !== undefined) n = n.min(opts.min, { error: range, abort: true });
  n = n.max(opts.max, { error: range, abort: true });
  if (opts.int) n = n.int({ error: (iss) => `must be a whole number (got ${String(iss.input)})` });
  return n;
}

/** true or false. */
export function bool() {
  return z.boolean({ error: (iss) => `must be true or false (got ${describe(iss.input)})` });
}

/** One of a fixed set of strings. */
export function oneOf<const V extends string>(values: readonly [V, ...V[]]) {
  return z.enum(values, { error: (iss) => `must be one of ${values.join(', ')} (got ${describe(iss.input)})` });
}

/** A list of items, `min`..`max` long; `unique` refuses repeated items. */
export function list<T extends z.ZodType>(item: T, opts: { min?: number; max: number; unique?: boolean }) {
  const min = opts.min ?? 0;
  let l = z.array(item, { error: (iss) => `must be a list (got ${describe(iss.input)})` });
  if (min > 0) l = l.min(min, { error: `must have at least ${min} item${min === 1 ? '' : 's'}`, abort: true });
  l = l.max(opts.max, { error: (iss) => `must have at most ${opts.max} items (got ${String((iss.input as unknown[]).length)})`, abort: true });
  if (!opts.unique) return l;
  return l.superRefine((items, ctx) => {
    const first = new Map<unknown, number>();
    items.forEach((v, i) => {
      const seen = first.get(v);
      if (seen === undefined) first.set(v, i);
      else ctx.addIssue({ code: 'custom', path: [i], message: `repeats ${describe(v)}`, params: { alreadyAt: seen } });
    });
  });
}

/** A mapping with exactly these keys; an unknown key is refused, with the closest known one. */
export function obj<S extends z.ZodRawShape>(shape: S) {
  const keys = Object.keys(shape);
  return z.strictObject(shape, {
    error: (iss) => {
      if (iss.code !== 'unrecognized_keys') return `must be a mapping (got ${describe(iss.input)})`;
      const near = suggest(iss.keys[0] ?? '', keys);
      return `unknown field${near ? ` (did you mean "${near}"?)` : ''}`;
    },
  });
}

/** Makes a field optional; with a fallback, absent means (a copy of) the fallback. */
export function optional<T extends z.ZodType>(field: T): z.ZodOptional<T>;
export function optional<T extends z.ZodType>(field: T, fallback: z.output<T>): z.ZodDefault<T>;
export function optional<T extends z.ZodType>(field: T, fallback?: z.output<T>): z.ZodType {
  if (fallback === undefined) return field.optional();
  return field.default(() => structuredClone(fallback) as z.util.NoUndefined<z.output<T>>);
}

/** Converts a field's value; `report(rule, ...path)` refuses it with a rule at a path below it. */
export function then<T extends z.ZodType, U>(field: T, fn: (value: z.output<T>, report: (rule: string, ...below: (string | number)[]) => void) => U) {
  return field.transform((value, ctx) => {
    let refused = false;
    const out = fn(value, (rule, ...below) => {
      refused = true;
      ctx.addIssue({ code: 'custom', message: rule, path: below, input: value });
    });
    return refused ? z.NEVER : out;
  });
}
