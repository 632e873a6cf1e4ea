// The market calendar in Istanbul time: Borsa İstanbul's equity session (weekdays 10:00–18:00, closed on
// official holidays, until 12:30 on the eve of one), FX and gold on weekdays, crypto always. It shapes
// both the simulator (nothing moves while closed) and what bots say (no "THYAO is up" on a Saturday).
import { Invalid } from '../errors.ts';
import { utcOffsetMs } from './hours.ts';

export const CALENDAR_TIME_ZONE = 'Europe/Istanbul';

const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;
/** Minutes of the day the equity session opens and closes, and when a half day closes. */
const BIST_OPEN_MIN = 10 * 60;
const BIST_CLOSE_MIN = 18 * 60;
const BIST_HALF_CLOSE_MIN = 12 * 60 + 30;

/** Weekdays Borsa İstanbul is closed for a holiday (New Year, Ramazan and Kurban Bayramı, 23 April,
 * 1 May, 19 May, 15 July, 29 October), 2026 and New Year 2027, as Istanbul dates. */
export const BIST_HOLIDAYS: ReadonlyMap<string, string> = new Map([
  ['2026-01-01', 'yılbaşı'], ['2026-03-20', 'Ramazan Bayramı'], ['2026-04-23', '23 Nisan'], ['2026-05-01', '1 Mayıs'],
  ['2026-05-19', '19 Mayıs'], ['2026-05-27', 'Kurban Bayramı'], ['2026-05-28', 'Kurban Bayramı'], ['2026-05-29', 'Kurban Bayramı'],
  ['2026-07-15', '15 Temmuz'], ['2026-10-29', 'Cumhuriyet Bayramı'], ['2027-01-01', 'yılbaşı'],
]);

/** Eves of holidays: the session ends at 12:30. */
export const BIST_HALF_DAYS: ReadonlySet<string> = new Set(['2026-03-19', '2026-05-26', '2026-10-28']);

/** Where the equity session stands: open, or closed and why. */
export type BistState = 'open' | 'pre-open' | 'closed-evening' | 'weekend' | 'holiday';

export interface MarketCalendar {
  readonly bist: BistState;
  /** The holiday's name when `bist` is 'holiday'. */
  readonly holiday?: string;
  /** FX and gold trade around the clock on weekdays. */
  readonly fxOpen: boolean;
  /** Istanbul weekday (0 = Sunday) and minute of the day. */
  readonly weekday: number;
  readonly minuteOfDay: number;
}

/** Istanbul day index, weekday (0 = Sunday), minute of day and ISO date at `now`. */
export function istanbulDay(now: number): { day: number; weekday: number; minuteOfDay: number; date: string; midnight: number } {
  if (!Number.isFinite(now)) throw new Invalid(`time ${now} must be a finite epoch ms`);
  const local = now + utcOffsetMs(now, CALENDAR_TIME_ZONE);
  const day = Math.floor(local / DAY_MS);
  const minuteOfDay = Math.floor((local - day * DAY_MS) / MINUTE_MS);
  const weekday = (((day + 4) % 7) + 7) % 7;
  return { day, weekday, minuteOfDay, date: new Date(day * DAY_MS).toISOString().slice(0, 10), midnight: now - (local - day * DAY_MS) };
}

/** The equity session's close on the Istanbul day of `date` in minutes (0 when closed all day). */
export function bistCloseMinute(date: string, weekday: number): number {
  if (weekday === 0 || weekday === 6 || BIST_HOLIDAYS.has(date)) return 0;
  return BIST_HALF_DAYS.has(date) ? BIST_HALF_CLOSE_MIN : BIST_CLOSE_MIN;
}

let cached: { readonly minute: number; readonly value: MarketCalendar } | undefined;

/** The calendar at `now` (the same object within a minute: every turn asks). */
export function marketCalendar(now: number): MarketCalendar {
  const minute = Math.floor(now / 60_000);
  if (cached?.minute === minute) return cached.value;
  const value = computeCalendar(now);
  cached = { minute, value };
  return value;
}

function computeCalendar(now: number): MarketCalendar {
  const t = istanbulDay(now);
  const weekday = t.weekday >= 1 && t.weekday <= 5;
  const holiday = BIST_HOLIDAYS.get(t.date);
  const close = bistCloseMinute(t.date, t.weekday);
  let bist: BistState;
  if (!weekday) bist = 'weekend';
  else if (holiday) bist = 'holiday';
  else if (t.minuteOfDay < BIST_OPEN_MIN) bist = 'pre-open';
  else if (t.minuteOfDay < close) bist = 'open';
  else bist = 'closed-evening';
  return { bist, ...(holiday ? { holiday } : {}), fxOpen: weekday, weekday: t.weekday, minuteOfDay: t.minuteOfDay };
}

/** The equity session's open stretch on the Istanbul day of `now`: [opensAt, closesAt) in epoch ms, or
 * undefined on a day without a session. */
export function bistSessionOf(now: number): { opensAt: number; closesAt: number; day: number } | undefined {
  const t = istanbulDay(now);
  const close = bistCloseMinute(t.date, t.weekday);
  if (close === 0) return undefined;
  return { opensAt: t.midnight + BIST_OPEN_MIN * MINUTE_MS, closesAt: t.midnight + close * MINUTE_MS, day: t.day };
}
