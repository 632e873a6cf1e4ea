// Duplicate detection: normalisation, fingerprints (hashed shingles and words with bucket summaries)
// and exact and near-duplicate comparison. Windows of recent lines are in dedup-window.ts.

const isLetterOrDigit = (c: string): boolean => /[\p{L}\p{N}]/u.test(c);

const TURKISH_CAPITAL_I = /[Iİ]/g;

/** Turkish lowercase (I → ı, İ → i) without the cost of a locale-aware conversion. */
export function lowerTr(text: string): string {
  return (text.includes('I') || text.includes('İ') ? text.replace(TURKISH_CAPITAL_I, (c) => (c === 'I' ? 'ı' : 'i')) : text).toLowerCase();
}

const UTF16 = new TextDecoder('utf-16le');

/** Scratch buffer for `normalize` (character codes); texts are capped at 4,096 characters by Telegram. */
let scratch = new Uint16Array(1024);

/** Lowercase (Turkish-aware), drop @mentions, emoji and punctuation, collapse numbers to "0" and
 * whitespace to one space. One pass over the text after the case fold, into a reused buffer. */
export function normalize(text: string): string {
  const lower = lowerTr(text);
  if (scratch.length < lower.length * 2 + 2) scratch = new Uint16Array(lower.length * 2 + 2);
  const out = scratch;
  let n = 0;
  let space = true; // at start or after a space: do not emit another
  for (let i = 0; i < lower.length; i++) {
    const code = lower.charCodeAt(i);
    if (code === 64 /* @ */) {
      while (i + 1 < lower.length && /[\p{L}\p{N}_]/u.test(lower[i + 1]!)) i++;
      if (!space) out[n++] = 32;
      space = true;
    } else if (code >= 48 && code <= 57) {
      // A number with its separators and percent sign becomes one "0" token.
      while (i + 1 < lower.length && /[\d.,%]/.test(lower[i + 1]!)) i++;
      if (!space) out[n++] = 32;
      out[n++] = 48;
      out[n++] = 32;
      space = true;
    } else if ((code >= 97 && code <= 122) || (code > 127 && isLetterOrDigit(lower[i]!))) {
      out[n++] = code;
      space = false;
    } else if (!space) {
      out[n++] = 32;
      space = true;
    }
  }
  if (space && n > 0) n--;
  // Only letters, digits and spaces were kept (never a lone surrogate), so decoding is exact.
  return UTF16.decode(out.subarray(0, n));
}

export interface Fingerprint {
  readonly norm: string;
  /** Hash of `norm`: differing keys mean differing texts, without touching the strings. */
  readonly key: number;
  readonly shingles: Uint32Array; // sorted, unique
  readonly words: Uint32Array; // sorted, unique hashes of words longer than 2 letters
  /** Bucket summaries of both sets: an exact upper bound on what two fingerprints share. */
  readonly shingleSummary: Summary;
  readonly wordSummary: Summary;
}

/**
 * Which buckets (top bits of the hashes) a set occupies, as 16-bit masks, and how many members share
 * a bucket with an earlier one. Equal hashes fall in the same bucket, so two sets share at most one
 * member per bucket both occupy plus the smaller excess: an exact bound that needs no merge.
 */
export interface Summary {
  readonly size: number;
  readonly excess: number;
  readonly masks: readonly number[];
}

/** Masks per summary: 256 buckets for shingles (~80 per line), 64 for words (~11 per line). */
export const SHINGLE_MASKS = 16;
export const WORD_MASKS = 4;

function summarise(sorted: Uint32Array, masksCount: number): Summary {
  const masks = new Array<number>(masksCount).fill(0);
  const shift = 32 - Math.log2(masksCount * 16);
  let occupied = 0;
  for (let i = 0; i < sorted.length; i++) {
    const b = sorted[i]! >>> shift;
    const bit = 1 << (b & 15);
    const w = b >>> 4;
    if ((masks[w]! & bit) === 0) {
      masks[w] = masks[w]! | bit;
      occupied++;
    }
  }
  return { size: sorted.length, excess: sorted.length - occupied, masks };
}

export function popcount(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return (Math.imul((x + (x >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24);
}

/** An upper bound on how many members two summarised sets share (see Summary). */
export function sharedBound(a: Summary, b: Summary): number {
  let both = 0;
  const ma = a.masks;
  const mb = b.masks;
  for (let w = 0; w < ma.length; w++) both += popcount(ma[w]! & mb[w]!);
  return both + Math.min(a.excess, b.excess);
}

/** Whether Jaccard(A, B) ≥ t may hold, from the summaries alone (false is exact; true needs a merge):
 * Jaccard ≤ min/max of the sizes, and it needs c ≥ t (a + b) / (1 + t) shared members. */
export function mayReach(a: Summary, b: Summary, t: number): boolean {
  return Math.min(a.size, b.size) >= t * Math.max(a.size, b.size) - 1e-9 && sharedBound(a, b) >= (t * (a.size + b.size)) / (1 + t) - 1e-9;
}

const SHINGLE = 4;

function hash(text: string, from: number, to: number): number {
  let h = 0x811c9dc5;
  for (let i = from; i < to; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** Sort `arr` in place and return its unique prefix (a view, no copy). */
function sortedUnique(arr: Uint32Array): Uint32Array {
  arr.sort();
  let n = 0;
  for (let i = 0; i < arr.length; i++) if (i === 0 || arr[i] !== arr[i - 1]) arr[n++] = arr[i]!;
  return arr.subarray(0, n);
}

const cache = new Map<string, Fingerprint>();
const CACHE_SIZE = 4_096;

/** The fingerprint of `text`. Memoised (a message is checked by its bot and its chat, then stored). */
export function fingerprint(text: string): Fingerprint {
  let fp = cache.get(text);
  if (!fp) {
    if (cache.size >= CACHE_SIZE) cache.clear();
    fp = computeFingerprint(text);
    cache.set(text, fp);
  }
  return fp;
}

function computeFingerprint(text: string): Fingerprint {
  const norm = normalize(text);
  const count = Math.max(1, norm.length - SHINGLE + 1);
  const shingles = new Uint32Array(count);
  if (norm.length <= SHINGLE) shingles[0] = hash(norm, 0, norm.length);
  else for (let i = 0; i < count; i++) shingles[i] = hash(norm, i, i + SHINGLE);
  const words = new Uint32Array(Math.ceil(norm.length / 2) + 1);
  let w = 0;
  let start = 0;
  for (let i = 0; i <= norm.length; i++) {
    if (i === norm.length || norm.charCodeAt(i) === 32) {
      if (i - start > 2) words[w++] = hash(norm, start, i);
      start = i + 1;
    }
  }
  const sorted = sortedUnique(shingles);
  const wordSet = sortedUnique(words.subarray(0, w));
  return {
    norm, key: hash(norm, 0, norm.length), shingles: sorted, words: wordSet,
    shingleSummary: summarise(sorted, SHINGLE_MASKS), wordSummary: summarise(wordSet, WORD_MASKS),
  };
}

/** Jaccard similarity of two sorted unique arrays. */
export function jaccard(a: Uint32Array, b: Uint32Array): number {
  if (a.length === 0 && b.length === 0) return 1;
  const common = intersection(a, b);
  return common / (a.length + b.length - common);
}

/** Whether Jaccard(a, b) ≥ t, exactly, stopping the merge as soon as the answer is known: an element
 * passed over on one side is in neither intersection, so once either side has passed over more than
 * it can spare, the answer is no. */
export function jaccardAtLeast(a: Uint32Array, b: Uint32Array, t: number): boolean {
  const na = a.length;
  const nb = b.length;
  if (na === 0 && nb === 0) return true;
  // J = c / (|a| + |b| - c) ≥ t  ⇔  c ≥ t (|a| + |b|) / (1 + t)
  const needed = Math.ceil((t * (na + nb)) / (1 + t) - 1e-9);
  let spareA = na - needed;
  let spareB = nb - needed;
  if (spareA < 0 || spareB < 0) return false;
  let i = 0;
  let j = 0;
  let common = 0;
  while (i < na && j < nb) {
    const x = a[i]!;
    const y = b[j]!;
    if (x === y) {
      if (++common >= needed) return true;
      i++;
      j++;
    } else if (x < y) {
      i++;
      if (--spareA < 0) return false;
    } else {
      j++;
      if (--spareB < 0) return false;
    }
  }
  return common >= needed;
}

/** Size of the intersection of two sorted unique arrays. */
function intersection(a: Uint32Array, b: Uint32Array): number {
  let i = 0;
  let j = 0;
  let common = 0;
  while (i < a.length && j < b.length) {
    const x = a[i]!;
    const y = b[j]!;
    if (x === y) {
      common++;
      i++;
      j++;
    } else if (x < y) i++;
    else j++;
  }
  return common;
}

export interface DedupThresholds {
  /** Character 4-gram Jaccard at or above which two messages are near-duplicates. */
  readonly shingle: number;
  /** Word Jaccard at or above which two messages are near-duplicates (needs ≥ 4 words each). */
  readonly words: number;
}

export const DEFAULT_THRESHOLDS: DedupThresholds = { shingle: 0.6, words: 0.7 };

export type Similarity = { readonly kind: 'exact' | 'near'; readonly score: number };

/** How `candidate` relates to `other`: exact, near-duplicate, or undefined when distinct. */
export function compare(
  candidate: Fingerprint,
  other: Fingerprint,
  thresholds: DedupThresholds = DEFAULT_THRESHOLDS,
): Similarity | undefined {
  if (candidate.key === other.key && candidate.norm === other.norm) return { kind: 'exact', score: 1 };
  const t = thresholds.shingle;
  if (mayReach(candidate.shingleSummary, other.shingleSummary, t) && jaccardAtLeast(candidate.shingles, other.shingles, t)) {
    return { kind: 'near', score: jaccard(candidate.shingles, other.shingles) };
  }
  const w = thresholds.words;
  if (candidate.words.length >= 4 && other.words.length >= 4 && mayReach(candidate.wordSummary, other.wordSummary, w) && jaccardAtLeast(candidate.words, other.words, w)) {
    return { kind: 'near', score: jaccard(candidate.words, other.words) };
  }
  return undefined;
}

