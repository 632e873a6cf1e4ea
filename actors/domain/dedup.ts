// Duplicate detection: exact (normalised text) and near-duplicate (character-shingle and word
// Jaccard similarity) against a bounded window of recent messages. Pure and allocation-light.

const isLetterOrDigit = (c: string): boolean => /[\p{L}\p{N}]/u.test(c);

const TURKISH_CAPITAL_I = /[Iİ]/g;

/** Turkish lowercase (I → ı, İ → i) without the cost of a locale-aware conversion. */
export function lowerTr(text: string): string {
  return (text.includes('I') || text.includes('İ') ? text.replace(TURKISH_CAPITAL_I, (c) => (c === 'I' ? 'ı' : 'i')) : text).toLowerCase();
}

/** Lowercase (Turkish-aware), drop @mentions, emoji and punctuation, collapse numbers to "0" and
 * whitespace to one space. One pass over the text after the case fold. */
export function normalize(text: string): string {
  const lower = lowerTr(text);
  let out = '';
  let space = true; // at start or after a space: do not emit another
  for (let i = 0; i < lower.length; i++) {
    const c = lower[i]!;
    const code = c.charCodeAt(0);
    if (c === '@') {
      while (i + 1 < lower.length && /[\p{L}\p{N}_]/u.test(lower[i + 1]!)) i++;
      if (!space) out += ' ';
      space = true;
    } else if (code >= 48 && code <= 57) {
      // A number with its separators and percent sign becomes one "0" token.
      while (i + 1 < lower.length && /[\d.,%]/.test(lower[i + 1]!)) i++;
      out += space ? '0 ' : ' 0 ';
      space = true;
    } else if ((code >= 97 && code <= 122) || (code > 127 && isLetterOrDigit(c))) {
      out += c;
      space = false;
    } else if (!space) {
      out += ' ';
      space = true;
    }
  }
  return space && out.length > 0 ? out.slice(0, -1) : out;
}

/** The fingerprint of one message: its normalised form, hashed character 4-gram shingles and word set. */
export interface Fingerprint {
  readonly norm: string;
  readonly shingles: Uint32Array; // sorted, unique
  readonly words: Uint32Array; // sorted, unique hashes of words longer than 2 letters
  /** Which of 256 buckets (top 8 bits of the hash) hold a shingle, and how many shingles share a
   * bucket with an earlier one: an exact upper bound on a shared count, without a merge. */
  readonly buckets: Uint32Array;
  readonly excess: number;
}

const BUCKET_WORDS = 8; // 256 bits

/** Bucket bitmap of sorted hashes (their top 8 bits) and the number of hashes beyond one per bucket. */
function bucketsOf(sorted: Uint32Array): { buckets: Uint32Array; excess: number } {
  const buckets = new Uint32Array(BUCKET_WORDS);
  let occupied = 0;
  for (let i = 0; i < sorted.length; i++) {
    const b = sorted[i]! >>> 24;
    const bit = 1 << (b & 31);
    const w = b >>> 5;
    if ((buckets[w]! & bit) === 0) {
      buckets[w] = buckets[w]! | bit;
      occupied++;
    }
  }
  return { buckets, excess: sorted.length - occupied };
}

function popcount(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return (Math.imul((x + (x >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24);
}

/** An upper bound on how many shingles two fingerprints share: equal hashes fall in the same bucket,
 * so at most one per bucket both occupy plus the smaller count of extra hashes. */
export function sharedBound(a: Fingerprint, b: Fingerprint): number {
  let both = 0;
  for (let w = 0; w < BUCKET_WORDS; w++) both += popcount(a.buckets[w]! & b.buckets[w]!);
  return both + Math.min(a.excess, b.excess);
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
  return { norm, shingles: sorted, words: sortedUnique(words.subarray(0, w)), ...bucketsOf(sorted) };
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
  if (candidate.norm === other.norm) return { kind: 'exact', score: 1 };
  // Cheap bound first: Jaccard ≤ min/max of the set sizes.
  const a = candidate.shingles.length;
  const b = other.shingles.length;
  const t = thresholds.shingle;
  if (Math.min(a, b) / Math.max(a, b) >= t && sharedBound(candidate, other) >= (t * (a + b)) / (1 + t) - 1e-9 && jaccardAtLeast(candidate.shingles, other.shingles, t)) {
    return { kind: 'near', score: jaccard(candidate.shingles, other.shingles) };
  }
  const wa = candidate.words.length;
  const wb = other.words.length;
  if (wa >= 4 && wb >= 4 && Math.min(wa, wb) / Math.max(wa, wb) >= thresholds.words && jaccardAtLeast(candidate.words, other.words, thresholds.words)) {
    return { kind: 'near', score: jaccard(candidate.words, other.words) };
  }
  return undefined;
}

/** A bounded window of recent fingerprints (a ring), e.g. a chat's last 100 or a bot's last 50.
 * The ring grows as messages arrive, so an idle chat or bot holds almost nothing. */
export class RecentWindow {
  private readonly ring: Fingerprint[] = [];
  private next = 0;
  constructor(readonly capacity: number) {}
  add(fp: Fingerprint): void {
    if (this.ring.length < this.capacity) this.ring.push(fp);
    else this.ring[this.next] = fp;
    this.next = (this.next + 1) % this.capacity;
  }
  /** The first entry `candidate` duplicates, if any. */
  match(candidate: Fingerprint, thresholds: DedupThresholds = DEFAULT_THRESHOLDS): Similarity | undefined {
    for (const fp of this.ring) {
      const hit = compare(candidate, fp, thresholds);
      if (hit) return hit;
    }
    return undefined;
  }
  get size(): number {
    return this.ring.length;
  }
}

/** Exact repeats over a long horizon: a ring of hashes of normalised texts (e.g. a chat's last 5,000),
 * so "never the same line twice" holds far beyond the near-duplicate window. */
export class ExactWindow {
  private readonly ring: number[] = [];
  private readonly counts = new Map<number, number>();
  private next = 0;
  constructor(readonly capacity: number) {}
  private static key(fp: Fingerprint): number {
    return hash(fp.norm, 0, fp.norm.length);
  }
  add(fp: Fingerprint): void {
    const k = ExactWindow.key(fp);
    if (this.ring.length < this.capacity) this.ring.push(k);
    else {
      const old = this.ring[this.next]!;
      const n = this.counts.get(old)! - 1;
      if (n === 0) this.counts.delete(old);
      else this.counts.set(old, n);
      this.ring[this.next] = k;
    }
    this.counts.set(k, (this.counts.get(k) ?? 0) + 1);
    this.next = (this.next + 1) % this.capacity;
  }
  has(fp: Fingerprint): boolean {
    return this.counts.has(ExactWindow.key(fp));
  }
}

/** Near-duplicates against a short window plus exact repeats against a long one. */
export class DedupIndex {
  private readonly near: RecentWindow;
  private readonly exact: ExactWindow;
  constructor(nearCapacity: number, exactCapacity: number) {
    this.near = new RecentWindow(nearCapacity);
    this.exact = new ExactWindow(exactCapacity);
  }
  add(fp: Fingerprint): void {
    this.near.add(fp);
    this.exact.add(fp);
  }
  match(fp: Fingerprint, thresholds: DedupThresholds = DEFAULT_THRESHOLDS): Similarity | undefined {
    return this.exact.has(fp) ? { kind: 'exact', score: 1 } : this.near.match(fp, thresholds);
  }
}
