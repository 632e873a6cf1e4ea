// The schema of one `bots:` entry: a Persona (actors/domain/types.ts) with its optional fields'
// defaults and each field's range. Cross-entry rules (unique ids and handles) live in load.ts.
import type { Emotion, Persona } from '../../actors/index.ts';
import { hourRange, isoDate, symbol, KNOWN_SYMBOLS } from './fields.ts';
import { list, num, obj, oneOf, optional, str, type Field } from './schema.ts';

/** Defaults of a persona's optional fields. */
export const PERSONA_DEFAULTS = Object.freeze({
  language: 'tr',
  emotionBaseline: Object.freeze({ valence: 0, arousal: 0.3, confidence: 0.5 }) as Emotion,
  hourlyLimit: 12,
  minGapSec: 20,
});

const text = (max: number) => str({ min: 1, max });
const rate = num({ min: 0, max: 1 });
const positive = (max: number) => num({ gt: 0, max });
const texts = (max: number, each: number) => optional(list(text(each), { max }), []);
const E = PERSONA_DEFAULTS.emotionBaseline;

/** Validates one bot entry and returns the Persona (stance cooldowns as epoch ms). */
export const personaSchema: Field<Persona> = obj({
  id: str({ max: 64, pattern: /^[a-z0-9_]+$/ }).describe('Stable id of the bot: a–z, 0–9 and _, at most 64.'),
  name: text(100).describe('Display name, e.g. "Mehmet Yatırımcı".'),
  handle: str({ pattern: /^[A-Za-z0-9_]{5,32}$/ }).describe('Telegram username without @ (5–32 of A–Z, a–z, 0–9, _).'),
  language: optional(str({ min: 2, max: 35, pattern: /^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$/ }), PERSONA_DEFAULTS.language).describe('Language tag (BCP 47), e.g. "tr".'),
  tone: text(500).describe('How the persona talks, in a few words.'),
  risk: oneOf(['low', 'medium', 'high']).describe('Risk appetite.'),
  watchlist: list(symbol, { max: KNOWN_SYMBOLS.length, unique: true }).describe('Symbols the persona follows.'),
  neverDo: texts(50, 500).describe('Things the persona never does or recommends.'),
  style: obj({
    emojiRate: rate.describe('Share of messages with an emoji (0–1).'),
    emojis: texts(50, 32).describe('Emojis the persona uses.'),
    length: oneOf(['short', 'medium', 'long']).describe('Preferred message length.'),
    slangRate: rate.describe('Share of casual or slang wording (0–1).'),
    typoRate: rate.describe('Share of messages with a typo (0–1).'),
  }).describe('Writing style.'),
  signaturePhrases: list(text(500), { min: 1, max: 50 }).describe('Phrases the persona is known for (1–50).'),
  anecdotes: texts(100, 1_000).describe('Stories from the persona\'s past, told at most now and then.'),
  alsoSpeaks: optional(list(str({ pattern: /^[a-z]{2}$/ }), { max: 10, unique: true }), []).describe('Other languages (two-letter codes) the persona can answer in when a person writes in one.'),
  examples: texts(20, 500).describe('Example messages in the persona\'s voice (few-shot for the LLM).'),
  speed: obj({
    readCps: positive(1_000).describe('Reading speed in characters per second, (0, 1000].'),
    typingWpm: positive(1_000).describe('Typing speed in words per minute, (0, 1000].'),
    talkativeness: num({ gt: 0, max: 1 }).describe('How readily the persona takes a turn, (0, 1].'),
    baseDelaySec: positive(3_600).describe('Usual delay before answering in seconds, (0, 3600].'),
    delayMultiplier: positive(100).describe('Scales the delay, (0, 100].'),
  }).describe('Reading, typing and answering speed.'),
  activeHours: optional(list(hourRange, { max: 24 }), []).describe('Hours ("HH:MM-HH:MM", chat timezone) the persona is around; [] for always.'),
  emotionBaseline: optional(obj({
    valence: optional(num({ min: -1, max: 1 }), E.valence).describe('-1 (gloomy) to 1 (cheerful).'),
    arousal: optional(rate, E.arousal).describe('0 (calm) to 1 (excited).'),
    confidence: optional(rate, E.confidence).describe('0 (unsure) to 1 (certain).'),
  }), E).describe('The mood the persona returns to.'),
  stances: optional(list(obj({
    topic: text(200),
    text: text(1_000),
    confidence: rate,
    cooldownUntil: optional(isoDate),
  }), { max: 100 }), []).describe('Opinions per topic.'),
  holdings: optional(list(obj({
    symbol,
    avgPrice: positive(1e9).describe('Average cost, (0, 1e9].'),
    size: positive(1e12).describe('Units held, (0, 1e12].'),
    note: optional(str({ max: 500 })),
  }), { max: 100 }), []).describe('Positions, valued at the simulator\'s prices.'),
  hourlyLimit: optional(num({ int: true, min: 1, max: 3_600 }), PERSONA_DEFAULTS.hourlyLimit).describe('Most messages and reactions in any rolling hour, 1–3600.'),
  minGapSec: optional(positive(86_400), PERSONA_DEFAULTS.minGapSec).describe('Least seconds between two of the bot\'s messages, (0, 86400].'),
});
