// A circuit breaker per model that recovers: closed → open after `failures` failures in a row (no
// calls while open) → half-open after `openMs`, when one probe goes through → closed on its success,
// open again on its failure. The old system's breakers never left "open"; this one is tested on it.
import { Fatal, Invalid, Transient } from '../../../actors/index.ts';
import type { Clock } from '../../../actors/index.ts';
import type { Completion, CompletionCall, CompletionPort } from './types.ts';

export interface BreakerOptions {
  readonly clock: Clock;
  /** Failures in a row that open it. Default 3. */
  readonly failures?: number;
  /** How long it stays open before a probe. Default 30 000 ms. */
  readonly openMs?: number;
  /** After a Fatal error (a rejected key, a retired model: 401/403/404) it opens at once, for this
   * long. Default 600 000 ms. */
  readonly fatalOpenMs?: number;
}

export type BreakerState = 'closed' | 'open' | 'half-open';

/** Thrown without calling while the breaker is open (or its one probe is out). */
export class CircuitOpen extends Transient {
  override readonly name: string = 'CircuitOpen';
}

export interface Breaker extends CompletionPort {
  state(): BreakerState;
  /** Times it opened (for tests and status). */
  readonly opened: number;
}

/** Does this failure say the model is unwell? One prompt too large for it (413) does not; a model that
 * refuses every request (400: a parameter it does not take) does. */
const counts = (error: unknown): boolean => !(error instanceof Invalid && error.path === 'request.size');

export function withBreaker(inner: CompletionPort, opts: BreakerOptions): Breaker {
  const limit = opts.failures ?? 3;
  const openMs = opts.openMs ?? 30_000;
  const fatalOpenMs = opts.fatalOpenMs ?? 600_000;
  let failures = 0;
  let openedAt: number | undefined;
  let openFor = openMs;
  let probing = false;
  let opened = 0;
  const state = (): BreakerState => {
    if (openedAt === undefined) return 'closed';
    return opts.clock.now() - openedAt >= openFor && !probing ? 'half-open' : 'open';
  };
  const open = (fatal: boolean): void => {
    openedAt = opts.clock.now();
    openFor = fatal ? fatalOpenMs : openMs;
    opened++;
  };
  return {
    state,
    get opened() {
      return opened;
    },
    async complete(call: CompletionCall): Promise<Completion> {
      const s = state();
      if (s === 'open') throw new CircuitOpen(`LLM ${call.model}: circuit open`);
      const probe = s === 'half-open';
      if (probe) probing = true;
      try {
        const result = await inner.complete(call);
        failures = 0;
        openedAt = undefined;
        return result;
      } catch (error) {
        const fatal = error instanceof Fatal;
        if (probe || fatal) open(fatal);
        else if (counts(error) && ++failures >= limit && openedAt === undefined) open(false);
        throw error;
      } finally {
        if (probe) probing = false;
      }
    },
  };
}
