// A small flag parser: `--name value`, `--name=value` and boolean `--flag`; positional words go to `rest`.
export type Flags = Readonly<Record<string, string | true>>;

export type Parsed = { ok: true; flags: Flags; rest: string[] } | { ok: false; error: string };

const BOOLEAN = new Set(['help', 'h', 'memory', 'admin', 'totp']);

export function parseArgs(args: readonly string[]): Parsed {
  const flags: Record<string, string | true> = {};
  const rest: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (!arg.startsWith('-')) {
      rest.push(arg);
      continue;
    }
    const [rawName, inline] = arg.replace(/^--?/, '').split(/=(.*)/s, 2) as [string, string | undefined];
    const name = rawName === 'h' ? 'help' : rawName;
    if (BOOLEAN.has(name)) flags[name] = true;
    else if (inline !== undefined) flags[name] = inline;
    else if (args[i + 1] !== undefined && !args[i + 1]!.startsWith('--')) flags[name] = args[++i]!;
    else return { ok: false, error: `flag --${name} needs a value` };
  }
  return { ok: true, flags, rest };
}

/** A numeric flag with a default; a bad value is a one-line error naming the flag and the rule. */
export function numberFlag(flags: Flags, name: string, fallback: number, rule: { min?: number; integer?: boolean } = {}): number {
  const raw = flags[name];
  if (raw === undefined) return fallback;
  const n = Number(raw);
  const min = rule.min ?? -Infinity;
  if (raw === true || !Number.isFinite(n) || n < min || (rule.integer && !Number.isInteger(n))) {
    throw new Error(`--${name}: must be ${rule.integer ? 'an integer' : 'a number'}${min > -Infinity ? ` ≥ ${min}` : ''} (got "${String(raw)}")`);
  }
  return n;
}

/** A string flag with a default. */
export function stringFlag(flags: Flags, name: string, fallback: string): string {
  const raw = flags[name];
  if (raw === true) throw new Error(`--${name}: needs a value`);
  return raw ?? fallback;
}
