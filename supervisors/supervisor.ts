// The one-for-one supervisor: applies policy.ts to each failing child from that child's own history,
// logs every restart and escalation, and keeps counters for metrics and tests.
import { Fatal, RateLimited, errorText } from '../actors/index.ts';
import type { Clock, Decision, Failure, Logger, Rng, Supervision } from '../actors/index.ts';
import {
  DEFAULT_BACKOFF, DEFAULT_INTENSITY, DEFAULT_POISON, EMPTY_WINDOW, backoffMs, recordPoison, recordRestart, restartIntensity, shouldEscalate,
} from './policy.ts';
import type { BackoffOptions, IntensityOptions, PoisonOptions, RestartWindow } from './policy.ts';

export type SupervisorPolicy = BackoffOptions & IntensityOptions & PoisonOptions;

export interface SupervisorOptions {
  /** For logs, e.g. 'bots'. */
  readonly name: string;
  readonly clock: Clock;
  /** Jitter source; pass a fork so other consumers' draws do not shift. */
  readonly rng: Rng;
  readonly logger: Logger;
  /** Defaults: DEFAULT_BACKOFF, DEFAULT_INTENSITY and DEFAULT_POISON (100 ms → 30 s ±20 %, 5 restarts
   * / 30 s, healthy after 60 s; a 4th poison message within 30 minutes escalates). */
  readonly policy?: Partial<SupervisorPolicy>;
  /** After an escalated child was stopped: release its lease, alert. */
  readonly onEscalate?: (child: string, error: unknown) => void;
}

export interface ChildStats {
  readonly restarts: number;
  readonly escalations: number;
}

export interface SupervisorStats extends ChildStats {
  readonly byChild: Readonly<Record<string, ChildStats>>;
}

/** A Supervision that decides synchronously and keeps counters. */
export interface Supervisor extends Supervision {
  onFailure(failure: Failure): Decision;
  onPoison(poison: Failure): 'escalate' | 'keep';
  stats(): SupervisorStats;
}

const ESCALATE: Decision = { action: 'escalate' };

/**
 * A one-for-one supervisor for the actor runtime: restart with exponential backoff and jitter,
 * escalate when a child exceeds the restart intensity, fails with Fatal, or has more than `maxPoison`
 * messages dead-lettered as poison within `poisonWithinMs`. A RateLimited failure waits at least its
 * retryAfterMs.
 */
export function createSupervisor(opts: SupervisorOptions): Supervisor {
  const policy: SupervisorPolicy = { ...DEFAULT_BACKOFF, ...DEFAULT_INTENSITY, ...DEFAULT_POISON, ...opts.policy };
  const { clock, rng, logger, name } = opts;
  const windows = new Map<string, RestartWindow>();
  /** Clock times of each child's recent poison messages. */
  const poisoned = new Map<string, number[]>();
  const counts = new Map<string, { restarts: number; escalations: number }>();
  let restarts = 0;
  let escalations = 0;
  let prunedAt = -Infinity;

  /** Forget healthy children now and then, so the map holds only recent failures. */
  const prune = (now: number): void => {
    if (now - prunedAt < policy.healthyAfterMs) return;
    prunedAt = now;
    for (const [child, w] of windows) if (now - w.lastFailureAt >= policy.healthyAfterMs) windows.delete(child);
    for (const [child, times] of poisoned) if (now - times[times.length - 1]! >= policy.poisonWithinMs) poisoned.delete(child);
  };

  const countFor = (child: string): { restarts: number; escalations: number } => {
    let c = counts.get(child);
    if (!c) counts.set(child, (c = { restarts: 0, escalations: 0 }));
    return c;
  };

  const escalated = (child: string): void => {
    windows.delete(child);
    poisoned.delete(child);
    escalations++;
    countFor(child).escalations++;
  };

  return {
    onFailure({ child, error, attempt }: Failure): Decision {
      const now = clock.now();
      prune(now);
      const history = restartIntensity(windows.get(child) ?? EMPTY_WINDOW, now, policy);
      const message = errorText(error);
      if (error instanceof Fatal || shouldEscalate(history, now, policy)) {
        escalated(child);
        logger.error('supervisor.escalate', {
          supervisor: name, child, attempt, restarts: history.restarts.length, error: message,
        });
        return ESCALATE;
      }
      const backoff = backoffMs(history.streak + 1, policy, rng);
      const delayMs = error instanceof RateLimited ? Math.max(backoff, error.retryAfterMs) : backoff;
      windows.set(child, recordRestart(history, now, policy));
      restarts++;
      countFor(child).restarts++;
      logger.info('supervisor.restart', { supervisor: name, child, attempt, delayMs, error: message });
      return { action: 'restart', delayMs };
    },
    onPoison({ child, error, at }: Failure): 'escalate' | 'keep' {
      prune(at);
      const { times, escalate } = recordPoison(poisoned.get(child) ?? [], at, policy);
      if (!escalate) {
        poisoned.set(child, times);
        return 'keep';
      }
      escalated(child);
      logger.error('supervisor.escalate', {
        supervisor: name, child, poison: times.length, withinMs: policy.poisonWithinMs, error: errorText(error),
      });
      return 'escalate';
    },
    onEscalated(child: string, error: unknown): void {
      opts.onEscalate?.(child, error);
    },
    stats(): SupervisorStats {
      return { restarts, escalations, byChild: Object.fromEntries([...counts].map(([k, v]) => [k, { ...v }])) };
    },
  };
}
