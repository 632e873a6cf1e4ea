// What a person's message is: a question about a symbol or a market concept, an opinion, a greeting or
// a newcomer's hello, thanks, an insult or spam, something off-topic — and in which language. Both
// generators get the reading in the same request, so each answers the kind of message it was.
import { extractSymbols } from './topic.ts';

export type IntentKind =
  | 'symbol-question' | 'concept-question' | 'market-question' | 'opinion' | 'greeting' | 'newcomer' | 'thanks'
  | 'insult' | 'spam' | 'off-topic';

/** What a question about a symbol asks. */
export type AskKind = 'bought' | 'buy' | 'levels' | 'when' | 'why' | 'which' | 'outlook' | 'how' | 'opinion';

/** The family of a market concept, which decides who knows it best. */
export type ConceptFamily = 'macro' | 'technical' | 'dividend' | 'trading' | 'crypto' | 'fx' | 'general';

export interface MessageIntent {
  readonly kind: IntentKind;
  /** 'tr', 'en', or 'other' for a language no persona is assumed to read. */
  readonly language: string;
  /** Market symbols the message names. */
  readonly symbols: readonly string[];
  /** For a question: what it asks. */
  readonly ask?: AskKind;
  /** The market concept a question or opinion is about ("faiz", "temettü", "RSI"). */
  readonly concept?: string;
  readonly family?: ConceptFamily;
}

/** A Unicode word boundary: JavaScript's \b knows only ASCII letters ("mı" would never match). */
const B = String.raw`(?:(?<![\p{L}\p{N}_])(?=[\p{L}\p{N}_])|(?<=[\p{L}\p{N}_])(?![\p{L}\p{N}_]))`;

/** A word start and a word end (cheaper than the general boundary B, which both sides need). */
const START = String.raw`(?<![\p{L}\p{N}_])`;
const END = String.raw`(?![\p{L}\p{N}_])`;

/** A regular expression from `source` with \b as a Unicode word boundary, matching folded text: a \b
 * before a word or a group is a word start, after one a word end. */
function w(source: string, flags = ''): RegExp {
  const bounded = source.replace(/\\b(?=[\p{L}(\[\\])/gu, START).replace(/(?<=[\p{L})\]?*+])\\b/gu, END).replaceAll(String.raw`\b`, B);
  return new RegExp(bounded.replaceAll('ı', 'i'), `${flags}u`);
}

/** Lower case with ı folded into i: "RSI", "rsi" and "rsı", "BIST" and "bist" read the same, as do
 * people who type without Turkish letters ("mi" for "mı"). */
function fold(text: string): string {
  return text.replace(/İ/g, 'i').toLowerCase().replace(/ı/g, 'i');
}

const SPAM = w(String.raw`t\.me\/|https?:\/\/|www\.|bit\.ly|katıl[ıi]n|grubuna katıl|sinyal grub|vip grup|airdrop|promosyon|bedava|%\s?[1-9]\d{2,}|günde \d+ ?(bin|tl)|dm at|join (my|our)|free money|guaranteed`);
const INSULT = w(String.raw`aptal|salak|gerizekal|saçmal|saçma sapan|bot musunuz|botsunuz|ahmak|beyinsiz|yalancı|dolandırıcı|rezil|boş konuş|cahil|\bmal mısın|\bidiot|stupid|dumb|shut up|\bscam|you suck|fuck|shit|bunlar bot`);
const THANKS = w(String.raw`teşekkür|tesekkur|sağ ?ol|sagol|eyvallah|\btşk|\bthank|\bthx|\bty\b|çok yardımcı|minnettar|eline sağlık`);
const NEWCOMER = w(String.raw`yeni katıld|yeni geldim|gruba yeni|yeni üye|ilk defa|ilk kez yaz|yeni başladım|new here|just joined|i'?m new`);
const GREETING = w(String.raw`^(?:selam\w*|merhaba\w*|mrb|slm|günaydın|iyi akşamlar|iyi geceler|hayırlı sabahlar|naber|nasılsınız|hello|hi|hey|good (?:morning|evening)|selamün aleyküm|sa)\b`);
const QUESTION_WORD = w(String.raw`\?|\b(ne|neden|niye|nasıl|hangi|hangisi|kaç|nereye|nerede|ne zaman|kim)\b|\b(mı|mi|mu|mü|mısın|misin|mıyız|miyiz|mısınız|misiniz)\b|^(what|why|how|which|when|should|is|are|do|does|can|will)\b`);
const MARKET = w(String.raw`piyasa|borsa|hisse|endeks|bist|dolar|euro|avro|kur\b|kurda|döviz|altın|kripto|coin|bitcoin|faiz|enflasyon|temettü|portföy|yatırım|fiyat|destek|direnç|grafik|trend|tcmb|merkez bankası|\bfed\b|ekonomi|resesyon|market|stock|crypto|rate|inflation|price|invest|dividend|gold|bank|banka|al[ıi]n[ıi]r|satılır|pozisyon|bilanço|halka arz`);
const OPINION = w(String.raw`bence|sanırım|galiba|bana göre|kanımca|uçar|çöker|patlar|düşer|yükselir|olur|gider|çıkar|i think|imo|will (go|pump|dump|crash)`);

/** Market concepts people ask about, with their family. */
const CONCEPTS: readonly (readonly [RegExp, string, ConceptFamily])[] = [
  [w(String.raw`\bfed\b`), 'Fed', 'macro'],
  [w(String.raw`faiz kararı|ppk|politika faizi`), 'faiz kararı', 'macro'],
  [w(String.raw`faiz|interest rate`), 'faiz', 'macro'],
  [w(String.raw`enflasyon|inflation`), 'enflasyon', 'macro'],
  [w(String.raw`tcmb|merkez bankası|central bank`), 'TCMB', 'macro'],
  [w(String.raw`resesyon|büyüme|gsyih|recession|gdp`), 'büyüme', 'macro'],
  [w(String.raw`cari açık|dış ticaret|current account`), 'cari açık', 'macro'],
  [w(String.raw`işsizlik|istihdam|unemployment`), 'işsizlik', 'macro'],
  [w(String.raw`bütçe|vergi|budget`), 'bütçe', 'macro'],
  [w(String.raw`temettü|dividend`), 'temettü', 'dividend'],
  [w(String.raw`bilanço|f\/k|halka arz`), 'bilanço', 'dividend'],
  [w(String.raw`\brsi\b`), 'RSI', 'technical'],
  [w(String.raw`destek|direnç|support|resistance`), 'destek ve direnç', 'technical'],
  [w(String.raw`formasyon|grafik|teknik analiz|hareketli ortalama|chart`), 'teknik analiz', 'technical'],
  [w(String.raw`\bstop\b|stop loss|stoplu|stop koy`), 'stop', 'trading'],
  [w(String.raw`kaldıraç|leverage|scalp`), 'kaldıraç', 'trading'],
  [w(String.raw`halving|blockchain|\betf\b|stablecoin`), 'kripto', 'crypto'],
  [w(String.raw`kur\b|döviz|parite|carry`), 'kur', 'fx'],
];

const ASKS: readonly (readonly [RegExp, AskKind])[] = [
  [w(String.raw`ne ald|ne topla|ne ekled|neler ald|portföy|elinde ne|ne var elinde|(ald|gird)(ın|in|iniz|ınız) ?m[ıi]|pozisyon|did you buy`), 'bought'],
  [w(String.raw`alınır|alayım|almalı|alsam|alınmalı|girilir|gireyim|girmeli|girsem|satayım|satılır|satmalı|satsam|tutayım|tutmalı|good buy|should i (buy|sell)|worth buying`), 'buy'],
  [w(String.raw`destek|direnç|seviye|neresi|stop(?:un|unu)? nerede|support|resistance|level`), 'levels'],
  [w(String.raw`ne zaman|when`), 'when'],
  [w(String.raw`neden|niye|niçin|sebep|why`), 'why'],
  [w(String.raw`hangi|hangisi|which`), 'which'],
  [w(String.raw`nereye|ne olur|ne olacak|gider mi|yükselir mi|düşer mi|devam eder mi|çıkar mı|iner mi|hedef|etkiler|etkisi|yansır|where .* go|going to`), 'outlook'],
  [w(String.raw`nasıl yap|nasıl bak|nasıl başla|nasıl okun|nasıl seç|ne demek|nedir|neye bak|nelere dikkat|ne öğren|nereden başla|how do|how to|what is`), 'how'],
];

const EN = w(String.raw`\b(the|is|are|what|you|about|think|how|buy|sell|guys|everyone|should|right|now|good|thanks|hello|hi|hey|this|that|do|does|with|for)\b`, 'g');
const TR = w(String.raw`[çğşöü]|\b(ve|bir|bu|ne|mi|mı|için|sizce|nasıl|var|yok|ben|sen|çok|ama|gibi|daha|olur|mu|de|da)\b`, 'g');
const OTHER = w(String.raw`\b(der|die|das|und|ist|nicht|le|la|les|est|pas|el|los|es|que|por|и|не|что)\b|[а-яё]`, 'g');

/** The language of a message: 'tr', 'en' or 'other'. */
export function languageOf(text: string): string {
  const lower = fold(text);
  const en = lower.match(EN)?.length ?? 0;
  const tr = (lower.match(TR)?.length ?? 0) + (text.match(/ı/g)?.length ?? 0);
  const other = lower.match(OTHER)?.length ?? 0;
  if (other > en && other > tr) return 'other';
  return en > tr ? 'en' : 'tr';
}

/** The sentence of `text` that asks (the first one ending in "?"), or the whole text. */
export function questionOf(text: string): string {
  const q = text.indexOf('?');
  if (q < 0) return text;
  const start = Math.max(text.lastIndexOf('. ', q), text.lastIndexOf('! ', q));
  return text.slice(start < 0 ? 0 : start + 2, q + 1);
}

/** Read a person's message. `universe` lists the symbols the market knows. */
export function classifyMessage(text: string, universe: readonly string[]): MessageIntent {
  const plain = text.replace(/@\w+/g, ' ').trim();
  const lower = fold(plain);
  const language = languageOf(plain);
  const symbols = extractSymbols(plain, universe);
  const concept = CONCEPTS.find(([re]) => re.test(lower));
  const about = { ...(concept ? { concept: concept[1], family: concept[2] } : {}) };
  const base = { language, symbols, ...about };
  if (SPAM.test(lower)) return { ...base, kind: 'spam' };
  if (INSULT.test(lower)) return { ...base, kind: 'insult' };
  const question = QUESTION_WORD.test(lower);
  const asked = question ? ASKS.find(([re]) => re.test(lower))?.[1] : undefined;
  // "bugün ne aldın?" names no market, but asks about one.
  const market = symbols.length > 0 || concept !== undefined || asked === 'bought' || asked === 'buy' || MARKET.test(lower);
  if (THANKS.test(lower) && !question) return { ...base, kind: 'thanks' };
  if (NEWCOMER.test(lower) && !(question && market)) return { ...base, kind: 'newcomer' };
  if (GREETING.test(lower) && !market) return { ...base, kind: 'greeting' };
  if (!market) return { ...base, kind: 'off-topic' };
  if (question) {
    const ask = asked ?? 'opinion';
    if (symbols.length > 0) return { ...base, kind: 'symbol-question', ask };
    if (concept) return { ...base, kind: 'concept-question', ask };
    return { ...base, kind: 'market-question', ask };
  }
  return { ...base, kind: OPINION.test(lower) || symbols.length > 0 || concept ? 'opinion' : 'market-question', ...(OPINION.test(lower) ? {} : { ask: 'opinion' as const }) };
}
