// Emoji reactions: Telegram's whitelist, a keyword-driven pick for a message, and the emoji sent as a
// text reply when a reaction cannot be set.
import type { Rng } from '../ports.ts';
import { foldTurkish, wordsRegex } from './content.ts';

/**
 * The emoji `setMessageReaction` accepts (Bot API, 73). Bare forms: no U+FE0F, which Telegram rejects
 * with REACTION_INVALID; ❤‍🔥, 👨‍💻 and 🤷‍♂/🤷‍♀ are ZWJ (U+200D) sequences.
 */
export const ALLOWED_REACTIONS: readonly string[] = [
  '\u2764', '👍', '👎', '🔥', '🥰', '👏', '😁', '🤔', '🤯', '😱', '🤬', '😢', '🎉', '🤩', '🤮', '💩', '🙏',
  '👌', '\u{1F54A}', '🤡', '🥱', '🥴', '😍', '🐳', '\u2764\u200D\u{1F525}', '🌚', '🌭', '💯', '🤣', '\u26A1',
  '🍌', '🏆', '💔', '🤨', '😐', '🍓', '🍾', '💋', '🖕', '😈', '😴', '😭', '🤓', '👻',
  '\u{1F468}\u200D\u{1F4BB}', '👀', '🎃', '🙈', '😇', '😨', '🤝', '\u270D', '🤗', '🫡', '🎅', '🎄', '\u2603',
  '💅', '🤪', '🗿', '🆒', '💘', '🙉', '🦄', '😘', '💊', '🙊', '😎', '👾', '\u{1F937}\u200D\u2642', '🤷',
  '\u{1F937}\u200D\u2640', '😡',
];

const ALLOWED: ReadonlySet<string> = new Set(ALLOWED_REACTIONS);

/** The whitelisted form of `emoji` (variation selectors stripped), or undefined when Telegram would
 * refuse it. Use on any emoji from outside (an LLM, a config) before `setMessageReaction`. */
export function normalizeReaction(emoji: string): string | undefined {
  const bare = emoji.replace(/[\uFE0E\uFE0F]/g, '');
  return ALLOWED.has(bare) ? bare : undefined;
}

// Mood words (folded); stems also with suffixes. "kâr" only in listed forms: "karar" is not profit.
const mood = (stems: readonly string[], exact: readonly string[] = []): RegExp =>
  wordsRegex(stems.map((w) => foldTurkish(w, true)), exact.map((w) => foldTurkish(w, true)), '')!;
const POSITIVE_RE = mood([
  'artış', 'yükseliş', 'yüksel', 'kazanç', 'kazandı', 'mutlu', 'teşekkür', 'sağol', 'güçlü', 'olumlu',
  'harika', 'mükemmel', 'süper', 'roket', 'uçtu', 'uçuyor', 'rekor', 'zirve', 'tavan', 'bravo',
], ['kâr', 'kârı', 'kârda', 'kârlı', 'kârlıyım']);
const NEGATIVE_RE = mood([
  'düşüş', 'düştü', 'düşüyor', 'kayıp', 'kaybet', 'zarar', 'olumsuz', 'kötü', 'berbat', 'üzgün', 'moral bozuk',
  'felaket', 'çöktü', 'çöküş', 'sert sat', 'taban', 'eridi', 'battı', 'panik',
]);
const NEUTRAL_RE = mood(['stabil', 'dengede', 'yatay', 'nötr', 'beklemede', 'izlemede', 'kararsız', 'sideways']);

const POSITIVE = ['🔥', '👍'] as const;
const NEGATIVE = ['😱', '😢'] as const;
const THINKING = '🤔';
/** Friendly reactions for a message with no mood words. */
const FRIENDLY = ['👍', '🔥', '👏', '🤔', '👌', '💯'] as const;

/**
 * A reaction to someone else's message, from its mood words: positive → 🔥/👍, negative → 😱/😢,
 * neutral words or a question (or a mixed mood) → 🤔, otherwise a friendly one. Always allowed.
 */
export function pickReaction(text: string, rng: Rng): string {
  const folded = foldTurkish(text, true);
  const up = POSITIVE_RE.test(folded);
  const down = NEGATIVE_RE.test(folded);
  if (up && !down) return rng.pick(POSITIVE);
  if (down && !up) return rng.pick(NEGATIVE);
  if (up || NEUTRAL_RE.test(folded) || text.includes('?')) return THINKING;
  return rng.pick(FRIENDLY);
}

const FALLBACK: Readonly<Record<string, string>> = { '🔥': '📈', '😱': '📉', '😢': '📉', '🤔': '💬' };

/** The emoji to send as a text reply when a reaction cannot be set (the old system's 📈 / 📉 / 💬). */
export function fallbackEmojiText(reaction: string): string {
  return Object.hasOwn(FALLBACK, reaction) ? FALLBACK[reaction]! : reaction;
}
