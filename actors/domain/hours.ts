// Wall-clock time in a timezone and "HH:MM-HH:MM" hour ranges (active hours, prime hours).
// One cached Intl.DateTimeFormat per timezone; the UTC offset is reused within each 15-minute block.
import { Invalid } from '../errors.ts';

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;
/** Offsets are whole quarter hours and change only on quarter-hour instants, so one lookup per block. */
const BLOCK_MS = 15 * MINUTE_MS;

/** A parsed range in minutes of the day; `endMin < startMin` means it crosses midnight. */
export interface MinuteRange {
  readonly startMin: number;
  readonly endMin: number;
}

/** Pre-parsed ranges for the hot path (`inCompiled`). Empty `ranges` means always inside. */
export interface CompiledRanges {
  readonly ranges: readonly MinuteRange[];
}

/** Wall-clock time in a timezone. `weekday` is 0 = Sunday … 6 = Saturday. */
export interface LocalTime {
  readonly hour: number;
  readonly minute: number;
  readonly weekday: number;
  readonly minuteOfDay: number;
}

const RANGE = /^\s*(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})\s*$/;

/** Parses "HH:MM-HH:MM" (00:00 … 23:59, start inclusive, end exclusive; may cross midnight).
 * Throws `Invalid` naming the text and the rule. */
export function parseRange(text: string): MinuteRange {
  const m = typeof text === 'string' ? RANGE.exec(text) : null;
  if (!m) throw new Invalid(`hour range ${JSON.stringify(text)} must look like "HH:MM-HH:MM"`);
  const [sh, sm, eh, em] = [m[1], m[2], m[3], m[4]].map(Number) as [number, number, number, number];
  if (sh > 23 || eh > 23 || sm > 59 || em > 59) {
    throw new Invalid(`hour range ${JSON.stringify(text)} must use times between 00:00 and 23:59`);
  }
  const startMin = sh * 60 + sm;
  const endMin = eh * 60 + em;
  if (startMin === endMin) {
    throw new Invalid(`hour range ${JSON.stringify(text)} is empty: start and end must differ`);
  }
  return { startMin, endMin };
}

/** Parses a list of ranges once, for callers that test the same list many times. */
export function compileRanges(ranges: readonly string[]): CompiledRanges {
  return { ranges: ranges.map(parseRange) };
}

/** True when `minuteOfDay` (0…1439) falls in any range; always true for an empty list. */
export function inCompiled(compiled: CompiledRanges, minuteOfDay: number): boolean {
  const list = compiled.ranges;
  if (list.length === 0) return true;
  for (let i = 0; i < list.length; i++) {
    const r = list[i] as MinuteRange;
    const inside = r.startMin < r.endMin
      ? minuteOfDay >= r.startMin && minuteOfDay < r.endMin
      : minuteOfDay >= r.startMin || minuteOfDay < r.endMin;
    if (inside) return true;
  }
  return false;
}

// Persona and chat configs are immutable, so their range arrays can be compiled once by identity.
const compiledCache = new WeakMap<readonly string[], CompiledRanges>();

/** Is `now` inside any of `ranges` in `timeZone`? Empty list = always. The list is parsed once per
 * array identity (configs are immutable); throws `Invalid` for a bad range or timezone. */
export function inRanges(ranges: readonly string[], now: number, timeZone: string): boolean {
  if (ranges.length === 0) return true;
  let compiled = compiledCache.get(ranges);
  if (!compiled) {
    compiled = compileRanges(ranges);
    compiledCache.set(ranges, compiled);
  }
  return inCompiled(compiled, minuteOfDayAt(now, timeZone));
}

interface ZoneEntry {
  readonly format: Intl.DateTimeFormat;
  block: number;
  offsetMs: number;
}

const zones = new Map<string, ZoneEntry | null>();

function zone(timeZone: string): ZoneEntry | null {
  let entry = zones.get(timeZone);
  if (entry !== undefined) return entry;
  try {
    const format = new Intl.DateTimeFormat('en-US', {
      timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric',
      hour: 'numeric', minute: 'numeric', second: 'numeric',
    });
    entry = { format, block: Number.NaN, offsetMs: 0 };
  } catch {
    entry = null;
  }
  zones.set(timeZone, entry);
  return entry;
}

/** True for an IANA timezone name this runtime knows (e.g. "Europe/Istanbul"). */
export function isValidTimeZone(timeZone: unknown): boolean {
  return typeof timeZone === 'string' && timeZone.length > 0 && zone(timeZone) !== null;
}

/** Milliseconds to add to UTC to get wall-clock time in `timeZone` at `now` (Istanbul: +3 h). */
export function utcOffsetMs(now: number, timeZone: string): number {
  if (!Number.isFinite(now)) throw new Invalid(`time ${now} must be a finite epoch ms`);
  const entry = typeof timeZone === 'string' ? zone(timeZone) : null;
  if (!entry) throw new Invalid(`timezone ${JSON.stringify(timeZone)} must be an IANA name like "Europe/Istanbul"`);
  const block = Math.floor(now / BLOCK_MS);
  if (entry.block !== block) {
    const at = block * BLOCK_MS;
    let y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0;
    for (const part of entry.format.formatToParts(at)) {
      const v = Number(part.value);
      switch (part.type) {
        case 'year': y = v; break;
        case 'month': mo = v; break;
        case 'day': d = v; break;
        case 'hour': h = v; break;
        case 'minute': mi = v; break;
        case 'second': s = v; break;
        default: break;
      }
    }
    entry.offsetMs = Date.UTC(y, mo - 1, d, h, mi, s) - at;
    entry.block = block;
  }
  return entry.offsetMs;
}

/** Minute of the day (0…1439) in `timeZone`; allocation-free, for the hot path. */
export function minuteOfDayAt(now: number, timeZone: string): number {
  const local = now + utcOffsetMs(now, timeZone);
  return Math.floor((local - Math.floor(local / DAY_MS) * DAY_MS) / MINUTE_MS);
}

/** Wall-clock hour, minute, weekday (0 = Sunday) and minute of day in `timeZone`. */
export function localTime(now: number, timeZone: string): LocalTime {
  const local = now + utcOffsetMs(now, timeZone);
  const day = Math.floor(local / DAY_MS);
  const minuteOfDay = Math.floor((local - day * DAY_MS) / MINUTE_MS);
  // 1970-01-01 was a Thursday (4).
  const weekday = (((day + 4) % 7) + 7) % 7;
  return { hour: Math.floor(minuteOfDay / 60), minute: minuteOfDay % 60, weekday, minuteOfDay };
}
