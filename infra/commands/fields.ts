// The fields of a command body: each checked by a small rule (type, range, length, a market symbol),
// unknown fields named with a did-you-mean, the first problem answered as "<cmd>: <field>: <rule>".
// (The entries a command adds — a persona, a chat, a setting — are checked by infra/config's schema.)
import { KNOWN_SYMBOLS, suggest } from '../config/index.ts';
import type { Parsed } from './body.ts';

/** A field's check: undefined when the value is fine, else the rule it breaks. */
export type Rule = (value: unknown) => string | undefined;

export interface FieldSpec {
  readonly rule: Rule;
  readonly optional?: boolean;
}

/** How a value reads in a rule's "(got …)". */
export function shown(value: unknown): string {
  if (Array.isArray(value)) return 'a list';
  if (value === null) return 'null';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  return String(value);
}

export const text = (min: number, max: number): Rule => (v) => {
  if (typeof v !== 'string') return `must be a string (got ${shown(v)})`;
  if (v.trim().length < min) return min === 1 ? 'must not be empty' : `must be at least ${min} characters long`;
  return v.length > max ? `must be at most ${max} characters long (got ${v.length})` : undefined;
};

export const number = (o: { min?: number; gt?: number; max: number; int?: boolean }): Rule => (v) => {
  if (typeof v !== 'number' || !Number.isFinite(v)) return `must be a ${o.int ? 'whole' : 'finite'} number (got ${shown(v)})`;
  if (o.int && !Number.isInteger(v)) return `must be a whole number (got ${v})`;
  if (o.gt !== undefined && !(v > o.gt)) return `must be in (${o.gt}, ${o.max}] (got ${v})`;
  if (o.min !== undefined && v < o.min) return `must be between ${o.min} and ${o.max} (got ${v})`;
  return v > o.max ? (o.gt !== undefined ? `must be in (${o.gt}, ${o.max}] (got ${v})` : `must be between ${o.min} and ${o.max} (got ${v})`) : undefined;
};

export const symbol: Rule = (v) => {
  if (typeof v !== 'string') return `must be a market symbol (got ${shown(v)})`;
  if ((KNOWN_SYMBOLS as readonly string[]).includes(v)) return undefined;
  const near = suggest(v, KNOWN_SYMBOLS);
  return near ? `unknown symbol ${shown(v)}; did you mean "${near}"?` : `must be one of ${KNOWN_SYMBOLS.join(', ')} (got ${shown(v)})`;
};

export const symbols: Rule = (v) => {
  if (!Array.isArray(v)) return `must be a list of market symbols (got ${shown(v)})`;
  if (v.length === 0) return 'must have at least 1 item';
  if (v.length > KNOWN_SYMBOLS.length) return `must have at most ${KNOWN_SYMBOLS.length} items`;
  for (let i = 0; i < v.length; i++) {
    const bad = symbol(v[i]);
    if (bad) return `[${i}]: ${bad}`;
    if (v.indexOf(v[i]) < i) return `[${i}]: repeats ${shown(v[i])}`;
  }
  return undefined;
};

/** One of `values` (a near miss named). */
export const oneOf = (values: readonly string[]): Rule => (v) => {
  if (typeof v === 'string' && values.includes(v)) return undefined;
  const near = typeof v === 'string' ? suggest(v, values) : undefined;
  return `must be one of ${values.join(', ')} (got ${shown(v)})${near ? `; did you mean "${near}"?` : ''}`;
};

/** Anything: a field checked elsewhere (a persona, a chat, a setting's value). */
export const anything: Rule = () => undefined;

/** Checks `body`'s fields against `spec` (its `cmd` included); the first problem as an answer. With
 * `entry`, `body` is the mapping in that field of the command (`memory`): its fields are named
 * `<entry>.<field>` and it has no `cmd`. */
export function checkFields(cmd: string, body: unknown, spec: Readonly<Record<string, FieldSpec>>, entry?: string): Parsed<Record<string, unknown>> {
  const at = (key: string): string => (entry ? `${entry}.${key}` : key);
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return refusal(cmd, entry ?? 'body', `must be a mapping (got ${shown(body)})`);
  const fields = body as Record<string, unknown>;
  const known = Object.keys(spec);
  for (const key of Object.keys(fields)) {
    if ((key === 'cmd' && !entry) || Object.hasOwn(spec, key)) continue;
    const near = suggest(key, known);
    return refusal(cmd, at(key.slice(0, 40)), `unknown field${near ? ` (did you mean "${near}"?)` : ''}`);
  }
  for (const [key, f] of Object.entries(spec)) {
    const v = fields[key];
    if (v === undefined || v === null) {
      if (f.optional) continue;
      return refusal(cmd, at(key), v === null ? 'must have a value' : 'required field is missing');
    }
    const bad = f.rule(v);
    if (bad) return refusal(cmd, at(key), bad);
  }
  return { ok: true, value: fields };
}

function refusal<T>(cmd: string, field: string, rule: string): Parsed<T> {
  const path = rule.startsWith('[') ? `${field}${rule.slice(0, rule.indexOf(':'))}` : field;
  const said = rule.startsWith('[') ? rule.slice(rule.indexOf(':') + 2) : rule;
  return { ok: false, reply: { ok: false, error: `${cmd}: ${path}: ${said}`, field: path } };
}
