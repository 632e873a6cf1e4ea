// Duplicate detection: exact (normalised text) and near-duplicate (character-shingle and word
// Jaccard similarity) against a bounded window of recent messages. Pure and allocation-light.

/** Lowercase (Turkish-aware), drop emoji and punctuation, collapse digits and whitespace. */
export function normalize(text: string): string {
  return text
    .toLocaleLowerCase('tr')
    .replace(/@\w+/g, ' ')
    .replace(/[\d.,%]+/g, (m) => (/\d/.test(m) ? ' 0 ' : ' '))
    .replace(/[^\p{L}\p{N}\s]/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** The fingerprint of one message: its normalised form, hashed character 4-gram shingles and word set. */
export interface Fingerprint {
  readonly norm: string;
  readonly shingles: Uint32Array; // sorted, unique
  readonly words: Uint32Array; // sorted, unique hashes of words longer than 2 letters
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

function sortedUnique(values: number[]): Uint32Array {
  const arr = Uint32Array.from(values).sort();
  let n = 0;
  for (let i = 0; i < arr.length; i++) if (i === 0 || arr[i] !== arr[i - 1]) arr[n++] = arr[i]!;
  return arr.slice(0, n);
}

export function fingerprint(text: string): Fingerprint {
  const norm = normalize(text);
  const shingles: number[] = [];
  if (norm.length <= SHINGLE) shingles.push(hash(norm, 0, norm.length));
  else for (let i = 0; i + SHINGLE <= norm.length; i++) shingles.push(hash(norm, i, i + SHINGLE));
  const words: number[] = [];
  let start = 0;
  for (let i = 0; i <= norm.length; i++) {
    if (i === norm.length || norm.charCodeAt(i) === 32) {
      if (i - start > 2) words.push(hash(norm, start, i));
      start = i + 1;
    }
  }
  return { norm, shingles: sortedUnique(shingles), words: sortedUnique(words) };
}

/** Jaccard similarity of two sorted unique arrays. */
export function jaccard(a: Uint32Array, b: Uint32Array): number {
  if (a.length === 0 && b.length === 0) return 1;
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
  return common / (a.length + b.length - common);
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
  if (Math.min(a, b) / Math.max(a, b) >= thresholds.shingle) {
    const s = jaccard(candidate.shingles, other.shingles);
    if (s >= thresholds.shingle) return { kind: 'near', score: s };
  }
  if (candidate.words.length >= 4 && other.words.length >= 4) {
    const w = jaccard(candidate.words, other.words);
    if (w >= thresholds.words) return { kind: 'near', score: w };
  }
  return undefined;
}

/** A bounded window of recent fingerprints (a ring), e.g. a chat's last 100 or a bot's last 50. */
export class RecentWindow {
  private readonly ring: (Fingerprint | undefined)[];
  private next = 0;
  constructor(readonly capacity: number) {
    this.ring = new Array<Fingerprint | undefined>(capacity);
  }
  add(fp: Fingerprint): void {
    this.ring[this.next] = fp;
    this.next = (this.next + 1) % this.capacity;
  }
  /** The first entry `candidate` duplicates, if any. */
  match(candidate: Fingerprint, thresholds: DedupThresholds = DEFAULT_THRESHOLDS): Similarity | undefined {
    for (const fp of this.ring) {
      if (!fp) continue;
      const hit = compare(candidate, fp, thresholds);
      if (hit) return hit;
    }
    return undefined;
  }
  get size(): number {
    let n = 0;
    for (const fp of this.ring) if (fp) n++;
    return n;
  }
}
