// In-memory DeadLetterStore: a bounded ring of the newest letters plus counters that survive
// eviction, so a flood of poison messages cannot exhaust memory but is still counted.
import type { DeadLetter, DeadLetterStore } from '../../actors/index.ts';

export interface MemoryDeadLettersOptions {
  /** How many letters are kept; older ones are evicted and counted in `dropped`. Default 10,000. */
  readonly capacity?: number;
}

/** Keeps the last `capacity` dead letters (oldest first in `list()`). */
export class MemoryDeadLetters implements DeadLetterStore {
  readonly capacity: number;
  /** Letters evicted from the buffer because it was full. */
  dropped = 0;
  private readonly ring: DeadLetter[] = [];
  private start = 0;
  private readonly counts: Partial<Record<DeadLetter['reason'], number>> = {};

  constructor({ capacity = 10_000 }: MemoryDeadLettersOptions = {}) {
    if (!(capacity >= 1)) throw new RangeError(`capacity must be >= 1 (got ${capacity})`);
    this.capacity = capacity;
  }

  put(letter: DeadLetter): void {
    this.counts[letter.reason] = (this.counts[letter.reason] ?? 0) + 1;
    if (this.ring.length < this.capacity) {
      this.ring.push(letter);
      return;
    }
    this.ring[this.start] = letter;
    this.start = (this.start + 1) % this.capacity;
    this.dropped++;
  }

  list(): readonly DeadLetter[] {
    return [...this.ring.slice(this.start), ...this.ring.slice(0, this.start)];
  }

  /** How many letters arrived per reason, evicted ones included. */
  byReason(): Partial<Record<DeadLetter['reason'], number>> {
    return { ...this.counts };
  }
}
