// Choosing and rendering the sentences of one line: the answer for what was asked (by the kind of
// message), the reply that takes up the claim it answers, or an unprompted line led by what this
// persona does most (observe, plan, ask, tell a story…), then extras; persona data told at most once
// per cooldown (the request's `told`), position talk only about what the bot holds.
import { render } from './engine.ts';
import type { Template } from './engine.ts';
import { decapitalize } from './format.ts';
import type { LineCtx } from './context.ts';
import { fitting, slot } from './slots.ts';
import type { Act } from './voice.ts';
import { CLOSED, MACRO, NEWS, OBSERVE, SECOND } from './phrases/market.ts';
import { FEEL, HOLDING, METHOD_WRAP, NEVER_WRAP, PLAN, TIME, VIEW } from './phrases/sentences.ts';
import { AGREE, BANTER, DISAGREE, QUESTION, TAKE } from './phrases/talk.ts';
import {
  ASK, CONCEPT, ENGLISH, GREET, INSULT, MARKET_TALK, NEWCOMER_TIP, NO_LANGUAGE, OFFTOPIC, OPINION_AGREE, OPINION_DISAGREE, SPAM, THANKS,
  CONCEPT_OPINION, EFFECT_ANSWER, WELCOME, WHEN_ANSWER,
} from './phrases/answers.ts';

/** One rendered sentence, before punctuation and humanizing. */
export interface Sentence {
  text: string;
  readonly question: boolean;
  /** Persona data quoted as is (stance, anecdote, signature): no slang or typos. */
  readonly verbatim: boolean;
  /** Written in English (no Turkish slang or typos applied). */
  readonly english?: boolean;
  /** Takes no tail ("…, bakalım"): a feeling, a joke, the hour read wrong with one. */
  readonly noTail?: boolean;
  /** Ends with this, whatever the mood ("Ayşe yok şimdi, ben söyleyeyim:"). */
  readonly stop?: '.' | ':';
}

const NO_TAIL: readonly Act[] = ['feel', 'banter', 'time', 'saying', 'story', 'stance', 'never', 'method'];

function say(ctx: LineCtx, list: readonly Template[] | undefined, question = false): Sentence | undefined {
  const t = list ? fitting(ctx, list) : undefined;
  if (!t) return undefined;
  const text = render(t, ctx.pick, (s) => slot(ctx, s));
  return text ? { text, question, verbatim: false } : undefined;
}

/** Persona data as a sentence, optionally behind a short lead-in. */
function quote(ctx: LineCtx, data: string, leads: readonly string[]): Sentence {
  const lead = leads[ctx.rng.int(leads.length)]!;
  const core = data.replace(/[.!…\s]+$/, '');
  const question = core.endsWith('?');
  const text = lead ? `${lead} ${decapitalize(core)}` : core;
  return { text: question ? text.slice(0, -1) : text, question, verbatim: true };
}

const told = (ctx: LineCtx, key: string): boolean => ctx.req.told?.includes(key) ?? false;

/** The observation that leads an unprompted line: the closed market's terms when its market is shut. */
function observe(ctx: LineCtx): Sentence | undefined {
  const fl = ctx.voice.flavour;
  if (ctx.focus?.quote && !ctx.focus.open) return say(ctx, CLOSED[fl]) ?? say(ctx, CLOSED.plain);
  if (ctx.req.news && (ctx.req.newsFirst === true || ctx.rng.chance(0.5))) {
    const s = say(ctx, NEWS);
    if (s) return s;
  }
  if (ctx.topic === 'Makro' && (!ctx.focus || ctx.rng.chance(0.6))) return say(ctx, MACRO[fl]) ?? say(ctx, MACRO.plain);
  return say(ctx, OBSERVE[fl]) ?? say(ctx, OBSERVE.plain);
}

const STANCE_LEADS = ['Benim görüşüm belli:', 'Tekrar edeyim,', 'Şunu hep söylüyorum:', 'Fikrim değişmedi:', '', ''];
const ANECDOTE_LEADS = ['Hatırlarım,', 'Aklıma geldi:', 'Bir anı:', 'Geçmişten bir not:', ''];

function timeKey(hour: number, weekday: number): string {
  if (weekday === 0 || weekday === 6) return 'weekend';
  if (hour >= 6 && hour < 9) return 'morning';
  if (hour >= 9 && hour < 11) return 'open';
  if (hour >= 11 && hour < 13) return 'noon';
  if (hour >= 13 && hour < 18) return 'afternoon';
  if (hour >= 18 && hour < 23) return 'evening';
  return 'night';
}

/** The stance on the line's topic that may be quoted now (not told lately). */
function stanceKey(ctx: LineCtx): string | undefined {
  const topic = ctx.topic || ctx.focus?.info.topic || '';
  return ctx.voice.stances.has(topic) && !told(ctx, `stance:${topic}`) ? topic : undefined;
}

function untold(ctx: LineCtx, kind: 'anecdote' | 'signature', list: readonly string[]): number[] {
  const out: number[] = [];
  for (let i = 0; i < list.length; i++) if (!told(ctx, `${kind}:${i}`)) out.push(i);
  return out;
}

/** Slots that speak of the bot's position: once one is on a line ("THYAO'da pozisyondayım, kârdayım"),
 * the holding act would say it twice. */
const HOLD_SLOTS = ['hold', 'holdLoc', 'holdAcc', 'holdAvg', 'holdPnl', 'holdPnlShort', 'holdFeel', 'holdStop', 'holdDividend', 'holdKind'];

/** Whether an act of `kind` can be written for this line. */
export function actFits(ctx: LineCtx, kind: Act): boolean {
  const v = ctx.voice;
  switch (kind) {
    // Positions come up when they bear on the line: the focus is held, or one is on the line's topic.
    case 'holding': return !!ctx.holding && !HOLD_SLOTS.some((k) => ctx.memo.has(k)) && (ctx.topic === '' || ctx.holdingOnTopic);
    case 'second': return !!ctx.second?.quote && ctx.second.open && !ctx.memo.has('sym2');
    case 'plan': return !!ctx.focus?.quote && ctx.focus.open;
    case 'stance': return stanceKey(ctx) !== undefined;
    case 'story': return untold(ctx, 'anecdote', v.anecdotes).length > 0;
    case 'saying': return untold(ctx, 'signature', v.signatures).length > 0;
    case 'never': return v.neverDo.length > 0;
    case 'banter': return !!ctx.member;
    default: return true;
  }
}

/** Render one act; undefined when none of its templates fits the line. */
export function actSentence(ctx: LineCtx, kind: Act): Sentence | undefined {
  const s = renderAct(ctx, kind);
  return s && NO_TAIL.includes(kind) ? { ...s, noTail: true } : s;
}

function renderAct(ctx: LineCtx, kind: Act): Sentence | undefined {
  const { voice: v, rng, req } = ctx;
  const fl = v.flavour;
  switch (kind) {
    case 'observe': return observe(ctx);
    case 'view': return say(ctx, VIEW[fl]);
    case 'macro': return say(ctx, MACRO[fl]) ?? say(ctx, MACRO.plain);
    case 'holding': return say(ctx, HOLDING[fl]) ?? say(ctx, HOLDING.plain);
    case 'second': return say(ctx, SECOND);
    case 'plan': return say(ctx, PLAN[fl]) ?? say(ctx, PLAN.plain);
    case 'question': return say(ctx, QUESTION[fl], true) ?? say(ctx, QUESTION.plain, true);
    case 'banter': return say(ctx, BANTER[ctx.memberFlavour]);
    case 'feel': {
      const val = req.emotion.valence;
      return say(ctx, FEEL[val > 0.25 ? 'bull' : val < -0.25 ? 'bear' : 'neutral']);
    }
    case 'stance': {
      const topic = stanceKey(ctx);
      return topic ? quote(ctx, v.stances.get(topic)!.text, STANCE_LEADS) : undefined;
    }
    case 'story': {
      const left = untold(ctx, 'anecdote', v.anecdotes);
      return left.length ? quote(ctx, v.anecdotes[left[rng.int(left.length)]!]!, ANECDOTE_LEADS) : undefined;
    }
    case 'saying': {
      const left = untold(ctx, 'signature', v.signatures);
      return left.length ? quote(ctx, v.signatures[left[rng.int(left.length)]!]!, ['']) : undefined;
    }
    case 'never': {
      ctx.memo.set('never', v.neverDo[rng.int(v.neverDo.length)]!);
      return say(ctx, NEVER_WRAP);
    }
    case 'time': return say(ctx, TIME[timeKey(req.localHour, req.weekday)]);
    case 'method': return say(ctx, METHOD_WRAP);
  }
}

/** Draw up to `count` distinct acts, weighted by `weights`, that fit this line. */
export function pickActs(ctx: LineCtx, weights: readonly (readonly [Act, number])[], count: number, exclude: readonly Act[] = []): Act[] {
  const out: Act[] = [];
  if (count <= 0) return out;
  const pool: (readonly [Act, number])[] = [];
  for (let k = 0; k < weights.length; k++) {
    const e = weights[k]!;
    if (!exclude.includes(e[0]) && actFits(ctx, e[0])) pool.push(e);
  }
  while (out.length < count && pool.length > 0) {
    let total = 0;
    for (let k = 0; k < pool.length; k++) total += pool[k]![1];
    let r = ctx.rng.next() * total;
    let i = 0;
    for (; i < pool.length - 1; i++) {
      r -= pool[i]![1];
      if (r < 0) break;
    }
    out.push(pool[i]![0]);
    pool.splice(i, 1);
  }
  return out;
}

/** The reply to another member's line: a question is answered; a claim is taken up, for or against. */
export function replySentence(ctx: LineCtx): Sentence {
  if (ctx.targetLower.includes('?') && ctx.intent) return answerSentence(ctx);
  const fl = ctx.voice.flavour;
  const yes = ctx.agrees();
  // A line that takes no side is taken up with the speaker's own view, not "you are right".
  const pools = ctx.sideless ? TAKE : yes ? AGREE : DISAGREE;
  return say(ctx, pools[fl]) ?? say(ctx, pools.plain) ?? say(ctx, (yes ? AGREE : DISAGREE)[fl]) ?? observe(ctx) ?? { text: slot(ctx, 'outlook'), question: false, verbatim: false };
}

/** The answer to a question about a symbol, by what it asks. */
function askSentence(ctx: LineCtx): Sentence | undefined {
  const ask = ctx.intent?.ask ?? 'opinion';
  if (ask === 'bought') {
    const asked = ctx.targetSymbols.length > 0 || (ctx.intent?.symbols.length ?? 0) > 0;
    const holds = ctx.focus && ctx.voice.held.has(ctx.focus.info.id);
    const kind = asked ? (holds ? 'boughtYes' : 'boughtNo') : ctx.holding ? 'bought' : 'boughtNo';
    return say(ctx, ASK[kind]) ?? say(ctx, ASK.opinion);
  }
  return say(ctx, ASK[ask]) ?? say(ctx, ASK.opinion);
}

function english(ctx: LineCtx, key: string): Sentence | undefined {
  const s = say(ctx, ENGLISH[key]);
  return s ? { ...s, english: true } : undefined;
}

/** The answer to what was asked or said, by the kind of message. */
export function answerSentence(ctx: LineCtx): Sentence {
  const intent = ctx.intent;
  const fl = ctx.voice.flavour;
  const v = ctx.voice;
  const fallback = (): Sentence => say(ctx, ASK.opinion) ?? say(ctx, MARKET_TALK) ?? { text: `${ctx.who}, ${slot(ctx, 'outlook')}`, question: false, verbatim: false };
  if (!intent) return askSentence(ctx) ?? fallback();
  if (intent.language !== 'tr') {
    if (v.traits.languages.includes(intent.language) && intent.language === 'en') {
      const key = intent.kind === 'symbol-question' ? 'symbol' : intent.kind === 'concept-question' ? 'concept' : intent.kind === 'market-question' || intent.kind === 'opinion' ? 'market' : intent.kind;
      const s = english(ctx, key) ?? english(ctx, 'market');
      if (s) return s;
    }
    return say(ctx, NO_LANGUAGE[fl]) ?? say(ctx, NO_LANGUAGE.plain)!;
  }
  switch (intent.kind) {
    case 'greeting': return say(ctx, GREET[fl]) ?? fallback();
    case 'newcomer': {
      const s = say(ctx, WELCOME[fl]) ?? fallback();
      const tip = say(ctx, NEWCOMER_TIP[fl]);
      if (tip) s.text = `${s.text.replace(/[.!]+$/, '')}. ${tip.text}`;
      return s;
    }
    case 'thanks': return say(ctx, THANKS[fl]) ?? fallback();
    case 'insult': return say(ctx, INSULT[fl]) ?? say(ctx, INSULT.plain)!;
    case 'spam': return say(ctx, SPAM[fl]) ?? say(ctx, SPAM.plain)!;
    case 'off-topic': return say(ctx, OFFTOPIC[fl]) ?? fallback();
    case 'concept-question':
      if (intent.ask === 'when') {
        const w = say(ctx, WHEN_ANSWER);
        if (w) return w;
      }
      if (intent.ask === 'outlook' || intent.ask === 'why') {
        const e = say(ctx, EFFECT_ANSWER);
        if (e) return e;
      }
      if (intent.ask === 'how' || intent.ask === undefined) return say(ctx, CONCEPT[fl]) ?? say(ctx, CONCEPT.plain) ?? askSentence(ctx) ?? fallback();
      return say(ctx, intent.family === 'macro' ? CONCEPT_OPINION : CONCEPT[fl]) ?? say(ctx, CONCEPT[fl]) ?? fallback();
    case 'market-question':
      // "bugün ne aldın?", "ne alınır?" name no symbol but ask a particular thing.
      if (intent.ask && intent.ask !== 'opinion' && intent.ask !== 'outlook') return askSentence(ctx) ?? fallback();
      return say(ctx, MARKET_TALK) ?? fallback();
    case 'opinion': return say(ctx, ctx.agrees() ? OPINION_AGREE : OPINION_DISAGREE) ?? fallback();
    case 'symbol-question': return askSentence(ctx) ?? fallback();
  }
}
