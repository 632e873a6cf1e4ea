// The `settings:` block of the config: its type, its defaults (the one place they are written down)
// and its schema with each setting's range. Every setting is optional; a partial nested block is
// filled from the defaults.
import type { ChatSettings, LengthPreference } from '../../actors/index.ts';
import { num, bool, obj, optional, then } from './schema.ts';

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
  baseTurnSec: 90,
  primeTurnSec: 60,
  minTurnSec: 2,
  maxTurnSec: 180,
  transcriptWindow: 30,
  staleAfterMessages: 3,
  typing: true,
  dayCurve: true,
  lengthProfile: Object.freeze({ short: 0.55, medium: 0.35, long: 0.1 }),
  dedup: Object.freeze({ chatWindow: 100, botWindow: 50, shingle: 0.6, words: 0.7 }),
  telegram: Object.freeze({ perChatPerSec: 1, perBotPerChatPerMin: 20, perBotPerSec: 30 }),
});

const D = DEFAULT_SETTINGS;
const DAY_SEC = 86_400;
const probability = (doc: string) => num({ min: 0, max: 1 }).describe(doc);
const count = (max: number, doc: string) => num({ int: true, min: 1, max }).describe(doc);
const seconds = (max: number, doc: string) => num({ gt: 0, max }).describe(doc);
const threshold = (doc: string) => num({ gt: 0, max: 1 }).describe(doc);
const share = num({ min: 0, max: 100 });

/** Divides by the sum so the shares add up to 1; all zero is refused. */
function normalise(p: Record<LengthPreference, number>, report: (rule: string) => void): Record<LengthPreference, number> {
  const sum = p.short + p.medium + p.long;
  if (sum === 0) report('must not be all 0');
  return { short: p.short / sum, medium: p.medium / sum, long: p.long / sum };
}

const lengthProfile = then(
  obj({
    short: optional(share, D.lengthProfile.short),
    medium: optional(share, D.lengthProfile.medium),
    long: optional(share, D.lengthProfile.long),
  }).describe('Relative shares of short, medium and long messages (0–100 each, normalised to sum 1).'),
  normalise,
);

/** The settings' fields, each optional with its default. */
export const settingsShape = {
  replyProbability: optional(probability('Chance that a turn replies to an earlier message (0–1).'), D.replyProbability),
  replyToBotsProbability: optional(probability('Chance that a reply goes to a bot rather than a person (0–1).'), D.replyToBotsProbability),
  mentionProbability: optional(probability('Chance that a message mentions another bot by handle (0–1).'), D.mentionProbability),
  reactionProbability: optional(probability('Chance that a turn is an emoji reaction instead of a message (0–1).'), D.reactionProbability),
  maxBotChain: optional(count(100, 'Most bot messages in a row without a person (loop guard), 1–100.'), D.maxBotChain),
  maxPairExchanges: optional(count(100, 'Most back-and-forth turns between the same two bots, 1–100.'), D.maxPairExchanges),
  baseTurnSec: optional(seconds(3_600, 'Mean seconds between turns outside prime hours, (0, 3600].'), D.baseTurnSec),
  primeTurnSec: optional(seconds(3_600, 'Mean seconds between turns in prime hours, (0, 3600].'), D.primeTurnSec),
  minTurnSec: optional(seconds(3_600, 'Shortest gap between turns in seconds, (0, 3600].'), D.minTurnSec),
  maxTurnSec: optional(seconds(DAY_SEC, 'Longest gap between turns in seconds, (0, 86400]; more than minTurnSec.'), D.maxTurnSec),
  transcriptWindow: optional(count(1_000, 'Recent messages a chat keeps for its prompts and turn taking, 1–1000.'), D.transcriptWindow),
  staleAfterMessages: optional(count(100, 'A draft is re-planned when this many messages arrived while it was written, 1–100.'), D.staleAfterMessages),
  typing: optional(bool().describe('Show "typing…" before a bot\'s message.'), D.typing),
  dayCurve: optional(bool().describe("Pace follows a market chat's day: quiet nights, a busy session, slower weekends. Off: the same pace around the clock."), D.dayCurve),
  lengthProfile: optional(lengthProfile, D.lengthProfile),
  dedup: optional(obj({
    chatWindow: optional(count(10_000, 'Recent chat messages a draft is compared with, 1–10000.'), D.dedup.chatWindow),
    botWindow: optional(count(10_000, 'Recent messages of the same bot a draft is compared with, 1–10000.'), D.dedup.botWindow),
    shingle: optional(threshold('Character-shingle similarity that counts as a near duplicate, (0, 1].'), D.dedup.shingle),
    words: optional(threshold('Word similarity that counts as a near duplicate, (0, 1].'), D.dedup.words),
  }).describe('Duplicate and near-duplicate detection.'), D.dedup),
  telegram: optional(obj({
    perChatPerSec: optional(count(1_000, 'Messages per second in one chat (Telegram: 1), whole, 1–1000.'), D.telegram.perChatPerSec),
    perBotPerChatPerMin: optional(count(60_000, 'Messages per minute of one bot in one group (Telegram: 20), whole, 1–60000.'), D.telegram.perBotPerChatPerMin),
    perBotPerSec: optional(count(1_000, 'Messages per second of one bot over all chats (Telegram: 30), whole, 1–1000.'), D.telegram.perBotPerSec),
  }).describe("Telegram's rate limits, enforced before sending."), D.telegram),
};

const shape = obj(settingsShape);

/** The settings block's schema, including the cross-field rule maxTurnSec > minTurnSec. */
export const settingsSchema = optional(
  then(shape, (s, report) => {
    if (!(s.maxTurnSec > s.minTurnSec)) report(`must be > minTurnSec (${s.minTurnSec}) (got ${s.maxTurnSec})`, 'maxTurnSec');
    return s as Settings;
  }),
  D,
).describe('Engine-wide settings; every one is optional.');
