// Turkish-style formatting for the offline generator: prices ("312,40", "97.120"), percentages
// ("%1,8"), and symbol display names with their case suffixes ("THYAO'da", "dolar/TL'yi").

import { inCase } from '../../../actors/index.ts';

/** A display name with the suffixed forms templates need (vowel harmony on the spoken form: "SOL'da",
 * "THYAO'yu", "gram altını"). */
export interface SymbolName {
  readonly name: string;
  /** Locative: "THYAO'da", "gram altında". */
  readonly loc: string;
  /** Accusative: "THYAO'yu", "gram altını". */
  readonly acc: string;
  /** Genitive: "THYAO'nun", "gram altının". */
  readonly gen: string;
  /** Dative: "THYAO'ya", "gram altına". */
  readonly dat: string;
  /** Ablative: "THYAO'dan", "gram altından". */
  readonly abl: string;
}

export interface SymbolInfo {
  readonly id: string;
  /** BIST, FX or Kripto (Makro has no symbol of its own). */
  readonly topic: string;
  /** Appended to a formatted price: "" (TL implied), " $", " TL". */
  readonly unit: string;
  readonly names: readonly SymbolName[];
}

/** `name` with every case form, by the spoken form turkish.ts knows for it. */
export function harmonised(name: string): SymbolName {
  return { name, loc: inCase(name, 'loc'), acc: inCase(name, 'acc'), gen: inCase(name, 'gen'), dat: inCase(name, 'dat'), abl: inCase(name, 'abl') };
}

const info = (id: string, topic: string, unit: string, ...names: string[]): SymbolInfo => ({ id, topic, unit, names: names.map(harmonised) });

const TABLE: Record<string, SymbolInfo> = {
  'BIST:XU100': info('BIST:XU100', 'BIST', '', 'BIST 100', 'endeks'),
  'BIST:THYAO': info('BIST:THYAO', 'BIST', '', 'THYAO'),
  'BIST:AKBNK': info('BIST:AKBNK', 'BIST', '', 'AKBNK'),
  'BIST:GARAN': info('BIST:GARAN', 'BIST', '', 'GARAN'),
  'BIST:ASELS': info('BIST:ASELS', 'BIST', '', 'ASELS'),
  'BIST:EREGL': info('BIST:EREGL', 'BIST', '', 'EREGL'),
  'BIST:BIMAS': info('BIST:BIMAS', 'BIST', '', 'BIMAS'),
  'BIST:KCHOL': info('BIST:KCHOL', 'BIST', '', 'KCHOL'),
  'BIST:TUPRS': info('BIST:TUPRS', 'BIST', '', 'TUPRS'),
  'BIST:SISE': info('BIST:SISE', 'BIST', '', 'SISE'),
  USDTRY: info('USDTRY', 'FX', '', 'dolar/TL', 'dolar'),
  EURTRY: info('EURTRY', 'FX', '', 'euro/TL', 'euro'),
  XAUUSD: info('XAUUSD', 'FX', ' $', 'ons altın'),
  XAUTRY_GRAM: info('XAUTRY_GRAM', 'FX', ' TL', 'gram altın'),
  BTCUSDT: info('BTCUSDT', 'Kripto', ' $', 'Bitcoin', 'BTC'),
  ETHUSDT: info('ETHUSDT', 'Kripto', ' $', 'ETH'),
  SOLUSDT: info('SOLUSDT', 'Kripto', ' $', 'SOL'),
};

const cache = new Map<string, SymbolInfo>();

/** Display info for a symbol id; unknown ids get a harmonised name from the id itself. */
export function symbolInfo(id: string): SymbolInfo {
  const known = TABLE[id];
  if (known) return known;
  let found = cache.get(id);
  if (!found) {
    const bare = id.includes(':') ? id.slice(id.indexOf(':') + 1) : id;
    const topic = id.startsWith('BIST:') ? 'BIST' : /USDT$|^BTC|^ETH/.test(bare) ? 'Kripto' : /TRY|USD|EUR/.test(bare) ? 'FX' : '';
    found = { id, topic, unit: topic === 'Kripto' ? ' $' : '', names: [harmonised(bare)] };
    cache.set(id, found);
  }
  return found;
}

/** The symbol ids the generator knows by topic, in a stable order. */
export const TOPIC_SYMBOLS: Readonly<Record<string, readonly string[]>> = {
  BIST: Object.keys(TABLE).filter((k) => k.startsWith('BIST:')),
  FX: ['USDTRY', 'EURTRY', 'XAUTRY_GRAM', 'XAUUSD'],
  Kripto: ['BTCUSDT', 'ETHUSDT', 'SOLUSDT'],
  Makro: ['USDTRY', 'BIST:XU100'],
};

/** "1.234,56": dot thousands, comma decimals. */
export function formatNumber(value: number, decimals: number): string {
  const s = Math.abs(value).toFixed(decimals);
  const dot = s.indexOf('.');
  const int = dot < 0 ? s : s.slice(0, dot);
  let grouped = '';
  for (let i = 0; i < int.length; i++) {
    if (i > 0 && (int.length - i) % 3 === 0) grouped += '.';
    grouped += int[i];
  }
  return (value < 0 ? '-' : '') + grouped + (dot < 0 ? '' : ',' + s.slice(dot + 1));
}

/** Price as a Turkish trader writes it: no decimals from 1,000 up, two below (four under 1). */
export function formatPrice(price: number): string {
  const abs = Math.abs(price);
  return formatNumber(price, abs >= 1000 ? 0 : abs >= 1 ? 2 : 4);
}

/** Absolute percentage of a fraction: 0.018 -> "%1,8". */
export function formatPct(fraction: number): string {
  const pct = Math.abs(fraction) * 100;
  return '%' + formatNumber(pct < 0.1 ? 0.1 : pct, pct >= 10 ? 0 : 1);
}

const names = new Map<string, string>();

/** "Deniz" for "deniz"; "@deniz_42" when the username is not a plain name. */
export function addressName(speaker: string): string {
  let out = names.get(speaker);
  if (out === undefined) {
    const s = speaker.trim().replace(/^@/, '');
    out = /^[a-zçğıöşü]+$/i.test(s) ? capitalize(s) : /\s/.test(s) ? s.split(/\s+/)[0]! : '@' + s;
    if (names.size > 1000) names.clear();
    names.set(speaker, out);
  }
  return out;
}

/** One character upper-cased by Turkish rules (i -> İ), without the slow locale-aware path. */
function upper(c: string): string {
  return c === 'i' ? 'İ' : c === 'ı' ? 'I' : c.toUpperCase();
}
/** One character lower-cased by Turkish rules (I -> ı). */
function lower(c: string): string {
  return c === 'I' ? 'ı' : c === 'İ' ? 'i' : c.toLowerCase();
}

/** Lower-case a whole text by Turkish rules (fast path for ASCII-heavy text). */
export function trLower(text: string): string {
  return text.replace(/I/g, 'ı').replace(/İ/g, 'i').toLowerCase();
}

/** First letter upper-cased, Turkish rules (i -> İ). */
export function capitalize(text: string): string {
  if (text.length === 0) return text;
  const c = text[0]!;
  const u = upper(c);
  return u === c ? text : u + text.slice(1);
}

/** First letter lower-cased, Turkish rules (I -> ı). Leaves tickers ("THYAO") and "BIST 100" alone. */
export function decapitalize(text: string): string {
  if (text.length < 2) return text;
  const second = text[1]!;
  if (second !== lower(second)) return text;
  const c = text[0]!;
  const l = lower(c);
  return l === c ? text : l + text.slice(1);
}
