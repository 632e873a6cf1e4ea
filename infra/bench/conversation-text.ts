// The conversation benchmark's own reading of chat text: tokens, sentences, the market symbols a line
// names, the BIST calendar. Written from the rules, not imported from the generator or the domain, so a
// fault in the implementation cannot hide in the measurement too (STYLE habit 16).

/** Turkish lower case (I → ı, İ → i). */
export function lowerTr(text: string): string {
  return text.replace(/I/g, 'ı').replace(/İ/g, 'i').toLowerCase();
}

const EMOJI = /\p{Extended_Pictographic}/u;
const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;

/** Word tokens (letters and digits; an apostrophe splits a suffix off: "thyao'da" → "thyao", "da")
 * and each emoji as a token of its own. Lower-cased by Turkish rules. */
export function tokens(text: string): string[] {
  const out: string[] = [];
  let word = '';
  for (const ch of lowerTr(text)) {
    if (LETTER_OR_DIGIT.test(ch)) {
      word += ch;
      continue;
    }
    if (word) out.push(word);
    word = '';
    if (EMOJI.test(ch)) out.push(ch);
  }
  if (word) out.push(word);
  return out;
}

/** Sentences of a line: split after . ! ? … (a decimal comma or a thousands dot inside a number does
 * not split). Empty pieces are dropped. */
export function sentences(text: string): string[] {
  const out: string[] = [];
  let cur = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    cur += c;
    const end = c === '!' || c === '?' || c === '…' || (c === '.' && !(/\d/.test(text[i - 1] ?? '') && /\d/.test(text[i + 1] ?? '')));
    if (end && (i + 1 >= text.length || /\s/.test(text[i + 1]!))) {
      if (/[\p{L}\p{N}]/u.test(cur)) out.push(cur.trim());
      cur = '';
    }
  }
  if (/[\p{L}\p{N}]/u.test(cur)) out.push(cur.trim());
  return out;
}

/** How people in a Turkish market chat name the demo's instruments (lower case, Turkish letters). */
const ALIASES: readonly (readonly [string, readonly string[]])[] = [
  ['BIST:XU100', ['bist 100', 'bist100', 'xu100', 'bist', 'endeks']],
  ['BIST:THYAO', ['thyao', 'thy', 'türk hava yolları']],
  ['BIST:AKBNK', ['akbnk', 'akbank']],
  ['BIST:GARAN', ['garan', 'garanti bankası']],
  ['BIST:ASELS', ['asels', 'aselsan']],
  ['BIST:EREGL', ['eregl', 'ereğli', 'erdemir']],
  ['BIST:BIMAS', ['bimas', 'bim']],
  ['BIST:KCHOL', ['kchol', 'koç holding', 'koç']],
  ['BIST:TUPRS', ['tuprs', 'tüpraş']],
  ['BIST:SISE', ['sise', 'şişecam']],
  ['USDTRY', ['dolar/tl', 'usd/try', 'usdtry', 'dolar', 'usd']],
  ['EURTRY', ['euro/tl', 'eur/try', 'eurtry', 'euro', 'avro', 'eur']],
  ['XAUUSD', ['ons altın', 'xauusd', 'ons']],
  ['XAUTRY_GRAM', ['gram altın', 'altın']],
  ['BTCUSDT', ['bitcoin', 'btc']],
  ['ETHUSDT', ['ethereum', 'eth']],
  ['SOLUSDT', ['solana', 'sol']],
];

/** A named instrument in a text: which one and where. */
export interface Mention {
  readonly symbol: string;
  readonly at: number;
  readonly end: number;
}

const ALIAS_RE = (() => {
  const all = ALIASES.flatMap(([symbol, names]) => names.map((n) => [n, symbol] as const)).sort((a, b) => b[0].length - a[0].length);
  const bySpelling = new Map(all.map(([n, s]) => [n, s]));
  const escaped = all.map(([n]) => n.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&'));
  return { re: new RegExp(`(?<![\\p{L}\\p{N}])(${escaped.join('|')})(?![\\p{L}\\p{N}])|(?<![\\p{L}\\p{N}])(${escaped.join('|')})(?='|’)`, 'gu'), bySpelling };
})();

/** The instruments a text names. "sol" (left) counts only in capitals ("SOL"); Turkish suffixes after
 * an apostrophe are allowed ("THYAO'da"); "altın" also with a suffix glued on ("altını"). */
export function mentions(text: string): Mention[] {
  const lower = lowerTr(text);
  const out: Mention[] = [];
  const { re, bySpelling } = ALIAS_RE;
  re.lastIndex = 0;
  for (let m = re.exec(lower); m; m = re.exec(lower)) {
    const spelled = m[1] ?? m[2]!;
    if (spelled === 'sol' && text.slice(m.index, m.index + 3) !== 'SOL') continue;
    out.push({ symbol: bySpelling.get(spelled)!, at: m.index, end: m.index + spelled.length });
  }
  for (const m of lower.matchAll(/(?<![\p{L}])altın(?:ı|a|da|dan|ın)(?![\p{L}])/gu)) {
    const gram = lower.slice(Math.max(0, m.index - 5), m.index) === 'gram ';
    const ons = lower.slice(Math.max(0, m.index - 4), m.index) === 'ons ';
    out.push({ symbol: ons ? 'XAUUSD' : 'XAUTRY_GRAM', at: m.index - (gram ? 5 : ons ? 4 : 0), end: m.index + m[0].length });
  }
  return out.sort((a, b) => a.at - b.at);
}

/** Istanbul has kept UTC+3 all year since 2016. */
const ISTANBUL_OFFSET_MS = 3 * 3_600_000;

/** Hour (0–23), weekday (0 = Sunday) and calendar date ("2026-10-29") in Istanbul. */
export function istanbul(at: number): { hour: number; minute: number; weekday: number; date: string } {
  const d = new Date(at + ISTANBUL_OFFSET_MS);
  return { hour: d.getUTCHours(), minute: d.getUTCMinutes(), weekday: d.getUTCDay(), date: d.toISOString().slice(0, 10) };
}

/** Borsa İstanbul's full-day closures (official holidays on weekdays) and half days (the eve of a
 * religious or national holiday: the session ends at 12:30) in 2026, and New Year 2027. */
const BIST_CLOSED = new Set(['2026-01-01', '2026-03-20', '2026-04-23', '2026-05-01', '2026-05-19', '2026-05-27', '2026-05-28',
  '2026-05-29', '2026-07-15', '2026-10-29', '2027-01-01']);
const BIST_HALF = new Set(['2026-03-19', '2026-05-26', '2026-10-28']);

/** Whether Borsa İstanbul's equity session is open at `at`: weekdays 10:00–18:00 Istanbul time, not on
 * a holiday, until 12:30 on a half day. */
export function bistOpen(at: number): boolean {
  const t = istanbul(at);
  if (t.weekday === 0 || t.weekday === 6 || BIST_CLOSED.has(t.date)) return false;
  const minute = t.hour * 60 + t.minute;
  return minute >= 600 && minute < (BIST_HALF.has(t.date) ? 750 : 1080);
}

/** The BIST instruments of the demo (and the words for the stock market as a whole). */
export function isBist(symbol: string): boolean {
  return symbol.startsWith('BIST:');
}
