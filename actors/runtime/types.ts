// The typed actor API: refs, contexts, behaviors and supervision decisions. Plain types only; the
// nact shell that runs them is kernel.ts and cell.ts, the public entry point is system.ts.
import type { ActorSystem } from './system.ts';

declare const messageType: unique symbol;

/**
 * The address of an actor, typed by the messages it accepts. Resolved by path on every tell, so a
 * ref stays valid across a restart; never present at runtime: the `messageType` slot is type-only.
 */
export interface ActorRef<M> {
  readonly path: string;
  readonly name: string;
  readonly [messageType]?: { accept(message: M): void };
}

/** What a behavior sees of its actor and the system it runs in. */
export interface ActorContext<M> {
  readonly self: ActorRef<M>;
  readonly path: string;
  readonly system: ActorSystem;
}

/**
 * An actor's code: a reducer over its messages. Shared by every actor spawned with it, so it must
 * keep no per-actor data of its own; that belongs in the state.
 */
export interface Behavior<S, M> {
  /** Initial state; also the state after a restart (e.g. reload from a store). May be async. */
  init(ctx: ActorContext<M>): S | Promise<S>;
  /** Handle one message. Throwing hands the failure to the supervisor. */
  receive(state: S, message: M, ctx: ActorContext<M>): S | Promise<S>;
  /** Optional guard: a message that fails it is rejected as MalformedMessage (dead-lettered with
   * reason 'malformed', logged), never processed, never a restart. Checked when it is told. */
  accepts?(message: unknown): message is M;
  /** Optional: called once when the actor stops (graceful shutdown or escalation). */
  stopped?(state: S, ctx: ActorContext<M>): void | Promise<void>;
}

/** A supervisor's answer to one failure. */
export type Decision =
  | { readonly action: 'restart'; readonly delayMs: number }
  | { readonly action: 'escalate' };

/** One failure of one actor, as its supervisor sees it. */
export interface Failure {
  /** Path of the failing actor. */
  readonly child: string;
  readonly error: unknown;
  /** 1-based: how often this message (or, for a failing `init`, the init) has failed in a row. */
  readonly attempt: number;
  /** Clock time of the failure. */
  readonly at: number;
}

/** Decides restart or escalate for failing actors; `supervisors/` has the production one. */
export interface Supervision {
  onFailure(failure: Failure): Decision | Promise<Decision>;
  /** Called after an escalated actor was stopped (e.g. to release a lease and alert). */
  onEscalated?(child: string, error: unknown): void;
  /** Called when a message of `child` was dead-lettered as poison after its last attempt. An actor
   * that poisons message after message (and restarts fine in between) is otherwise never stopped;
   * answering 'escalate' stops it like a restart-intensity escalation. Default: 'keep'. */
  onPoison?(poison: Failure): 'escalate' | 'keep';
}

export interface SpawnOptions {
  /** Messages accepted but not yet handled, at most. Default 1000. */
  readonly mailboxLimit?: number;
  /** Tries per message before it is dead-lettered as poison. Default 3. */
  readonly maxMessageAttempts?: number;
  /** Default: the system's supervision. */
  readonly supervision?: Supervision;
}
