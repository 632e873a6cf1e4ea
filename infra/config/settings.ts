// The `settings:` block of the config: its type, its defaults (the one place they are written down)
// and its schema. Every setting is optional; a partial nested block is filled from the defaults.
import type { ChatSettings, LengthPreference } from '../../actors/index.ts';
import { fail, num, bool, obj, optional, then, type Field } from './schema.ts';

/** Engine-wide knobs, fully resolved (no field is ever missing); documented where the engine defines them. */
export type Settings = ChatSettings;

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
