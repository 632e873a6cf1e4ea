// The schema of one `bots:` entry: a Persona (actors/domain/types.ts) with its optional fields'
// defaults. Cross-entry rules (unique ids and handles) live in load.ts.
import type { Emotion, Persona } from '../../actors/index.ts';
import { hourRange, isoDate, symbol } from './fields.ts';
import { list, num, obj, oneOf, optional, str, type Field } from './schema.ts';

/** Defaults of a persona's optional fields. */
export const PERSONA_DEFAULTS = Object.freeze({
  language: 'tr',
  emotionBaseline: Object.freeze({ valence: 0, arousal: 0.3, confidence: 0.5 }) as Emotion,
  hourlyLimit: 12,
  minGapSec: 20,
});

const text = str({ min: 1 });
const rate = num({ min: 0, max: 1 });
const positive = num({ gt: 0 });
const texts = optional(list(text), []);
const E = PERSONA_DEFAULTS.emotionBaseline;

/** Validates one bot entry and returns the Persona (stance cooldowns as epoch ms). */
export const personaSchema: Field<Persona> = obj({
  id: str({ pattern: /^[a-z0-9_]+$/ }),
  name: text,
  handle: str({ pattern: /^[A-Za-z0-9_]{5,32}$/ }),
  language: optional(text, PERSONA_DEFAULTS.language),
  tone: text,
  risk: oneOf(['low', 'medium', 'high']),
  watchlist: list(symbol),
  neverDo: texts,
  style: obj({
    emojiRate: rate,
    emojis: texts,
    length: oneOf(['short', 'medium', 'long']),
    slangRate: rate,
    typoRate: rate,
  }),
  signaturePhrases: list(text, { min: 1 }),
  anecdotes: texts,
  speed: obj({
    readCps: positive,
    typingWpm: positive,
    talkativeness: num({ gt: 0, max: 1 }),
    baseDelaySec: positive,
    delayMultiplier: positive,
  }),
  activeHours: optional(list(hourRange), []),
  emotionBaseline: optional(obj({
    valence: optional(num({ min: -1, max: 1 }), E.valence),
    arousal: optional(rate, E.arousal),
    confidence: optional(rate, E.confidence),
  }), E),
  stances: optional(list(obj({
    topic: text,
    text,
    confidence: rate,
    cooldownUntil: optional(isoDate),
  })), []),
  holdings: optional(list(obj({
    symbol,
    avgPrice: positive,
    size: positive,
    note: optional(str()),
  })), []),
  hourlyLimit: optional(num({ int: true, gt: 0 }), PERSONA_DEFAULTS.hourlyLimit),
  minGapSec: optional(positive, PERSONA_DEFAULTS.minGapSec),
});
