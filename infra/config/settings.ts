// The `settings:` block of the config: its type, its defaults (the one place they are written down)
// and its schema. Every setting is optional; a partial nested block is filled from the defaults.
import type { LengthPreference } from '../../actors/index.ts';
import { fail, num, bool, obj, optional, then, type Field } from './schema.ts';

/** Engine-wide knobs, fully resolved (no field is ever missing). */
export interface Settings {
  /** Chance that a turn answers an earlier message rather than starting a new thread (0..1). */
  readonly replyProbability: number;
  /** Among replies, the chance the target is another bot rather than a human (0..1). */
  readonly replyToBotsProbability: number;
  /** Chance that a reply @mentions its target (0..1). */
  readonly mentionProbability: number;
  /** Chance that a turn is an emoji reaction instead of a message (0..1). */
  readonly reactionProbability: number;
  /** Most consecutive bot messages before the chat waits for a human (loop guard). */
  readonly maxBotChain: number;
  /** Most back-and-forth exchanges between the same two bots in a row. */
  readonly maxPairExchanges: number;
  /** Mean seconds between turns outside prime hours. */
  readonly baseTurnSec: number;
  /** Mean seconds between turns during prime hours. */
  readonly primeTurnSec: number;
  /** Bounds on one gap between turns (seconds); max > min. */
  readonly minTurnSec: number;
  readonly maxTurnSec: number;
  /** How many recent chat lines a prompt sees. */
  readonly transcriptWindow: number;
  /** A draft is stale when this many messages arrived since its context was taken. */
  readonly staleAfterMessages: number;
  /** Show "typing…" before sending. */
  readonly typing: boolean;
  /** Share of short/medium/long messages; normalised to sum 1. */
  readonly lengthProfile: Readonly<Record<LengthPreference, number>>;
  readonly dedup: {
    /** Recent messages per chat and per bot compared against a draft. */
    readonly chatWindow: number;
    readonly botWindow: number;
    /** Similarity thresholds in (0, 1] (character shingles, words). */
    readonly shingle: number;
    readonly words: number;
  };
  /** Telegram's own limits, enforced on our side. */
  readonly telegram: {
    readonly perChatPerSec: number;
    readonly perBotPerChatPerMin: number;
    readonly perBotPerSec: number;
  };
}

/** The defaults of every setting. */
export const DEFAULT_SETTINGS: Settings = Object.freeze({
  replyProbability: 0.65,
  replyToBotsProbability: 0.5,
  mentionProbability: 0.35,
  reactionProbability: 0.08,
  maxBotChain: 6,
  maxPairExchanges: 4,
  baseTurnSec: 30,
  primeTurnSec: 18,
  minTurnSec: 2,
  maxTurnSec: 180,
  transcriptWindow: 30,
  staleAfterMessages: 3,
  typing: true,
  lengthProfile: Object.freeze({ short: 0.55, medium: 0.35, long: 0.1 }),
  dedup: Object.freeze({ chatWindow: 100, botWindow: 50, shingle: 0.6, words: 0.7 }),
  telegram: Object.freeze({ perChatPerSec: 1, perBotPerChatPerMin: 20, perBotPerSec: 30 }),
});

const D = DEFAULT_SETTINGS;
const probability = num({ min: 0, max: 1 });
const count = num({ int: true, min: 1 });
const positive = num({ gt: 0 });
const threshold = num({ gt: 0, max: 1 });
const share = num({ min: 0 });

/** Divides by the sum so the shares add up to 1; all zero is an error. */
function normalise(p: Record<LengthPreference, number>, path: string): Record<LengthPreference, number> {
  const sum = p.short + p.medium + p.long;
  if (sum === 0) fail(path, 'must not be all 0');
  return { short: p.short / sum, medium: p.medium / sum, long: p.long / sum };
}

const lengthProfile = then(
  obj({
    short: optional(share, D.lengthProfile.short),
    medium: optional(share, D.lengthProfile.medium),
    long: optional(share, D.lengthProfile.long),
  }),
  normalise,
);

const shape = obj({
  replyProbability: optional(probability, D.replyProbability),
  replyToBotsProbability: optional(probability, D.replyToBotsProbability),
  mentionProbability: optional(probability, D.mentionProbability),
  reactionProbability: optional(probability, D.reactionProbability),
  maxBotChain: optional(count, D.maxBotChain),
  maxPairExchanges: optional(count, D.maxPairExchanges),
  baseTurnSec: optional(positive, D.baseTurnSec),
  primeTurnSec: optional(positive, D.primeTurnSec),
  minTurnSec: optional(positive, D.minTurnSec),
  maxTurnSec: optional(positive, D.maxTurnSec),
  transcriptWindow: optional(count, D.transcriptWindow),
  staleAfterMessages: optional(count, D.staleAfterMessages),
  typing: optional(bool(), D.typing),
  lengthProfile: optional(lengthProfile, D.lengthProfile),
  dedup: optional(obj({
    chatWindow: optional(count, D.dedup.chatWindow),
    botWindow: optional(count, D.dedup.botWindow),
    shingle: optional(threshold, D.dedup.shingle),
    words: optional(threshold, D.dedup.words),
  }), D.dedup),
  telegram: optional(obj({
    perChatPerSec: optional(positive, D.telegram.perChatPerSec),
    perBotPerChatPerMin: optional(positive, D.telegram.perBotPerChatPerMin),
    perBotPerSec: optional(positive, D.telegram.perBotPerSec),
  }), D.telegram),
});

/** The settings block's schema, including the cross-field rule maxTurnSec > minTurnSec. */
export const settingsSchema: Field<Settings> = optional(
  then(shape, (s, path) => {
    if (!(s.maxTurnSec > s.minTurnSec)) {
      fail(`${path}.maxTurnSec`, `must be > minTurnSec (${s.minTurnSec}) (got ${s.maxTurnSec})`);
    }
    return s;
  }),
  D,
);
