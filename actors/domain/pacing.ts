// Human-like pacing: how long a bot reads and types, how long a chat waits between turns (a
// Poisson process scaled by prime hours and pace), talkativeness weights and time-of-day keys.
import { Invalid } from '../errors.ts';
import type { Rng } from '../ports.ts';
import type { PersonaSpeed } from './types.ts';

/** Time-of-day key for phrasing (seed §c.15): 06–09 morning, 09–11 open, 11–13 lunch,
 * 13–17 afternoon, 17–19 close, 19–23 evening, 23–06 night; Saturday and Sunday are 'weekend'. */
export type TimeOfDay = 'morning' | 'open' | 'lunch' | 'afternoon' | 'close' | 'evening' | 'night' | 'weekend';

/** Bounds of the gap between two turns of a chat, in seconds. */
export interface TurnDelayOptions {
  readonly meanSec: number;
  readonly minSec: number;
  readonly maxSec: number;
}

/** Inputs of a chat's mean gap between turns. */
export interface ChatPaceOptions {
  /** Mean seconds between turns outside prime hours at the busiest hour. Default 90. */
  readonly baseTurnSec?: number;
  /** Mean seconds between turns inside prime hours at the busiest hour. Default 60. */
  readonly primeTurnSec?: number;
  /** The chat's pace multiplier (2 = twice as many messages), floored at 0.1. Default 1. */
  readonly paceScale?: number;
  readonly inPrime: boolean;
  /** The hour's activity (hourActivity), floored at 0.02. Default 1. */
  readonly activity?: number;
  /** Multiplier for where the conversation stands (threadPace). Default 1. */
  readonly thread?: number;
}

export const DEFAULT_BASE_TURN_SEC = 90;
export const DEFAULT_PRIME_TURN_SEC = 60;

/** How busy a market chat is by local hour on a weekday, relative to its busiest hours (1): quiet
 * nights, the run-up to the open, the session, a lunch dip, the close, an evening chat. */
const WEEKDAY_ACTIVITY: readonly number[] = [
  0.2, 0.1, 0.05, 0.04, 0.04, 0.06, 0.14, 0.3, 0.55, 0.8, 1, 1, 0.8, 0.7, 0.9, 1, 0.95, 0.8, 0.6, 0.55, 0.65, 0.65, 0.5, 0.32,
];
/** Weekends: no session, a later morning, an evening chat. */
const WEEKEND_ACTIVITY: readonly number[] = [
  0.25, 0.14, 0.07, 0.04, 0.04, 0.04, 0.05, 0.1, 0.18, 0.3, 0.4, 0.45, 0.45, 0.4, 0.4, 0.4, 0.4, 0.4, 0.42, 0.45, 0.5, 0.5, 0.42, 0.3,
];

/** The chat's activity at a local hour (0–23) and weekday (0 = Sunday): 1 at its busiest, ~0.04 at 03:00. */
export function hourActivity(localHour: number, weekday: number): number {
  const table = weekday === 0 || weekday === 6 ? WEEKEND_ACTIVITY : WEEKDAY_ACTIVITY;
  return table[Math.max(0, Math.min(23, Math.floor(localHour)))]!;
}

/** Where the conversation stands, for its pace: a question waiting for an answer draws a quick one, a
 * thread of replies keeps going, a run of unanswered posts slows the chat down. */
export type ThreadState = 'question' | 'reply' | 'post' | 'dead';

/** Multiplier on the mean gap for a thread state. */
export function threadPace(state: ThreadState): number {
  return state === 'question' ? 0.45 : state === 'reply' ? 0.75 : state === 'dead' ? 1.4 : 1;
}

const clamp = (x: number, lo: number, hi: number): number => (x < lo ? lo : x > hi ? hi : x);

function positive(value: number, name: string): number {
  if (!(value > 0) || !Number.isFinite(value)) throw new Invalid(`${name} ${value} must be a positive finite number`);
  return value;
}

function wordCount(text: string): number {
  let words = 0;
  let inWord = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    const space = ch === 32 || ch === 10 || ch === 9 || ch === 13;
    if (!space && !inWord) words++;
    inWord = !space;
  }
  return words;
}

/** Milliseconds a bot spends reading `text` before it starts typing: chars / readCps plus a
 * 0.5–2 s reaction, ±20 % jitter, clamped to [0.5 s, 8 s]. */
export function readDelayMs(text: string, speed: PersonaSpeed, rng: Rng): number {
  const cps = positive(speed.readCps, 'readCps');
  const sec = (text.length / cps + rng.range(0.5, 2)) * rng.range(0.8, 1.2);
  return Math.round(clamp(sec * 1000, 500, 8000));
}

/** Milliseconds of "typing…" for `text`: words / typingWpm, ±20 % jitter, times the emotion's
 * paceFactor (< 1 when aroused), clamped to [1 s, 8 s] (the old system's cap: nobody watches
 * "typing…" for longer in a group). */
export function typingMs(text: string, speed: PersonaSpeed, emotionPaceFactor: number, rng: Rng): number {
  const wpm = positive(speed.typingWpm, 'typingWpm');
  const pace = positive(emotionPaceFactor, 'emotion paceFactor');
  const ms = (wordCount(text) / wpm) * 60_000 * rng.range(0.8, 1.2) * pace;
  return Math.round(clamp(ms, 1000, 8_000));
}

/** Milliseconds until a chat's next turn: Exp(mean) (Poisson arrivals) × U(0.7, 1.3), clamped to
 * [minSec, maxSec]. */
export function nextTurnDelayMs(opts: TurnDelayOptions, rng: Rng): number {
  const mean = positive(opts.meanSec, 'meanSec');
  const { minSec, maxSec } = opts;
  if (!(minSec >= 0) || !(maxSec >= minSec) || !Number.isFinite(maxSec)) {
    throw new Invalid(`turn delay bounds ${minSec}…${maxSec} s must satisfy 0 ≤ minSec ≤ maxSec < ∞`);
  }
  const sec = -mean * Math.log(1 - rng.next()) * rng.range(0.7, 1.3);
  return Math.round(clamp(sec, minSec, maxSec) * 1000);
}

/** The chat's mean seconds between turns: primeTurnSec inside prime hours, else baseTurnSec, divided by
 * the hour's activity and by paceScale (floored at 0.1 so a tiny or zero scale cannot stall the math),
 * times the thread's pace. */
export function chatMeanTurnSec(opts: ChatPaceOptions): number {
  const base = positive(opts.baseTurnSec ?? DEFAULT_BASE_TURN_SEC, 'baseTurnSec');
  const prime = positive(opts.primeTurnSec ?? DEFAULT_PRIME_TURN_SEC, 'primeTurnSec');
  const scale = opts.paceScale ?? 1;
  if (!Number.isFinite(scale)) throw new Invalid(`paceScale ${scale} must be a finite number`);
  const activity = Math.max(opts.activity ?? 1, 0.02);
  return ((opts.inPrime ? prime : base) / Math.max(scale, 0.1) / activity) * (opts.thread ?? 1);
}

/** Talkativeness weight for the director: talkativeness × 30 / (baseDelaySec × delayMultiplier), so
 * a persona with a long personal delay (the old system's slow posters) takes the floor less often.
 * A neutral persona (talkativeness 1, 30 s, ×1) weighs 1. */
export function botDelayWeight(speed: PersonaSpeed): number {
  const delay = positive(speed.baseDelaySec, 'baseDelaySec') * positive(speed.delayMultiplier, 'delayMultiplier');
  const talk = speed.talkativeness;
  if (!(talk >= 0 && talk <= 1)) throw new Invalid(`talkativeness ${talk} must be between 0 and 1`);
  return (talk * 30) / delay;
}

/** The time-of-day key for the chat's local hour (0–23) and weekday (0 = Sunday). */
export function timeOfDayPhrase(localHour: number, weekday: number): TimeOfDay {
  if (!Number.isInteger(localHour) || localHour < 0 || localHour > 23) {
    throw new Invalid(`local hour ${localHour} must be an integer 0…23`);
  }
  if (!Number.isInteger(weekday) || weekday < 0 || weekday > 6) {
    throw new Invalid(`weekday ${weekday} must be an integer 0…6 (0 = Sunday)`);
  }
  if (weekday === 0 || weekday === 6) return 'weekend';
  if (localHour >= 6 && localHour < 9) return 'morning';
  if (localHour >= 9 && localHour < 11) return 'open';
  if (localHour >= 11 && localHour < 13) return 'lunch';
  if (localHour >= 13 && localHour < 17) return 'afternoon';
  if (localHour >= 17 && localHour < 19) return 'close';
  if (localHour >= 19 && localHour < 23) return 'evening';
  return 'night';
}
