// Bounded windows of recent fingerprints: near-duplicates over a short ring (summaries side by side,
// exact bounds before any merge) and exact repeats over a long one.
import {
  DEFAULT_THRESHOLDS, SHINGLE_MASKS, WORD_MASKS, jaccard, jaccardAtLeast, popcount,
  type DedupThresholds, type Fingerprint, type Similarity, type Summary,
} from './dedup.ts';

/**
 * A bounded window of recent fingerprints (a ring), e.g. a chat's last 100 or a bot's last 50. The
 * summaries of its entries sit side by side in typed arrays, so a scan reads contiguous memory and
 * touches an entry's own sets only when the bounds cannot rule it out. Storage is allocated on the
 * first add: an idle chat or bot holds almost nothing.
 */
export class RecentWindow {
  private ring: Fingerprint[] = [];
  private next = 0;
  private keys!: Uint32Array;
  private sizes!: Uint16Array; // [shingles, shingle excess, words, word excess] per slot
  private masks!: Uint16Array; // SHINGLE_MASKS + WORD_MASKS per slot
  constructor(readonly capacity: number) {}

  add(fp: Fingerprint): void {
    if (this.ring.length === 0) {
      this.keys = new Uint32Array(this.capacity);
      this.sizes = new Uint16Array(this.capacity * 4);
      this.masks = new Uint16Array(this.capacity * SLOT_MASKS);
    }
    const slot = this.next;
    if (this.ring.length < this.capacity) this.ring.push(fp);
    else this.ring[slot] = fp;
    this.next = (slot + 1) % this.capacity;
    this.keys[slot] = fp.key;
    const s = fp.shingleSummary;
    const w = fp.wordSummary;
    const o = slot * 4;
    this.sizes[o] = s.size;
    this.sizes[o + 1] = s.excess;
    this.sizes[o + 2] = w.size;
    this.sizes[o + 3] = w.excess;
    this.masks.set(s.masks, slot * SLOT_MASKS);
    this.masks.set(w.masks, slot * SLOT_MASKS + SHINGLE_MASKS);
  }

  /** The first entry `candidate` duplicates, if any (the same answer as `compare` on each entry). */
  match(candidate: Fingerprint, thresholds: DedupThresholds = DEFAULT_THRESHOLDS): Similarity | undefined {
    const { keys, sizes, masks, ring } = this;
    const cs = candidate.shingleSummary;
    const cw = candidate.wordSummary;
    const ts = thresholds.shingle;
    const tw = thresholds.words;
    for (let i = 0; i < ring.length; i++) {
      if (keys[i] === candidate.key && ring[i]!.norm === candidate.norm) return { kind: 'exact', score: 1 };
      const o = i * 4;
      const m = i * SLOT_MASKS;
      if (mayReachAt(cs, sizes[o]!, sizes[o + 1]!, masks, m, ts) && jaccardAtLeast(candidate.shingles, ring[i]!.shingles, ts)) {
        return { kind: 'near', score: jaccard(candidate.shingles, ring[i]!.shingles) };
      }
      if (cw.size >= 4 && sizes[o + 2]! >= 4 && mayReachAt(cw, sizes[o + 2]!, sizes[o + 3]!, masks, m + SHINGLE_MASKS, tw)
        && jaccardAtLeast(candidate.words, ring[i]!.words, tw)) {
        return { kind: 'near', score: jaccard(candidate.words, ring[i]!.words) };
      }
    }
    return undefined;
  }

  get size(): number {
    return this.ring.length;
  }
}

const SLOT_MASKS = SHINGLE_MASKS + WORD_MASKS;

/** `mayReach` against a summary stored in a window's arrays (size, excess, masks at `at`). */
function mayReachAt(a: Summary, size: number, excess: number, masks: Uint16Array, at: number, t: number): boolean {
  if (Math.min(a.size, size) < t * Math.max(a.size, size) - 1e-9) return false;
  let both = 0;
  const ma = a.masks;
  for (let k = 0; k < ma.length; k++) both += popcount(ma[k]! & masks[at + k]!);
  return both + Math.min(a.excess, excess) >= (t * (a.size + size)) / (1 + t) - 1e-9;
}

/** Exact repeats over a long horizon: a ring of hashes of normalised texts (e.g. a chat's last 5,000),
 * so "never the same line twice" holds far beyond the near-duplicate window. */
export class ExactWindow {
  private readonly ring: number[] = [];
  private readonly counts = new Map<number, number>();
  private next = 0;
  constructor(readonly capacity: number) {}
  add(fp: Fingerprint): void {
    const k = smallKey(fp);
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
    return this.counts.has(smallKey(fp));
  }
}

/** 30 bits of the text's hash: a small integer, which V8 keeps unboxed in arrays and map keys. A
 * collision can only make a new line look like a repeat (regenerated), never let a repeat through. */
const smallKey = (fp: Fingerprint): number => fp.key >>> 2;

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
