// Content rules applied to every outgoing text: no guaranteed-profit promises, no "as an AI" traces,
// no control characters, collapsed whitespace and a length cap. Also Turkish folding for word matching.
import { Invalid } from '../errors.ts';

/** Folded form per char code: ı â î û always, ç ş ğ ö ü only in the full fold. */
const FOLD_LIGHT = new Map<number, string>([[0x131, 'i'], [0xe2, 'a'], [0xee, 'i'], [0xfb, 'u']]);
const FOLD_FULL = new Map<number, string>([...FOLD_LIGHT, [0xe7, 'c'], [0x15f, 's'], [0x11f, 'g'], [0xf6, 'o'], [0xfc, 'u']]);
/** Letters and digits of folded text, for word boundaries (plain regexes are far faster than /iu). */
const L = 'a-z0-9\\u00c0-\\u024f';

/**
 * Fold Turkish text for matching: lowercase with İ, I and ı all as i and â î û as a i u; with `full`
 * also ç ş ğ ö ü as c s g o u (people often drop them: "doviz"). Keeps the length of `text`, so a match
 * index in the folded text points into the original. One scan; ASCII text only pays for toLowerCase.
 */
export function foldTurkish(text: string, full: boolean): string {
  const lower = (text.includes('İ') ? text.replace(/İ/g, 'i') : text).toLowerCase();
  const map = full ? FOLD_FULL : FOLD_LIGHT;
  let out = '';
  let from = 0;
  for (let i = 0; i < lower.length; i++) {
    const code = lower.charCodeAt(i);
    if (code < 0xe2) continue; // below â nothing folds
    const to = map.get(code);
    if (to === undefined) continue;
    out += lower.slice(from, i) + to;
    from = i + 1;
  }
  return from === 0 ? lower : out + lower.slice(from);
}

/**
 * A regex over folded text matching whole words: group 1 = one of `stems` (Turkish suffixes may follow:
 * "faizler"), group 2 = one of `exact` (a suffix only after an apostrophe: "BTC'de"). Words are folded,
 * literal, longest first; stems are tried first. Undefined when both lists are empty.
 */
export function wordsRegex(stems: readonly string[], exact: readonly string[], flags = 'g'): RegExp | undefined {
  if (stems.length + exact.length === 0) return undefined;
  // "(?!)" never matches: it keeps the group numbers when a list is empty.
  const alts = (words: readonly string[]) => words.length
    ? [...words].sort((a, b) => b.length - a.length).map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')
    : '(?!)';
  return new RegExp(`(?<![${L}])(?:(${alts(stems)})[${L}]*|(${alts(exact)}))(?![${L}])`, flags);
}

/** The guaranteed-profit phrases that are never sent (as written; matched folded, as whole words). */
export const PROMISE_PHRASES: readonly string[] = [
  'kesin kazanç', 'kesin getiri', 'kesin zengin', 'kesinlikle zengin',
  'garanti kazanç', 'garanti getiri', 'garanti kâr', 'garantili kazanç', 'garantili getiri', 'garantili kâr',
  'risksiz kazanç', 'risksiz getiri', 'risksiz kâr', 'bedava para',
  '%100 kazanç', '%100 garanti', '% 100 kazanç', '% 100 garanti', 'yüzde 100 kazanç', 'yüzde 100 garanti',
  'yüzde yüz kazanç', 'yüzde yüz garanti', 'yatırım tavsiyesi veriyorum',
  'guaranteed profit', 'guaranteed return', 'guaranteed gain', 'guaranteed income', '100% guaranteed',
  'get rich quick', 'risk free profit', 'risk-free profit', 'risk free return', 'risk-free return',
];
const PROMISES = PROMISE_PHRASES.map((p) => foldTurkish(p, true));
const PROMISE_RE = wordsRegex(PROMISES, [], '')!;
/** Every promise contains one of these (checked at load): a text with none skips PROMISE_RE. */
const PROMISE_KEYS: readonly string[] = ['kesin', 'garanti', 'guarant', 'risk', 'bedava', '100', 'yuzde', 'yatirim', 'rich'];
for (const p of PROMISES) if (!PROMISE_KEYS.some((k) => p.includes(k))) throw new Error(`promise "${p}" has no pre-check key`);

/** Self-references of a model (regex sources over folded text), removed with a trailing comma or full stop. */
export const TRACE_PATTERNS: readonly string[] = [
  "(?:as|i'm|i’m|i am) (?:just |only )?(?:an ai(?: language model| model| assistant| chatbot)?|a (?:large )?language model)",
  'as an artificial intelligence',
  '(?:ben )?(?:sadece )?(?:bir )?yapay zeka(?: modeli| asistani)? olarak',
  '(?:ben )?(?:sadece )?(?:bir )?(?:buyuk )?dil modeli olarak',
  '(?:ben )?(?:sadece )?bir yapay zeka(?: modeli| asistani)?yim',
  '(?:ben )?(?:sadece )?bir (?:buyuk )?dil modeliyim',
];
const TRACE_RE = new RegExp(`(?<![${L}])(?:${TRACE_PATTERNS.join('|')})(?![${L}]) ?[,.:;!]?`, 'g');
/** Every TRACE_RE alternative contains one of these (see the content test): a text with none skips it. */
const TRACE_KEYS: readonly string[] = ['an ai', 'language model', 'artificial intelligence', 'yapay zeka', 'dil model'];

// Invisible characters: C0/C1 controls (whitespace aside), soft hyphen, zero-width space, bidi
// marks and overrides, word joiners, BOM. ZWJ (U+200D) is kept: emoji sequences need it.
const INVISIBLE_RE = /[\x00-\x08\x0E-\x1F\x7F-\x9F\u00AD\u200B\u200E\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF]/g;
const VISIBLE_RE = /[^\s\p{P}]/u;
const SPACE_BEFORE_PUNCT_RE = /\s+([,.;:!?…])/g;
const LEADING_PUNCT_RE = /^[\s,.;:!?-]+/;
const TRAILING_PUNCT_RE = /[\s\p{P}]+$/u;

export interface ContentOptions {
  /** Longest text sent, in UTF-16 units like Telegram counts (default 500, the old system's cap). */
  readonly maxChars?: number;
}

export type ContentResult =
  | { readonly ok: true; readonly text: string }
  /** `empty`: nothing visible; `promise`: a guaranteed-profit promise (never sent, regenerate);
   * `ai-trace`: nothing left once the model's self-references were removed. */
  | { readonly ok: false; readonly reason: 'empty' | 'promise' | 'ai-trace' };

const DEFAULT_MAX_CHARS = 500;

/**
 * The last step before a text leaves for Telegram (model output, paraphrases and fallbacks alike):
 * cleans it, rejects financial promises and caps its length at a word boundary with "…".
 */
export function applyContentRules(text: string, opts: ContentOptions = {}): ContentResult {
  if (typeof text !== 'string') throw new Invalid('text must be a string', 'text');
  const maxChars = opts.maxChars ?? DEFAULT_MAX_CHARS;
  if (!Number.isInteger(maxChars) || maxChars < 1) {
    throw new Invalid(`maxChars must be a positive integer, got ${maxChars}`, 'maxChars');
  }
  let t = isClean(text) ? text : text.replace(INVISIBLE_RE, '').replace(/\s+/g, ' ').trim();
  if (!VISIBLE_RE.test(t)) return { ok: false, reason: 'empty' };
  const folded = foldTurkish(t, true);
  if (containsAny(folded, PROMISE_KEYS) && PROMISE_RE.test(folded)) return { ok: false, reason: 'promise' };
  const stripped = containsAny(folded, TRACE_KEYS) ? stripTraces(t, folded) : t;
  if (stripped !== t) {
    t = stripped.replace(/\s+/g, ' ').replace(SPACE_BEFORE_PUNCT_RE, '$1').replace(LEADING_PUNCT_RE, '').trim();
    if (!VISIBLE_RE.test(t)) return { ok: false, reason: 'ai-trace' };
  }
  return { ok: true, text: t.length > maxChars ? cut(t, maxChars) : t };
}

/** Whether cleaning (invisible characters out, whitespace collapsed, trimmed) would leave `text` as
 * it is: no whitespace but single inner spaces, nothing INVISIBLE_RE removes. Errs towards false. */
export function isClean(text: string): boolean {
  const n = text.length;
  if (n > 0 && (text.charCodeAt(0) === 32 || text.charCodeAt(n - 1) === 32)) return false;
  let space = false;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 32) {
      if (space) return false;
      space = true;
      continue;
    }
    space = false;
    if (c < 32 || (c >= 0x7f && c <= 0xa0) || c === 0xad) return false;
    if (c >= 0x1680 && (c === 0x1680 || c === 0x180e || (c >= 0x2000 && c <= 0x200f) || (c >= 0x2028 && c <= 0x202f)
      || (c >= 0x205f && c <= 0x206f) || c === 0x3000 || c === 0xfeff)) return false;
  }
  return true;
}

function containsAny(text: string, keys: readonly string[]): boolean {
  for (let i = 0; i < keys.length; i++) if (text.includes(keys[i]!)) return true;
  return false;
}

/** `t` without the traces found in its folded form (same length, so the indices carry over). */
function stripTraces(t: string, folded: string): string {
  let out = '';
  let from = 0;
  TRACE_RE.lastIndex = 0;
  for (let m = TRACE_RE.exec(folded); m; m = TRACE_RE.exec(folded)) {
    out += `${t.slice(from, m.index)} `;
    from = m.index + m[0].length;
  }
  return from === 0 ? t : out + t.slice(from);
}

/** Cut to at most `max` units ending in "…": at the last space when it keeps over half the text. */
function cut(t: string, max: number): string {
  let end = max - 1;
  const code = t.charCodeAt(end - 1);
  if (code >= 0xd800 && code <= 0xdbff) end--; // never split a surrogate pair
  const space = t.lastIndexOf(' ', end);
  if (space > max / 2) end = space;
  return t.slice(0, end).replace(TRAILING_PUNCT_RE, '') + '…';
}
