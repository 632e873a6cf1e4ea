// A circuit breaker per model (transport/breaker.ts) around the completion call: closed → open after
// `failures` failures in a row → one probe after `openMs` → closed on its success, open again on its
// failure; a Fatal error opens it at once for `fatalOpenMs`.
import { Fatal, Invalid, Transient } from '../../../actors/index.ts';
import type { Clock } from '../../../actors/index.ts';
import { Circuit, type CircuitState } from '../../breaker.ts';
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

/** Thrown without calling while the breaker is open (or its one probe is out). */
export class CircuitOpen extends Transient {
  override readonly name: string = 'CircuitOpen';
}

export interface Breaker extends CompletionPort {
  state(): CircuitState;
  /** Times it opened (for tests and status). */
  readonly opened: number;
}

/** Does this failure say the model is unwell? One prompt too large for it (413) does not; a model that
 * refuses every request (400: a parameter it does not take) does. */
const counts = (error: unknown): boolean => !(error instanceof Invalid && error.path === 'request.size');

export function withBreaker(inner: CompletionPort, opts: BreakerOptions): Breaker {
  const fatalOpenMs = opts.fatalOpenMs ?? 600_000;
  const breaker = new Circuit(opts.clock, { threshold: opts.failures ?? 3, openMs: opts.openMs ?? 30_000 });
  return {
    state: () => breaker.state(),
    get opened() {
      return breaker.opened;
    },
    async complete(call: CompletionCall): Promise<Completion> {
      const admitted = breaker.admit();
      if (admitted === 'refuse') throw new CircuitOpen(`LLM ${call.model}: circuit open`);
      let result: Completion;
      try {
        result = await inner.complete(call);
      } catch (error) {
        if (error instanceof Fatal) breaker.failed(fatalOpenMs);
        else if (counts(error) || admitted === 'trial') breaker.failed();
        else breaker.released();
        throw error;
      }
      breaker.succeeded();
      return result;
    },
  };
}
