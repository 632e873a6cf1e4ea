// The virtual clock: time moves only when a test or simulation says so, and timers fire in
// (time, insertion) order from a binary heap. Determinism starts here.
import type { Clock, Timer } from '../../actors/index.ts';

class VirtualTimer implements Timer {
  constructor(
    readonly id: number,
    readonly at: number,
    /** Cleared when the timer fires or is cancelled. */
    public fn: (() => void) | undefined,
  ) {}
}

/** Cancelled timers stay in the heap until they surface; past this many we compact. */
const COMPACT_AFTER = 1024;

/**
 * A Clock whose time only advances through `fireNext`, `advanceBy` or `runUntil`. Use it for unit
 * tests and seeded simulations; `runUntil(t, () => system.settle())` interleaves timers with the
 * actor work they trigger.
 */
export class VirtualClock implements Clock {
  #now: number;
  #heap: VirtualTimer[] = [];
  #nextId = 1;
  #live = 0;
  #cancelled = 0;

  constructor(startMs = 0) {
    this.#now = startMs;
  }

  now(): number {
    return this.#now;
  }

  /** A negative or NaN delay counts as 0: the timer is due now but still waits to be fired. */
  setTimer(delayMs: number, fn: () => void): Timer {
    const delay = delayMs > 0 ? delayMs : 0;
    const timer = new VirtualTimer(this.#nextId++, this.#now + delay, fn);
    this.#push(timer);
    this.#live++;
    return timer;
  }

  clearTimer(timer: Timer): void {
    if (!(timer instanceof VirtualTimer) || timer.fn === undefined) return;
    timer.fn = undefined;
    this.#live--;
    this.#cancelled++;
    if (this.#cancelled > COMPACT_AFTER && this.#cancelled * 2 > this.#heap.length) this.#compact();
  }

  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => this.setTimer(ms, resolve));
  }

  /** Timers scheduled and neither fired nor cancelled. */
  pendingTimers(): number {
    return this.#live;
  }

  /** When the earliest pending timer is due, or undefined when none is pending. */
  nextTimerAt(): number | undefined {
    return this.#peek()?.at;
  }

  /**
   * Advance to the earliest timer and fire it and every other timer due at that same instant that
   * was scheduled before this call (timers they schedule for "now" wait for the next call, so a
   * self-rearming timer cannot spin). Returns false when nothing was pending.
   */
  fireNext(): boolean {
    const first = this.#peek();
    if (!first) return false;
    const at = first.at;
    const lastId = this.#nextId - 1;
    for (let t = this.#peek(); t && t.at === at && t.id <= lastId; t = this.#peek()) this.#fire();
    return true;
  }

  /** `runUntil(now + ms, settle)`. */
  advanceBy(ms: number, settle?: () => Promise<void>): Promise<void> {
    return this.runUntil(this.#now + ms, settle);
  }

  /**
   * Fire, one at a time and in order, every timer due at or before `t`, awaiting `settle` before
   * each so the work a timer wakes up runs before the next one fires; then set the time to `t`
   * (time never moves backwards).
   */
  async runUntil(t: number, settle?: () => Promise<void>): Promise<void> {
    for (;;) {
      if (settle) await settle();
      const next = this.#peek();
      if (!next || next.at > t) break;
      this.#fire();
    }
    if (t > this.#now) this.#now = t;
  }

  // ---------------------------------------------------------------- heap

  #fire(): void {
    const timer = this.#pop();
    const fn = timer.fn;
    if (fn === undefined) return;
    timer.fn = undefined;
    this.#live--;
    if (timer.at > this.#now) this.#now = timer.at;
    fn();
  }

  /** The earliest live timer, dropping cancelled ones that surface. */
  #peek(): VirtualTimer | undefined {
    let top = this.#heap[0];
    while (top && top.fn === undefined) {
      this.#pop();
      this.#cancelled--;
      top = this.#heap[0];
    }
    return top;
  }

  #compact(): void {
    this.#heap = this.#heap.filter((t) => t.fn !== undefined);
    this.#cancelled = 0;
    for (let i = (this.#heap.length >> 1) - 1; i >= 0; i--) this.#down(i);
  }

  #push(timer: VirtualTimer): void {
    const h = this.#heap;
    h.push(timer);
    let i = h.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(timer, h[parent]!)) break;
      h[i] = h[parent]!;
      i = parent;
    }
    h[i] = timer;
  }

  #pop(): VirtualTimer {
    const h = this.#heap;
    const top = h[0]!;
    const last = h.pop()!;
    if (h.length > 0) {
      h[0] = last;
      this.#down(0);
    }
    return top;
  }

  #down(start: number): void {
    const h = this.#heap;
    const item = h[start]!;
    let i = start;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= h.length) break;
      const r = l + 1;
      const child = r < h.length && before(h[r]!, h[l]!) ? r : l;
      if (!before(h[child]!, item)) break;
      h[i] = h[child]!;
      i = child;
    }
    h[i] = item;
  }
}

function before(a: VirtualTimer, b: VirtualTimer): boolean {
  return a.at < b.at || (a.at === b.at && a.id < b.id);
}
