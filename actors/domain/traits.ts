// What a persona is like, read once from its DATA (tone words, risk, style, stances, watchlist): the
// chartist, the economist, the newcomer, the warm retiree… and which topics it talks about how much.
// No persona id is ever named; clones of one persona share the result. Used by the director (who
// answers what) and by the offline generator (voice).
import type { Persona } from './types.ts';

/** The topics of the demo pool. */
export type TopicKey = 'BIST' | 'FX' | 'Kripto' | 'Makro';

export interface Traits {
  /** Street slang and abbreviations. */
  readonly slang: boolean;
  /** Neat, professional, academic register. */
  readonly neat: boolean;
  readonly calm: boolean;
  readonly warm: boolean;
  /** A newcomer who asks more than tells. */
  readonly curious: boolean;
  /** Charts, levels, indicators. */
  readonly technical: boolean;
  /** Macro data, rates, inflation. */
  readonly macro: boolean;
  /** Dividends and long holding. */
  readonly dividend: boolean;
  /** Short-term trading. */
  readonly trader: boolean;
  /** Languages the persona writes besides its own ('tr' always when its language is Turkish). */
  readonly languages: readonly string[];
  /** Relative weight of each topic in what the persona brings up unprompted (sums to 1). */
  readonly affinity: Readonly<Record<TopicKey, number>>;
  /** Topics a stance of the persona rejects ("I don't put money in crypto"): never praised. */
  readonly rejects: readonly TopicKey[];
}

const TOPICS: readonly TopicKey[] = ['BIST', 'FX', 'Kripto', 'Makro'];
const REJECT = /yatırmam|uzak dur|güvenmiyorum|kumar|bana göre değil|uğraşmam|almam|girmem|sevmem/;

function lowerTr(text: string): string {
  return text.replace(/I/g, 'ı').replace(/İ/g, 'i').toLowerCase();
}

/** The topic a symbol is discussed under. */
export function topicOfSymbol(symbol: string): TopicKey {
  if (symbol.startsWith('BIST:')) return 'BIST';
  if (symbol.endsWith('USDT')) return 'Kripto';
  return 'FX';
}

/** What a tone line alone says (another member's, as a bot sees the roster). */
export interface ToneTraits {
  readonly slang: boolean;
  readonly calm: boolean;
  readonly warm: boolean;
  readonly curious: boolean;
  readonly technical: boolean;
  readonly macro: boolean;
  readonly trader: boolean;
}

/** The traits a tone line gives away ("analitik, teknik" → technical). */
export function toneTraits(toneText: string): ToneTraits {
  const tone = lowerTr(toneText);
  return {
    slang: /genç|sokak|enerji|heyecan|agresif|esprili|delikanlı/.test(tone),
    calm: /sakin|muhafazakar|dingin|yumuşak|temkinli/.test(tone),
    warm: /sıcak|anaç|şefkat|anne|samimi|babacan/.test(tone),
    curious: /merak|acemi|yeni|öğren|soru/.test(tone),
    technical: /teknik|grafik|chart|analitik/.test(tone),
    macro: /ekonomist|makro|akademik|eleştirel|veri/.test(tone),
    trader: /agresif|hızlı|scalp|trader|gün içi|spekülatif/.test(tone),
  };
}

function build(p: Persona): Traits {
  const tone = lowerTr(p.tone);
  const t = toneTraits(p.tone);
  const all = lowerTr([p.tone, ...p.stances.map((s) => s.text), ...p.signaturePhrases, ...p.anecdotes].join(' '));
  const slang = t.slang || p.style.slangRate >= 0.3;
  const neat = !slang && (/profesyonel|akademik|tecrübeli|analitik|ciddi|veri/.test(tone) || p.style.slangRate < 0.03);
  const technical = t.technical || (all.match(/grafik|rsi|destek|direnç|formasyon|kanal|ortalama/g)?.length ?? 0) >= 3;
  const macro = t.macro;
  const dividend = /temettü/.test(all);
  const trader = t.trader || p.risk === 'high';

  // Unprompted topics: the watchlist's and holdings' instruments, stances, and the persona's bent.
  const weight: Record<TopicKey, number> = { BIST: 0.5, FX: 0.5, Kripto: 0.5, Makro: 0.5 };
  for (const s of p.watchlist) weight[topicOfSymbol(s)] += 1;
  for (const h of p.holdings) weight[topicOfSymbol(h.symbol)] += 0.7;
  const rejects: TopicKey[] = [];
  for (const s of p.stances) {
    const key = TOPICS.find((t) => lowerTr(t) === lowerTr(s.topic));
    if (!key) continue;
    if (REJECT.test(lowerTr(s.text))) rejects.push(key);
    else weight[key] += 1;
  }
  if (macro) weight.Makro += 4;
  if (dividend) weight.BIST += 1.5;
  if (trader) weight.Kripto += 0.5;
  for (const t of rejects) weight[t] = 0.15;
  const total = TOPICS.reduce((sum, t) => sum + weight[t], 0);
  const affinity = { BIST: weight.BIST / total, FX: weight.FX / total, Kripto: weight.Kripto / total, Makro: weight.Makro / total };
  return {
    slang, neat, calm: t.calm, warm: t.warm, curious: t.curious, technical, macro, dividend, trader,
    languages: [p.language, ...(p.alsoSpeaks ?? [])], affinity, rejects,
  };
}

/** Whether two personas have the same data everything derived from it reads (clones made with
 * `{...base, id, name}` share their arrays). */
export function sameData(a: Persona, b: Persona): boolean {
  return a.tone === b.tone && a.risk === b.risk && a.language === b.language && a.stances === b.stances && a.signaturePhrases === b.signaturePhrases
    && a.anecdotes === b.anecdotes && a.neverDo === b.neverDo && a.watchlist === b.watchlist && a.holdings === b.holdings && a.style === b.style
    && a.alsoSpeaks === b.alsoSpeaks;
}

/** A value derived from persona data, computed once per Persona object and shared by clones. */
export function perPersonaData<T>(build: (p: Persona) => T): (p: Persona) => T {
  const byPersona = new WeakMap<Persona, T>();
  const byStances = new WeakMap<readonly unknown[], { readonly p: Persona; readonly v: T }[]>();
  return (p) => {
    let v = byPersona.get(p);
    if (v !== undefined) return v;
    let list = byStances.get(p.stances);
    if (!list) byStances.set(p.stances, (list = []));
    const twin = list.find((e) => sameData(e.p, p));
    v = twin ? twin.v : build(p);
    if (!twin) {
      if (list.length >= 8) list.shift();
      list.push({ p, v });
    }
    byPersona.set(p, v);
    return v;
  };
}

/** The persona's traits, computed once per persona's data. */
export const traitsOf: (p: Persona) => Traits = perPersonaData(build);
