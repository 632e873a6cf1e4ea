// ActorSystem: the typed actor API our code uses instead of nact's (bounded mailboxes, dead letters,
// restarts with backoff on the Clock, asks that time out on the Clock). Options are resolved here.
import { MailboxFull, MalformedMessage, Transient } from '../errors.ts';
import type { Clock, DeadLetterStore, Logger, Timer } from '../ports.ts';
import { Kernel, childPath } from './kernel.ts';
import type { DeliveryOutcome } from './cell.ts';
import type { ResolvedSpawn } from './kernel.ts';
import type { ActorRef, Behavior, Decision, SpawnOptions, Supervision } from './types.ts';

export interface ActorSystemOptions {
  readonly clock: Clock;
  readonly deadLetters: DeadLetterStore;
  readonly logger: Logger;
  /** Default: `simpleSupervision` (composition roots pass `createSupervisor` from supervisors/). */
  readonly supervision?: Supervision;
  /** For logs. Default 'piyasa'. */
  readonly name?: string;
}

/** Spawn options plus where to hang the actor (default: top level). */
export interface SpawnAt extends SpawnOptions {
  readonly parent?: ActorRef<unknown>;
}

/** The fallback when no supervisor is given: restart after 100·2^(attempt−1) ms (capped at 30 s),
 * escalate at the 6th failure in a row. No restart-intensity window: that is supervisors/' job. */
export const simpleSupervision: Supervision = {
  onFailure: ({ attempt }): Decision =>
    attempt > 5 ? { action: 'escalate' } : { action: 'restart', delayMs: Math.min(100 * 2 ** (attempt - 1), 30_000) },
};

const DEFAULT_MAILBOX_LIMIT = 1000;
const DEFAULT_MAX_MESSAGE_ATTEMPTS = 3;
/** settle() gives up waiting after this many setImmediate rounds without any handler progress. */
const IDLE_ROUNDS = 3;

/**
 * One node's actors. Every actor is a nact stateful actor running the shared handler in cell.ts;
 * messages of one actor are handled one at a time, in arrival order, across crashes and backoff.
 */
export class ActorSystem {
  readonly name: string;
  readonly #k: Kernel;
  readonly #defaults: ResolvedSpawn;

  constructor(opts: ActorSystemOptions) {
    this.name = opts.name ?? 'piyasa';
    this.#k = new Kernel(this, opts);
    this.#defaults = {
      mailboxLimit: DEFAULT_MAILBOX_LIMIT,
      maxMessageAttempts: DEFAULT_MAX_MESSAGE_ATTEMPTS,
      supervision: opts?.supervision ?? simpleSupervision,
    };
  }

  /** Start an actor; `init` runs before its first message. Throws Invalid when the name is taken
   * among its siblings, is not a valid nact name, or the parent is not alive. */
  spawn<S, M>(name: string, behavior: Behavior<S, M>, opts?: SpawnAt): ActorRef<M> {
    return this.#k.spawn(name, behavior, this.#resolve(opts), opts?.parent).ref;
  }

  /** `spawn`, or the live actor already at that path (activation code must be idempotent). */
  ensure<S, M>(name: string, behavior: Behavior<S, M>, opts?: SpawnAt): ActorRef<M> {
    const existing = this.#k.find(childPath(opts?.parent?.path, name));
    return existing ? (existing.ref as ActorRef<M>) : this.spawn(name, behavior, opts);
  }

  /** Queue a message. False when it was not accepted; it then went to the dead letters
   * ('mailbox-full', 'no-such-actor', 'stopped' or 'malformed'). Never a silent drop. */
  tell<M>(ref: ActorRef<M>, message: NoInfer<M>): boolean {
    return this.#k.offer(ref, message) === undefined;
  }

  /** `tell`, and wait for the message's outcome: 'handled' once the actor's handler finished it;
   * 'refused' when it was not taken (no such actor, stopped, mailbox full) — another node may take
   * it; 'failed' when it was dead-lettered for good (malformed, poison). A durable message from the
   * cluster bus is acked on 'handled'. */
  deliver<M>(ref: ActorRef<M>, message: NoInfer<M>): Promise<DeliveryOutcome> {
    return new Promise((resolve) => {
      const refused = this.#k.offer(ref, message, resolve);
      if (refused === 'malformed') resolve('failed');
      else if (refused) resolve('refused');
    });
  }

  /** Request/response: `make` builds the message around a reply callback. Rejects with Transient
   * when no reply came within `timeoutMs` of Clock time (or the actor is gone), MailboxFull or
   * MalformedMessage when the message was refused. Late replies are ignored. */
  ask<M, R>(ref: ActorRef<M>, make: (reply: (r: R) => void) => M, timeoutMs: number): Promise<R> {
    const clock = this.#k.clock;
    return new Promise<R>((resolve, reject) => {
      let timer: Timer | undefined;
      let done = false;
      const reply = (r: R): void => {
        if (done) return;
        done = true;
        if (timer) clock.clearTimer(timer);
        resolve(r);
      };
      const refused = this.#k.offer(ref, make(reply));
      if (refused === 'mailbox-full') reject(new MailboxFull(`mailbox of ${ref.path} is full`));
      else if (refused === 'malformed') reject(new MalformedMessage(`${ref.path} rejected the message`));
      else if (refused) reject(new Transient(`ask: ${ref.path} is ${refused === 'stopped' ? 'stopped' : 'not running'}`));
      else if (!done) {
        timer = clock.setTimer(timeoutMs, () => {
          done = true;
          reject(new Transient(`ask timed out after ${timeoutMs} ms: ${ref.path}`));
        });
      }
    });
  }

  /** Stop an actor and its children; resolves once they are gone (see Kernel.stop). */
  stop(ref: ActorRef<unknown>): Promise<void> {
    const cell = this.#k.find(ref.path);
    return cell ? this.#k.stop(cell) : Promise.resolve();
  }

  /** The live actor at `path`. The message type is the caller's claim. */
  lookup<M>(path: string): ActorRef<M> | undefined {
    return this.#k.find(path)?.ref as ActorRef<M> | undefined;
  }

  /** Messages accepted but not yet fully handled, over all actors. */
  get inflight(): number {
    return this.#k.inflight;
  }

  /** Monotonic counter bumped whenever any handler starts or finishes (lets a simulation detect
   * quiescence). */
  get progress(): number {
    return this.#k.progress;
  }

  /** Resolves once the system is quiet: inflight === 0 (after a macrotask), or no progress across
   * 3 consecutive setImmediate rounds (handlers waiting on the virtual clock). */
  async settle(): Promise<void> {
    let last = this.#k.progress;
    let idle = 0;
    for (;;) {
      await new Promise<void>((resolve) => setImmediate(resolve));
      if (this.#k.inflight === 0) return;
      if (this.#k.progress !== last) {
        last = this.#k.progress;
        idle = 0;
      } else if (++idle >= IDLE_ROUNDS) return;
    }
  }

  /** Stop all actors (see `stop`) and nact itself. */
  shutdown(): Promise<void> {
    return this.#k.shutdown();
  }

  #resolve(opts: SpawnOptions | undefined): ResolvedSpawn {
    const none = opts?.mailboxLimit === undefined && opts?.maxMessageAttempts === undefined && !opts?.supervision;
    if (none) return this.#defaults;
    return {
      mailboxLimit: opts?.mailboxLimit ?? this.#defaults.mailboxLimit,
      maxMessageAttempts: opts?.maxMessageAttempts ?? this.#defaults.maxMessageAttempts,
      supervision: opts?.supervision ?? this.#defaults.supervision,
    };
  }
}
