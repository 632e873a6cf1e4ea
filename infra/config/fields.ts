// Domain-specific leaf fields of the config: market symbols, "HH:MM-HH:MM" hour ranges, IANA
// timezones and ISO dates.
import { str, suggest, then, type Field } from './schema.ts';

/** Symbol ids the market simulator knows; watchlists and holdings must use these. */
export const KNOWN_SYMBOLS: readonly string[] = Object.freeze([
  'BIST:XU100', 'BIST:THYAO', 'BIST:AKBNK', 'BIST:GARAN', 'BIST:ASELS', 'BIST:EREGL', 'BIST:BIMAS',
  'BIST:KCHOL', 'BIST:TUPRS', 'BIST:SISE', 'USDTRY', 'EURTRY', 'XAUUSD', 'XAUTRY_GRAM', 'BTCUSDT',
  'ETHUSDT', 'SOLUSDT',
]);

/** A string that is one of KNOWN_SYMBOLS. */
export const symbol: Field<string> = str({
  check: (s) => {
    if (KNOWN_SYMBOLS.includes(s)) return undefined;
    const near = suggest(s, KNOWN_SYMBOLS);
    return near ? `unknown symbol; did you mean "${near}"?` : `must be one of ${KNOWN_SYMBOLS.join(', ')}`;
  },
});

const RANGE = /^(\d{2}):(\d{2})-(\d{2}):(\d{2})$/;

/** "HH:MM-HH:MM" between 00:00 and 23:59, start ≠ end (may cross midnight). */
export const hourRange: Field<string> = str({
  check: (s) => {
    const m = RANGE.exec(s);
    const [sh, sm, eh, em] = (m?.slice(1) ?? []).map(Number);
    if (!m || sh! > 23 || eh! > 23 || sm! > 59 || em! > 59) {
      return 'must be "HH:MM-HH:MM" with hours 00–23 and minutes 00–59';
    }
    return sh === eh && sm === em ? 'must not start and end at the same minute' : undefined;
  },
});

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
export const timeZone: Field<string> = str({
  check: (s) => (isTimeZone(s) ? undefined : 'must be a valid IANA timezone such as "Europe/Istanbul"'),
});

/** Date-only (UTC) or date-time with an explicit zone, so the result never depends on the host. */
const ISO = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2}))?$/;

/** An ISO 8601 date or zoned date-time, converted to epoch milliseconds. */
export const isoDate: Field<number> = then(
  str({
    check: (s) => (ISO.test(s) && !Number.isNaN(Date.parse(s))
      ? undefined
      : 'must be an ISO date ("2026-12-01") or a date-time with zone ("2026-12-01T00:00:00Z")'),
  }),
  (s) => Date.parse(s),
);
