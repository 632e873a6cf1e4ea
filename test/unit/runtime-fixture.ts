// Shared set-up for the runtime tests: an ActorSystem on a VirtualClock with a recording logger and
// dead-letter store, and a helper that drives the clock while letting the actors settle.
import { ActorSystem } from '../../actors/index.ts';
import type { DeadLetter, LogFields, Logger, Supervision } from '../../actors/index.ts';
import { VirtualClock } from '../../transport/index.ts';

export interface LogLine {
  readonly level: 'debug' | 'info' | 'warn' | 'error';
  readonly event: string;
  readonly fields: LogFields;
}

export function recordingLogger(lines: LogLine[]): Logger {
  const at = (level: LogLine['level']) => (event: string, fields: LogFields = {}): void => {
    lines.push({ level, event, fields });
  };
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

/** A system at t = 0 with recording fakes; `advance(ms)` runs the clock with settling. */
export function harness(supervision?: Supervision) {
  const clock = new VirtualClock(0);
  const letters: DeadLetter[] = [];
  const logs: LogLine[] = [];
  const system = new ActorSystem({
    clock,
    deadLetters: { put: (l) => void letters.push(l), list: () => letters },
    logger: recordingLogger(logs),
    ...(supervision ? { supervision } : {}),
  });
  const advance = (ms: number): Promise<void> => clock.runUntil(clock.now() + ms, () => system.settle());
  return { clock, system, letters, logs, advance };
}

/** Restart after a fixed delay, never escalate; records every failure it sees. */
export function fixedRestart(delayMs: number, seen: { attempt: number; at: number }[] = []): Supervision {
  return {
    onFailure: ({ attempt, at }) => {
      seen.push({ attempt, at });
      return { action: 'restart', delayMs };
    },
  };
}
