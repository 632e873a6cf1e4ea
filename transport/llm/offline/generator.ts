// The offline generator: one Turkish chat line per request, from the persona's voice, the live market,
// holdings, news and the target — deterministic per seed, no network, no model. Implements LlmPort.
import { seededRng } from '../../../actors/index.ts';
import type { GenerationRequest, GenerationResult, LlmPort } from '../../../actors/index.ts';
import { LineCtx } from './context.ts';
import { answerSentence, extendShort, extraSentence, mainSentence, pickExtras, replySentence } from './compose.ts';
import type { Sentence } from './compose.ts';
import { capitalize, decapitalize } from './format.ts';
import { capLength, slangify, typo, violates } from './humanize.ts';
import { voiceOf } from './voice.ts';
import type { ExtraKind } from './voice.ts';

const SENTENCES = { short: 1, medium: 2, long: 3 } as const;
/** Kinds that can open a regenerated unprompted line instead of the market sentence. */
const ALT_FIRST: readonly ExtraKind[] = ['holding', 'question', 'plan', 'feel', 'time', 'second'];
const OPENER_RATE = { slang: 0.45, neat: 0.3, plain: 0.35 } as const;

/** Write one chat line for `req`. Pure: the same request gives the same text. */
export function writeLine(req: GenerationRequest): string {
  const voice = voiceOf(req.persona);
  const alt = req.attempt > 0;
  // Decisions a regeneration must contrast with come from the seed alone; the rest from a stream
  // that also depends on the attempt.
  const plan = seededRng(req.seed ^ voice.salt ^ 0x5bd1e995);
  const poolIdx0: 0 | 1 = plan.chance(0.7) ? 0 : 1;
  const poolIdx: 0 | 1 = alt ? (poolIdx0 === 0 ? 1 : 0) : poolIdx0;
  const rng = seededRng((req.seed ^ voice.salt ^ Math.imul(req.attempt + 1, 0x9e3779b1)) >>> 0);
  const ctx = new LineCtx(req, voice, rng);
  const n = SENTENCES[req.length] ?? 2;

  const sentences: Sentence[] = [];
  const used: ExtraKind[] = [];
  if (req.mode === 'answer' && req.target) sentences.push(answerSentence(ctx, poolIdx));
  else if (req.mode === 'reply' && req.target) sentences.push(replySentence(ctx, poolIdx));
  else if (alt && n > 1) {
    const [lead] = pickExtras(ctx, 1, voice.extras.map(([k]) => k).filter((k) => !ALT_FIRST.includes(k)));
    const s = lead ? extraSentence(ctx, lead) : undefined;
    if (s && lead) {
      sentences.push(s);
      used.push(lead);
    }
    sentences.push(mainSentence(ctx, req.newsFirst === true || rng.chance(0.6)));
  } else sentences.push(mainSentence(ctx, req.newsFirst === true || rng.chance(alt ? 0.3 : 0.6)));

  for (const kind of pickExtras(ctx, n - sentences.length, used)) {
    const s = extraSentence(ctx, kind);
    if (s) sentences.push(s);
  }
  if (n === 1 && req.mode !== 'answer' && sentences.length === 1 && rng.chance(0.55)) extendShort(ctx, sentences[0]!);
  const kept = sentences.filter((s) => s.text.length > 0);
  let text = capLength(finish(kept, ctx, alt));
  if (violates(text)) {
    // Rare (persona data or a headline broke the rules): drop the offending sentences and refinish.
    const clean = kept.filter((s) => !violates(s.text));
    if (clean.length === 0) clean.push(mainSentence(ctx, false));
    text = capLength(finish(clean, ctx, alt));
    if (violates(text)) text = '';
  }
  return text || 'Piyasayı izliyorum, bakalım.';
}

/** Opener, slang, typo, punctuation by emotion, emoji. Does not mutate `sentences`. */
function finish(sentences: readonly Sentence[], ctx: LineCtx, alt: boolean): string {
  const { voice: v, rng, req } = ctx;
  const { arousal } = req.emotion;
  const lower = v.bucket === 'slang' ? rng.chance(0.65) : v.bucket === 'plain' ? rng.chance(0.1) : false;
  const texts = sentences.map((s) => s.text);
  const count = texts.length;

  if (v.bucket === 'slang' || rng.chance(v.slangRate)) {
    for (let i = 0; i < count; i++) if (!sentences[i]!.verbatim && rng.chance(v.slangRate + 0.25)) texts[i] = slangify(texts[i]!, rng);
  }
  if (rng.chance(v.typoRate)) {
    const i = rng.int(count);
    if (!sentences[i]!.verbatim) texts[i] = typo(texts[i]!, rng);
  }
  const openerRate = alt ? 0.8 : req.mode === 'answer' ? OPENER_RATE[v.bucket] * 0.4 : OPENER_RATE[v.bucket];
  if (v.openers.length && rng.chance(openerRate)) {
    const opener = v.openers[ctx.pick(v.openers.length)]!;
    const named = ctx.who !== '' && texts[0]!.startsWith(ctx.who);
    texts[0] = `${opener}, ${named ? texts[0] : decapitalize(texts[0]!)}`;
  }
  const last = sentences[count - 1]!;
  if (!last.question && !last.verbatim && rng.chance(0.1)) texts[count - 1] += `, ${v.tails[rng.int(v.tails.length)]}`;

  let out = '';
  let ellipsis = false;
  for (let i = 0; i < count; i++) {
    let t = lower && !(ctx.who && texts[i]!.startsWith(ctx.who)) ? decapitalize(texts[i]!) : capitalize(texts[i]!);
    if (sentences[i]!.question) t += '?';
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
