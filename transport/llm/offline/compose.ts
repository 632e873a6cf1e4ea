// Choosing and rendering the sentences of one line: the main sentence for the mode (new / reply /
// answer), then weighted extras from the persona's voice, each from a template whose slots are available.
import { pool, render, slotsOf } from './engine.ts';
import type { Template } from './engine.ts';
import { decapitalize } from './format.ts';
import type { LineCtx } from './context.ts';
import { needsOf, slot } from './slots.ts';
import type { ExtraKind } from './voice.ts';
import {
  ECHO, HOLDING, MACRO, MARKET, MARKET_TOPIC, METHOD_WRAP, NEVER_WRAP, NEWS, PLAN, QUESTION, SECOND, TIME,
} from './phrases/sentences.ts';
import { FEEL } from './phrases/words.ts';
import { ANSWER, ANSWER_TAIL, REPLY } from './phrases/talk.ts';

/** One rendered sentence, before punctuation and humanizing. */
export interface Sentence {
  text: string;
  readonly question: boolean;
  /** Persona data quoted as is (stance, anecdote, signature): no slang or typos. */
  readonly verbatim: boolean;
}

const FALLBACK = pool('{where} [bugün|bu ara] {hedge} {outlook}', '[Bugün|Bu ara] {where} [sakin bir gün|hareket var], {outlook}',
  '{topicRef} [için|tarafında] {hedge} {outlook}');

const needCache = new WeakMap<Template, number>();
function needOf(t: Template): number {
  let n = needCache.get(t);
  if (n === undefined) {
    n = needsOf(slotsOf(t));
    needCache.set(t, n);
  }
  return n;
}

/** A random template of `list` whose slots this line can fill, or undefined. */
export function choose(ctx: LineCtx, list: readonly Template[]): Template | undefined {
  if (list.length === 0) return undefined;
  for (let k = 0; k < 6; k++) {
    const t = list[ctx.pick(list.length)]!;
    if ((needOf(t) & ~ctx.avail) === 0) return t;
  }
  const ok = list.filter((t) => (needOf(t) & ~ctx.avail) === 0);
  return ok.length ? ok[ctx.rng.int(ok.length)] : undefined;
}

function say(ctx: LineCtx, list: readonly Template[], question = false): Sentence | undefined {
  const t = choose(ctx, list);
  return t ? { text: render(t, ctx.pick, (s) => slot(ctx, s)), question, verbatim: false } : undefined;
}

/** Persona data as a sentence, optionally behind a short lead-in. */
function quote(ctx: LineCtx, data: string, leads: readonly string[]): Sentence {
  const lead = leads[ctx.rng.int(leads.length)]!;
  const core = data.replace(/[.!…\s]+$/, '');
  const question = core.endsWith('?');
  const text = lead ? `${lead} ${decapitalize(core)}` : core;
  return { text: question ? text.slice(0, -1) : text, question, verbatim: true };
}

/** The main sentence of an unprompted line on the topic. */
export function mainSentence(ctx: LineCtx, preferNews: boolean): Sentence {
  const { rng, topic } = ctx;
  if (preferNews && ctx.req.news) {
    const s = say(ctx, NEWS);
    if (s) return s;
  }
  if (topic === 'Makro' && (!ctx.focus || rng.chance(0.75))) return say(ctx, MACRO)!;
  const special = MARKET_TOPIC[topic];
  const first = special && rng.chance(0.3) ? special : MARKET;
  return say(ctx, first) ?? say(ctx, special ?? MARKET) ?? say(ctx, FALLBACK)!;
}

/** The reply to another member's line (agree or disagree, by stance and emotion). */
export function replySentence(ctx: LineCtx, poolIdx: 0 | 1): Sentence {
  if (ctx.targetLower.includes('?')) return answerSentence(ctx, poolIdx);
  const pools = REPLY[ctx.agrees() ? 'agree' : 'disagree'];
  return say(ctx, pools[poolIdx]) ?? say(ctx, pools[poolIdx === 0 ? 1 : 0]) ?? say(ctx, FALLBACK)!;
}

/** The direct answer to a human's question, by question kind. */
export function answerSentence(ctx: LineCtx, poolIdx: 0 | 1): Sentence {
  let kind: keyof typeof ANSWER = ctx.question;
  if (kind === 'bought') {
    const asked = ctx.targetSymbols.length > 0;
    if (asked) kind = ctx.holding && ctx.holding.symbol === ctx.focus?.info.id ? 'boughtYes' : 'boughtNone';
    else if (!ctx.holding) kind = 'boughtNone';
  }
  const pools = ANSWER[kind];
  const s = say(ctx, pools[poolIdx]) ?? say(ctx, pools[poolIdx === 0 ? 1 : 0])
    ?? say(ctx, ANSWER.statement[poolIdx]) ?? say(ctx, ANSWER.statement[0])!;
  if (ctx.rng.chance(0.6)) {
    const tail = say(ctx, ANSWER_TAIL);
    if (tail) s.text = `${s.text.replace(/[.!]+$/, '')}, ${tail.text}`;
  }
  return s;
}

/** Second clause for one-sentence lines, so short lines vary as much as long ones. */
const CLAUSE = pool('gözüm üstünde', 'not alıyorum', '[bakalım|görelim] [ne olacak|nereye gidecek]', '{hedge} [sürpriz olmaz|hareket sürer|sakinleşir]',
  '[ben|şahsen ben] [izlemedeyim|kenardayım|pozisyondayım]', '[hacim|ilgi] [fena değil|zayıf|artıyor]', '[haberiniz olsun|bilginiz olsun]',
  '[gün|seans] [uzun|daha bitmedi]', '[kimse|pek kimse] [konuşmuyor|fark etmedi] ama', '{mood} bir [tablo|gidişat]', 'ilginç [gerçekten|doğrusu]');
const OUTLOOK_CLAUSE = pool('{hedge} {outlook}');

/** Maybe extend a one-sentence line with a short clause. */
export function extendShort(ctx: LineCtx, s: Sentence): void {
  if (s.verbatim || s.question) return;
  const c = !ctx.memo.has('outlook') && ctx.rng.chance(0.4) ? say(ctx, OUTLOOK_CLAUSE) : say(ctx, CLAUSE);
  if (c) s.text = `${s.text.replace(/[.!]+$/, '')}, ${c.text}`;
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

/** Whether an extra of `kind` makes sense for this line. */
export function extraFits(ctx: LineCtx, kind: ExtraKind): boolean {
  const v = ctx.voice;
  switch (kind) {
    case 'holding': return !!ctx.holding && !ctx.memo.has('hold');
    case 'second': return !!ctx.second?.quote && !ctx.memo.has('sym2');
    case 'plan': return !!ctx.focus?.quote;
    case 'stance': return v.stances.has(ctx.topic);
    case 'anecdote': return v.anecdotes.length > 0;
    case 'signature': return v.signatures.length > 0;
    case 'never': return v.neverDo.length > 0;
    case 'echo': return !!ctx.other && ctx.req.mode === 'new';
    default: return true;
  }
}

/** Render an extra sentence of `kind`. */
export function extraSentence(ctx: LineCtx, kind: ExtraKind): Sentence | undefined {
  const { voice: v, rng, req } = ctx;
  switch (kind) {
    case 'holding': return say(ctx, HOLDING);
    case 'second': return say(ctx, SECOND);
    case 'plan': return say(ctx, PLAN[v.technical && rng.chance(0.75) ? 'technical' : v.risk]!);
    case 'question': return say(ctx, QUESTION, true);
    case 'feel': {
      const val = req.emotion.valence;
      return say(ctx, FEEL[val > 0.25 ? 'bull' : val < -0.25 ? 'bear' : 'neutral']);
    }
    case 'stance': return quote(ctx, v.stances.get(ctx.topic)!.text, STANCE_LEADS);
    case 'anecdote': return quote(ctx, v.anecdotes[rng.int(v.anecdotes.length)]!, ANECDOTE_LEADS);
    case 'signature': return quote(ctx, v.signatures[rng.int(v.signatures.length)]!, ['']);
    case 'never': {
      ctx.memo.set('never', v.neverDo[rng.int(v.neverDo.length)]!);
      return say(ctx, NEVER_WRAP);
    }
    case 'time': return say(ctx, TIME[timeKey(req.localHour, req.weekday)]!);
    case 'echo': return say(ctx, ECHO);
    case 'method': return say(ctx, METHOD_WRAP);
  }
}

/** Draw up to `count` distinct extra kinds, weighted by the voice, that fit this line. */
export function pickExtras(ctx: LineCtx, count: number, exclude: readonly ExtraKind[] = []): ExtraKind[] {
  const out: ExtraKind[] = [];
  if (count <= 0) return out;
  const extras = ctx.voice.extras;
  const pool: (readonly [ExtraKind, number])[] = [];
  for (let k = 0; k < extras.length; k++) {
    const e = extras[k]!;
    if (!exclude.includes(e[0]) && extraFits(ctx, e[0])) pool.push(e);
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
