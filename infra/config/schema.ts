// A small schema walker for plain YAML data: typed fields that check types, ranges, enums and
// patterns, fill defaults, spot unknown keys ("did you mean …?") and stop at the first problem.

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

/** One node of a schema: validates the value found at `path` and returns it converted. */
export interface Field<T> {
  parse(value: unknown, path: string): T;
  /** Optional fields may be absent (or null); `fallback` is then used when it is defined. */
  readonly optional?: boolean;
  readonly fallback?: T;
}

type Shape = Record<string, Field<unknown>>;
type Out<S extends Shape> = { [K in keyof S]: ReturnType<S[K]['parse']> };

/** How a value reads in a rule's "(got …)". */
export function describe(value: unknown): string {
  if (Array.isArray(value)) return 'a list';
  if (value === null) return 'null';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string') {
    return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  }
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
  let best: string | undefined;
  let bestDistance = 3;
  for (const c of candidates) {
    const d = levenshtein(word, c);
    if (d < bestDistance) [best, bestDistance] = [c, d];
  }
  return best;
}

/** Appends an object key or a list index to a path. */
export const at = (path: string, key: string | number): string =>
  typeof key === 'number' ? `${path}[${key}]` : path ? `${path}.${key}` : key;

/** A string, optionally with a length range, a pattern and an extra check returning a rule on failure. */
export function str(opts: {
  min?: number;
  max?: number;
  pattern?: RegExp;
  check?: (text: string) => string | undefined;
} = {}): Field<string> {
  return {
    parse(value, path) {
      if (typeof value !== 'string') fail(path, `must be a string (got ${describe(value)})`);
      if (opts.min === 1 && value.length === 0) fail(path, 'must not be empty');
      if (value.length < (opts.min ?? 0) || value.length > (opts.max ?? Infinity)) {
        fail(path, `must be ${opts.min ?? 0}..${opts.max} characters long (got ${value.length})`);
      }
      if (opts.pattern && !opts.pattern.test(value)) {
        fail(path, `must match ${opts.pattern} (got ${describe(value)})`);
      }
      const rule = opts.check?.(value);
      if (rule) fail(path, `${rule} (got ${describe(value)})`);
      return value;
    },
  };
}

/** Numeric bounds; `gt`/`lt` exclusive, `min`/`max` inclusive. */
export interface NumOpts {
  int?: boolean;
  gt?: number;
  min?: number;
  max?: number;
}

function rangeRule({ gt, min, max }: NumOpts): string {
  if (gt !== undefined) return max === undefined ? `> ${gt}` : `in (${gt}, ${max}]`;
  if (min !== undefined) return max === undefined ? `>= ${min}` : `between ${min} and ${max}`;
  return `<= ${max}`;
}

/** A finite number (or integer) within the bounds. */
export function num(opts: NumOpts = {}): Field<number> {
  return {
    parse(value, path) {
      if (typeof value !== 'number' || !Number.isFinite(value)) {
        fail(path, `must be a ${opts.int ? 'whole' : 'finite'} number (got ${describe(value)})`);
      }
      if (opts.int && !Number.isInteger(value)) fail(path, `must be a whole number (got ${value})`);
      const { gt, min, max } = opts;
      if ((gt !== undefined && !(value > gt)) || (min !== undefined && value < min) ||
        (max !== undefined && value > max)) {
        fail(path, `must be ${rangeRule(opts)} (got ${value})`);
      }
      return value;
    },
  };
}

/** true or false. */
export function bool(): Field<boolean> {
  return {
    parse(value, path) {
      if (typeof value !== 'boolean') fail(path, `must be true or false (got ${describe(value)})`);
      return value;
    },
  };
}

/** One of a fixed set of strings. */
export function oneOf<const V extends string>(values: readonly V[]): Field<V> {
  return {
    parse(value, path) {
      if (!values.includes(value as V)) {
        fail(path, `must be one of ${values.join(', ')} (got ${describe(value)})`);
      }
      return value as V;
    },
  };
}

/** A list of items; `min` items at least, `unique` rejects repeated items. */
export function list<T>(item: Field<T>, opts: { min?: number; unique?: boolean } = {}): Field<T[]> {
  return {
    parse(value, path) {
      if (!Array.isArray(value)) fail(path, `must be a list (got ${describe(value)})`);
      const min = opts.min ?? 0;
      if (value.length < min) fail(path, `must have at least ${min} item${min === 1 ? '' : 's'}`);
      const out = value.map((v, i) => item.parse(v, at(path, i)));
      if (opts.unique) {
        out.forEach((v, i) => {
          const first = out.indexOf(v);
          if (first < i) fail(at(path, i), `repeats ${describe(v)} (already at ${at(path, first)})`);
        });
      }
      return out;
    },
  };
}

function isMapping(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A mapping with exactly these keys: unknown keys first (in document order), then each field in
 * schema order. Absent optional fields take a copy of their fallback, or are left out. */
export function obj<S extends Shape>(shape: S): Field<Out<S>> {
  const keys = Object.keys(shape);
  return {
    parse(value, path) {
      if (!isMapping(value)) fail(path || '(root)', `must be a mapping (got ${describe(value)})`);
      for (const key of Object.keys(value)) {
        if (Object.hasOwn(shape, key)) continue;
        const near = suggest(key, keys);
        fail(at(path, key), `unknown field${near ? ` (did you mean "${near}"?)` : ''}`);
      }
      const out: Record<string, unknown> = {};
      for (const key of keys) {
        const field = shape[key]!;
        const v = value[key];
        if (v === undefined || v === null) {
          if (!field.optional) fail(at(path, key), v === null ? 'must have a value' : 'required field is missing');
          if (field.fallback !== undefined) out[key] = structuredClone(field.fallback);
          continue;
        }
        out[key] = field.parse(v, at(path, key));
      }
      return out as Out<S>;
    },
  };
}

/** Makes a field optional; with a fallback, absent means the fallback. */
export function optional<T>(field: Field<T>): Field<T | undefined>;
export function optional<T>(field: Field<T>, fallback: T): Field<T>;
export function optional<T>(field: Field<T>, fallback?: T): Field<T | undefined> {
  return { parse: (v, p) => field.parse(v, p), optional: true, fallback };
}

/** Converts (and may further check, via `fail`) a field's value; wrap it in `optional` if needed. */
export function then<T, U>(field: Field<T>, fn: (value: T, path: string) => U): Field<U> {
  return { parse: (v, p) => fn(field.parse(v, p), p) };
}
