// Slot values for one line: live prices and moves, P&L, levels, outlooks, names. Memoised per line so
// a slot says the same thing everywhere in the line (like tracery's actions).
import { renderRaw } from './engine.ts';
import type { Template } from './engine.ts';
import { capitalize, formatNumber, formatPct, formatPrice, harmonised, symbolInfo } from './format.ts';
import { dirOf, NEED } from './context.ts';
import type { Focus, LineCtx } from './context.ts';
import {
  ACTION, DIR_VERB, HEDGE, MACRO_VIEW, METHOD, MOOD_ADJ, MOVE, OUTLOOK, REASON, RECENT, THEME, WHERE,
} from './phrases/words.ts';
import type { Dir, Lean } from './phrases/words.ts';
import { NO, YES } from './phrases/talk.ts';

const NEEDS: Readonly<Record<string, number>> = {
  px: NEED.QUOTE | NEED.SYM, chg: NEED.QUOTE | NEED.SYM, move: NEED.QUOTE | NEED.SYM, dirVerb: NEED.QUOTE | NEED.SYM,
  recent: NEED.QUOTE | NEED.SYM, symPx: NEED.QUOTE | NEED.SYM, lvlS: NEED.QUOTE | NEED.SYM, lvlR: NEED.QUOTE | NEED.SYM,
  rsi: NEED.QUOTE, pattern: NEED.QUOTE, levels: NEED.QUOTE,
  sym: NEED.SYM, symLoc: NEED.SYM, symAcc: NEED.SYM, symGen: NEED.SYM,
  sym2: NEED.SYM2, px2: NEED.SYM2, move2: NEED.SYM2, dirVerb2: NEED.SYM2,
  xu: NEED.XU, xuPx: NEED.XU, xuMove: NEED.XU, xuVerb: NEED.XU,
  hold: NEED.HOLD, holdLoc: NEED.HOLD, holdAvg: NEED.HOLD, holdPnl: NEED.HOLD, holdPnlShort: NEED.HOLD, holdFeel: NEED.HOLD,
  head: NEED.NEWS, newsTake: NEED.NEWS, other: NEED.OTHER, otherGen: NEED.OTHER, who: NEED.WHO,
};

/** The availability bits a template needs (see NEED), from its slot names. */
export function needsOf(slots: Iterable<string>): number {
  let n = 0;
  for (const s of slots) n |= NEEDS[s] ?? 0;
  return n;
}

const PNL_UP = ['şu an {p} kârdayım', '{p} artıdayım', '{p} kârdayım', 'kâr {p} civarında', 'şimdilik {p} kârdayım'];
const PNL_DOWN = ['{p} zarardayım', 'şimdilik {p} eksideyim', 'zarar {p} civarında', '{p} eksideyim'];
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

const pickStr = (ctx: LineCtx, list: readonly string[]): string => list[ctx.pick(list.length)]!;
const pickT = (ctx: LineCtx, list: readonly Template[]): string => renderRaw(list[ctx.pick(list.length)]!, ctx.pick, (s) => slot(ctx, s));

function step(price: number): number {
  return Math.pow(10, Math.floor(Math.log10(Math.max(price, 1e-6))) - 2) * 5;
}
function level(price: number, frac: number): string {
  const s = step(price);
  const v = Math.round((price * (1 + frac)) / s) * s;
  return formatNumber(v, s >= 1 ? 0 : s >= 0.1 ? 1 : 2);
}

function moveOf(ctx: LineCtx, f: Focus | undefined, q = f?.quote): string {
  if (!q) return '';
  return renderRaw(pickOne(ctx, MOVE[dirOf(q.changePct)]), ctx.pick, (s) => (s === 'chg' ? formatPct(q.changePct) : slot(ctx, s)));
}
function pickOne(ctx: LineCtx, list: readonly Template[]): Template {
  return list[ctx.pick(list.length)]!;
}
function pxOf(f: Focus | undefined, q = f?.quote): string {
  return q ? formatPrice(q.price) + (f?.info.unit ?? '') : '';
}
function outlook(ctx: LineCtx, lean: Lean): string {
  if ((ctx.topic === 'Makro' || ctx.keywordTopic === 'Makro') && ctx.rng.chance(0.6)) return pickT(ctx, MACRO_VIEW[lean]);
  return pickT(ctx, OUTLOOK[lean]);
}

/** Resolve slot `name` for this line (memoised). Unknown names resolve to ''. */
export function slot(ctx: LineCtx, name: string): string {
  const hit = ctx.memo.get(name);
  if (hit !== undefined) return hit;
  const v = compute(ctx, name);
  ctx.memo.set(name, v);
  return v;
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
    case 'px': return pxOf(f);
    case 'symPx': return f ? `${f.name.name} ${pxOf(f)}` : '';
    case 'chg': return q ? formatPct(q.changePct) : '';
    case 'move': return moveOf(ctx, f);
    case 'dirVerb': return q ? pickT(ctx, DIR_VERB[dirOf(q.changePct)]) : pickT(ctx, DIR_VERB.flat);
    case 'recent': return q ? pickT(ctx, RECENT[dirOf(q.movePct * 3)]) : '';
    case 'sym2': return s2 ? s2.name.name : '';
    case 'px2': return pxOf(s2);
    case 'move2': return moveOf(ctx, s2);
    case 'dirVerb2': return s2?.quote ? pickT(ctx, DIR_VERB[dirOf(s2.quote.changePct)]) : '';
    case 'xu': return rng.chance(0.5) ? 'BIST 100' : 'Endeks';
    case 'xuPx': return ctx.xu ? formatPrice(ctx.xu.price) : '';
    case 'xuMove': return moveOf(ctx, { info: symbolInfo('BIST:XU100'), name: symbolInfo('BIST:XU100').names[0]! }, ctx.xu);
    case 'xuVerb': return ctx.xu ? pickT(ctx, DIR_VERB[dirOf(ctx.xu.changePct)]) : '';
    case 'outlook': case 'counter': return outlook(ctx, ctx.talkLean ?? ctx.lean);
    case 'hedge': {
      if (rng.chance(0.3)) return '';
      return pickT(ctx, e.confidence < 0.4 ? HEDGE.low : e.confidence > 0.72 ? HEDGE.high : HEDGE.mid);
    }
    case 'mood': return (pickT(ctx, MOOD_ADJ[e.valence > 0.25 ? 'bull' : e.valence < -0.25 ? 'bear' : 'neutral']));
    case 'where': return pickT(ctx, WHERE[ctx.topic] ?? WHERE['']!);
    case 'reason': return pickT(ctx, REASON[ctx.topic] ?? REASON['']!);
    case 'reasonCap': return capitalize(slot(ctx, 'reason'));
    case 'reasonLine': return `${slot(ctx, 'reason')} ${pickStr(ctx, ['belirleyici olacak', 'önemli olacak', 'işin özü'])}`;
    case 'theme': return pickT(ctx, THEME);
    case 'macroView': return pickT(ctx, MACRO_VIEW[ctx.lean]);
    case 'macroLink': {
      if (ctx.usd && rng.chance(0.6)) return `dolar/TL ${formatPrice(ctx.usd.price)} ${pickStr(ctx, ['civarında', 'seviyesinde', 'bandında'])}`;
      if (ctx.xu) return `BIST 100 ${slot(ctx, 'xuMove')}`;
      return pickStr(ctx, ['piyasa bunu fiyatlıyor', 'piyasa temkinli', 'piyasa bekle-gör modunda']);
    }
    case 'hold': return h ? symbolInfo(h.symbol).names[0]!.name : '';
    case 'holdLoc': return h ? symbolInfo(h.symbol).names[0]!.loc : '';
    case 'holdAvg': return h ? formatPrice(h.avgPrice) + symbolInfo(h.symbol).unit : '';
    case 'holdPnl': case 'holdPnlShort': {
      if (!h) return '';
      const p = formatPct(h.pnlPct);
      if (Math.abs(h.pnlPct) < 0.005) return name === 'holdPnl' ? pickStr(ctx, PNL_FLAT) : 'başa baş';
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
      if (voice.dividend && rng.chance(0.35)) return 'temettü takvimine bakar, ona göre eklerim';
      return pickT(ctx, ACTION[`${voice.risk}-${bull ? 'bull' : 'other'}`] ?? ACTION['medium-other']!);
    }
    case 'method': case 'methodCap': {
      const key = voice.technical ? 'technical' : voice.trader ? 'trader' : voice.macro ? 'macro' : voice.dividend ? 'dividend'
        : voice.curious ? 'curious' : voice.risk === 'low' ? 'low' : 'other';
      const m = name === 'method' ? pickT(ctx, METHOD[key]!) : slot(ctx, 'method');
      return name === 'methodCap' ? capitalize(m) : m;
    }
    case 'lvlS': return q ? level(q.price, -rng.range(0.02, 0.06)) : '';
    case 'lvlR': return q ? level(q.price, rng.range(0.02, 0.07)) : '';
    case 'levels': return q ? `destek ${slot(ctx, 'lvlS')}, direnç ${slot(ctx, 'lvlR')}` : '';
    case 'rsi': return String(Math.round(Math.max(18, Math.min(86, 50 + (q?.changePct ?? 0) * 900 + rng.range(-8, 8)))));
    case 'pattern': return pickStr(ctx, PATTERN[dirOf(q?.changePct ?? 0)]);
    case 'who': return ctx.who;
    case 'human': return ctx.who || 'arkadaşlar';
    case 'other': return ctx.other;
    case 'otherGen': return ctx.other ? harmonised(ctx.other).gen : '';
    case 'topicRef': {
      const named = f && (ctx.targetSymbols.length > 0 || !ctx.keyword);
      if (named && (!ctx.keyword || rng.chance(0.6))) return f.name.name;
      return ctx.keyword ?? TOPIC_NOUN[ctx.topic] ?? 'piyasa';
    }
    case 'yes': return pickT(ctx, YES[voice.bucket]);
    case 'no': return pickT(ctx, NO[voice.bucket]);
    default: return '';
  }
}
