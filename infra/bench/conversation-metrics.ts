// The conversation benchmark's figures over a chat's timeline: replies between bots, questions answered,
// sentence skeletons, verbatim repeats, numbers, lines by hour, speaker runs, position claims, BIST
// moves while closed, and a word-count persona classifier. Only conversation-text.ts is used for reading.
import { bistOpen, isBist, istanbul, lowerTr, mentions, sentences, tokens } from './conversation-text.ts';

/** One line of the timeline (reactions left out), in the chat's order. */
export interface Line {
  readonly messageId: number;
  readonly botId: string | null;
  readonly speaker: string;
  readonly text: string;
  readonly replyTo?: number;
  readonly at: number;
}

/** What the measurement knows of a persona (from the config, not from the generator). */
export interface PersonaFacts {
  readonly id: string;
  readonly name: string;
  readonly handle: string;
  readonly holdings: readonly string[];
  readonly stances: readonly string[];
  readonly anecdotes: readonly string[];
}

export interface Example {
  readonly at: number;
  readonly speaker: string;
  readonly text: string;
}

export interface Figures {
  readonly lines: number;
  readonly botLines: number;
  readonly humanLines: number;
  /** Bot lines threaded under another bot's line. */
  readonly repliesToBots: number;
  readonly botQuestions: number;
  readonly botQuestionsAnswered: number;
  readonly sentences: number;
  readonly topSkeletons: readonly { readonly skeleton: string; readonly count: number }[];
  /** Σ over each persona's stances and anecdotes of (times said verbatim − 1). */
  readonly verbatimRepeats: number;
  readonly repeatExamples: readonly string[];
  readonly linesWithNumber: number;
  readonly perHour: readonly number[];
  readonly longestRun: { readonly length: number; readonly speaker: string };
  readonly positionNotHeld: readonly Example[];
  readonly bistClosedMoves: readonly Example[];
}

const NUMBER = /[+-]?%?\d[\d.,]*%?/gu;
/** Digits that are part of a name, not a figure. */
const NAMED_DIGITS = /bist ?100|xu100|x100|4 saatlik|200 günlük|50 günlük/gu;

function stripNames(text: string, names: readonly string[]): string {
  let out = lowerTr(text).replace(/@[\w_]+/g, ' N ');
  for (const n of names) if (n) out = out.split(n).join(' N ');
  return out;
}

/** The sentence with figures, instruments and names taken out: what is left is the frame. */
export function skeleton(sentence: string, names: readonly string[]): string {
  const found = mentions(sentence);
  let text = sentence;
  for (let i = found.length - 1; i >= 0; i--) text = `${text.slice(0, found[i]!.at)} S ${text.slice(found[i]!.end)}`;
  const lower = stripNames(text, names).replace(NAMED_DIGITS, ' S ').replace(NUMBER, ' # ');
  return tokens(lower).filter((t) => !/\p{Extended_Pictographic}/u.test(t)).join(' ');
}

function norm(text: string): string {
  return tokens(text).filter((t) => !/\p{Extended_Pictographic}/u.test(t)).join(' ');
}

/** Someone claims to hold (or have bought) the instrument named nearest to these words. */
const POSITION = /pozisyon(?:um|umu|umda|dayım|a girdim)|maliyetim|ortalamam|elimdeki|elimde|portföyümde|portföydeki|sepetimde|bende [^.?!]{0,20}var|taşıyorum|taşırım|tutuyorum|tutarım|kârdayım|kardayım|zarardayım|artıdayım|eksideyim|başa başım|topladım|ekledim|(?<!\blist\p{L}{0,4} )\baldım/gu;
/** The same without /g, for a yes/no test (a /g regex's `test` leaves lastIndex behind, and matchAll starts from it). */
const POSITION_ANY = new RegExp(POSITION.source, 'u');
const NEGATION = /yok|değilim|almadım|girmedim|tutmuyorum|taşımıyorum|olsaydı|olsa|olmadı|alsam|alırım|düşünüyorum|bekliyorum/u;

function positionClaims(text: string): { symbol: string }[] {
  const out: { symbol: string }[] = [];
  for (const s of sentences(text)) {
    const lower = lowerTr(s);
    if (NEGATION.test(lower)) continue;
    const named = mentions(s);
    if (named.length === 0) continue;
    for (const p of lower.matchAll(POSITION)) {
      let best = named[0]!;
      for (const m of named) if (Math.abs(m.at - p.index) < Math.abs(best.at - p.index)) best = m;
      out.push({ symbol: best.symbol });
    }
  }
  return out;
}

/** Present-tense market movement ("%1,2 yukarıda", "yükseliyor", "yatay seyrediyor"); a percentage
 * alone is not a move (it may be a profit: "%47 kârda"). */
const MOVE = /(?<![\p{L}])(?:yüksel(?:iyor|işte|di)|düş(?:üyor|üşte|tü(?!kçe))|artıda(?!y)|ekside(?!y)|yukarıda|aşağıda|geride|primle|prim yap|primlen|değer kaybed|yeşilde|yeşile|kırmızıda|geri çekil(?:iyor|di|miş)|toparlan|tırman|eriyor|satış yiyor|alıcı buluyor|hareketlen|kıpırda|sıçra|sarktı|yatay (?:seyr|gidiyor)|yatayda|neredeyse yatay|hemen hemen yatay|yerinde sayıyor|yön arıyor|nefes alıyor|dar bantta|baskı altında|değişim var|oynamış)/u;
/** … unless it speaks of the close, the past or the next open. */
const NOT_NOW = /kapan|kapalı|kapattı|cuma|dün|geçen|yarın|pazartesi|açılış(?:ta|ı bekl|a kadar)|tatil|bayram|seans yok|hafta sonu|haftaya|önceki/u;
const BIST_WORDS = /borsa|hisse/u;

function bistMoveWhileClosed(text: string): boolean {
  for (const s of sentences(text)) {
    const lower = lowerTr(s);
    const bist = mentions(s).some((m) => isBist(m.symbol)) || BIST_WORDS.test(lower);
    // A profit on one's own position ("elimdeki ASELS %26 artıda") is not a market move.
    if (bist && MOVE.test(lower) && !NOT_NOW.test(lower) && !POSITION_ANY.test(lower)) return true;
  }
  return false;
}

/** Every figure of one run over its timeline. */
export function measure(lines: readonly Line[], personas: readonly PersonaFacts[]): Figures {
  const byId = new Map(lines.map((l) => [l.messageId, l]));
  const people = [...new Set(lines.filter((l) => l.botId === null).map((l) => lowerTr(l.speaker)))];
  const names = [...personas.flatMap((p) => [lowerTr(p.name), lowerTr(p.name.split(' ')[0]!), lowerTr(p.handle)]), ...people]
    .sort((a, b) => b.length - a.length);
  const facts = new Map(personas.map((p) => [p.id, p]));
  const bots = lines.filter((l) => l.botId !== null);

  let repliesToBots = 0;
  let botQuestions = 0;
  let answered = 0;
  let withNumber = 0;
  let sentenceCount = 0;
  const skeletons = new Map<string, number>();
  const perHour = new Array<number>(24).fill(0);
  const positionNotHeld: Example[] = [];
  const bistClosedMoves: Example[] = [];
  for (const l of bots) {
    const target = l.replyTo === undefined ? undefined : byId.get(l.replyTo);
    if (target && target.botId !== null && target.botId !== l.botId) repliesToBots++;
    if (l.text.includes('?')) {
      botQuestions++;
      if (lines.some((x) => x.replyTo === l.messageId && x.botId !== l.botId)) answered++;
    }
    if (lowerTr(l.text).replace(NAMED_DIGITS, ' ').match(NUMBER)) withNumber++;
    // A bare @mention before or after the text addresses someone; it is not a sentence of its own.
    for (const s of sentences(l.text.replace(/(^|\s)@[\w_]+(?=\s|$)/g, ' ').trim())) {
      const k = skeleton(s, names);
      if (k === '') continue;
      sentenceCount++;
      skeletons.set(k, (skeletons.get(k) ?? 0) + 1);
    }
    perHour[istanbul(l.at).hour]!++;
    const holds = facts.get(l.botId!)?.holdings ?? [];
    for (const c of positionClaims(l.text)) {
      if (!holds.includes(c.symbol)) positionNotHeld.push({ at: l.at, speaker: l.speaker, text: l.text });
    }
    if (!bistOpen(l.at) && bistMoveWhileClosed(l.text)) bistClosedMoves.push({ at: l.at, speaker: l.speaker, text: l.text });
  }

  let verbatimRepeats = 0;
  const repeatExamples: string[] = [];
  for (const p of personas) {
    const own = bots.filter((l) => l.botId === p.id).map((l) => norm(l.text));
    for (const item of [...p.stances, ...p.anecdotes]) {
      const n = norm(item);
      const times = own.filter((t) => t.includes(n)).length;
      if (times > 1) {
        verbatimRepeats += times - 1;
        repeatExamples.push(`${p.name} ×${times}: ${item}`);
      }
    }
  }

  let run = 0;
  let longest = { length: 0, speaker: '' };
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i]!;
    run = l.botId !== null && i > 0 && lines[i - 1]!.botId === l.botId ? run + 1 : l.botId !== null ? 1 : 0;
    if (run > longest.length) longest = { length: run, speaker: l.speaker };
  }

  const topSkeletons = [...skeletons].sort((a, b) => b[1] - a[1]).slice(0, 5).map(([skeleton, count]) => ({ skeleton, count }));
  return {
    lines: lines.length, botLines: bots.length, humanLines: lines.length - bots.length, repliesToBots, botQuestions, botQuestionsAnswered: answered,
    sentences: sentenceCount, topSkeletons, verbatimRepeats, repeatExamples, linesWithNumber: withNumber, perHour, longestRun: longest,
    positionNotHeld, bistClosedMoves,
  };
}

/** A multinomial naive Bayes over word (and emoji) counts, add-one smoothed: which persona wrote a line. */
export class PersonaClassifier {
  private readonly counts = new Map<string, Map<string, number>>();
  private readonly totals = new Map<string, number>();
  private readonly docs = new Map<string, number>();
  private readonly vocabulary = new Set<string>();
  private trained = 0;

  train(label: string, text: string): void {
    let c = this.counts.get(label);
    if (!c) this.counts.set(label, (c = new Map()));
    for (const t of tokens(text)) {
      c.set(t, (c.get(t) ?? 0) + 1);
      this.totals.set(label, (this.totals.get(label) ?? 0) + 1);
      this.vocabulary.add(t);
    }
    this.docs.set(label, (this.docs.get(label) ?? 0) + 1);
    this.trained++;
  }

  classify(text: string): string {
    const words = tokens(text);
    let best = '';
    let bestScore = -Infinity;
    const v = this.vocabulary.size;
    for (const [label, c] of this.counts) {
      const total = this.totals.get(label) ?? 0;
      let score = Math.log((this.docs.get(label) ?? 0) / this.trained);
      for (const w of words) score += Math.log(((c.get(w) ?? 0) + 1) / (total + v));
      if (score > bestScore) {
        best = label;
        bestScore = score;
      }
    }
    return best;
  }
}

/** Accuracy of a classifier trained on `train`'s bot lines and tested on `test`'s. */
export function classifierAccuracy(train: readonly Line[], test: readonly Line[]): { correct: number; total: number } {
  const nb = new PersonaClassifier();
  for (const l of train) if (l.botId !== null) nb.train(l.botId, l.text);
  let correct = 0;
  let total = 0;
  for (const l of test) {
    if (l.botId === null) continue;
    total++;
    if (nb.classify(l.text) === l.botId) correct++;
  }
  return { correct, total };
}
