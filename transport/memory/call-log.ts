// The call log every in-memory fake keeps, so tests assert on what was called, with what, and when.
import type { Clock } from '../../actors/index.ts';

/** One call on a fake: the method, its arguments and the clock time it was made. */
export interface CallRecord {
  readonly method: string;
  readonly args: readonly unknown[];
  readonly at: number;
}

/** An append-only list of calls; `at` comes from the injected clock (0 without one). */
export class CallLog {
  readonly calls: CallRecord[] = [];
  constructor(private readonly clock?: Pick<Clock, 'now'>) {}

  record(method: string, args: readonly unknown[]): void {
    this.calls.push({ method, args, at: this.clock?.now() ?? 0 });
  }

  /** The calls of one method, in order. */
  of(method: string): CallRecord[] {
    return this.calls.filter((c) => c.method === method);
  }
}
