// The readiness checks of the node's parts: the database answers (and its write queue is not
// stalled), Telegram is reachable (not every bot's circuit open). NATS and the partitions held are the
// cluster's to add (`readiness.add('nats', …)`, `readiness.add('partitions', …)`).
import type { ReadyCheck } from './health.ts';

/** The parts of the database a check needs (infra/db's Storage has them). */
export interface PingableDatabase {
  ping(): Promise<void>;
  /** True while writes cannot be committed (they queue). */
  readonly unavailable: boolean;
  /** Writes queued, not yet committed. */
  readonly backlog: number;
}

export function databaseCheck(db: PingableDatabase): ReadyCheck {
  return async () => {
    if (db.unavailable) return `database unavailable (${db.backlog} writes queued)`;
    try {
      await db.ping();
      return undefined;
    } catch (error) {
      return `database does not answer: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`;
    }
  };
}

/** Not ready when every bot's circuit breaker is open: Telegram did not answer any of them. */
export function telegramCheck(botIds: readonly string[], breakerState: (botId: string) => string | undefined): ReadyCheck {
  return () => {
    if (botIds.length === 0) return undefined;
    const open = botIds.filter((id) => breakerState(id) === 'open').length;
    return open === botIds.length ? `Telegram unreachable: the circuit of every bot (${open}) is open` : undefined;
  };
}
