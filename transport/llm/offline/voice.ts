// A persona's voice for the offline generator, derived once from persona DATA through the domain's
// traits (tone words, risk, style, stances) — no persona id is hard-coded. The voice picks a flavour
// (the chartist, the economist, the newcomer, the trader, the retiree, the veteran, or plain) whose
// phrase banks and habits it speaks with, and how often it does what.
import { fnv1a, perPersonaData, traitsOf } from '../../../actors/index.ts';
import type { Persona, RiskProfile, Traits } from '../../../actors/index.ts';
import { decapitalize } from './format.ts';
import { sentimentOf } from './lexicon.ts';

/** The three registers of the old system: street slang, neat/professional, everything else. */
export type Bucket = 'slang' | 'neat' | 'plain';

/** The archetype a persona speaks as; its phrase banks are in phrases/. */
export type Flavour = 'chartist' | 'economist' | 'newbie' | 'trader' | 'retiree' | 'veteran' | 'plain';

/** What a line (or a sentence of it) does. */
export type Act =
  | 'observe' | 'view' | 'stance' | 'question' | 'holding' | 'plan' | 'story' | 'saying' | 'banter' | 'macro'
  | 'feel' | 'time' | 'method' | 'never' | 'second';

export interface Voice {
  readonly flavour: Flavour;
  readonly bucket: Bucket;
  readonly traits: Traits;
  readonly risk: RiskProfile;
  readonly calm: boolean;
  readonly signatures: readonly string[];
  readonly anecdotes: readonly string[];
  /** never-do items that read as infinitives ("panikle satış yapmak"). */
  readonly neverDo: readonly string[];
  /** Stance text and bias (-1 bearish … +1 bullish) per topic. */
  readonly stances: ReadonlyMap<string, { readonly text: string; readonly bias: number; readonly rejects: boolean }>;
  readonly watchlist: readonly string[];
  readonly held: ReadonlySet<string>;
  readonly emojis: readonly string[];
  readonly emojiRate: number;
  readonly slangRate: number;
  readonly typoRate: number;
  /** Chance that a line quotes figures (prices, percentages, levels). */
  readonly numberRate: number;
  /** Weights of what an unprompted line leads with. */
  readonly leads: readonly (readonly [Act, number])[];
  /** The same on a line about stocks, FX or crypto: the macro take gives way. */
  readonly leadsOffMacro: readonly (readonly [Act, number])[];
  /** Weights of the sentences added after the first. */
  readonly extras: readonly (readonly [Act, number])[];
  /** Mixed into the line seed so two personas given the same seed still write differently. */
  readonly salt: number;
}

function flavourOf(t: Traits, p: Persona): Flavour {
  if (t.technical) return 'chartist';
  if (t.macro) return 'economist';
  if (t.curious) return 'newbie';
  if (t.trader) return 'trader';
  if (t.warm || t.dividend) return 'retiree';
  if (t.calm || p.risk === 'low' || t.neat) return 'veteran';
  return 'plain';
}

type Weights = readonly (readonly [Act, number])[];

const LEADS: Readonly<Record<Flavour, Weights>> = {
  chartist: [['observe', 4], ['plan', 3.5], ['view', 1.2], ['question', 0.9], ['banter', 0.36], ['saying', 0.6], ['holding', 0.8], ['stance', 0.4]],
  economist: [['macro', 4], ['view', 2.2], ['observe', 1.8], ['question', 0.8], ['story', 0.5], ['saying', 0.8], ['banter', 0.3], ['stance', 0.6], ['holding', 0.6]],
  newbie: [['question', 5], ['observe', 1.3], ['holding', 0.9], ['view', 0.8], ['story', 0.4], ['banter', 0.36], ['saying', 0.5]],
  trader: [['observe', 3.5], ['plan', 3], ['holding', 2], ['question', 0.9], ['banter', 0.54], ['saying', 0.7], ['view', 0.9], ['stance', 0.3]],
  retiree: [['holding', 2.6], ['view', 2], ['observe', 1.8], ['story', 0.8], ['saying', 0.8], ['banter', 0.54], ['question', 0.8], ['macro', 0.5], ['stance', 0.4]],
  veteran: [['observe', 2.6], ['view', 2.2], ['holding', 2], ['plan', 1.2], ['story', 0.8], ['saying', 0.8], ['macro', 0.9], ['question', 0.5], ['banter', 0.36], ['stance', 0.4]],
  plain: [['observe', 3], ['view', 2], ['question', 1], ['holding', 1], ['plan', 1], ['macro', 0.8], ['banter', 0.3]],
};

const EXTRAS: Readonly<Record<Flavour, Weights>> = {
  chartist: [['plan', 3], ['second', 1.5], ['method', 0.7], ['holding', 1], ['question', 0.6], ['never', 0.4], ['saying', 0.6], ['feel', 0.5]],
  economist: [['view', 2], ['second', 1.2], ['method', 0.7], ['holding', 0.8], ['feel', 0.6], ['question', 0.6], ['never', 0.5], ['saying', 0.7], ['story', 0.4], ['stance', 0.5]],
  newbie: [['question', 3], ['feel', 2], ['holding', 1], ['view', 0.8], ['saying', 0.7], ['time', 0.5], ['story', 0.3]],
  trader: [['plan', 2.5], ['holding', 1.5], ['second', 1.4], ['feel', 0.8], ['saying', 0.8], ['never', 0.4], ['time', 0.4]],
  retiree: [['holding', 2], ['feel', 1.4], ['view', 1], ['saying', 1], ['method', 0.8], ['story', 0.5], ['time', 0.6], ['never', 0.4], ['stance', 0.4]],
  veteran: [['holding', 1.8], ['view', 1.2], ['plan', 1], ['method', 0.8], ['saying', 0.8], ['second', 1], ['story', 0.5], ['never', 0.4], ['time', 0.4], ['stance', 0.4]],
  plain: [['second', 1.5], ['holding', 1], ['view', 1], ['question', 0.8], ['feel', 0.8], ['time', 0.5]],
};

const NUMBER_RATE: Readonly<Record<Flavour, number>> = {
  chartist: 0.6, trader: 0.5, economist: 0.42, veteran: 0.35, retiree: 0.28, newbie: 0.2, plain: 0.35,
};

function build(p: Persona): Omit<Voice, 'salt'> {
  const t = traitsOf(p);
  const flavour = flavourOf(t, p);
  const bucket: Bucket = t.slang ? 'slang' : t.neat ? 'neat' : 'plain';
  const riskBias = p.risk === 'high' ? 0.15 : p.risk === 'low' ? -0.05 : 0;
  const stances = new Map<string, { text: string; bias: number; rejects: boolean }>();
  for (const s of p.stances) {
    const rejects = t.rejects.some((r) => r.toLowerCase() === s.topic.toLowerCase());
    const sent = sentimentOf(s.text.toLocaleLowerCase('tr'));
    const bias = rejects ? -0.9 : Math.max(-1, Math.min(1, Math.sign(sent) * (0.3 + 0.6 * s.confidence) + riskBias));
    stances.set(s.topic, { text: s.text.trim(), bias, rejects });
  }
  const drop = (w: Weights, without: readonly Act[]): Weights => w.filter(([a]) => !without.includes(a));
  const missing: Act[] = [];
  if (!p.holdings.length) missing.push('holding');
  if (!p.anecdotes.length) missing.push('story');
  if (!p.signaturePhrases.length) missing.push('saying');
  if (!p.stances.length) missing.push('stance');
  return {
    flavour, bucket, traits: t, risk: p.risk, calm: t.calm,
    signatures: p.signaturePhrases.map((s) => s.trim()).filter(Boolean),
    anecdotes: p.anecdotes.map((s) => s.trim()).filter(Boolean),
    neverDo: p.neverDo.map((s) => decapitalize(s.trim().replace(/[.!]+$/, ''))).filter((s) => /m[ae]k$/.test(s)),
    stances, watchlist: p.watchlist, held: new Set(p.holdings.map((h) => h.symbol)),
    emojis: p.style.emojis, emojiRate: p.style.emojiRate, slangRate: p.style.slangRate, typoRate: p.style.typoRate,
    numberRate: NUMBER_RATE[flavour], leads: drop(LEADS[flavour], missing), extras: drop(EXTRAS[flavour], missing),
    leadsOffMacro: drop(LEADS[flavour], missing).map(([a, w]) => [a, a === 'macro' ? w * 0.2 : w] as const),
  };
}

const voices = new WeakMap<Persona, Voice>();
const sharedVoice = perPersonaData(build);

/** The voice of a persona, computed once per Persona object (and once per set of persona data: clones
 * share everything but the salt). */
export function voiceOf(persona: Persona): Voice {
  let v = voices.get(persona);
  if (!v) {
    v = { ...sharedVoice(persona), salt: fnv1a(`${persona.id}|${persona.name}`) };
    voices.set(persona, v);
  }
  return v;
}
