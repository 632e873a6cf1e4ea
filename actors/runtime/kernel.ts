// The mechanics behind ActorSystem: the path table, the inflight/progress counters, the accept-or-
// dead-letter decision of every tell, spawning on nact, stopping (drain, escalate) and shutdown.
import { dispatch as nactDispatch, spawn as nactSpawn, start, stop as nactStop } from 'nact';
import type { Ref } from 'nact';
import { Invalid, errorText } from '../errors.ts';
import type { Clock, DeadLetter, DeadLetterStore, Logger } from '../ports.ts';
import { Cell, INIT, LocalRef, STOP, Tracked, run, type DeliveryOutcome } from './cell.ts';
import type { ActorSystem } from './system.ts';
import type { ActorRef, Behavior, Supervision } from './types.ts';

/** Spawn options with every default filled in. */
export interface ResolvedSpawn {
  readonly mailboxLimit: number;
  readonly maxMessageAttempts: number;
  readonly supervision: Supervision;
}

export interface KernelConfig {
  readonly clock: Clock;
  readonly deadLetters: DeadLetterStore;
  readonly logger: Logger;
}

type Reason = DeadLetter['reason'];

/** nact's rule for names; checked here so a bad name is our Invalid, not nact's Error. */
const NAME = /^[a-z0-9\-$_.+!*'(),]+$/i;
const MAILBOX_WARN_EVERY_MS = 1000;

/** nact's "no sender", made once: without a sender argument nact builds a fresh one for every
 * message (our actors never reply to a sender; asks carry their own reply function). */
const NO_SENDER = Object.freeze({ system: Object.freeze({ name: undefined }), path: Object.freeze({ parts: Object.freeze([]) }), type: 'nobody' });
/** nact's dispatch with its sender argument (left out of its typings). */
const dispatch = nactDispatch as (actor: Ref<unknown>, message: unknown, sender: unknown) => void;

/** Paths are `/parent/child`; top-level actors hang off `/`. */
export function childPath(parentPath: string | undefined, name: string): string {
  return `${parentPath ?? ''}/${name}`;
}

export class Kernel {
  /** Messages (including internal init/stop) accepted and not yet fully handled. */
  inflight = 0;
  /** Bumped whenever a handler starts or finishes. */
  progress = 0;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly #deadLetters: DeadLetterStore;
  readonly #cells = new Map<string, Cell>();
  readonly #root: Ref<never> = start();
  #closed = false;

  constructor(
    readonly system: ActorSystem,
    config: KernelConfig,
  ) {
    this.clock = config.clock;
    this.logger = config.logger;
    this.#deadLetters = config.deadLetters;
  }

  /** The live actor at `path` (not stopping, not stopped). */
  find(path: string): Cell | undefined {
    return this.#cells.get(path);
  }

  spawn<S, M>(name: string, behavior: Behavior<S, M>, opts: ResolvedSpawn, parent?: ActorRef<unknown>): Cell<S, M> {
    if (this.#closed) throw new Invalid(`cannot spawn ${name}: the actor system is shut down`);
    if (!NAME.test(name)) throw new Invalid(`bad actor name ${JSON.stringify(name)}`, 'name');
    const parentCell = parent && this.#cells.get(parent.path);
    if (parent && !parentCell) throw new Invalid(`cannot spawn ${name}: no live parent ${parent.path}`);
    const path = childPath(parentCell?.path, name);
    if (this.#cells.has(path)) throw new Invalid(`actor ${path} already exists`);
    const cell = new Cell<S, M>(this, new LocalRef<M>(path, name), behavior, opts, parentCell);
    try {
      cell.nref = nactSpawn(parentCell?.nref ?? this.#root, run, name, { initialState: cell as Cell });
    } catch {
      throw new Invalid(`actor ${path} is still stopping; await stop() before spawning it again`);
    }
    if (parentCell) (parentCell.children ??= new Set()).add(cell as Cell);
    this.#cells.set(path, cell as Cell);
    this.inflight++;
    dispatch(cell.nref, INIT, NO_SENDER);
    return cell;
  }

  /** Queue a message, or dead-letter it and say why not. With `done`, it is told how the message ended. */
  offer(ref: ActorRef<unknown>, message: unknown, done?: (outcome: DeliveryOutcome) => void): Reason | undefined {
    const cell = this.#cells.get(ref.path);
    if (!cell) {
      const reason = LocalRef.isStopped(ref) ? 'stopped' : 'no-such-actor';
      this.deadLetter(ref.path, message, reason, 0);
      return reason;
    }
    const accepts = cell.behavior.accepts;
    if (accepts && !accepts.call(cell.behavior, message)) {
      this.deadLetter(cell.path, message, 'malformed', 0, `message rejected by ${cell.path}`);
      return 'malformed';
    }
    if (cell.queued >= cell.opts.mailboxLimit) {
      this.#mailboxFull(cell);
      this.deadLetter(cell.path, message, 'mailbox-full', 0);
      return 'mailbox-full';
    }
    cell.queued++;
    this.inflight++;
    dispatch(cell.nref, done ? new Tracked(message, done) : message, NO_SENDER);
    return undefined;
  }

  deadLetter(actor: string, message: unknown, reason: Reason, attempts: number, error?: unknown): void {
    const text = error === undefined ? undefined : typeof error === 'string' ? error : errorText(error);
    const at = this.clock.now();
    this.#deadLetters.put({ at, actor, message, reason, attempts, ...(text === undefined ? {} : { error: text }) });
    const fields = { actor, reason, attempts, ...(text === undefined ? {} : { error: text }) };
    if (reason === 'poison' || reason === 'malformed') this.logger.warn('actor.dead-letter', fields);
    else if (reason !== 'mailbox-full') this.logger.debug('actor.dead-letter', fields);
  }

  /** Stop an actor and its children: new tells are refused at once, what is queued is
   * dead-lettered, the running handler finishes, then `stopped` runs. Idempotent. */
  stop(cell: Cell): Promise<void> {
    this.#markStopped(cell);
    return (cell.stopping ??= this.#drain(cell));
  }

  /** The supervisor gave up on `cell`: stop it and tell the supervision. */
  escalate(cell: Cell, error: unknown): void {
    this.logger.error('actor.escalated', { actor: cell.path, error: errorText(error), queued: cell.queued });
    void this.stop(cell);
    try {
      cell.opts.supervision.onEscalated?.(cell.path, error);
    } catch (failure) {
      this.logger.error('actor.supervision-failed', { actor: cell.path, error: errorText(failure) });
    }
  }

  /** Detach a fully drained actor from nact and from its parent (called by the stop sentinel). */
  release(cell: Cell): void {
    nactStop(cell.nref);
    cell.parent?.children?.delete(cell);
  }

  /** Stop every actor, then nact itself. Spawning afterwards throws; tells dead-letter. */
  async shutdown(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    const tops = [...this.#cells.values()].filter((c) => c.parent === undefined);
    await Promise.all(tops.map((c) => this.stop(c)));
    nactStop(this.#root);
  }

  #markStopped(cell: Cell): void {
    if (cell.stopped) return;
    cell.stopped = true;
    LocalRef.markStopped(cell.ref);
    this.#cells.delete(cell.path);
    cell.wake?.();
    for (const child of cell.children ?? []) this.#markStopped(child);
  }

  /** Children first, so nact never stops a child whose handler is still scheduled. */
  async #drain(cell: Cell): Promise<void> {
    await Promise.all([...(cell.children ?? [])].map((c) => this.stop(c)));
    await new Promise<void>((resolve) => {
      cell.onStopped = resolve;
      this.inflight++;
      dispatch(cell.nref, STOP, NO_SENDER);
    });
  }

  #mailboxFull(cell: Cell): void {
    const now = this.clock.now();
    if (now - cell.warnedAt < MAILBOX_WARN_EVERY_MS) return;
    cell.warnedAt = now;
    this.logger.warn('actor.mailbox-full', { actor: cell.path, limit: cell.opts.mailboxLimit });
  }
}
