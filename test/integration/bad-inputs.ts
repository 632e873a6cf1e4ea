// A seeded generator of the mistakes people make in a config file and on the command line: wrong
// types, numbers out of range, unknown and misspelt fields, huge strings, alias bombs, bad hours,
// missing fields, broken references, YAML syntax; unknown flags, bad values, repeats, stray words.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse, stringify } from 'yaml';
import type { Rng } from '../../actors/index.ts';
import { root } from './piyasa-run.ts';

/** One bad config: the file's text, what kind of mistake it holds, and what the mistake was. */
export interface BadConfig {
  readonly kind: string;
  readonly what: string;
  readonly text: string;
}

/** One bad command line (the config file, when it has one, is the shipped demo). */
export interface BadFlags {
  readonly kind: string;
  readonly argv: readonly string[];
  /** What the error line must name (a flag, a word, a command). */
  readonly names: string;
}

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type Leaf = { parent: Json[] | Record<string, Json>; key: string | number; value: Json; path: string };

const DEMO_TEXT = readFileSync(path.join(root, 'infra/config/demo.yaml'), 'utf8');
const demo = (): Record<string, Json> => parse(DEMO_TEXT) as Record<string, Json>;

/** Every value in `data` with where it sits. */
function leaves(data: Json, pathSoFar = '', out: Leaf[] = []): Leaf[] {
  if (Array.isArray(data)) data.forEach((v, i) => { out.push({ parent: data, key: i, value: v, path: `${pathSoFar}[${i}]` }); leaves(v, `${pathSoFar}[${i}]`, out); });
  else if (data && typeof data === 'object') for (const [k, v] of Object.entries(data)) { out.push({ parent: data, key: k, value: v, path: pathSoFar ? `${pathSoFar}.${k}` : k }); leaves(v, pathSoFar ? `${pathSoFar}.${k}` : k, out); }
  return out;
}

const set = (l: Leaf, v: Json): void => {
  (l.parent as Record<string | number, Json>)[l.key] = v;
};

/** A value of another type than `v`. */
function otherType(v: Json, rng: Rng): Json {
  const options: Json[] = typeof v === 'number' ? ['lots', true, [1], { n: 1 }]
    : typeof v === 'string' ? [42, false, ['x'], { text: v }]
      : typeof v === 'boolean' ? ['yes', 1, []]
        : Array.isArray(v) ? ['a, b', 3, { first: 1 }]
          : [['x'], 'mapping', 7];
  return rng.pick(options);
}

/** Misspells `word` by one edit that changes it. */
function misspell(word: string, rng: Rng): string {
  const i = rng.int(Math.max(1, word.length));
  const edits = [
    () => word.slice(0, i) + word.slice(i + 1),
    () => word.slice(0, i) + rng.pick([...'aeioustx']) + word.slice(i),
    () => (i + 1 < word.length ? word.slice(0, i) + word[i + 1] + word[i] + word.slice(i + 2) : `${word}s`),
    () => word.toLowerCase() === word ? word.toUpperCase() : word.toLowerCase(),
  ];
  const out = rng.pick(edits)();
  return out === word ? `${word}_` : out;
}

/** Numbers no field of the config takes, and per-field values out of that field's range. */
const NEVER_OK: Json[] = [1e308, -1e9, 1e13];
const OUT_OF_RANGE: Record<string, Json[]> = {
  hourlyLimit: [0, 1e308, 2.5, -3, 100_000], minGapSec: [0, 1e12, -20], paceScale: [1e-300, 0, 1e6],
  perChatPerSec: [0.5, 0, 5000], perBotPerChatPerMin: [0, 1e9], perBotPerSec: [0, 1.5],
  replyProbability: [1.5, -0.1], talkativeness: [0, 2], readCps: [0, -5, 1e6], emojiRate: [1.01],
  maxBotChain: [0, 1e4, 2.5], afterSec: [-1, 1e9], valence: [-2, 3], avgPrice: [0, -58.4], size: [0, 1e15],
};
const BAD_HOURS = ['25:00-26:00', '9-12', '10:00-10:00', '24:00-01:00', '12:60-13:00', 'noon', '09:00–12:00', '09:00-12:00-15:00', ''];
const REQUIRED = ['id', 'name', 'handle', 'tone', 'risk', 'watchlist', 'style', 'signaturePhrases', 'speed', 'members', 'title'];

function bomb(rng: Rng, withDemo: boolean): string {
  const levels = 6 + rng.int(4);
  const width = 6 + rng.int(5);
  const lines = [`l0: &l0 [${Array(width).fill('"lol"').join(', ')}]`];
  for (let i = 1; i <= levels; i++) lines.push(`l${i}: &l${i} [${Array(width).fill(`*l${i - 1}`).join(', ')}]`);
  return withDemo ? `${DEMO_TEXT}\nsettings:\n  extra: *l${levels}\n${lines.map((l) => `# ${l}`).join('\n')}\n`.replace('bots:', `${lines.join('\n')}\nbots:`) : `${lines.join('\n')}\n`;
}

/** The generators of bad configs, each from a fresh copy of the demo config. */
const CONFIG_MISTAKES: Record<string, (rng: Rng) => { what: string; text: string } | undefined> = {
  'wrong type': (rng) => {
    const d = demo();
    const l = rng.pick(leaves(d).filter((x) => x.value !== null));
    const v = otherType(l.value, rng);
    set(l, v);
    return { what: `${l.path} = ${JSON.stringify(v)}`, text: stringify(d) };
  },
  'number out of range': (rng) => {
    const d = demo();
    if (rng.chance(0.5)) {
      const l = rng.pick(leaves(d).filter((x) => typeof x.value === 'number'));
      const v = rng.pick(NEVER_OK);
      set(l, v);
      return { what: `${l.path} = ${v}`, text: stringify(d) };
    }
    const name = rng.pick(Object.keys(OUT_OF_RANGE));
    const v = rng.pick(OUT_OF_RANGE[name]!);
    const found = leaves(d).filter((x) => x.key === name);
    if (found.length > 0) {
      const l = rng.pick(found);
      set(l, v);
      return { what: `${l.path} = ${v}`, text: stringify(d) };
    }
    const block = ['perChatPerSec', 'perBotPerChatPerMin', 'perBotPerSec'].includes(name) ? { telegram: { [name]: v } } : { [name]: v };
    d.settings = block as Json;
    return { what: `settings ${JSON.stringify(block)}`, text: stringify(d) };
  },
  'infinity or NaN': (rng) => {
    const field = rng.pick(['hourlyLimit: 12', 'minGapSec: 20', 'paceScale: 1', 'talkativeness: 0.45', 'avgPrice: 58.4']);
    const v = rng.pick(['.inf', '-.inf', '.nan', '.NaN', '.Inf']);
    const text = DEMO_TEXT.replace(field, `${field.split(':')[0]}: ${v}`);
    return { what: `${field} → ${v}`, text };
  },
  'unknown field': (rng) => {
    const d = demo();
    const maps = leaves(d).filter((x) => x.value !== null && typeof x.value === 'object' && !Array.isArray(x.value));
    const target = rng.chance(0.15) ? { value: d, path: '(root)' } : rng.pick(maps);
    const obj = target.value as Record<string, Json>;
    const keys = Object.keys(obj);
    let key = rng.chance(0.7) && keys.length > 0 ? misspell(rng.pick(keys), rng) : rng.pick(['colour', 'hourly_limit', 'enabled', 'x', 'Tone', 'persona', 'activehours']);
    while (key in obj) key += '_';
    obj[key] = rng.pick([1, 'evet', true, ['a']]);
    return { what: `${target.path}.${key}`, text: stringify(d) };
  },
  'huge string': (rng) => {
    const d = demo();
    const l = rng.pick(leaves(d).filter((x) => typeof x.value === 'string'));
    const size = rng.chance(0.03) ? 10_000_000 : 4_097 + rng.int(200_000);
    set(l, rng.pick(['x', 'ş', 'ab ', '🚀']).repeat(size).slice(0, size));
    return { what: `${l.path} of ${size} characters`, text: stringify(d, { lineWidth: 0 }) };
  },
  'huge key': (rng) => {
    const d = demo();
    const bots = d.bots as Record<string, Json>[];
    rng.pick(bots)['k'.repeat(1_000 + rng.int(100_000))] = 1;
    return { what: 'a key of 1,000+ characters', text: stringify(d, { lineWidth: 0 }) };
  },
  'too many items': (rng) => {
    const d = demo();
    const bot = rng.pick(d.bots as Record<string, Json>[]);
    const which = rng.pick(['activeHours', 'signaturePhrases', 'neverDo']);
    bot[which] = Array.from({ length: which === 'activeHours' ? 25 + rng.int(100) : 51 + rng.int(1000) }, (_, i) => (which === 'activeHours' ? '09:00-10:00' : `söz ${i}`));
    return { what: `${String(bot.id)}.${which} too long`, text: stringify(d) };
  },
  'alias bomb': (rng) => ({ what: 'billion laughs', text: bomb(rng, rng.chance(0.5)) }),
  'bad hours': (rng) => {
    const d = demo();
    const hours = leaves(d).filter((x) => /activeHours\[|primeHours\[/.test(x.path) && typeof x.value === 'string');
    const l = rng.pick(hours);
    const v = rng.pick(BAD_HOURS);
    set(l, v);
    return { what: `${l.path} = ${JSON.stringify(v)}`, text: stringify(d) };
  },
  'missing field': (rng) => {
    const d = demo();
    const found = leaves(d).filter((x) => typeof x.key === 'string' && REQUIRED.includes(x.key) && !/script|stances|holdings/.test(x.path));
    const l = rng.pick(found);
    if (rng.chance(0.3)) set(l, null);
    else delete (l.parent as Record<string, Json>)[l.key];
    return { what: `${l.path} removed`, text: stringify(d) };
  },
  'broken reference': (rng) => {
    const d = demo();
    const bots = d.bots as Record<string, Json>[];
    const chat = (d.chats as Record<string, Json>[])[0]!;
    const pick = rng.int(5);
    if (pick === 0) bots[1]!.id = bots[0]!.id!;
    else if (pick === 1) bots[2]!.handle = String(bots[3]!.handle).toUpperCase();
    else if (pick === 2) (chat.members as Json[]).push(misspell(String(bots[0]!.id), rng));
    else if (pick === 3) (chat.script as Record<string, Json>[])[0]!.replyTo = 'h4';
    else (d.chats as Json[]).push({ ...chat });
    return { what: `reference mistake ${pick}`, text: stringify(d) };
  },
  'yaml syntax': (rng) => {
    const lines = DEMO_TEXT.split('\n');
    const i = 5 + rng.int(lines.length - 10);
    const kind = rng.int(5);
    if (kind === 0) lines[i] = `${lines[i]} [unclosed`;
    else if (kind === 1) lines[i] = `\t${lines[i]}`;
    else if (kind === 2) lines.splice(i, 0, lines.find((l) => /^ {4}tone:/.test(l))!);
    else if (kind === 3) lines[i] = `${lines[i]!.replace(/:/, '')}: : x`;
    else lines[i] = `${' '.repeat(1 + rng.int(3))}${lines[i]}: "`;
    return { what: `line ${i + 1} broken (${kind})`, text: lines.join('\n') };
  },
  'wrong shape': (rng) => ({
    what: 'not a config',
    text: rng.pick(['', '42\n', '- a\n- b\n', 'bots: {}\nchats: []\n', 'bots:\nchats:\n', '"just a string"\n', 'bots: []\nchats: []\n', '---\na: 1\n---\nb: 2\n', `${'['.repeat(5_000)}${']'.repeat(5_000)}\n`]),
  }),
};

/** `count` bad configs, every kind about equally often, from `rng`. */
export function badConfigs(count: number, rng: Rng): BadConfig[] {
  const kinds = Object.keys(CONFIG_MISTAKES);
  const out: BadConfig[] = [];
  for (let i = 0; out.length < count; i++) {
    const kind = kinds[i % kinds.length]!;
    const made = CONFIG_MISTAKES[kind]!(rng.fork(`${kind}:${i}`));
    if (made) out.push({ kind, ...made });
  }
  return out;
}

/** Flags each command takes, with a value that is fine, for building bad command lines around. */
const GOOD: Record<string, Record<string, string | true>> = {
  start: { seed: '3', speed: '10', shards: '1', 'log-level': 'warn', port: '0', telegram: 'memory', memory: true },
  sandbox: { port: '0', limits: 'off' },
  'bench engine': { chats: '10', 'bots-per-chat': '4', messages: '100', seed: '1' },
  'bench llm': { chats: '2', hours: '1', seed: '1' },
  'bench telegram': { mentions: '10', 'interval-ms': '50', chats: '2' },
  'bench db': { messages: '10', pool: '2', batch: '5' },
};
const BAD_VALUES: Record<string, string[]> = {
  seed: ['-1', 'abc', '1.5', '1e20', 'NaN'], speed: ['0', 'fast', '-3', '1e9', 'Infinity', '0x'], shards: ['0', '2.5', '1000', 'many'],
  'log-level': ['loud', 'WARN', 'trace'], port: ['99999', '-1', '80.5', 'http', '65536', '1e5'], telegram: ['real', 'Memory'],
  limits: ['none', 'on'], chats: ['0', '-5', 'ten', '1e12'], 'bots-per-chat': ['1', '0', 'x'], messages: ['0', '1.5'], hours: ['0', '1e6', 'day'],
  mentions: ['0', '-1'], 'interval-ms': ['0', '1e9'], pool: ['1', '1000'], batch: ['0'],
};

function line(cmd: string, flags: Record<string, string | true>): string[] {
  return [...cmd.split(' '), ...Object.entries(flags).flatMap(([k, v]) => (v === true ? [`--${k}`] : [`--${k}`, v]))];
}

/** `count` bad command lines from `rng`. */
export function badFlagSets(count: number, rng: Rng): BadFlags[] {
  const cmds = Object.keys(GOOD);
  const out: BadFlags[] = [];
  const makers: ((r: Rng) => BadFlags | undefined)[] = [
    (r) => { // an unknown or misspelt flag
      const cmd = r.pick(cmds);
      const good = GOOD[cmd]!;
      let name = r.chance(0.7) ? misspell(r.pick(Object.keys(good)), r) : r.pick(['verbose', 'dry-run', 'threads', 'db', 'tokens', 'x']);
      while (name in good || ['help', 'config', 'data-dir', 'server', 'idle-bots'].includes(name)) name += 'z';
      return { kind: 'unknown flag', argv: [...line(cmd, good), `--${name}`, '20'], names: `--${name}` };
    },
    (r) => { // a value out of range or of the wrong type (as --name=value or --name value)
      const cmd = r.pick(cmds);
      const good = { ...GOOD[cmd]! };
      const name = r.pick(Object.keys(good).filter((k) => BAD_VALUES[k]));
      const v = r.pick(BAD_VALUES[name]!);
      delete good[name];
      const bad = v.startsWith('-') || r.chance(0.5) ? [`--${name}=${v}`] : [`--${name}`, v];
      return { kind: 'bad flag value', argv: [...line(cmd, good), ...bad], names: `--${name}` };
    },
    (r) => { // a flag that needs a value without one
      const cmd = r.pick(cmds.filter((c) => c.startsWith('start') || c.startsWith('sandbox')));
      const name = r.pick(Object.entries(GOOD[cmd]!).filter(([, v]) => v !== true).map(([k]) => k));
      return { kind: 'missing value', argv: [...line(cmd, {}), `--${name}`], names: `--${name}` };
    },
    (r) => { // a switch given a value, a flag given twice
      if (r.chance(0.5)) return { kind: 'switch with a value', argv: ['start', `--memory=${r.pick(['yes', 'true', '1', 'no'])}`], names: '--memory' };
      const cmd = r.pick(cmds);
      const name = r.pick(Object.entries(GOOD[cmd]!).filter(([, v]) => v !== true).map(([k]) => k));
      return { kind: 'flag twice', argv: [...line(cmd, GOOD[cmd]!), `--${name}`, GOOD[cmd]![name] as string], names: `--${name}` };
    },
    (r) => { // a stray word, an unknown command or benchmark
      const k = r.int(3);
      if (k === 0) {
        const word = r.pick(['now', 'demo.yaml', 'fast', '10']);
        return { kind: 'stray word', argv: [r.pick(['start', 'sandbox']), word], names: word };
      }
      if (k === 1) {
        const word = r.pick(['strat', 'run', 'serve', 'Start', 'benchmark']);
        return { kind: 'unknown command', argv: [word, '--speed', '5'], names: word };
      }
      const word = r.pick(['engines', 'database', 'all', 'tg']);
      return { kind: 'unknown benchmark', argv: ['bench', word], names: word };
    },
    (r) => { // flags that cannot go together
      const argv = r.pick([['start', '--shards', '2', '--telegram', 'auto'], ['start', '--telegram', 'auto', '--shards', '3']]);
      return { kind: 'flags that clash', argv, names: '--shards' };
    },
  ];
  for (let i = 0; out.length < count; i++) {
    const made = makers[i % makers.length]!(rng.fork(`flags:${i}`));
    if (made) out.push(made);
  }
  return out;
}
