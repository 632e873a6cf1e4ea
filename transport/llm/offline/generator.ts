// The offline generator: one Turkish chat line per request, from the persona's voice, the live market,
// holdings, news and the target — deterministic per seed, no network, no model. Implements LlmPort.
import { seededRng, standingInFor } from '../../../actors/index.ts';
import type { GenerationRequest, GenerationResult, LlmPort } from '../../../actors/index.ts';
import { LineCtx, firstName } from './context.ts';
import { render } from './engine.ts';
import { actSentence, answerSentence, pickActs, replySentence } from './compose.ts';
import type { Sentence } from './compose.ts';
import { capitalize, decapitalize } from './format.ts';
import { capLength, slangify, typo, violates } from './humanize.ts';
import { voiceOf } from './voice.ts';
import type { Act } from './voice.ts';
import { CALL_OUT, CALLS, OPENERS, TAILS } from './phrases/voices.ts';
import { STAND_IN, STAND_IN_EN, STAND_IN_TELLING } from './phrases/answers.ts';

const SENTENCES = { short: 1, medium: 2, long: 3 } as const;
const OPENER_RATE = { slang: 0.45, neat: 0.3, plain: 0.35 } as const;
/** Extras that do not follow an answer: a question back, a story, a saying, the hour. */
/** Leads that come after an observation. */
const FOLLOWS: readonly Act[] = ['saying', 'story', 'stance'];
const NOT_IN_ANSWERS: readonly Act[] = ['question', 'story', 'saying', 'time', 'feel', 'never', 'banter', 'method'];
/** Kinds of message answered as people do, without a lead-in word ("Valla, hoş geldin" reads wrong). */
const SOCIAL = new Set(['greeting', 'newcomer', 'thanks', 'insult', 'spam', 'off-topic']);

/** Write one chat line for `req`. Pure: the same request gives the same text. */
export function writeLine(req: GenerationRequest): string {
  const voice = voiceOf(req.persona);
  const alt = req.attempt > 0;
  const rng = seededRng((req.seed ^ voice.salt ^ Math.imul(req.attempt + 1, 0x9e3779b1)) >>> 0);
  const ctx = new LineCtx(req, voice, rng);
  // An answer stays short: what was asked, then at most one more sentence, never a question back.
  const answering = req.mode === 'answer' || (req.mode === 'reply' && ctx.targetLower.includes('?'));
  let n = Math.min(SENTENCES[req.length] ?? 2, answering ? 2 : 3);

  const sentences: Sentence[] = [];
  const used: Act[] = [];
  if (req.mode === 'answer' && req.target) sentences.push(answerSentence(ctx));
  else if (req.mode === 'reply' && req.target) sentences.push(replySentence(ctx));
  else {
    // A regeneration leads with a different act than the first draft would have.
    // The economist's macro take gives way on a line about stocks, FX or crypto.
    const weights = ctx.topic && ctx.topic !== 'Makro' ? voice.leadsOffMacro : voice.leads;
    const leads = pickActs(ctx, weights, alt ? 2 : 1);
    let lead = (alt ? leads[1] : leads[0]) ?? leads[0];
    if (n === 1 && lead && FOLLOWS.includes(lead)) lead = 'observe';
    // A command that named a news item wants this line about it: the observation carries the headline.
    if (req.newsFirst && req.news) lead = 'observe';
    // Persona data (a saying, a story, a stance) follows a word on the market, never stands alone.
    if (lead && FOLLOWS.includes(lead)) {
      const first = actSentence(ctx, 'observe');
      if (first) sentences.push(first);
      used.push('observe');
    }
    const s = lead ? actSentence(ctx, lead) : undefined;
    if (s && lead) {
      sentences.push(s);
      used.push(lead);
    }
    if (alt && leads[0] && leads[0] !== lead) used.push(leads[0]);
    if (sentences.length === 0) sentences.push(actSentence(ctx, 'observe') ?? actSentence(ctx, 'view')!);
  }
  // Asked of a member who is away, the answer says so first ("Ayşe şu an yok, …").
  const away = standingInFor(req);
  if (away && sentences[0]) {
    const en = sentences[0].english === true;
    const plain = en ? STAND_IN_EN : STAND_IN;
    const telling = en || SOCIAL.has(req.intent?.kind ?? '') ? [] : STAND_IN_TELLING;
    const i = ctx.pick(plain.length + telling.length);
    const text = render(i < plain.length ? plain[i]! : telling[i - plain.length]!, ctx.pick, (slot) => (slot === 'away' ? firstName(away.name) : ''));
    // As written: no lead-in word before it ("Not, Ayşe şu an yok"), no slang; "ben söyleyeyim:" ends in a colon.
    sentences.unshift({ text, question: false, verbatim: true, noTail: true, stop: i < plain.length ? '.' : ':', ...(en ? { english: true } : {}) });
    n++;
  }
  const english = sentences[0]?.english === true;
  // A social answer (a welcome, thanks) stands alone; others may add a sentence, and a retry always
  // does, so a question asked again gets an answer that is not a copy of the last one.
  const kind = req.mode === 'answer' ? req.intent?.kind : undefined;
  const alone = kind !== undefined && SOCIAL.has(kind) && !alt;
  if (!english && !alone) {
    if (alt && answering && n - sentences.length < 1) n++;
    // An act whose templates this line cannot fill is replaced by the next one drawn.
    const exclude = answering ? [...used, ...NOT_IN_ANSWERS] : [...used];
    for (let k = 0; k < 4 && sentences.length < n; k++) {
      const [kind] = pickActs(ctx, voice.extras, 1, exclude);
      if (!kind) break;
      exclude.push(kind);
      const s = actSentence(ctx, kind);
      if (s) sentences.push(s);
    }
  }
  const kept = sentences.filter((s) => s && s.text.length > 0);
  let text = capLength(finish(kept, ctx, alt));
  if (violates(text)) {
    // Rare (persona data or a headline broke the rules): drop the offending sentences and refinish.
    const clean = kept.filter((s) => !violates(s.text));
    if (clean.length === 0) clean.push(actSentence(ctx, 'view') ?? { text: 'Piyasayı izliyorum', question: false, verbatim: false });
    text = capLength(finish(clean, ctx, alt));
    if (violates(text)) text = '';
  }
  return text || 'Piyasayı izliyorum, bakalım.';
}

/** Opener, slang, typo, punctuation by emotion, emoji. Does not mutate `sentences`. */
function finish(sentences: readonly Sentence[], ctx: LineCtx, alt: boolean): string {
  const { voice: v, rng, req } = ctx;
  if (sentences[0]?.english) return sentences.map((s) => capitalize(s.text) + (s.question ? '?' : s.stop ?? '.')).join(' ');
  // A line to everyone may call the group ("Çocuklar,"); a reply to one member never does.
  const openers = req.mode === 'new' && rng.chance(0.4) ? CALLS[v.flavour] : OPENERS[v.flavour];
  const tails = TAILS[v.flavour];
  /** A sentence that starts with a name keeps its capital. */
  const named = (t: string): boolean => ctx.names.some((n) => n !== '' && t.startsWith(n));
  const { arousal } = req.emotion;
  const lower = v.bucket === 'slang' ? rng.chance(0.65) : v.bucket === 'plain' ? rng.chance(0.1) : false;
  const texts = sentences.map((s) => s.text);
  const count = texts.length;

  if (v.bucket === 'slang' || rng.chance(v.slangRate)) {
    for (let i = 0; i < count; i++) if (!sentences[i]!.verbatim && rng.chance(v.slangRate + 0.25)) texts[i] = slangify(texts[i]!, rng);
  }
  // Typos, but not in an answer to a person (one types those with care, and a typo in the very word
  // asked about reads as not answering).
  if (req.mode !== 'answer' && rng.chance(v.typoRate)) {
    const i = rng.int(count);
    if (!sentences[i]!.verbatim) texts[i] = typo(texts[i]!, rng);
  }
  const openerRate = alt ? 0.8 : req.mode === 'answer' ? OPENER_RATE[v.bucket] * 0.4 : OPENER_RATE[v.bucket];
  const social = req.mode === 'answer' && SOCIAL.has(req.intent?.kind ?? '');
  if (openers.length && !social && !sentences[0]!.verbatim && rng.chance(openerRate)) {
    const opener = openers[ctx.pick(openers.length)]!;
    // A phrase not twice in one line ("Açık konuşayım, ons altın için açık konuşayım"); a one-word
    // opener ("ya", "Not") may well come again as a word of the line.
    const again = opener.includes(' ') && texts.join(' ').toLocaleLowerCase('tr').includes(opener.toLocaleLowerCase('tr'));
    // A word that calls out ("abi", "valla") goes with a name after it: "Abi Can, …", not "Abi, Can, …".
    if (!again) texts[0] = named(texts[0]!) ? `${opener}${CALL_OUT.has(opener.toLocaleLowerCase('tr')) ? '' : ','} ${texts[0]}` : `${opener}, ${decapitalize(texts[0]!)}`;
  }
  const last = sentences[count - 1]!;
  if (!last.question && !last.verbatim && !last.noTail && rng.chance(0.12)) texts[count - 1] += `, ${tails[rng.int(tails.length)]}`;

  let out = '';
  let ellipsis = false;
  for (let i = 0; i < count; i++) {
    let t = lower && !named(texts[i]!) ? decapitalize(texts[i]!) : capitalize(texts[i]!);
    if (sentences[i]!.question) t += '?';
    else if (sentences[i]!.stop !== undefined) t += sentences[i]!.stop;
    else if (EMOJI_END.test(t)) t += '';
    else if (arousal > 0.65 && rng.chance(0.5)) t += v.bucket === 'slang' && rng.chance(0.35) ? '!!' : '!';
    else if (v.calm && !ellipsis && arousal < 0.35 && rng.chance(0.3)) {
      t += '...';
      ellipsis = true;
    } else if (!(lower && i === count - 1 && rng.chance(0.6))) t += '.';
    out += (i ? ' ' : '') + t;
  }
  if (!lower && out.includes('. ')) out = capitalizeAfterStops(out);

  const emojiChance = Math.min(0.95, v.emojiRate * (0.7 + 0.6 * arousal));
  if (v.emojis.length && rng.chance(emojiChance)) {
    const e = v.emojis[rng.int(v.emojis.length)]!;
    const twice = v.bucket === 'slang' && arousal > 0.7 && rng.chance(0.3);
    out += ` ${e}${twice ? e : ''}`;
  }
  return out;
}

const LOWER_LETTER = /^\p{Ll}$/u;
/** A sentence that already ends in an emoji takes no full stop after it. */
const EMOJI_END = /\p{Extended_Pictographic}\uFE0F?$/u;

/** Upper-case a lower-case letter after ". ", "! " or "? " (a surrogate pair stays as it is). */
function capitalizeAfterStops(text: string): string {
  let out = '';
  let from = 0;
  for (let i = 0; i + 2 < text.length; i++) {
    const c = text.charCodeAt(i);
    if ((c !== 46 && c !== 33 && c !== 63) || text.charCodeAt(i + 1) !== 32) continue;
    const letter = text[i + 2]!;
    if (!LOWER_LETTER.test(letter)) continue;
    const up = capitalize(letter);
    if (up === letter) continue;
    out += text.slice(from, i + 2) + up;
    from = i + 3;
  }
  return from === 0 ? text : out + text.slice(from);
}

/** The embedded offline LLM: persona-aware templates over live market data, no key, no network. */
export function createOfflineGenerator(): LlmPort {
  return {
    generate(request: GenerationRequest): Promise<GenerationResult> {
      return Promise.resolve({ text: writeLine(request), model: 'offline', promptTokens: 0, completionTokens: 0 });
    },
  };
}
