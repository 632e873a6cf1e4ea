// Fixtures for the offline generator's tests: the demo personas read from demo.yaml (a minimal
// mapping, not the real loader), a drifting market, request builders and the 1,000-line chat simulation.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { DEFAULT_THRESHOLDS, fingerprint, RecentWindow, seededRng } from '../../actors/index.ts';
import type {
  ChatMessage, Emotion, GenerationMode, GenerationRequest, GenerationTarget, HoldingView, LengthPreference, MarketSnapshot,
  Persona, Quote,
} from '../../actors/index.ts';
import { writeLine } from '../../transport/index.ts';

const demoPath = fileURLToPath(new URL('../../infra/config/demo.yaml', import.meta.url));
export const PERSONAS: Persona[] = (parse(readFileSync(demoPath, 'utf8')) as { bots: Persona[] }).bots.map((b) => ({ ...b }));

const BASE: Record<string, number> = {
  'BIST:XU100': 10512.3, 'BIST:THYAO': 312.4, 'BIST:AKBNK': 61.85, 'BIST:GARAN': 131.2, 'BIST:ASELS': 196.7,
  'BIST:EREGL': 26.48, 'BIST:BIMAS': 498.25, 'BIST:KCHOL': 171.9, 'BIST:TUPRS': 174.6, 'BIST:SISE': 38.12,
  USDTRY: 41.23, EURTRY: 48.07, XAUUSD: 4012.5, XAUTRY_GRAM: 5318.4, BTCUSDT: 97123.4, ETHUSDT: 3521.7, SOLUSDT: 184.35,
};
export const TOPICS = ['BIST', 'FX', 'Kripto', 'Makro'] as const;
export const TOPIC_SYMS: Record<string, string[]> = {
  BIST: ['BIST:THYAO', 'BIST:AKBNK', 'BIST:GARAN', 'BIST:ASELS', 'BIST:XU100'],
  FX: ['USDTRY', 'EURTRY', 'XAUTRY_GRAM'],
  Kripto: ['BTCUSDT', 'ETHUSDT', 'SOLUSDT'],
  Makro: [],
};

/** A market that drifts a little each step. */
export function market(step: number, seed = 7): MarketSnapshot {
  const rng = seededRng(seed + step * 7919);
  const quotes: Record<string, Quote> = {};
  for (const [symbol, base] of Object.entries(BASE)) {
    const changePct = Math.sin(step / 17 + base) * 0.025 + rng.range(-0.004, 0.004);
    quotes[symbol] = { symbol, price: base * (1 + changePct), changePct, movePct: rng.range(-0.004, 0.004), open: true };
  }
  return { at: 1_760_000_000_000 + step * 20_000, quotes, news: [] };
}

export function holdingsOf(p: Persona, m: MarketSnapshot): HoldingView[] {
  return p.holdings.map((h) => {
    const price = m.quotes[h.symbol]?.price ?? h.avgPrice;
    return { ...h, price, pnlPct: price / h.avgPrice - 1 };
  });
}

export interface ReqOpts {
  mode?: GenerationMode; topic?: string; symbols?: string[]; seed?: number; attempt?: number; length?: LengthPreference;
  emotion?: Emotion; target?: GenerationRequest['target']; transcript?: ChatMessage[]; step?: number;
  news?: GenerationRequest['news'];
}

export function request(p: Persona, o: ReqOpts = {}): GenerationRequest {
  const m = market(o.step ?? 0);
  const topic = o.topic ?? 'BIST';
  return {
    botId: p.id, persona: p, emotion: o.emotion ?? p.emotionBaseline, chatId: 'demo', chatTitle: 'Piyasa Sohbet',
    localHour: 11, weekday: 3, mode: o.mode ?? 'new', topic, symbols: o.symbols ?? (TOPIC_SYMS[topic] ?? []).slice(0, 2),
    ...(o.target ? { target: o.target } : {}), transcript: o.transcript ?? [], market: m, holdings: holdingsOf(p, m),
    ...(o.news ? { news: o.news } : {}), length: o.length ?? p.style.length, attempt: o.attempt ?? 0, seed: o.seed ?? 1,
  };
}

export const persona = (id: string): Persona => PERSONAS.find((p) => p.id === id)!;
export const BANNED = /kesin kazanç|garanti|bedava para|yapay zeka|dil modeli|as an ai/i;

/** A human's line addressed to a bot. */
export const human = (handle: string, text: string): GenerationTarget => ({ speaker: 'deniz', text: `@${handle} ${text}`, human: true });

/** Lines of many shapes for one persona. */
export function sampleLines(p: Persona, count: number, seed0: number): string[] {
  const out: string[] = [];
  const modes: GenerationMode[] = ['new', 'new', 'reply', 'answer'];
  for (let i = 0; i < count; i++) {
    const mode = modes[i % 4]!;
    const topic = TOPICS[(i >> 2) % 4]!;
    const target = mode === 'reply' ? { speaker: 'Biri Bot', text: 'Bence THYAO yükselir, alım fırsatı', human: false, botId: 'x' }
      : mode === 'answer' ? human(p.handle, 'dolar nereye gider sizce?') : undefined;
    out.push(writeLine(request(p, { seed: seed0 + i, mode, topic, step: i, ...(target ? { target } : {}) })));
  }
  return out;
}

const HUMAN_QUESTIONS = [
  'bugün ne aldın?', 'THYAO alınır mı sizce?', 'dolar nereye gider?', 'Bitcoin neden düşüyor?', 'hangi hisseyi seversin?',
  'faiz kararı borsayı nasıl etkiler?', 'gram altın mı alınır borsa mı?', 'ETH için ne düşünüyorsun?', 'nasıl başlamalıyım?',
  'AKBNK ne zaman toparlar?', 'enflasyon verisi hakkında yorumun ne?', 'SOL devam eder mi?', 'ASELS satayım mı?',
];

export interface SimResult { lines: string[]; drafts: number; hits: number; drops: number; byBot: Map<string, string[]> }

/** A 1,000-line chat: rotating speakers, topics and modes, a drifting market and emotions, every draft
 * through the dedup gate (chat window 100, per-bot window 50), regenerated once on a hit, then dropped. */
export function simulate(total: number, seed: number): SimResult {
  const rng = seededRng(seed);
  const chat = new RecentWindow(100);
  const perBot = new Map(PERSONAS.map((p) => [p.id, new RecentWindow(50)]));
  const transcript: ChatMessage[] = [];
  const lines: string[] = [];
  const byBot = new Map<string, string[]>(PERSONAS.map((p) => [p.id, []]));
  let drafts = 0;
  let hits = 0;
  let drops = 0;
  let last = '';
  for (let step = 0; lines.length < total; step++) {
    const choices = PERSONAS.filter((p) => p.id !== last);
    const p = step % 3 === 0 ? choices[rng.int(choices.length)]! : PERSONAS.find((q) => q.id !== last && PERSONAS.indexOf(q) === step % 6) ?? choices[0]!;
    const topic = TOPICS[(step + (step >> 3)) % 4]!;
    const roll = rng.next();
    const others = transcript.slice(-10).filter((m) => m.botId !== p.id);
    const mode: GenerationMode = roll < 0.15 ? 'answer' : roll < 0.55 && others.length ? 'reply' : 'new';
    let target: GenerationRequest['target'];
    if (mode === 'answer') {
      const q = HUMAN_QUESTIONS[rng.int(HUMAN_QUESTIONS.length)]!;
      target = human(p.handle, q);
      transcript.push({ seq: transcript.length, chatId: 'demo', messageId: transcript.length + 1, botId: null, speaker: 'deniz', text: target.text, at: step });
    } else if (mode === 'reply') {
      const m = others[rng.int(others.length)]!;
      target = { speaker: m.speaker, text: m.text, human: m.botId === null, ...(m.botId ? { botId: m.botId } : {}) };
    }
    const k = PERSONAS.indexOf(p);
    const b = p.emotionBaseline;
    const emotion: Emotion = {
      valence: Math.max(-1, Math.min(1, b.valence + 0.5 * Math.sin(step / 23 + k))),
      arousal: Math.max(0, Math.min(1, b.arousal + 0.3 * Math.sin(step / 17 + 2 * k))),
      confidence: Math.max(0, Math.min(1, b.confidence + 0.3 * Math.cos(step / 29 + k))),
    };
    const pool = [...(TOPIC_SYMS[topic] ?? []), ...p.watchlist.filter((s) => (TOPIC_SYMS[topic] ?? []).includes(s))];
    const symbols = pool.length ? [pool[rng.int(pool.length)]!, pool[rng.int(pool.length)]!].filter((s, i, a) => a.indexOf(s) === i) : [];
    const lengths: LengthPreference[] = ['short', 'medium', 'long'];
    const length = rng.chance(0.6) ? p.style.length : lengths[rng.int(3)]!;
    const lineSeed = (Math.imul(step + 1, 2654435761) ^ seed) >>> 0;
    const req = request(p, {
      seed: lineSeed, mode, topic, symbols, length, emotion, step, transcript: transcript.slice(-15),
      ...(target ? { target } : {}),
      ...(step % 40 === 7 ? { news: { id: `n${step}`, headline: 'TCMB politika faizini 250 baz puan indirdi', symbols: ['USDTRY'], impact: 0.5, at: step } } : {}),
    });
    drafts++;
    let text = writeLine(req);
    let fp = fingerprint(text);
    if (chat.match(fp, DEFAULT_THRESHOLDS) || perBot.get(p.id)!.match(fp, DEFAULT_THRESHOLDS)) {
      hits++;
      text = writeLine({ ...req, attempt: 1, seed: (lineSeed ^ 0x9e3779b9) >>> 0 });
      fp = fingerprint(text);
      if (chat.match(fp, DEFAULT_THRESHOLDS) || perBot.get(p.id)!.match(fp, DEFAULT_THRESHOLDS)) {
        drops++;
        continue;
      }
    }
    chat.add(fp);
    perBot.get(p.id)!.add(fp);
    lines.push(text);
    byBot.get(p.id)!.push(text);
    transcript.push({ seq: transcript.length, chatId: 'demo', messageId: transcript.length + 1, botId: p.id, speaker: p.name, text, at: step, topic });
    last = p.id;
  }
  return { lines, drafts, hits, drops, byBot };
}

