// Turkish case suffixes by vowel harmony on the SPOKEN form of a word: "SOL" is said "sol" (SOL'u,
// SOL'da), "THYAO" letter by letter ending in "o" (THYAO'yu), "BTC" as "be-te-ce" (BTC'yi). Names and
// tickers take an apostrophe; common nouns ("gram altın") take the suffix directly.

/** The cases the chat lines use, the second-person copula ("Fatma Emekli'sin") and the question
 * particle ("THYAO mu", "dolar/TL mi"). */
export type TurkishCase = 'loc' | 'abl' | 'acc' | 'dat' | 'gen' | 'ins' | 'cop2' | 'q';

const VOWELS = 'aıoueiöü';
const BACK = 'aıou';
/** Voiceless consonants: a following d of -da/-dan becomes t (Fıstıkçı Şahap). */
const VOICELESS = 'fstkçşhp';

/** Lower case by Turkish rules (I → ı, İ → i). */
function lower(text: string): string {
  return text.replace(/I/g, 'ı').replace(/İ/g, 'i').toLowerCase();
}

/** The suffix `kase` takes after a word pronounced `spoken`. */
export function suffix(spoken: string, kase: TurkishCase): string {
  const s = lower(spoken).replace(/[^a-zçğıöşü]/g, '');
  let last = 'e';
  for (let i = s.length - 1; i >= 0; i--) {
    if (VOWELS.includes(s[i]!)) {
      last = s[i]!;
      break;
    }
  }
  const end = s[s.length - 1] ?? 'e';
  const vowelEnd = VOWELS.includes(end);
  const a = BACK.includes(last) ? 'a' : 'e';
  const i4 = last === 'a' || last === 'ı' ? 'ı' : last === 'o' || last === 'u' ? 'u' : last === 'ö' || last === 'ü' ? 'ü' : 'i';
  const d = VOICELESS.includes(end) ? 't' : 'd';
  switch (kase) {
    case 'loc': return `${d}${a}`;
    case 'abl': return `${d}${a}n`;
    case 'acc': return `${vowelEnd ? 'y' : ''}${i4}`;
    case 'dat': return `${vowelEnd ? 'y' : ''}${a}`;
    case 'gen': return `${vowelEnd ? 'n' : ''}${i4}n`;
    case 'ins': return `${vowelEnd ? 'y' : ''}l${a}`;
    case 'cop2': return `s${i4}n`;
    case 'q': return `m${i4}`;
  }
}

/** `written` in case `kase`, pronounced `spoken` (default: as written): "THYAO'da", "Ayşe'nin", and with
 * `glued` the suffix without an apostrophe ("gram altında"). */
export function inflect(written: string, kase: TurkishCase, spoken = written, glued = false): string {
  return `${written}${glued ? '' : "'"}${suffix(spoken, kase)}`;
}

/** How a symbol's display name is said, when that differs from how it is written. Tickers are read as
 * words where one exists (AKBNK "akbank", TUPRS "tüpraş"), else letter by letter (THYAO "te-ha-ye-a-o",
 * BTC "be-te-ce"); "SOL" is the word "sol". */
const SPOKEN: Readonly<Record<string, string>> = {
  'BIST 100': 'bist yüz', THYAO: 'tehayeao', AKBNK: 'akbank', GARAN: 'garan', ASELS: 'asels', EREGL: 'ereğl', BIMAS: 'bimaş',
  KCHOL: 'kçhöl', TUPRS: 'tüpraş', SISE: 'şişe', 'dolar/TL': 'dolar tele', 'euro/TL': 'öro tele', BTC: 'betece', ETH: 'etehe',
  SOL: 'sol', Bitcoin: 'bitkoin', XU100: 'iksuyüz', euro: 'öro',
  // Loanwords in names: "Ayşe Scalper" is said "skalpır" (Ayşe Scalper'sın).
  Scalper: 'skalpır', Trader: 'treydır',
};

/** Words that are common nouns: they take the suffix without an apostrophe. */
const GLUED = new Set(['gram altın', 'ons altın', 'altın', 'dolar', 'euro', 'endeks', 'borsa', 'kur', 'piyasa']);

/** The spoken form of a display name (itself when it is read as written); for a name of several words
 * the last word decides the harmony, so only it is looked up. */
export function spokenForm(name: string): string {
  const whole = SPOKEN[name];
  if (whole !== undefined) return whole;
  const space = name.lastIndexOf(' ');
  const last = space < 0 ? undefined : SPOKEN[name.slice(space + 1)];
  return last === undefined ? name : `${name.slice(0, space)} ${last}`;
}

/** A display name in case `kase`: "SOL'da", "THYAO'yu", "gram altını", "Fatma Emekli'sin". */
export function inCase(name: string, kase: TurkishCase): string {
  // The question particle is a word of its own: "THYAO mu", "gram altın mı".
  if (kase === 'q') return `${name} ${suffix(spokenForm(name), 'q')}`;
  return inflect(name, kase, spokenForm(name), GLUED.has(name));
}
