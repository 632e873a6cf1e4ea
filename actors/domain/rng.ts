// Seeded randomness: a small, fast generator (mulberry32) behind the Rng port, plus string hashing
// used to derive independent streams and stable keys.
import type { Rng } from '../ports.ts';

/** FNV-1a, 32 bit: stable across processes and runs (unlike a salted hash). */
export function fnv1a(text: string, seed = 0x811c9dc5): number {
  let h = seed >>> 0;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

class Mulberry32 implements Rng {
  /** Kept as a signed 32-bit integer (a small integer to V8, so stepping it allocates nothing); every
   * use below reads only its bits, so the stream is the classic unsigned mulberry32's. */
  private s: number;
  constructor(seed: number) {
    this.s = seed | 0;
  }
  next(): number {
    this.s = (this.s + 0x6d2b79f5) | 0;
    let t = this.s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(maxExclusive: number): number {
    return Math.floor(this.next() * maxExclusive);
  }
  range(min: number, max: number): number {
    return min + this.next() * (max - min);
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new RangeError('pick from an empty list');
    return items[this.int(items.length)] as T;
  }
  fork(label: string): Rng {
    return new Mulberry32(fnv1a(label, this.s ^ 0x9e3779b9));
  }
}

/** A deterministic random stream from a seed. */
export function seededRng(seed: number): Rng {
  return new Mulberry32(seed);
}
