// A persona's voice for the offline generator, derived once from persona DATA (tone keywords, risk,
// style, stances, phrases) and cached per Persona object — no persona ids are hard-coded. Clones of one
// persona (same arrays, other id/name) share everything but the salt.
import { fnv1a } from '../../../actors/index.ts';
import type { Persona, RiskProfile } from '../../../actors/index.ts';
import { decapitalize } from './format.ts';
import { sentimentOf } from './lexicon.ts';

/** The three tone buckets of the old system: street slang, neat/professional, everything else. */
export type Bucket = 'slang' | 'neat' | 'plain';

/** Optional sentences a line may add after its first one. */
export type ExtraKind =
  | 'holding' | 'second' | 'plan' | 'question' | 'feel' | 'stance' | 'anecdote' | 'signature' | 'never'
  | 'time' | 'echo' | 'method';

export interface Voice {
  readonly bucket: Bucket;
  readonly calm: boolean;
  readonly warm: boolean;
  readonly curious: boolean;
  readonly technical: boolean;
  readonly macro: boolean;
  readonly dividend: boolean;
  readonly trader: boolean;
  readonly risk: RiskProfile;
  /** Line openers in this persona's register ("aga", "Açıkçası", "Çocuklar"). */
  readonly openers: readonly string[];
  /** Little tails appended to a line ("bakalım", "haberiniz olsun"). */
  readonly tails: readonly string[];
  readonly signatures: readonly string[];
  readonly anecdotes: readonly string[];
  /** never-do items that read as infinitives ("panikle satış yapmak"). */
  readonly neverDo: readonly string[];
  /** Stance text and bias (-1 bearish … +1 bullish) per topic. */
  readonly stances: ReadonlyMap<string, { readonly text: string; readonly bias: number }>;
  readonly watchlist: readonly string[];
  readonly emojis: readonly string[];
  readonly emojiRate: number;
  readonly slangRate: number;
  readonly typoRate: number;
  readonly extras: readonly (readonly [ExtraKind, number])[];
  /** Mixed into the line seed so two personas given the same seed still write differently. */
  readonly salt: number;
}

const OPENERS: Record<Bucket, readonly string[]> = {
  slang: ['aga', 'valla', 'yaw', 'bak şimdi', 'abi', 'ya', 'dostlar', 'kanka', 'hadi ya', 'ee', 'ayy', 'cidden'],
  neat: ['Açıkçası', 'Şöyle bakalım', 'Kısaca', 'Özetle', 'Bir not düşeyim', 'Şunu belirteyim', 'Dikkat çekeyim', 'Bir parantez açayım', 'Objektif bakarsak'],
  plain: ['Açıkçası', 'Bakın', 'Şimdi', 'Ya', 'Hmm', 'Dürüst olmak gerekirse', 'Nasıl desem', 'Bakalım', 'Bence şöyle'],
};
const TAILS: Record<Bucket, readonly string[]> = {
  slang: ['bu kadar', 'haberiniz olsun', 'izliyoruz', 'bakalım', 'dedim bi', 'öyle yani', 'hadi bakalım'],
  neat: ['izlemeye devam', 'not edelim', 'veriler ortada'],
  plain: ['bakalım', 'görürüz', 'izliyorum', 'hayırlısı'],
};

const has = (re: RegExp, text: string): boolean => re.test(text);

function build(p: Persona): Omit<Voice, 'salt'> {
  const tone = p.tone.toLocaleLowerCase('tr');
  const all = [tone, ...p.stances.map((s) => s.text), ...p.signaturePhrases, ...p.anecdotes].join(' ').toLocaleLowerCase('tr');
  const slang = has(/genç|sokak|enerji|heyecan|agresif|esprili|delikanlı/, tone) || p.style.slangRate >= 0.3;
  const neat = !slang && (has(/profesyonel|akademik|tecrübeli|analitik|ciddi|veri/, tone) || p.style.slangRate < 0.03);
  const bucket: Bucket = slang ? 'slang' : neat ? 'neat' : 'plain';
  const calm = has(/sakin|muhafazakar|dingin|yumuşak|temkinli/, tone);
  const warm = has(/sıcak|anaç|şefkat|anne|samimi|babacan/, tone);
  const curious = has(/merak|acemi|yeni|öğren|soru/, tone);
  const technical = has(/teknik|grafik|chart|analitik/, tone) || (all.match(/grafik|rsi|destek|direnç|formasyon|kanal|ortalama/g)?.length ?? 0) >= 3;
  const macro = has(/ekonomist|makro|akademik|eleştirel|veri/, tone);
  const dividend = has(/temettü/, all);
  const trader = has(/agresif|hızlı|scalp|trader|gün içi|spekülatif/, tone) || p.risk === 'high';

  const openers = [...OPENERS[bucket]];
  if (warm) openers.push('Çocuklar', 'Canlarım', 'Evlatlar', 'Yavrum');
  if (curious) openers.push('Bi şey diyeceğim', 'Şimdi baktım da', 'Merak ettim de');
  if (technical) openers.push('Grafiğe bakınca', 'Teknik olarak', 'Günlükte bakınca');
  if (calm) openers.push('Sakin olalım', 'Acele etmeden söyleyeyim');
  if (macro) openers.push('Veriye bakınca', 'Resmin bütününe bakalım');
  if (trader) openers.push('Hızlı not', 'Ekrandan kopamadım');

  const riskBias = p.risk === 'high' ? 0.15 : p.risk === 'low' ? -0.05 : 0;
  const stances = new Map<string, { text: string; bias: number }>();
  for (const s of p.stances) {
    const sent = sentimentOf(s.text.toLocaleLowerCase('tr'));
    const bias = Math.max(-1, Math.min(1, Math.sign(sent) * (0.3 + 0.6 * s.confidence) + riskBias));
    stances.set(s.topic, { text: s.text.trim(), bias });
  }

  const w = (on: boolean, yes: number, no: number): number => (on ? yes : no);
  const extras: [ExtraKind, number][] = [
    ['holding', p.holdings.length ? 3 : 0],
    ['second', 2],
    ['plan', w(technical, 4, w(trader, 3, 2))],
    ['question', w(curious, 5, 1.2)],
    ['feel', w(warm || curious, 2.5, 1.5)],
    ['stance', p.stances.length ? w(macro, 2.5, 1.5) : 0],
    ['anecdote', p.anecdotes.length ? w(warm, 0.9, 0.6) : 0],
    ['signature', p.signaturePhrases.length ? 1.3 : 0],
    ['never', 0.5],
    ['time', 0.8],
    ['echo', 0.9],
    ['method', w(macro || technical, 1.2, 0.6)],
  ];

  return {
    bucket, calm, warm, curious, technical, macro, dividend, trader, risk: p.risk,
    openers, tails: TAILS[bucket],
    signatures: p.signaturePhrases.map((s) => s.trim()).filter(Boolean),
    anecdotes: p.anecdotes.map((s) => s.trim()).filter(Boolean),
    neverDo: p.neverDo.map((s) => decapitalize(s.trim().replace(/[.!]+$/, ''))).filter((s) => /m[ae]k$/.test(s)),
    stances,
    watchlist: p.watchlist,
    emojis: p.style.emojis,
    emojiRate: p.style.emojiRate,
    slangRate: p.style.slangRate,
    typoRate: p.style.typoRate,
    extras: extras.filter(([, weight]) => weight > 0),
  };
}

const voices = new WeakMap<Persona, Voice>();

/** The fields build() reads, besides id and name (which only feed the salt). */
type Source = Pick<Persona, 'tone' | 'risk' | 'stances' | 'signaturePhrases' | 'anecdotes' | 'neverDo' | 'watchlist' | 'holdings' | 'style'>;
interface Shared { readonly source: Source; readonly voice: Omit<Voice, 'salt'> }

/** Built voices by the persona's stances array: clones made with `{...base, id, name}` keep the same
 * arrays, so they reuse the base's voice when every field build() reads is the same. */
const shared = new WeakMap<readonly unknown[], Shared[]>();

function sameSource(a: Source, p: Persona): boolean {
  return a.tone === p.tone && a.risk === p.risk && a.stances === p.stances && a.signaturePhrases === p.signaturePhrases
    && a.anecdotes === p.anecdotes && a.neverDo === p.neverDo && a.watchlist === p.watchlist && a.holdings === p.holdings
    && a.style === p.style;
}

function sharedVoice(p: Persona): Omit<Voice, 'salt'> {
  let list = shared.get(p.stances);
  if (!list) shared.set(p.stances, (list = []));
  for (const entry of list) if (sameSource(entry.source, p)) return entry.voice;
  const { tone, risk, stances, signaturePhrases, anecdotes, neverDo, watchlist, holdings, style } = p;
  const voice = build(p);
  if (list.length >= 8) list.shift();
  list.push({ source: { tone, risk, stances, signaturePhrases, anecdotes, neverDo, watchlist, holdings, style }, voice });
  return voice;
}

/** The voice of a persona, computed once per Persona object (and once per set of shared persona data). */
export function voiceOf(persona: Persona): Voice {
  let v = voices.get(persona);
  if (!v) {
    v = { ...sharedVoice(persona), salt: fnv1a(`${persona.id}|${persona.name}`) };
    voices.set(persona, v);
  }
  return v;
}
