// Restart policy as pure functions: exponential backoff with jitter, and restart intensity (too many
// restarts within a window → escalate) with a reset after a healthy period. Time and rng passed in.
import type { Rng } from '../actors/index.ts';

export interface BackoffOptions {
  /** Delay of the first restart. Default 100 ms. */
  readonly baseMs: number;
  /** Ceiling for any delay, jitter included. Default 30 s. */
  readonly maxMs: number;
  /** Growth per restart. Default 2. */
  readonly factor: number;
  /** Relative spread, ± this fraction of the nominal delay. Default 0.2. */
  readonly jitter: number;
}

export interface IntensityOptions {
  /** Restarts allowed within `withinMs`; one more failure escalates. Default 5. */
  readonly maxRestarts: number;
  /** The intensity window. Default 30 s. */
  readonly withinMs: number;
  /** A child without failure for this long starts over (backoff and window). Default 60 s. */
  readonly healthyAfterMs: number;
}

export interface PoisonOptions {
  /** Poison messages of one child allowed within `poisonWithinMs`; one more escalates. Default 3. */
  readonly maxPoison: number;
  /** The poison window. Default 30 minutes. */
  readonly poisonWithinMs: number;
}

export const DEFAULT_POISON: PoisonOptions = { maxPoison: 3, poisonWithinMs: 30 * 60_000 };

export const DEFAULT_BACKOFF: BackoffOptions = { baseMs: 100, maxMs: 30_000, factor: 2, jitter: 0.2 };
export const DEFAULT_INTENSITY: IntensityOptions = { maxRestarts: 5, withinMs: 30_000, healthyAfterMs: 60_000 };

/**
 * Delay before restart number `attempt` (1-based): baseMs·factor^(attempt−1), capped at maxMs,
 * spread by ±jitter and never above maxMs. Whole milliseconds; one rng draw per call.
 */
export function backoffMs(attempt: number, opts: Partial<BackoffOptions>, rng: Rng): number {
  const { baseMs, maxMs, factor, jitter } = { ...DEFAULT_BACKOFF, ...opts };
  const nominal = Math.min(maxMs, baseMs * factor ** (Math.max(1, attempt) - 1));
  const spread = rng.range(-jitter, jitter);
  return Math.max(0, Math.min(maxMs, Math.round(nominal * (1 + spread))));
}

/** One child's restart record. */
export interface RestartWindow {
  /** Clock times of the restarts still inside the intensity window, oldest first. */
  readonly restarts: readonly number[];
  /** Restarts since the child was last healthy: drives the backoff. */
  readonly streak: number;
  readonly lastFailureAt: number;
}

export const EMPTY_WINDOW: RestartWindow = { restarts: [], streak: 0, lastFailureAt: -Infinity };

/** The history as it stands at `now`: empty after `healthyAfterMs` without failure. */
export function restartIntensity(history: RestartWindow, now: number, opts: Partial<IntensityOptions> = {}): RestartWindow {
  const { healthyAfterMs } = { ...DEFAULT_INTENSITY, ...opts };
  return now - history.lastFailureAt >= healthyAfterMs ? EMPTY_WINDOW : history;
}

/** True when `maxRestarts` restarts already happened within the last `withinMs`. */
export function shouldEscalate(history: RestartWindow, now: number, opts: Partial<IntensityOptions> = {}): boolean {
  const { maxRestarts, withinMs } = { ...DEFAULT_INTENSITY, ...opts };
  return history.restarts.filter((t) => now - t < withinMs).length >= maxRestarts;
}

/** Record a restart at `now`, dropping restarts that left the window. */
export function recordRestart(history: RestartWindow, now: number, opts: Partial<IntensityOptions> = {}): RestartWindow {
  const { withinMs } = { ...DEFAULT_INTENSITY, ...opts };
  const recent = history.restarts.filter((t) => now - t < withinMs);
  return { restarts: [...recent, now], streak: history.streak + 1, lastFailureAt: now };
}

/** The poison times still inside the window at `now` plus this one, and whether they are one too many. */
export function recordPoison(times: readonly number[], now: number, opts: Partial<PoisonOptions> = {}): { times: number[]; escalate: boolean } {
  const { maxPoison, poisonWithinMs } = { ...DEFAULT_POISON, ...opts };
  const recent = times.filter((t) => now - t < poisonWithinMs);
  recent.push(now);
  return { times: recent, escalate: recent.length > maxPoison };
}
