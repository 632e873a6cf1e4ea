// The YAML config loader: defaults, normalisation, and the exact one-line message of each error class.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  ConfigError, DEFAULT_SETTINGS, DEMO_CONFIG_PATH, loadConfig, parseConfig,
} from '../../infra/config/index.ts';

const BOT = (id: string, extra = '') => `
  - id: ${id}
    name: Bot ${id}
    handle: ${id}_bot
    tone: sakin
    risk: low
    watchlist: [BIST:AKBNK, USDTRY]
    style: { emojiRate: 0.05, length: medium, slangRate: 0.05, typoRate: 0.02 }
    signaturePhrases: ["uzun vadede"]
    speed: { readCps: 18, typingWpm: 35, talkativeness: 0.5, baseDelaySec: 45, delayMultiplier: 1.2 }${extra}`;

const CHAT = (extra = '') => `
  - id: demo
    title: Piyasa Sohbet
    members: [ali, ayse]${extra}`;

/** A valid config, with optional replacements of its parts. */
function yaml(parts: { settings?: string; bots?: string; chats?: string } = {}): string {
  return `${parts.settings ?? ''}
bots:${parts.bots ?? BOT('ali') + BOT('ayse')}
chats:${parts.chats ?? CHAT()}
`;
}

/** The ConfigError message parsing `text` produces. */
function problem(text: string): string {
  try {
    parseConfig(text, 'demo.yaml');
  } catch (error) {
    assert.instance(error, ConfigError);
    return (error as Error).message;
  }
  throw new Error('expected a ConfigError');
}

test('a valid config parses with every default filled', () => {
  const config = parseConfig(yaml({ bots: BOT('ali', `
    stances: [{ topic: BIST, text: "yükselir", confidence: 0.7, cooldownUntil: "2026-12-01T00:00:00Z" }]
    holdings: [{ symbol: BIST:AKBNK, avgPrice: 58.4, size: 1200 }]`) + BOT('ayse') }), 'demo.yaml');
  assert.equal(config.settings, DEFAULT_SETTINGS);
  const ali = config.bots[0]!;
  assert.is(ali.language, 'tr');
  assert.equal(ali.neverDo, []);
  assert.equal(ali.style.emojis, []);
  assert.equal(ali.activeHours, []);
  assert.equal(ali.emotionBaseline, { valence: 0, arousal: 0.3, confidence: 0.5 });
  assert.is(ali.hourlyLimit, 12);
  assert.is(ali.minGapSec, 20);
  assert.is(ali.stances[0]!.cooldownUntil, Date.UTC(2026, 11, 1));
  assert.equal(ali.holdings[0], { symbol: 'BIST:AKBNK', avgPrice: 58.4, size: 1200 });
  const chat = config.chats[0]!;
  assert.is(chat.timezone, 'Europe/Istanbul');
  assert.equal(chat.topics, ['BIST', 'FX', 'Kripto', 'Makro']);
  assert.equal(chat.primeHours, ['09:30-12:00', '14:00-18:00']);
  assert.is(chat.paceScale, 1);
  assert.equal(chat.script, []);
});

test('a partial nested settings block is filled from the defaults', () => {
  const { settings } = parseConfig(yaml({ settings: 'settings: { telegram: { perChatPerSec: 2 }, typing: false }' }), 'x.yaml');
  assert.equal(settings.telegram, { ...DEFAULT_SETTINGS.telegram, perChatPerSec: 2 });
  assert.is(settings.typing, false);
  assert.is(settings.maxBotChain, DEFAULT_SETTINGS.maxBotChain);
});

test('lengthProfile is normalised to sum 1', () => {
  const { settings } = parseConfig(yaml({ settings: 'settings: { lengthProfile: { short: .9, medium: .9, long: .2 } }' }), 'x.yaml');
  const p = settings.lengthProfile;
  assert.ok(Math.abs(p.short - 0.45) < 1e-12 && Math.abs(p.medium - 0.45) < 1e-12 && Math.abs(p.long - 0.1) < 1e-12);
  assert.is(problem(yaml({ settings: 'settings: { lengthProfile: { short: 0, medium: 0, long: 0 } }' })),
    'demo.yaml: settings.lengthProfile: must not be all 0');
});

test('unknown field, with a suggestion when one is close', () => {
  assert.is(problem(yaml({ bots: BOT('ali', '\n    hourlyLimt: 5') })),
    'demo.yaml: bots[0].hourlyLimt: unknown field (did you mean "hourlyLimit"?)');
  assert.is(problem(yaml({ settings: 'settings: { colour: red }' })), 'demo.yaml: settings.colour: unknown field');
});

test('bad hour ranges', () => {
  const rule = 'must be "HH:MM-HH:MM" with hours 00–23 and minutes 00–59';
  assert.is(problem(yaml({ bots: BOT('ali', '\n    activeHours: ["09:00-12:00", "25:00-26:00"]') })),
    `demo.yaml: bots[0].activeHours[1]: ${rule} (got "25:00-26:00")`);
  assert.is(problem(yaml({ chats: CHAT('\n    primeHours: ["9-12"]') })),
    `demo.yaml: chats[0].primeHours[0]: ${rule} (got "9-12")`);
  assert.is(problem(yaml({ chats: CHAT('\n    primeHours: ["10:00-10:00"]') })),
    'demo.yaml: chats[0].primeHours[0]: must not start and end at the same minute (got "10:00-10:00")');
});

test('limits that must be positive', () => {
  assert.is(problem(yaml({ bots: BOT('ali', '\n    hourlyLimit: 0') })), 'demo.yaml: bots[0].hourlyLimit: must be between 1 and 3600 (got 0)');
  assert.is(problem(yaml({ settings: 'settings: { telegram: { perChatPerSec: 0 } }' })),
    'demo.yaml: settings.telegram.perChatPerSec: must be between 1 and 1000 (got 0)');
  assert.is(problem(yaml({ chats: CHAT('\n    paceScale: -1') })), 'demo.yaml: chats[0].paceScale: must be between 0.01 and 100 (got -1)');
  assert.is(problem(yaml({ bots: BOT('ali', '\n    minGapSec: 0') })), 'demo.yaml: bots[0].minGapSec: must be in (0, 86400] (got 0)');
  assert.is(problem(yaml({ settings: 'settings: { minTurnSec: 10, maxTurnSec: 5 }' })),
    'demo.yaml: settings.maxTurnSec: must be > minTurnSec (10) (got 5)');
  assert.is(problem(yaml({ settings: 'settings: { replyProbability: 1.5 }' })),
    'demo.yaml: settings.replyProbability: must be between 0 and 1 (got 1.5)');
});

test('every number has a sane range; strings and lists have a length', () => {
  assert.is(problem(yaml({ bots: BOT('ali', '\n    hourlyLimit: 1e308') })), 'demo.yaml: bots[0].hourlyLimit: must be between 1 and 3600 (got 1e+308)');
  assert.is(problem(yaml({ bots: BOT('ali', '\n    minGapSec: 1e12') })), 'demo.yaml: bots[0].minGapSec: must be in (0, 86400] (got 1000000000000)');
  assert.is(problem(yaml({ chats: CHAT('\n    paceScale: 1e-300') })), 'demo.yaml: chats[0].paceScale: must be between 0.01 and 100 (got 1e-300)');
  assert.is(problem(yaml({ settings: 'settings: { telegram: { perChatPerSec: 0.5 } }' })),
    'demo.yaml: settings.telegram.perChatPerSec: must be between 1 and 1000 (got 0.5)');
  assert.is(problem(yaml({ settings: 'settings: { telegram: { perChatPerSec: 1.5 } }' })),
    'demo.yaml: settings.telegram.perChatPerSec: must be a whole number (got 1.5)');
  assert.is(problem(yaml({ bots: BOT('ali', '\n    hourlyLimit: .inf') })), 'demo.yaml: bots[0].hourlyLimit: must be a whole number (got Infinity)');
  assert.is(problem(yaml({ bots: BOT('ali').replace('tone: sakin', `tone: ${'x'.repeat(10_000_000)}`) })),
    'demo.yaml: bots[0].tone: must be 1..500 characters long (got 10000000)');
  assert.is(problem(yaml({ chats: CHAT('\n    script: [{ id: a, afterSec: 1, user: deniz, text: "' + 'ş'.repeat(4097) + '" }]') })),
    'demo.yaml: chats[0].script[0].text: must be 1..4096 characters long (got 4097)');
  assert.is(problem(yaml({ bots: BOT('ali', `\n    activeHours: [${Array(25).fill('"09:00-10:00"').join(', ')}]`) })),
    'demo.yaml: bots[0].activeHours: must have at most 24 items (got 25)');
});

test('a YAML alias bomb, a huge key and a key with a newline: one line naming the file', () => {
  const bomb = ['a: &a ["x","x","x","x","x","x","x","x","x"]'];
  for (let i = 1; i < 9; i++) bomb.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(9).fill(`*${String.fromCharCode(96 + i)}`).join(',')}]`);
  assert.match(problem(bomb.join('\n')), /^demo\.yaml: cannot be read as YAML: Excessive alias count/);
  const huge = problem(yaml({ settings: `settings: { ${'k'.repeat(100_000)}: 1 }` }));
  assert.is(huge, `demo.yaml: settings["${'k'.repeat(40)}…"]: unknown field`);
  assert.is(problem(yaml({ settings: 'settings: { "a\\nb": 1 }' })), 'demo.yaml: settings["a\\nb"]: unknown field');
});

test('a null value is absent for an optional field and missing for a required one', () => {
  assert.is(parseConfig(yaml({ bots: BOT('ali', '\n    activeHours:') + BOT('ayse') }), 'x').bots[0]!.activeHours.length, 0);
  assert.is(problem(yaml({ bots: BOT('ali').replace('tone: sakin', 'tone:') })), 'demo.yaml: bots[0].tone: must have a value');
});

test('a script reply to a line that does not exist or comes later', () => {
  const line = (id: string, replyTo?: string) =>
    `\n      - { id: ${id}, afterSec: 10, user: deniz, text: "merhaba"${replyTo ? `, replyTo: ${replyTo}` : ''} }`;
  assert.is(problem(yaml({ chats: CHAT(`\n    script:${line('h1')}${line('h2', 'h9')}`) })),
    'demo.yaml: chats[0].script[1].replyTo: must name an earlier script line of this chat (got "h9")');
  assert.is(problem(yaml({ chats: CHAT(`\n    script:${line('h1', 'h2')}${line('h2')}`) })),
    'demo.yaml: chats[0].script[0].replyTo: must name an earlier script line of this chat (got "h2")');
  assert.is(problem(yaml({ chats: CHAT(`\n    script:${line('h1')}${line('h1')}`) })),
    'demo.yaml: chats[0].script[1].id: duplicate id "h1" (already used by chats[0].script[0])');
});

test('a member that is not a bot', () => {
  const bots = BOT('ali') + BOT('ayse') + BOT('can');
  assert.is(problem(yaml({ bots, chats: '\n  - { id: demo, title: T, members: [ali, ayse, can, ghost] }' })),
    'demo.yaml: chats[0].members[3]: no bot with id "ghost"');
  assert.is(problem(yaml({ chats: '\n  - { id: demo, title: T, members: [ali, ali] }' })),
    'demo.yaml: chats[0].members[1]: repeats "ali" (already at chats[0].members[0])');
});

test('duplicate bot ids and handles', () => {
  assert.is(problem(yaml({ bots: BOT('ali') + BOT('ali') })),
    'demo.yaml: bots[1].id: duplicate id "ali" (already used by bots[0])');
  const twin = BOT('ayse').replace('handle: ayse_bot', 'handle: ALI_bot');
  assert.is(problem(yaml({ bots: BOT('ali') + twin })),
    'demo.yaml: bots[1].handle: duplicate handle "ali_bot" (already used by bots[0])');
});

test('bad timezone', () => {
  assert.is(problem(yaml({ chats: CHAT('\n    timezone: Mars/Olympus') })),
    'demo.yaml: chats[0].timezone: must be a valid IANA timezone such as "Europe/Istanbul" (got "Mars/Olympus")');
  assert.is(parseConfig(yaml({ chats: CHAT('\n    timezone: UTC') }), 'x').chats[0]!.timezone, 'UTC');
});

test('bad YAML syntax names the line', () => {
  const message = problem('bots:\n  - id: ali\n    name: [unclosed\nchats: []\n');
  assert.match(message, /^demo\.yaml: line \d+: \S/);
  assert.not.match(message, /\n/);
  assert.is(problem('a: 1\na: 2\n'), 'demo.yaml: line 2: Map keys must be unique');
});

test('wrong types, enums, missing fields and unknown symbols', () => {
  assert.is(problem(yaml({ bots: BOT('ali', '\n    hourlyLimit: lots') })),
    'demo.yaml: bots[0].hourlyLimit: must be a whole number (got "lots")');
  assert.is(problem(yaml({ bots: BOT('ali').replace('risk: low', 'risk: reckless') })),
    'demo.yaml: bots[0].risk: must be one of low, medium, high (got "reckless")');
  assert.is(problem(yaml({ bots: BOT('ali').replace('    tone: sakin\n', '') })),
    'demo.yaml: bots[0].tone: required field is missing');
  assert.is(problem(yaml({ bots: BOT('ali').replace('BIST:AKBNK,', 'BIST:AKBANK,') })),
    'demo.yaml: bots[0].watchlist[0]: unknown symbol; did you mean "BIST:AKBNK"? (got "BIST:AKBANK")');
  assert.is(problem(yaml({ settings: 'settings: { typing: yes }' })),
    'demo.yaml: settings.typing: must be true or false (got "yes")');
  assert.is(problem('bots: {}\n'), 'demo.yaml: bots: must be a list (got a mapping)');
  assert.is(problem(''), 'demo.yaml: bots: required field is missing');
});

test('loadConfig: a missing file is a ConfigError naming it', () => {
  assert.throws(() => loadConfig('/nonexistent/piyasa.yaml'), (e: Error) =>
    e instanceof ConfigError && e.message === '/nonexistent/piyasa.yaml: no such file');
});

test('DEMO_CONFIG_PATH points at infra/config/demo.yaml', () => {
  assert.match(DEMO_CONFIG_PATH, /[\\/]infra[\\/]config[\\/]demo\.yaml$/);
});

test.run();
