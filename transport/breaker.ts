// The circuit breaker both adapters wrap (the LLM per model, Telegram per bot), as one state machine
// that recovers: closed → open after `threshold` failures in a row (nothing goes through) → after the
// open period one trial call (half-open) → closed on its success, open again on its failure. The old
// system's breakers never left "open"; this one is tested on the way back.
import type { Clock } from '../actors/index.ts';

export type CircuitState = 'closed' | 'open' | 'half-open';

export interface CircuitLimits {
  /** Failures in a row that open it. */
  readonly threshold: number;
  /** How long it stays open before one trial call (ms). */
  readonly openMs: number;
}

/** What `admit` lets a caller do: call as usual, make the one trial call, or not call at all. */
export type CircuitAdmission = 'call' | 'trial' | 'refuse';

export class Circuit {
  #failures = 0;
  #openedAt: number | undefined;
  #openFor = 0;
  #trial = false;
  #opened = 0;

  constructor(
    private readonly clock: Pick<Clock, 'now'>,
    private readonly limits: CircuitLimits,
  ) {}

  state(): CircuitState {
    if (this.#openedAt === undefined) return 'closed';
    return this.clock.now() - this.#openedAt >= this.#openFor && !this.#trial ? 'half-open' : 'open';
  }

  /** Times it opened (status, tests). */
  get opened(): number {
    return this.#opened;
  }

  /** Before a call. A 'trial' caller must report its outcome (succeeded, failed or released). */
  admit(): CircuitAdmission {
    const s = this.state();
    if (s === 'open') return 'refuse';
    if (s === 'half-open') {
      this.#trial = true;
      return 'trial';
    }
    return 'call';
  }

  succeeded(): void {
    this.#failures = 0;
    this.#openedAt = undefined;
    this.#trial = false;
  }

  /** A failure that says the service is unwell. `openForMs` opens it at once for that long (a
   * rejected key, a retired model); a failed trial reopens it for the usual period. */
  failed(openForMs?: number): void {
    const trial = this.#trial;
    this.#trial = false;
    this.#failures++;
    if (openForMs !== undefined) this.#open(openForMs);
    else if (trial || (this.#failures >= this.limits.threshold && this.#openedAt === undefined)) this.#open(this.limits.openMs);
  }

  /** An admitted call that says nothing about the service (aborted by us, one request refused on its
   * own merits): a trial slot is given back, nothing is counted. */
  released(): void {
    this.#trial = false;
  }

  #open(forMs: number): void {
    this.#openedAt = this.clock.now();
    this.#openFor = forMs;
    this.#opened++;
  }
}
