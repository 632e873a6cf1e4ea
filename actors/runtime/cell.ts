// One actor's wrapper record (the state nact keeps for us) and `run`, the single handler every nact
// actor executes: init, receive, retry with restarts, dead letters, and the stop sentinel.
import { Invalid, errorText } from '../errors.ts';
import type { ActorSystem } from './system.ts';
import type { Kernel, ResolvedSpawn } from './kernel.ts';
import type { ActorContext, ActorRef, Behavior, Decision } from './types.ts';
import type { Ref } from 'nact';

/** Internal messages: run `init` before anything else / stop after everything else. */
export const INIT: unique symbol = Symbol('init');
export const STOP: unique symbol = Symbol('stop');

/** How a message someone waits on ended (ActorSystem.deliver): handled; refused before it ran (the
 * actor stopped: it may be handled elsewhere); or failed for good (dead-lettered as poison or malformed). */
export type DeliveryOutcome = 'handled' | 'refused' | 'failed';

/** A message whose sender waits for its outcome; unwrapped before the behavior sees it. */
export class Tracked {
  constructor(
    readonly message: unknown,
    readonly done: (outcome: DeliveryOutcome) => void,
  ) {}
}

/** The ref handed out: an address plus whether that incarnation stopped ('stopped' vs 'no-such-actor'). */
export class LocalRef<M> implements ActorRef<M> {
  #stopped = false;
  constructor(
    readonly path: string,
    readonly name: string,
  ) {}
  static markStopped(ref: LocalRef<unknown>): void {
    ref.#stopped = true;
  }
  static isStopped(ref: ActorRef<unknown>): boolean {
    return ref instanceof LocalRef && ref.#stopped;
  }
}

/**
 * Everything we keep per actor. Deliberately small (idle actors are the common case): the behavior
 * and options are shared, attempt counts live on the handler's stack, and the context handed to
 * behaviors is the cell itself.
 */
export class Cell<S = unknown, M = unknown> implements ActorContext<M> {
  nref!: Ref<unknown>;
  state: S | undefined = undefined;
  /** User messages accepted and not yet finished. */
  queued = 0;
  /** `state` came from a successful `init` and no failure has invalidated it since. */
  ready = false;
  stopped = false;
  children: Set<Cell> | undefined = undefined;
  /** Clock time of the last mailbox-full warning. */
  warnedAt = -Infinity;
  /** Ends a backoff pause early (set only while pausing). */
  wake: (() => void) | undefined = undefined;
  /** Set once stopping starts; settles when the stop sentinel was handled. */
  stopping: Promise<void> | undefined = undefined;
  onStopped: (() => void) | undefined = undefined;

  constructor(
    readonly kernel: Kernel,
    readonly ref: LocalRef<M>,
    readonly behavior: Behavior<S, M>,
    readonly opts: ResolvedSpawn,
    readonly parent: Cell | undefined,
  ) {}

  get self(): ActorRef<M> {
    return this.ref;
  }
  get path(): string {
    return this.ref.path;
  }
  get system(): ActorSystem {
    return this.kernel.system;
  }
}

/** The nact actor function shared by all actors; nact's state slot holds the cell. Never throws. */
export async function run(cell: Cell, raw: unknown): Promise<Cell> {
  const k = cell.kernel;
  k.progress++;
  const tracked = raw instanceof Tracked ? raw : undefined;
  const message = tracked ? tracked.message : raw;
  let outcome: DeliveryOutcome = 'handled';
  try {
    if (message === STOP) await finish(cell);
    else if (cell.stopped) {
      if (message !== INIT) k.deadLetter(cell.path, message, 'stopped', 0);
      outcome = 'refused';
    } else if (cell.ready && message !== INIT) {
      // The common case, without another async frame: a ready actor handles a message.
      try {
        cell.state = await cell.behavior.receive(cell.state, message, cell);
      } catch (error) {
        outcome = await deliver(cell, message, { error });
      }
    } else outcome = await deliver(cell, message);
  } catch (error) {
    k.logger.error('actor.runtime-error', { actor: cell.path, error: errorText(error) });
    outcome = 'failed';
  } finally {
    if (message !== INIT && message !== STOP) cell.queued--;
    k.inflight--;
    k.progress++;
    if (message === STOP) cell.onStopped?.();
    tracked?.done(outcome);
  }
  return cell;
}

/** Handle one message: (re)initialise when needed, receive, and on failure ask the supervisor.
 * `failed` carries the error of a first attempt already made (the fast path in `run`). */
async function deliver(cell: Cell, message: unknown, failed?: { readonly error: unknown }): Promise<DeliveryOutcome> {
  const k = cell.kernel;
  let attempts = 0;
  let error: unknown = failed?.error;
  let failing = failed !== undefined;
  while (failing || cell.ready || (await initialize(cell))) {
    if (!failing) {
      if (message === INIT) return 'handled';
      if (attempts >= cell.opts.maxMessageAttempts) {
        k.deadLetter(cell.path, message, 'poison', attempts, error);
        if (poisonEscalates(cell, error, attempts)) k.escalate(cell, error);
        return 'failed';
      }
      try {
        cell.state = await cell.behavior.receive(cell.state, message, cell);
        return 'handled';
      } catch (thrown) {
        error = thrown;
      }
    }
    failing = false;
    attempts++;
    if (error instanceof Invalid) {
      k.deadLetter(cell.path, message, 'malformed', attempts, error);
      return 'failed';
    }
    const decision = await decide(cell, error, attempts);
    if (decision.action === 'escalate') {
      k.deadLetter(cell.path, message, 'poison', attempts, error);
      k.escalate(cell, error);
      return 'failed';
    }
    await pause(cell, decision.delayMs);
    cell.ready = false;
  }
  // Stopped (or escalated while re-initialising) before the message could be handled.
  if (message !== INIT) k.deadLetter(cell.path, message, 'stopped', attempts, error);
  return 'refused';
}

/** Run `init` until it succeeds; false when the actor stopped or its supervisor escalated. */
async function initialize(cell: Cell): Promise<boolean> {
  for (let failures = 1; !cell.stopped; failures++) {
    try {
      cell.state = await cell.behavior.init(cell);
      cell.ready = true;
      return true;
    } catch (error) {
      const decision = await decide(cell, error, failures);
      if (decision.action === 'escalate') {
        cell.kernel.escalate(cell, error);
        return false;
      }
      await pause(cell, decision.delayMs);
    }
  }
  return false;
}

const ESCALATE: Decision = { action: 'escalate' };

/** Whether the supervision stops an actor after one more of its messages was dead-lettered as poison. */
function poisonEscalates(cell: Cell, error: unknown, attempt: number): boolean {
  const k = cell.kernel;
  try {
    return cell.opts.supervision.onPoison?.({ child: cell.path, error, attempt, at: k.clock.now() }) === 'escalate';
  } catch (failure) {
    k.logger.error('actor.supervision-failed', { actor: cell.path, error: errorText(failure) });
    return false;
  }
}

async function decide(cell: Cell, error: unknown, attempt: number): Promise<Decision> {
  const k = cell.kernel;
  try {
    return await cell.opts.supervision.onFailure({ child: cell.path, error, attempt, at: k.clock.now() });
  } catch (failure) {
    k.logger.error('actor.supervision-failed', { actor: cell.path, error: errorText(failure) });
    return ESCALATE;
  }
}

/** Wait out a restart delay on the clock; stopping the actor ends (or skips) the wait. */
function pause(cell: Cell, delayMs: number): Promise<void> {
  if (cell.stopped) return Promise.resolve();
  const clock = cell.kernel.clock;
  return new Promise((resolve) => {
    const wake = (): void => {
      clock.clearTimer(timer);
      cell.wake = undefined;
      resolve();
    };
    const timer = clock.setTimer(delayMs, wake);
    cell.wake = wake;
  });
}

/** The stop sentinel: everything before it was handled or dead-lettered. */
async function finish(cell: Cell): Promise<void> {
  cell.kernel.release(cell);
  if (cell.ready && cell.behavior.stopped) await cell.behavior.stopped(cell.state, cell);
}
