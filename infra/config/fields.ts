// Domain-specific leaf fields of the config: market symbols, "HH:MM-HH:MM" hour ranges, IANA
// timezones and ISO dates.
import { z } from 'zod';
import { describe, str, suggest, then } from './schema.ts';

/** Symbol ids the market simulator knows; watchlists and holdings must use these. */
export const KNOWN_SYMBOLS = Object.freeze([
  'BIST:XU100', 'BIST:THYAO', 'BIST:AKBNK', 'BIST:GARAN', 'BIST:ASELS', 'BIST:EREGL', 'BIST:BIMAS',
  'BIST:KCHOL', 'BIST:TUPRS', 'BIST:SISE', 'USDTRY', 'EURTRY', 'XAUUSD', 'XAUTRY_GRAM', 'BTCUSDT',
  'ETHUSDT', 'SOLUSDT',
] as const);

/** One of KNOWN_SYMBOLS (an editor completes them from the JSON Schema). */
export const symbol = z.enum(KNOWN_SYMBOLS, {
  error: (iss) => {
    const near = typeof iss.input === 'string' ? suggest(iss.input, KNOWN_SYMBOLS) : undefined;
    return `${near ? `unknown symbol; did you mean "${near}"?` : `must be one of ${KNOWN_SYMBOLS.join(', ')}`} (got ${describe(iss.input)})`;
  },
});

const RANGE = /^(\d{2}):(\d{2})-(\d{2}):(\d{2})$/;
const HOURS_RULE = 'must be "HH:MM-HH:MM" with hours 00–23 and minutes 00–59';

/** "HH:MM-HH:MM" between 00:00 and 23:59, start ≠ end (may cross midnight). */
export const hourRange = str({
  max: 11,
  check: (s) => {
    const m = RANGE.exec(s);
    const [sh, sm, eh, em] = (m?.slice(1) ?? []).map(Number);
    if (!m || sh! > 23 || eh! > 23 || sm! > 59 || em! > 59) return HOURS_RULE;
    return sh === eh && sm === em ? 'must not start and end at the same minute' : undefined;
  },
}).meta({ pattern: '^([01]\\d|2[0-3]):[0-5]\\d-([01]\\d|2[0-3]):[0-5]\\d$', examples: ['09:00-18:00', '22:00-02:00'] });

let zones: Set<string> | undefined;

/** True for IANA zone names, including the aliases Intl accepts (e.g. "Asia/Istanbul", "UTC"). */
function isTimeZone(name: string): boolean {
  zones ??= new Set(Intl.supportedValuesOf('timeZone'));
  if (zones.has(name)) return true;
  if (!/^[A-Za-z_]+(\/[A-Za-z0-9_+-]+)*$/.test(name)) return false; // not offsets like "+03:00"
  try {
    new Intl.DateTimeFormat('en', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

/** A valid IANA timezone name. */
export const timeZone = str({
  max: 64,
  check: (s) => (isTimeZone(s) ? undefined : 'must be a valid IANA timezone such as "Europe/Istanbul"'),
}).meta({ examples: ['Europe/Istanbul', 'UTC'] });

/** Date-only (UTC) or date-time with an explicit zone, so the result never depends on the host. */
const ISO = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2}))?$/;

/** An ISO 8601 date or zoned date-time, converted to epoch milliseconds. */
export const isoDate = then(
  str({
    max: 40,
    check: (s) => (ISO.test(s) && !Number.isNaN(Date.parse(s))
      ? undefined
      : 'must be an ISO date ("2026-12-01") or a date-time with zone ("2026-12-01T00:00:00Z")'),
  }).meta({ examples: ['2026-12-01', '2026-12-01T09:00:00+03:00'] }),
  (s) => Date.parse(s),
);
