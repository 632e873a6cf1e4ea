// Reading other people's lines for the offline generator: which symbols and keywords a text mentions
// and whether it sounds bullish or bearish (what kind of message it is: the domain's intent.ts). Pure.

const L = '(?<![a-zçğıöşü0-9])';
const R = '(?![a-zçğıöşü0-9])';

const SYMBOL_PATTERNS: readonly (readonly [RegExp, string])[] = [
  [new RegExp(`${L}(thyao|thy|türk hava)`), 'BIST:THYAO'],
  [new RegExp(`${L}(akbnk|akbank)`), 'BIST:AKBNK'],
  [new RegExp(`${L}(garan${R}|garanti bbva)`), 'BIST:GARAN'],
  [new RegExp(`${L}(asels|aselsan)`), 'BIST:ASELS'],
  [new RegExp(`${L}(eregl|ereğli|erdemir)`), 'BIST:EREGL'],
  [new RegExp(`${L}(bimas|bim${R})`), 'BIST:BIMAS'],
  [new RegExp(`${L}(kchol|koç)`), 'BIST:KCHOL'],
  [new RegExp(`${L}(tuprs|tüpraş)`), 'BIST:TUPRS'],
  [new RegExp(`${L}(sise|şişecam)`), 'BIST:SISE'],
  [new RegExp(`${L}(xu100|bist ?100|endeks)`), 'BIST:XU100'],
  [new RegExp(`${L}(usdtry|dolar|usd${R})`), 'USDTRY'],
  [new RegExp(`${L}(eurtry|euro|eur${R}|avro)`), 'EURTRY'],
  [new RegExp(`${L}(ons${R}|xauusd)`), 'XAUUSD'],
  [new RegExp(`${L}(gram altın|altın${R})`), 'XAUTRY_GRAM'],
  [new RegExp(`${L}(bitcoin|btc)`), 'BTCUSDT'],
  [new RegExp(`${L}(ethereum|eth${R})`), 'ETHUSDT'],
  [new RegExp(`${L}(solana|sol${R})`), 'SOLUSDT'],
];

/** Symbol ids a (lower-cased, Turkish) text mentions, in table order. */
export function symbolsIn(lower: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < SYMBOL_PATTERNS.length; i++) if (SYMBOL_PATTERNS[i]![0].test(lower)) out.push(SYMBOL_PATTERNS[i]![1]);
  return out;
}

/** Keywords worth picking up from someone else's line, with the form we say them in. */
const KEYWORDS: readonly (readonly [RegExp, string, string])[] = [
  [/faiz/, 'faiz', 'Makro'],
  [/enflasyon/, 'enflasyon', 'Makro'],
  [/tcmb|merkez bankas/, 'TCMB', 'Makro'],
  [/fed\b|fed'/, 'Fed', 'Makro'],
  [/büyüme|gsyih/, 'büyüme', 'Makro'],
  [/cari açık/, 'cari açık', 'Makro'],
  [/temettü/, 'temettü', 'BIST'],
  [/banka/, 'bankalar', 'BIST'],
  [/bilanço/, 'bilanço', 'BIST'],
  [/yabancı/, 'yabancı girişi', 'BIST'],
  [/borsa|hisse/, 'borsa', 'BIST'],
  [/destek/, 'destek seviyesi', ''],
  [/direnç/, 'direnç', ''],
  [/rsi\b/, 'RSI', ''],
  [/hacim/, 'hacim', ''],
  [/trend/, 'trend', ''],
  [/stop/, 'stop', ''],
  [/kaldıraç/, 'kaldıraç', ''],
  [/kur\b|kurd|döviz/, 'kur', 'FX'],
  [/altcoin|(?<![a-z])coin/, 'altcoin', 'Kripto'],
  [/kripto/, 'kripto', 'Kripto'],
  [/etf/, 'ETF', 'Kripto'],
  [/kâr|kar sat/, 'kâr satışı', ''],
];

/** The first keyword found in a lower-cased text, as [spoken form, topic or '']. */
export function keywordIn(lower: string): readonly [string, string] | undefined {
  for (let i = 0; i < KEYWORDS.length; i++) {
    const k = KEYWORDS[i]!;
    if (k[0].test(lower)) return [k[1], k[2]];
  }
  return undefined;
}

const BULL = /yüksel|yukarı|artı(?!k)|güzel görün|iyi görün|(?<![a-zçğıöşü])alım|toplu|güçlü|toparla|yeşil|rekor|ralli|fırsat|pozitif|olumlu|iyimser|uçu|uçar|uçaca|patlar|roket|momentum|potansiyel|seviyorum|🚀|📈/g;
const BEAR = /düş(?!ün)|aşağı|eksi(?!k)|satış|zayıf|kırmızı|kayıp|zarar|negatif|olumsuz|çök|panik|risk|korku|kumar|yapışkan|kırılgan|zorlan|temkin|pahalı|baskı|güvenmiyorum|📉/g;

function score(lower: string): number {
  const bull = lower.match(BULL)?.length ?? 0;
  const bear = lower.match(BEAR)?.length ?? 0;
  return bull - bear;
}

/** Rough direction of a text: positive = bullish, negative = bearish, 0 = neutral. After a contrast
 * comes the speaker's own view ("BIMAS'a temkinli bakıyorsun ama güzel görünüyor"): when the part
 * after the last "ama"/"fakat" leans one way, that is the text's direction. */
export function sentimentOf(lower: string): number {
  const m = /.*\b(?:ama|fakat|ancak)\s/s.exec(lower);
  if (m) {
    const after = score(lower.slice(m[0].length));
    if (after !== 0) return after;
  }
  return score(lower);
}

/** Topic keywords, used to guess a text's topic when it names no symbol. */
const TOPIC_WORDS: readonly (readonly [RegExp, string])[] = [
  [/kripto|bitcoin|btc|eth|coin|altcoin|solana/, 'Kripto'],
  [/faiz|enflasyon|tcmb|merkez bankas|fed\b|büyüme|ekonomi|makro|cari açık|ppk/, 'Makro'],
  [/dolar|euro|kur\b|kurd|döviz|parite|altın/, 'FX'],
  [/borsa|hisse|bist|endeks|temettü|bilanço/, 'BIST'],
];

/** The topic a lower-cased text seems to be about, or ''. */
export function topicOf(lower: string): string {
  for (let i = 0; i < TOPIC_WORDS.length; i++) if (TOPIC_WORDS[i]![0].test(lower)) return TOPIC_WORDS[i]![1];
  return '';
}
