// Turkish-style formatting for the offline generator: prices ("312,40", "97.120"), percentages
// ("%1,8"), and symbol display names with their case suffixes ("THYAO'da", "dolar/TL'yi").

/** A display name with the suffixed forms templates need. */
export interface SymbolName {
  readonly name: string;
  /** Locative: "THYAO'da", "gram altında". */
  readonly loc: string;
  /** Accusative: "THYAO'yu", "gram altını". */
  readonly acc: string;
  /** Genitive: "THYAO'nun", "gram altının". */
  readonly gen: string;
}

export interface SymbolInfo {
  readonly id: string;
  /** BIST, FX or Kripto (Makro has no symbol of its own). */
  readonly topic: string;
  /** Appended to a formatted price: "" (TL implied), " $", " TL". */
  readonly unit: string;
  readonly names: readonly SymbolName[];
}

const n = (name: string, loc: string, acc: string, gen: string): SymbolName => ({ name, loc, acc, gen });
const tick = (t: string, loc: string, acc: string, gen: string): SymbolName =>
  n(t, `${t}'${loc}`, `${t}'${acc}`, `${t}'${gen}`);

const TABLE: Record<string, SymbolInfo> = {
  'BIST:XU100': { id: 'BIST:XU100', topic: 'BIST', unit: '', names: [
    tick('BIST 100', 'de', 'ü', 'ün'), n('endeks', 'endekste', 'endeksi', 'endeksin')] },
  'BIST:THYAO': { id: 'BIST:THYAO', topic: 'BIST', unit: '', names: [tick('THYAO', 'da', 'yu', 'nun')] },
  'BIST:AKBNK': { id: 'BIST:AKBNK', topic: 'BIST', unit: '', names: [tick('AKBNK', 'ta', 'ı', 'ın')] },
  'BIST:GARAN': { id: 'BIST:GARAN', topic: 'BIST', unit: '', names: [tick('GARAN', 'da', 'ı', 'ın')] },
  'BIST:ASELS': { id: 'BIST:ASELS', topic: 'BIST', unit: '', names: [tick('ASELS', 'te', 'i', 'in')] },
  'BIST:EREGL': { id: 'BIST:EREGL', topic: 'BIST', unit: '', names: [tick('EREGL', 'de', 'i', 'in')] },
  'BIST:BIMAS': { id: 'BIST:BIMAS', topic: 'BIST', unit: '', names: [tick('BIMAS', 'ta', 'ı', 'ın')] },
  'BIST:KCHOL': { id: 'BIST:KCHOL', topic: 'BIST', unit: '', names: [tick('KCHOL', 'de', 'ü', 'ün')] },
  'BIST:TUPRS': { id: 'BIST:TUPRS', topic: 'BIST', unit: '', names: [tick('TUPRS', 'ta', 'ı', 'ın')] },
  'BIST:SISE': { id: 'BIST:SISE', topic: 'BIST', unit: '', names: [tick('SISE', 'de', 'yi', 'nin')] },
  USDTRY: { id: 'USDTRY', topic: 'FX', unit: '', names: [
    tick('dolar/TL', 'de', 'yi', 'nin'), n('dolar', 'dolarda', 'doları', 'doların')] },
  EURTRY: { id: 'EURTRY', topic: 'FX', unit: '', names: [
    tick('euro/TL', 'de', 'yi', 'nin'), n('euro', 'euroda', 'euroyu', 'euronun')] },
  XAUUSD: { id: 'XAUUSD', topic: 'FX', unit: ' $', names: [n('ons altın', 'ons altında', 'ons altını', 'ons altının')] },
  XAUTRY_GRAM: { id: 'XAUTRY_GRAM', topic: 'FX', unit: ' TL', names: [
    n('gram altın', 'gram altında', 'gram altını', 'gram altının')] },
  BTCUSDT: { id: 'BTCUSDT', topic: 'Kripto', unit: ' $', names: [
    tick('Bitcoin', 'de', 'i', 'in'), tick('BTC', 'de', 'yi', 'nin')] },
  ETHUSDT: { id: 'ETHUSDT', topic: 'Kripto', unit: ' $', names: [tick('ETH', 'de', 'yi', 'nin')] },
  SOLUSDT: { id: 'SOLUSDT', topic: 'Kripto', unit: ' $', names: [tick('SOL', 'de', 'ü', 'ün')] },
};

const cache = new Map<string, SymbolInfo>();

const BACK = 'aıou';
const VOWELS = 'aıoueiöü';
const HARD = 'fstkçşhp';

/** Suffix forms by Turkish vowel harmony (for symbols outside the table, and people's names). */
export function harmonised(name: string): SymbolName {
  const low = name.toLocaleLowerCase('tr');
  let last = 'e';
  for (let i = low.length - 1; i >= 0; i--) if (VOWELS.includes(low[i]!)) { last = low[i]!; break; }
  const end = low[low.length - 1] ?? 'e';
  const back = BACK.includes(last);
  const endsVowel = VOWELS.includes(end);
  const i4 = last === 'a' || last === 'ı' ? 'ı' : last === 'o' || last === 'u' ? 'u' : last === 'ö' || last === 'ü' ? 'ü' : 'i';
  const loc = (HARD.includes(end) ? 't' : 'd') + (back ? 'a' : 'e');
  return tick(name, loc, (endsVowel ? 'y' : '') + i4, (endsVowel ? 'n' : '') + i4 + 'n');
}

/** Display info for a symbol id; unknown ids get a harmonised name from the id itself. */
export function symbolInfo(id: string): SymbolInfo {
  const known = TABLE[id];
  if (known) return known;
  let info = cache.get(id);
  if (!info) {
    const bare = id.includes(':') ? id.slice(id.indexOf(':') + 1) : id;
    const topic = id.startsWith('BIST:') ? 'BIST' : /USDT$|^BTC|^ETH/.test(bare) ? 'Kripto' : /TRY|USD|EUR/.test(bare) ? 'FX' : '';
    info = { id, topic, unit: topic === 'Kripto' ? ' $' : '', names: [harmonised(bare)] };
    cache.set(id, info);
  }
  return info;
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
