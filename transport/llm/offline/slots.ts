// Slot values for one line: live prices and moves (figures only when the line may quote them), a closed
// market's last session, P&L of what the bot holds, levels derived from the market, the claim answered,
// members, reasons in the speaker's terms. Memoised per line so a slot says the same thing everywhere.
import { inCase, levelsOf, suffix } from '../../../actors/index.ts';
import { renderRaw, slotsOf } from './engine.ts';
import type { Template } from './engine.ts';
import { capitalize, formatNumber, formatPct, formatPrice, harmonised, symbolInfo } from './format.ts';
import { dirOf, firstName, NEED } from './context.ts';
import type { Focus, LineCtx } from './context.ts';
import {
  ACTION, DIR_VERB, HEDGE, MACRO_VIEW, METHOD, MOOD_ADJ, MOVE_NUM, MOVE_WORDS, OUTLOOK, PAST_MOVE_NUM, PAST_MOVE_WORDS, REASON, RECENT,
  THEME, WHERE,
} from './phrases/words.ts';
import type { Dir, Lean } from './phrases/words.ts';
import { REASONS, REJECTED } from './phrases/talk.ts';
import { CONCEPT_CLOSE, EFFECT, EN_EXPLAIN, EN_MOOD, EN_VIEW, EXPLAIN, WHEN } from './phrases/answers.ts';
import { NO, YES } from './phrases/voices.ts';

const NEEDS: Readonly<Record<string, number>> = {
  px: NEED.NUM | NEED.SYM, chg: NEED.NUM | NEED.SYM, symPx: NEED.NUM | NEED.SYM, lvlS: NEED.NUM | NEED.SYM, lvlR: NEED.NUM | NEED.SYM, rsi: NEED.NUM | NEED.SYM,
  move: NEED.DIR, dirVerb: NEED.DIR, recent: NEED.DIR, live: NEED.DIR, shut: NEED.SHUT, rsiCool: NEED.RSICOOL, rsiHot: NEED.RSIHOT, stock: NEED.STOCK, fx: NEED.FXFOCUS, macro: NEED.MACRO, pattern: NEED.SYM,
  sym: NEED.SYM, symLoc: NEED.SYM, symAcc: NEED.SYM, symGen: NEED.SYM, symDat: NEED.SYM, symAbl: NEED.SYM,
  closeRef: NEED.SHUT, pastMove: NEED.SHUT, nextOpen: NEED.SHUT, nextOpenBase: NEED.SHUT, closedWhere: NEED.SHUT,
  sym2: NEED.SYM2OPEN, move2: NEED.SYM2OPEN, dirVerb2: NEED.SYM2OPEN,
  xuMove: NEED.XU, xuVerb: NEED.XU,
  hold: NEED.HOLD, holdLoc: NEED.HOLD, holdAcc: NEED.HOLD, holdPnl: NEED.HOLD, holdPnlShort: NEED.HOLD, holdFeel: NEED.HOLD, holdAvg: NEED.HOLD | NEED.NUM, holdStop: NEED.HOLD | NEED.NUM,
  head: NEED.NEWS, newsTake: NEED.NEWS, other: NEED.OTHER, otherGen: NEED.OTHER, who: NEED.WHO,
  claimEcho: NEED.CLAIM, claimSym: NEED.CLAIMSYM, claimSymLoc: NEED.CLAIMSYM, claimSymMi: NEED.CLAIMSYM, macroExpert: NEED.EXPERT, chartExpert: NEED.CHART, member: NEED.MEMBER, memberGen: NEED.MEMBER, memberDat: NEED.MEMBER, memberAcc: NEED.MEMBER, memberAccToo: NEED.MEMBER,
  explain: NEED.EXPLAIN, when: NEED.WHEN, effect: NEED.EFFECT,
};

/** Slots drawn afresh at each use: a line may say two things in the same spirit, not the same words. */
const FRESH = new Set(['doubt', 'outlook', 'counter', 'hedge', 'reason', 'reason+', 'reason-', 'reason*', 'mood', 'where', 'macroView', 'yes', 'no', 'action']);

/** The availability bits a template needs (see NEED), from its slot names. */
export function needsOf(slots: Iterable<string>): number {
  let n = 0;
  for (const s of slots) n |= NEEDS[s] ?? 0;
  return n;
}

const needCache = new WeakMap<Template, number>();

/** The availability bits `t` needs (its own slots, not those of nested pools). */
export function needOf(t: Template): number {
  let n = needCache.get(t);
  if (n === undefined) {
    n = needsOf(slotsOf(t));
    needCache.set(t, n);
  }
  return n;
}

/** A template of `list` this line can fill, biased to the persona's habits; undefined when none fits. */
export function fitting(ctx: LineCtx, list: readonly Template[]): Template | undefined {
  if (list.length === 0) return undefined;
  for (let k = 0; k < 6; k++) {
    const t = list[ctx.pick(list.length)]!;
    if ((needOf(t) & ~ctx.avail) === 0) return t;
  }
  const ok = list.filter((t) => (needOf(t) & ~ctx.avail) === 0);
  return ok.length ? ok[ctx.rng.int(ok.length)] : undefined;
}

const PNL_UP = ['şu an {p} kârdayım', '{p} artıdayım', '{p} kârdayım', 'kâr {p} civarında', 'şimdilik {p} kârdayım'];
const PNL_DOWN = ['{p} zarardayım', 'şimdilik {p} eksideyim', 'zarar {p} civarında', '{p} eksideyim'];
const PNL_UP_WORDS = ['kârdayım', 'güzel kârdayım', 'artıdayım şükür', 'kâr tarafındayım', 'hâlâ kârdayım'];
const PNL_DOWN_WORDS = ['biraz zarardayım', 'eksideyim şimdilik', 'zarardayım ama dert etmiyorum', 'ekside duruyor'];
const PNL_FLAT = ['başa başım', 'maliyet civarındayım', 'neredeyse başa başım'];
const FEEL_HOLD: Readonly<Record<string, readonly string[]>> = {
  'up-calm': ['acele etmiyorum', 'sabırla taşıyorum', 'satmayı düşünmüyorum'],
  'up-high': ['kârı cebe atmayı düşünüyorum', 'stopu maliyete çektim', 'biraz kâr realize edebilirim'],
  'down-calm': ['sabırla bekliyorum', 'ekleme fırsatı olabilir', 'vadem uzun, dert etmiyorum'],
  'down-high': ['stop seviyeme yakın', 'bir düşüş daha gelirse çıkarım', 'stopu sıkı tutuyorum'],
};
const PATTERN: Readonly<Record<Dir, readonly string[]>> = {
  up: ['yükselen kanalda', 'direnci test ediyor', 'yükselen dipler yapıyor', 'kırılım denemesinde'],
  down: ['desteğe yaklaşıyor', 'düşen trend çizgisinin altında', 'alçalan tepeler yapıyor', 'desteği yokluyor'],
  flat: ['sıkışma üçgeninde', 'yatay bantta', 'dar bir aralıkta', 'bayrak formasyonu çiziyor'],
};
const NEWS_TAKE: Readonly<Record<Lean, readonly string[]>> = {
  bull: ['piyasa bunu olumlu okur gibi', 'alıcılar bunu sever', 'iyi bir gelişme gibi', 'moraller düzelir'],
  bear: ['bu biraz baskı yapar', 'panik yapmamak lazım', 'kısa vadede can sıkar', 'temkinli olmak lazım'],
  neutral: ['etkisi sınırlı kalır', 'fiyatlanmış olabilir', 'çok büyütmemek lazım', 'ayrıntıları görmek lazım'],
};
const TOPIC_NOUN: Readonly<Record<string, string>> = { BIST: 'borsa', FX: 'kur', Kripto: 'kripto', Makro: 'faiz', '': 'piyasa' };
const CLOSED_WHERE: Readonly<Record<string, readonly string[]>> = {
  BIST: ['borsa kapalı', 'seans kapalı', 'borsada seans yok'], FX: ['kur piyasası hafta sonu kapalı', 'döviz tarafı kapalı'],
  Kripto: ['kripto hiç kapanmıyor zaten'], '': ['piyasalar kapalı'],
};
const ECHO: Readonly<Record<Dir, readonly string[]>> = {
  up: ['{n} yükselir diyorsun', '{nDat} olumlu bakıyorsun', '{nLoc} alıcı var diyorsun', '{n} için yukarı diyorsun'],
  down: ['{n} düşer diyorsun', '{nLoc} baskı sürer diyorsun', '{nDat} temkinli bakıyorsun', '{n} için aşağı diyorsun'],
  flat: ['{n} yatay gider diyorsun', '{nLoc} yön yok diyorsun', '{n} sıkışık diyorsun'],
};

/** Taking up a claim about something that is no symbol ("bankalar"). */
const ECHO_WORD: Readonly<Record<Dir, readonly string[]>> = {
  up: ['{k} için yukarı diyorsun', '{k} konusunda iyimsersin'], down: ['{k} için aşağı diyorsun', '{k} konusunda karamsarsın'],
  flat: ['{k} için yön yok diyorsun', '{k} konusunda kararsızsın'],
};

const pickStr = (ctx: LineCtx, list: readonly string[]): string => list[ctx.pick(list.length)]!;

/** Render one template of a nested pool that this line can fill ('' when none can). */
function pickT(ctx: LineCtx, list: readonly Template[]): string {
  const t = fitting(ctx, list);
  return t ? renderRaw(t, ctx.pick, (s) => slot(ctx, s)) : '';
}

function moveOf(ctx: LineCtx, f: Focus | undefined): string {
  const q = f?.quote;
  if (!q) return '';
  const dir = dirOf(q.changePct);
  const list = ctx.numbers ? MOVE_NUM[dir] : MOVE_WORDS[dir];
  return renderRaw(list[ctx.pick(list.length)]!, ctx.pick, (s) => (s === 'chg' ? formatPct(q.changePct) : slot(ctx, s)));
}

function pxOf(f: Focus | undefined): string {
  return f?.quote ? formatPrice(f.quote.price) + f.info.unit : '';
}

function levelText(v: number, f: Focus): string {
  const step = f.quoteLevels?.().step ?? 1;
  return formatNumber(v, step >= 1 ? 0 : step >= 0.1 ? 1 : 2);
}

function outlook(ctx: LineCtx, lean: Lean): string {
  if ((ctx.topic === 'Makro' || ctx.keywordTopic === 'Makro') && ctx.rng.chance(0.6)) return pickT(ctx, MACRO_VIEW[lean]);
  return pickT(ctx, OUTLOOK[lean]);
}

/** "cumayı", "dünü", "bugünü", "haftayı": the last session, as the object of "kapattı". */
function closeRef(ctx: LineCtx): string {
  const cal = ctx.req.calendar;
  const f = ctx.focus;
  const weekday = cal?.weekday ?? ctx.req.weekday;
  if (f?.info.topic !== 'BIST') return weekday === 0 || weekday === 6 ? 'haftayı' : 'günü';
  switch (cal?.bist) {
    case 'closed-evening': return 'bugünü';
    case 'holiday': return 'son seansı';
    case 'weekend': return pickStr(ctx, ['cumayı', 'haftayı']);
    default: return weekday === 1 ? 'cumayı' : 'dünü';
  }
}

/** "yarın açılışta", "pazartesi açılışta", "bayramdan sonra". */
function nextOpen(ctx: LineCtx): string {
  const cal = ctx.req.calendar;
  const weekday = cal?.weekday ?? ctx.req.weekday;
  if (cal?.bist === 'holiday') return 'tatilden sonra';
  if (weekday === 6 || weekday === 0 || (weekday === 5 && cal?.bist === 'closed-evening')) return 'pazartesi açılışta';
  if (cal?.bist === 'pre-open') return 'açılışta';
  return 'yarın açılışta';
}

/** The market in a few words: the index, the dollar, Bitcoin (closed markets said so). */
function overview(ctx: LineCtx): string {
  const parts: string[] = [];
  const word = (q: { changePct: number }): string => pickT(ctx, MOVE_WORDS[dirOf(q.changePct)]);
  if (ctx.xu) parts.push(ctx.xu.open ? `endeks ${word(ctx.xu)}` : 'borsa kapalı');
  if (ctx.usd) parts.push(ctx.usd.open ? `dolar ${word(ctx.usd)}` : 'kur tarafı kapalı');
  if (ctx.btc) parts.push(`Bitcoin ${word(ctx.btc)}`);
  return parts.length ? parts.join(', ') : 'piyasa sakin';
}

/** Resolve slot `name` for this line (memoised). Unknown names resolve to ''. */
export function slot(ctx: LineCtx, name: string): string {
  if (FRESH.has(name)) {
    // Drawn afresh, but not the words this line already used.
    const said = (ctx.said ??= new Set());
    let v = compute(ctx, name);
    for (let k = 0; k < 4 && v !== '' && said.has(v); k++) v = compute(ctx, name);
    said.add(v);
    return v;
  }
  const hit = ctx.memo.get(name);
  if (hit !== undefined) return hit;
  const v = compute(ctx, name);
  ctx.memo.set(name, v);
  return v;
}

/** Reasons for a lean in the speaker's terms; a topic its stance rejects gets why it stays away. */
function reasons(ctx: LineCtx, lean: Lean): string {
  const topic = ctx.focus?.info.topic ?? ctx.topic;
  if (lean === 'bear' && ctx.voice.traits.rejects.some((r) => r === topic)) return pickT(ctx, REJECTED[ctx.voice.flavour]);
  return pickT(ctx, REASONS[ctx.voice.flavour][lean]);
}

/** The symbol the answered line is about (none: it named none — never the speaker's own focus). */
function claimName(ctx: LineCtx): ReturnType<typeof harmonised> | undefined {
  const id = ctx.claim?.symbol ?? ctx.targetSymbols[0];
  return id ? symbolInfo(id).names[0] : undefined;
}

function compute(ctx: LineCtx, name: string): string {
  const { focus: f, second: s2, rng, voice, req } = ctx;
  const q = f?.quote;
  const h = ctx.holding;
  const e = req.emotion;
  switch (name) {
    case 'sym': return f ? f.name.name : TOPIC_NOUN[ctx.topic] ?? 'piyasa';
    case 'symLoc': return f ? f.name.loc : 'piyasada';
    case 'symAcc': return f ? f.name.acc : 'piyasayı';
    case 'symGen': return f ? f.name.gen : 'piyasanın';
    case 'symDat': return f ? f.name.dat : 'piyasaya';
    case 'symAbl': return f ? f.name.abl : 'piyasadan';
    case 'px': return pxOf(f);
    case 'symPx': return f ? `${f.name.name} ${pxOf(f)}` : '';
    case 'chg': return q ? formatPct(q.changePct) : '';
    case 'move': return moveOf(ctx, f);
    case 'dirVerb': return q ? pickT(ctx, DIR_VERB[dirOf(q.changePct)]) : pickT(ctx, DIR_VERB.flat);
    case 'recent': return q ? pickT(ctx, RECENT[dirOf(q.movePct * 3)]) : '';
    case 'pattern': return pickStr(ctx, PATTERN[dirOf(q?.changePct ?? 0)]);
    case 'lvlS': return f?.quoteLevels ? levelText(f.quoteLevels().support, f) : '';
    case 'lvlR': return f?.quoteLevels ? levelText(f.quoteLevels().resistance, f) : '';
    case 'rsi': return f?.quoteLevels ? String(f.quoteLevels().rsi) : '';
    case 'closeRef': return closeRef(ctx);
    case 'nextOpen': return nextOpen(ctx);
    case 'nextOpenBase': return nextOpen(ctx).replace(/açılışta$/, 'açılış').replace(/sonra$/, 'sonrası');
    case 'pastMove': {
      if (!q) return '';
        const dir = dirOf(q.changePct);
      const list = ctx.numbers ? PAST_MOVE_NUM[dir] : PAST_MOVE_WORDS[dir];
      return renderRaw(list[ctx.pick(list.length)]!, ctx.pick, (s) => (s === 'chg' ? formatPct(q.changePct) : ''));
    }
    case 'closedWhere': return pickStr(ctx, CLOSED_WHERE[f?.info.topic ?? ''] ?? CLOSED_WHERE['']!);
    case 'sym2': return s2 ? s2.name.name : '';
    case 'move2': return moveOf(ctx, s2);
    case 'dirVerb2': return s2?.quote ? pickT(ctx, DIR_VERB[dirOf(s2.quote.changePct)]) : '';
    case 'xuMove': return ctx.xu ? pickT(ctx, MOVE_WORDS[dirOf(ctx.xu.changePct)]) : '';
    case 'xuVerb': return ctx.xu ? pickT(ctx, DIR_VERB[dirOf(ctx.xu.changePct)]) : '';
    case 'outlook': case 'counter': return outlook(ctx, ctx.talkLean ?? ctx.lean);
    case 'hedge': {
      if (rng.chance(0.3)) return '';
      return pickT(ctx, e.confidence < 0.4 ? HEDGE.low : e.confidence > 0.72 ? HEDGE.high : HEDGE.mid);
    }
    case 'doubt': return e.confidence < 0.5
      ? pickStr(ctx, ['emin değilim ama', 'yanılıyor olabilirim', 'bilemedim', 'ne bileyim', 'korkuyorum biraz'])
      : pickStr(ctx, ['bence öyle', 'öyle görünüyor', 'içim rahat', 'karar verdim sayılır']);
    case 'mood': return pickT(ctx, MOOD_ADJ[e.valence > 0.25 ? 'bull' : e.valence < -0.25 ? 'bear' : 'neutral']);
    case 'where': return pickT(ctx, WHERE[ctx.topic] ?? WHERE['']!);
    case 'reason': return pickT(ctx, REASON[f?.info.topic || ctx.topic] ?? REASON['']!);
    case 'reasonCap': return capitalize(slot(ctx, 'reason'));
    case 'reason+': case 'reason-': return reasons(ctx, ctx.talkLean ?? ctx.lean);
    case 'reason*': return reasons(ctx, ctx.talkLean ?? ctx.lean);
    case 'theme': return pickT(ctx, THEME);
    case 'macroView': return pickT(ctx, MACRO_VIEW[ctx.talkLean ?? ctx.lean]);
    case 'macroLink': {
      if (ctx.usd?.open && rng.chance(0.6)) return `dolar/TL ${pickT(ctx, MOVE_WORDS[dirOf(ctx.usd.changePct)])}`;
      if (ctx.xu?.open) return `BIST 100 ${slot(ctx, 'xuMove')}`;
      return pickStr(ctx, ['piyasa bunu fiyatlıyor', 'piyasa temkinli', 'piyasa bekle-gör modunda']);
    }
    case 'overview': return overview(ctx);
    case 'hold': return h ? symbolInfo(h.symbol).names[0]!.name : '';
    case 'holdLoc': return h ? symbolInfo(h.symbol).names[0]!.loc : '';
    case 'holdAcc': return h ? symbolInfo(h.symbol).names[0]!.acc : '';
    case 'holdAvg': return h ? formatPrice(h.avgPrice) + symbolInfo(h.symbol).unit : '';
    case 'holdPnl': case 'holdPnlShort': {
      if (!h) return '';
      if (Math.abs(h.pnlPct) < 0.005) return name === 'holdPnl' ? pickStr(ctx, PNL_FLAT) : 'başa baş';
      if (!ctx.numbers) return name === 'holdPnl' ? pickStr(ctx, h.pnlPct > 0 ? PNL_UP_WORDS : PNL_DOWN_WORDS) : h.pnlPct > 0 ? 'kârda' : 'ekside';
      const p = formatPct(h.pnlPct);
      if (name === 'holdPnlShort') return `${p} ${h.pnlPct > 0 ? pickStr(ctx, ['kârda', 'artıda']) : pickStr(ctx, ['zararda', 'ekside'])}`;
      return pickStr(ctx, h.pnlPct > 0 ? PNL_UP : PNL_DOWN).replace('{p}', p);
    }
    case 'holdFeel': {
      const key = `${(h?.pnlPct ?? 0) >= 0 ? 'up' : 'down'}-${voice.risk === 'high' ? 'high' : 'calm'}`;
      return pickStr(ctx, FEEL_HOLD[key]!);
    }
    case 'head': {
      const hl = (req.news?.headline ?? '').trim().replace(/[.!]+$/, '');
      return hl.length > 90 ? hl.slice(0, hl.lastIndexOf(' ', 88)) + '…' : hl;
    }
    case 'newsTake': {
      const imp = req.news?.impact ?? 0;
      return pickStr(ctx, NEWS_TAKE[imp > 0.2 ? 'bull' : imp < -0.2 ? 'bear' : 'neutral']);
    }
    case 'action': {
      const bull = ctx.lean === 'bull';
      return pickT(ctx, ACTION[`${voice.risk}-${bull ? 'bull' : 'other'}`] ?? ACTION['medium-other']!);
    }
    case 'method': case 'methodCap': {
      const m = name === 'method' ? pickT(ctx, METHOD[voice.flavour] ?? METHOD.plain!) : slot(ctx, 'method');
      return name === 'methodCap' ? capitalize(m) : m;
    }
    case 'who': return ctx.who;
    case 'greetBack': {
      const greet = ctx.targetLower;
      if (/günaydın|good morning/.test(greet)) return 'Günaydın';
      if (/iyi akşamlar|good evening/.test(greet)) return 'İyi akşamlar';
      if (/selam/.test(greet)) return pickStr(ctx, ['Selam', 'Aleyküm selam']);
      return req.localHour < 11 && req.localHour >= 5 ? 'Günaydın' : req.localHour >= 18 ? pickStr(ctx, ['İyi akşamlar', 'Merhaba']) : pickStr(ctx, ['Merhaba', 'Selam']);
    }
    case 'symEn': return f ? f.name.name : 'the market';
    case 'enView': return pickT(ctx, EN_VIEW[ctx.lean]);
    case 'enMood': return pickStr(ctx, EN_MOOD[dirOf(ctx.xu?.changePct ?? ctx.btc?.changePct ?? 0)]);
    case 'enExplain': return EN_EXPLAIN[ctx.intent?.concept ?? ''] ?? 'it is a long story, but the data matters more than the headlines';
    case 'other': return ctx.other;
    case 'otherGen': return ctx.other ? harmonised(ctx.other).gen : '';
    case 'claimSym': return claimName(ctx)?.name ?? '';
    case 'claimSymLoc': return claimName(ctx)?.loc ?? '';
    case 'claimSymMi': {
      const n = claimName(ctx)?.name;
      return n ? inCase(n, 'q') : '';
    }
    case 'holdStop': {
      const q = h ? req.market.quotes[h.symbol] : undefined;
      if (!q) return '';
      const lv = levelsOf(q);
      return formatNumber(lv.support, lv.step >= 1 ? 0 : lv.step >= 0.1 ? 1 : 2);
    }
    case 'holdDividend': return h && symbolInfo(h.symbol).topic === 'BIST' ? ', temettüsü de cabası' : '';
    case 'holdKind': return h ? (symbolInfo(h.symbol).topic === 'BIST' ? 'hisselerim' : 'birikimim') : '';
    case 'claimEcho': {
      const n = claimName(ctx);
      const dir: Dir = ctx.claim?.direction ?? ctx.impliedDir ?? (ctx.targetLean > 0 ? 'up' : ctx.targetLean < 0 ? 'down' : 'flat');
      if (!n && ctx.keyword) return pickStr(ctx, ECHO_WORD[dir]).replace('{k}', ctx.keyword);
      if (!n) return 'dediğin şey';
      if (ctx.claim?.level !== undefined && rng.chance(0.5)) return `${n.name} için ${formatNumber(ctx.claim.level, ctx.claim.level >= 100 ? 0 : 1)} seviyesini önemli buluyorsun`;
      return pickStr(ctx, ECHO[dir]).replace('{nDat}', n.dat).replace('{nLoc}', n.loc).replace('{n}', n.name);
    }
    case 'macroExpert': return ctx.macroExpert ? firstName(ctx.macroExpert.name) : '';
    case 'chartExpert': return ctx.chartExpert ? firstName(ctx.chartExpert.name) : '';
    case 'member': return ctx.member ? firstName(ctx.member.name) : '';
    case 'memberGen': return ctx.member ? harmonised(firstName(ctx.member.name)).gen : '';
    case 'memberDat': return ctx.member ? harmonised(firstName(ctx.member.name)).dat : '';
    case 'memberAcc': return ctx.member ? harmonised(firstName(ctx.member.name)).acc : '';
    case 'memberAccToo': {
      // "Zeynep'i de", "Ali'yi de", "Fatma'yı da": the clitic follows the last vowel, never hardens.
      if (!ctx.member) return '';
      const acc = harmonised(firstName(ctx.member.name)).acc;
      return `${acc} ${suffix(acc.replace(/'/g, ''), 'loc').replace(/^t/, 'd')}`;
    }
    case 'explain': return pickT(ctx, EXPLAIN[ctx.intent?.concept ?? ''] ?? []);
    case 'when': return pickT(ctx, WHEN[ctx.intent?.concept ?? ''] ?? []);
    case 'effect': return pickT(ctx, EFFECT[ctx.intent?.concept ?? ''] ?? []);
    case 'conceptClose': return pickT(ctx, CONCEPT_CLOSE[voice.flavour]);
    case 'topicRef': {
      const named = f && (ctx.targetSymbols.length > 0 || !ctx.keyword);
      if (named && (!ctx.keyword || rng.chance(0.6))) return f.name.name;
      return ctx.keyword ?? TOPIC_NOUN[ctx.topic] ?? 'piyasa';
    }
    case 'yes': return pickStr(ctx, YES[voice.bucket]);
    case 'no': return pickStr(ctx, NO[voice.bucket]);
    default: return '';
  }
}
