// Running a config schema over plain data: a null value in a mapping counts as absent (YAML's `key:`
// with nothing after it), and zod's issues become FieldErrors ("bots[0].hourlyLimit", "must be …").
import type { z } from 'zod';
import { Issue, at, type FieldError } from './schema.ts';

/** The outcome of checking one value: the converted value, or every problem found. */
export type Checked<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly errors: readonly FieldError[] };

/** Copies `data` without the null values of mappings; `nulls` gets their paths. */
function withoutNulls(data: unknown, path: string, nulls: Set<string>): unknown {
  if (Array.isArray(data)) return data.map((v, i) => withoutNulls(v, at(path, i), nulls));
  if (typeof data !== 'object' || data === null) return data;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(data)) {
    if (v === null) nulls.add(at(path, k));
    else out[k] = withoutNulls(v, at(path, k), nulls);
  }
  return out;
}

function pathOf(base: string, keys: readonly PropertyKey[]): string {
  return keys.reduce<string>((p, k) => at(p, typeof k === 'number' ? k : String(k)), base);
}

/** One zod issue as a FieldError under `base`. */
function fieldError(issue: z.core.$ZodIssue, base: string, nulls: ReadonlySet<string>): FieldError {
  const path = pathOf(base, issue.path);
  if (issue.code === 'unrecognized_keys') return { path: at(path, issue.keys[0] ?? ''), message: issue.message };
  if (issue.code === 'invalid_type' && issue.input === undefined) {
    return { path, message: nulls.has(path) ? 'must have a value' : 'required field is missing' };
  }
  if (issue.code === 'custom' && typeof issue.params?.alreadyAt === 'number') {
    return { path, message: `${issue.message} (already at ${at(pathOf(base, issue.path.slice(0, -1)), issue.params.alreadyAt)})` };
  }
  return { path: path || '(root)', message: issue.message };
}

/** Checks `data` against `schema`; every problem found, paths under `base` (e.g. "bots[3]"). */
export function check<T>(schema: z.ZodType<T>, data: unknown, base = ''): Checked<T> {
  const nulls = new Set<string>();
  const result = schema.safeParse(withoutNulls(data, base, nulls), { reportInput: true });
  if (result.success) return { ok: true, value: result.data };
  const errors = result.error.issues.map((i) => fieldError(i, base, nulls));
  // A misspelt key is the likelier cause of a missing or odd value next to it: it comes first.
  const unknown = errors.filter((e) => e.message.startsWith('unknown field'));
  return { ok: false, errors: [...unknown, ...errors.filter((e) => !unknown.includes(e))] };
}

/** `check`, throwing the first problem as an Issue. */
export function parseOrThrow<T>(schema: z.ZodType<T>, data: unknown, base = ''): T {
  const r = check(schema, data, base);
  if (r.ok) return r.value;
  const first = r.errors[0]!;
  throw new Issue(first.path, first.message);
}
