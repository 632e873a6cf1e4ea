// Fault injection as a decorator: a Proxy over any port whose async methods fail, slow down,
// duplicate, drop or lose their answer by plan, driven by the seeded RNG so one seed replays the
// same faults.
import { OutcomeUnknown, Transient } from '../../actors/index.ts';
import type { Clock, Rng } from '../../actors/index.ts';

/** What to inject. Rates are probabilities per call (0..1); all parts are optional. */
export interface FaultPlan {
  /** Fail exactly these 1-based calls (counting calls of `method`, or of every covered method). */
  readonly failNth?: { readonly method?: string; readonly n: readonly number[]; readonly error?: () => Error };
  /** Fail this share of calls with Transient('injected fault'). */
  readonly failRate?: number;
  /** Wait a uniform whole number of milliseconds in [min, max] on the clock before the call. */
  readonly latencyMs?: { readonly min: number; readonly max: number };
  /** Call the underlying method twice and return the first result. */
  readonly duplicateRate?: number;
  /** Skip the underlying call: void methods resolve, others reject with Transient('dropped'). */
  readonly dropRate?: number;
  /** Make the underlying call (it takes effect) but lose its answer: reject with `lostAnswerError()`,
   * default OutcomeUnknown — a send that reached Telegram while the connection broke. */
  readonly lostAnswerRate?: number;
  readonly lostAnswerError?: () => Error;
  /** Methods the plan covers. Default: all. */
  readonly methods?: readonly string[];
  /** Calls the plan covers among those methods (e.g. only some messages of a bus). Default: all. */
  readonly covers?: (method: string, args: readonly unknown[]) => boolean;
  /** Methods whose promise carries no value (for drops). Default: VOID_METHODS. */
  readonly voidMethods?: readonly string[];
}

export type FaultKind = 'fail' | 'latency' | 'duplicate' | 'drop' | 'lost';

export interface FaultRecord {
  readonly method: string;
  readonly kind: FaultKind;
  readonly at: number;
  /** The call's arguments (what was dropped, duplicated or sent without an answer). */
  readonly args: readonly unknown[];
}

/** The methods of actors/ports.ts that resolve to nothing. */
export const VOID_METHODS: readonly string[] = ['sendChatAction', 'setMessageReaction', 'save', 'append'];

const logs = new WeakMap<object, FaultRecord[]>();

/** The faults injected so far by a port that `faulty` returned, in order. */
export function faultsOf(port: object): readonly FaultRecord[] {
  const log = logs.get(port);
  if (!log) throw new TypeError('faultsOf: not a port returned by faulty()');
  return log;
}

type AnyFn = (...args: unknown[]) => unknown;

/** Wraps `port` so the covered methods suffer the plan's faults; everything else passes through.
 * All random draws of a call happen when it is made, so concurrency does not shift the stream.
 * Read what was injected with `faultsOf(returnedPort)`. Covered methods always return a promise. */
export function faulty<T extends object>(port: T, plan: FaultPlan, env: { rng: Rng; clock: Clock }): T {
  const { rng, clock } = env;
  const faults: FaultRecord[] = [];
  const voids = plan.voidMethods ?? VOID_METHODS;
  const wrapped = new Map<string, AnyFn>();
  let nthCount = 0;
  const note = (method: string, kind: FaultKind, args: readonly unknown[]) => faults.push({ method, kind, at: clock.now(), args });

  const wrap = (method: string, fn: AnyFn): AnyFn => async (...args) => {
    if (plan.covers && !plan.covers(method, args)) return fn.apply(port, args);
    const counted = plan.failNth && (plan.failNth.method ?? method) === method;
    const nth = counted && plan.failNth!.n.includes(++nthCount);
    const latency = plan.latencyMs ? plan.latencyMs.min + rng.int(plan.latencyMs.max - plan.latencyMs.min + 1) : 0;
    const fail = plan.failRate !== undefined && rng.chance(plan.failRate);
    const drop = plan.dropRate !== undefined && rng.chance(plan.dropRate);
    const duplicate = plan.duplicateRate !== undefined && rng.chance(plan.duplicateRate);
    const lost = plan.lostAnswerRate !== undefined && rng.chance(plan.lostAnswerRate);
    if (latency > 0) {
      note(method, 'latency', args);
      await clock.sleep(latency);
    }
    if (nth || fail) {
      note(method, 'fail', args);
      throw (nth && plan.failNth!.error) ? plan.failNth!.error() : new Transient('injected fault');
    }
    if (drop) {
      note(method, 'drop', args);
      if (voids.includes(method)) return undefined;
      throw new Transient('dropped');
    }
    if (duplicate) {
      note(method, 'duplicate', args);
      const first = fn.apply(port, args);
      Promise.resolve(fn.apply(port, args)).catch(() => undefined);
      return first;
    }
    if (lost) {
      await fn.apply(port, args);
      note(method, 'lost', args);
      throw plan.lostAnswerError ? plan.lostAnswerError() : new OutcomeUnknown('injected: the answer was lost');
    }
    return fn.apply(port, args);
  };

  const proxy = new Proxy(port, {
    get(target, prop) {
      const value: unknown = Reflect.get(target, prop, target);
      if (typeof value !== 'function') return value;
      if (typeof prop !== 'string' || (plan.methods && !plan.methods.includes(prop))) return value.bind(target);
      let fn = wrapped.get(prop);
      if (!fn) wrapped.set(prop, (fn = wrap(prop, value as AnyFn)));
      return fn;
    },
  });
  logs.set(proxy, faults);
  return proxy;
}
