// The real clock: Date.now and setTimeout behind the Clock port, for production composition roots.
import type { Clock, Timer } from '../actors/index.ts';

/** setTimeout's ceiling (about 24.8 days); longer delays are re-armed in steps. */
const MAX_DELAY = 2_147_483_647;

export interface SystemClockOptions {
  /** Timers do not keep the process alive (Node's `unref`). Default false. */
  readonly unref?: boolean;
  /** Clock time runs this many times faster than wall time (demos). Default 1. */
  readonly speed?: number;
  /** Clock time at construction, when later than the wall: a fast demo run leaves the stored state's
   * times ahead of the wall, and the next run carries on from there (time never runs backwards for
   * the system of record). Default: the wall time. */
  readonly startAt?: number;
  /** Clock time `at` at wall time `wall`, running at `speed` from there: processes given the same
   * origin agree on the time (a simulated day shared by several processes). Overrides `startAt`. */
  readonly origin?: { readonly wall: number; readonly at: number };
}

class SystemTimer implements Timer {
  handle: ReturnType<typeof setTimeout> | undefined;
  constructor(readonly id: number) {}
}

/** Wall-clock time. Use it in real runs; tests and simulations use VirtualClock. */
export class SystemClock implements Clock {
  readonly #unref: boolean;
  readonly #speed: number;
  readonly #epoch: number;
  /** Clock time minus wall time at construction (0 unless `startAt` was ahead). */
  readonly #ahead: number;
  #nextId = 1;

  constructor(opts: SystemClockOptions = {}) {
    this.#unref = opts.unref ?? false;
    this.#speed = opts.speed ?? 1;
    if (!(this.#speed > 0)) throw new RangeError(`clock speed must be positive, got ${this.#speed}`);
    this.#epoch = opts.origin?.wall ?? Date.now();
    if (opts.origin) this.#ahead = opts.origin.at - opts.origin.wall;
    else this.#ahead = opts.startAt !== undefined && opts.startAt > this.#epoch ? opts.startAt - this.#epoch : 0;
  }

  /** Epoch ms; with a speed ≠ 1, time since construction is scaled. */
  now(): number {
    const wall = Date.now();
    return this.#ahead + (this.#speed === 1 ? wall : this.#epoch + Math.round((wall - this.#epoch) * this.#speed));
  }

  /** A negative or NaN delay counts as 0. */
  setTimer(delayMs: number, fn: () => void): Timer {
    const timer = new SystemTimer(this.#nextId++);
    this.#arm(timer, delayMs > 0 ? delayMs / this.#speed : 0, fn);
    return timer;
  }

  clearTimer(timer: Timer): void {
    if (timer instanceof SystemTimer) clearTimeout(timer.handle);
  }

  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => this.setTimer(ms, resolve));
  }

  #arm(timer: SystemTimer, remaining: number, fn: () => void): void {
    const step = Math.min(remaining, MAX_DELAY);
    const later = remaining - step;
    timer.handle = setTimeout(later > 0 ? () => this.#arm(timer, later, fn) : fn, step);
    if (this.#unref) timer.handle.unref();
  }
}
