import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { seededRng } from '../../actors/domain/rng.ts';
import {
  DEFAULT_TOPICS, TOPIC_KEYWORDS, chooseTopic, extractSymbols, topicSymbols, type TopicInput,
} from '../../actors/domain/topic.ts';
import type { Stance } from '../../actors/domain/types.ts';
import { Invalid } from '../../actors/errors.ts';

const NOW = Date.UTC(2025, 0, 6, 9, 0, 0);
const UNIVERSE = [
  'BIST:XU100', 'BIST:THYAO', 'BIST:GARAN', 'BIST:AKBNK', 'BIST:ISCTR', 'BIST:MAVI', 'BTCUSDT', 'ETHUSDT',
  'SOLUSDT', 'AVAXUSDT', 'USDTRY', 'EURTRY', 'XAUUSD', 'XAUTRY_GRAM',
];

function input(partial: Partial<TopicInput>): TopicInput {
  return { pool: DEFAULT_TOPICS, transcript: [], stances: [], recentTopics: [], now: NOW, ...partial };
}

const stance = (topic: string, cooldownUntil?: number): Stance =>
  ({ topic, text: 'görüş', confidence: 0.7, ...(cooldownUntil === undefined ? {} : { cooldownUntil }) });

test('acceptance 8: a stance topic with a future cooldown is never chosen', () => {
  const rng = seededRng(8);
  const stances = [stance('Kripto', NOW + 60_000), stance('FX', NOW - 1)];
  const transcript = [{ text: 'BTC kripto bitcoin eth coin uçtu' }, { text: 'kripto kripto kripto' }];
  const seen = new Set<string>();
  for (let i = 0; i < 500; i++) seen.add(chooseTopic(input({ stances, transcript, now: NOW + (i % 50) }), rng));
  assert.not.ok(seen.has('Kripto'));
  assert.ok(seen.has('FX'), 'an expired cooldown no longer blocks');
});

test('all pool topics on cooldown: a default topic stands in, else the least recent', () => {
  const rng = seededRng(1);
  const pool = ['Kripto'];
  assert.not.equal(chooseTopic(input({ pool, stances: [stance('Kripto', NOW + 1)] }), rng), 'Kripto');
  const all = DEFAULT_TOPICS.map((t) => stance(t, NOW + 1));
  assert.is(chooseTopic(input({ stances: all, recentTopics: ['FX', 'BIST', 'Makro', 'Kripto'] }), rng), 'FX');
  assert.is(chooseTopic(input({ stances: all, recentTopics: ['FX', 'BIST', 'Kripto'] }), rng), 'Makro');
});

test('context is preferred: "BTC kripto yine uçtu" → Kripto', () => {
  for (let seed = 0; seed < 50; seed++) {
    const t = chooseTopic(input({ transcript: [{ text: 'BTC kripto yine uçtu' }] }), seededRng(seed));
    assert.is(t, 'Kripto', `seed ${seed}`);
  }
  const rng = seededRng(3);
  assert.is(chooseTopic(input({ transcript: [{ text: 'TCMB faizleri yine artırdı, enflasyon' }] }), rng), 'Makro');
  assert.is(chooseTopic(input({ transcript: [{ text: 'DOLAR 40ı geçti, döviz kurları' }] }), rng), 'FX');
  assert.is(chooseTopic(input({ transcript: [{ text: 'Borsada hisseler karışık' }] }), rng), 'BIST');
});

test('only the newest 15 messages count', () => {
  const old = Array.from({ length: 20 }, () => ({ text: 'kripto bitcoin btc' }));
  const fresh = Array.from({ length: 15 }, () => ({ text: 'borsa hisse' }));
  assert.is(chooseTopic(input({ transcript: [...old, ...fresh] }), seededRng(5)), 'BIST');
});

test('deterministic for a seed', () => {
  const run = (seed: number) => Array.from({ length: 20 }, (_, i) =>
    chooseTopic(input({ recentTopics: ['FX', 'BIST'].slice(0, i % 3) }), seededRng(seed + i)));
  assert.equal(run(11), run(11));
});

test('diversity: with no context every pool topic gets used, none monopolises', () => {
  const pool = ['BIST', 'FX', 'Kripto', 'Makro', 'Emtia'];
  const rng = seededRng(99);
  const recentTopics: string[] = [];
  const counts = new Map<string, number>();
  for (let i = 0; i < 400; i++) {
    const t = chooseTopic(input({ pool, recentTopics }), rng);
    counts.set(t, (counts.get(t) ?? 0) + 1);
    recentTopics.push(t);
  }
  for (const t of pool) assert.ok((counts.get(t) ?? 0) >= 40, `${t} used ${counts.get(t) ?? 0} times`);
  let repeats = 0;
  for (let i = 1; i < recentTopics.length; i++) if (recentTopics[i] === recentTopics[i - 1]) repeats++;
  assert.ok(repeats < 40, `back-to-back repeats: ${repeats}`);
});

test('a chat whose own talk keeps one topic hot still moves on', () => {
  const rng = seededRng(7);
  const recentTopics: string[] = [];
  const transcript: { text: string }[] = [];
  const lines: Record<string, string> = { BIST: 'borsa hisse', FX: 'dolar kur', Kripto: 'btc kripto', Makro: 'faiz enflasyon' };
  for (let i = 0; i < 100; i++) {
    const t = chooseTopic(input({ recentTopics, transcript }), rng);
    recentTopics.push(t);
    transcript.push({ text: lines[t]! });
  }
  assert.is(new Set(recentTopics).size, 4);
});

test('custom topics use their own name as a keyword; bad input is Invalid', () => {
  const pool = ['Emtia', 'Temettü Hisseleri'];
  assert.is(chooseTopic(input({ pool, transcript: [{ text: 'temettü zamanı geldi' }] }), seededRng(1)), 'Temettü Hisseleri');
  assert.is(chooseTopic(input({ pool: [] }), seededRng(1)).length > 0, true);
  assert.ok(DEFAULT_TOPICS.includes(chooseTopic(input({ pool: [] }), seededRng(2))));
  assert.throws(() => chooseTopic(input({ now: NaN }), seededRng(1)), (e: unknown) => e instanceof Invalid);
  assert.throws(() => chooseTopic(input({ pool: [1] as unknown as string[] }), seededRng(1)), (e: unknown) => e instanceof Invalid);
});

test('TOPIC_KEYWORDS covers the seed lists plus FX/gold and macro words', () => {
  for (const w of ['dolar', 'euro', 'altın']) assert.ok(TOPIC_KEYWORDS.fx!.includes(w), w);
  for (const w of ['faiz', 'enflasyon', 'tcmb', 'fed', 'büyüme', 'gsyih', 'işsizlik']) assert.ok(TOPIC_KEYWORDS.makro!.includes(w), w);
  for (const w of ['bitcoin', 'btc', 'eth']) assert.ok(TOPIC_KEYWORDS.kripto!.includes(w), w);
});

test('extractSymbols: tickers any case, with apostrophe suffixes, in order, deduped', () => {
  assert.equal(extractSymbols("thyao'yu aldım, BTC'de zarar, THYAO iyi", UNIVERSE), ['BIST:THYAO', 'BTCUSDT']);
  assert.equal(extractSymbols('ısctr ve ISCTR ile Garan', UNIVERSE), ['BIST:ISCTR', 'BIST:GARAN']);
  assert.equal(extractSymbols('bitcoin ethereum Solana dolar euro ons', UNIVERSE),
    ['BTCUSDT', 'ETHUSDT', 'SOLUSDT', 'USDTRY', 'EURTRY', 'XAUUSD']);
  assert.equal(extractSymbols('BIST 100 ve bist100, xu100, endekste', UNIVERSE), ['BIST:XU100']);
  assert.equal(extractSymbols('USD/TRY ve btcusdt', UNIVERSE), ['USDTRY', 'BTCUSDT']);
  assert.equal(extractSymbols('dolardan altına geçtim', UNIVERSE), ['USDTRY', 'XAUTRY_GRAM']);
});

test('extractSymbols: gold — "altın" in any case is gold, "gram altın" too, "ons altın" is the ounce', () => {
  assert.equal(extractSymbols('ALTIN uçtu', UNIVERSE), ['XAUTRY_GRAM']);
  assert.equal(extractSymbols('gram altın 3000', UNIVERSE), ['XAUTRY_GRAM']);
  assert.equal(extractSymbols('ons altın 2700 dolar', UNIVERSE), ['XAUUSD', 'USDTRY']);
  assert.equal(extractSymbols('altıncı kez söylüyorum', UNIVERSE), []);
});

test('extractSymbols: ordinary words never become symbols (the old bug)', () => {
  assert.equal(extractSymbols('bugün HABER var mı, piyasa ÇOK sakin, haber yok', UNIVERSE), []);
  assert.equal(extractSymbols('sol tarafta mavi bir ekran, link at', UNIVERSE), []);
  assert.equal(extractSymbols('SOL ve MAVİ ile AVAX', UNIVERSE), ['SOLUSDT', 'BIST:MAVI', 'AVAXUSDT']);
  assert.equal(extractSymbols('Sol şerit, Mavi gök, Avax?', UNIVERSE), []);
  assert.equal(extractSymbols('THYAOX ve XTHYAO ve bitcoinci', UNIVERSE).length, 1, 'a stem may follow names only');
  assert.equal(extractSymbols('thy ao', UNIVERSE), []);
  assert.equal(extractSymbols('BTC', []), []);
  assert.throws(() => extractSymbols('x', [''] as string[]), (e: unknown) => e instanceof Invalid);
});

test('topicSymbols: watchlist first, else popular ones of the topic', () => {
  const rng = seededRng(4);
  const watch = ['BIST:AKBNK', 'BTCUSDT', 'BIST:GARAN', 'USDTRY'];
  const bist = topicSymbols('BIST', watch, UNIVERSE, rng);
  assert.is(bist.length, 2);
  assert.equal([...bist].sort(), ['BIST:AKBNK', 'BIST:GARAN']);
  assert.equal(topicSymbols('Kripto', watch, UNIVERSE, rng, 3), ['BTCUSDT']);
  const fx = topicSymbols('FX', [], UNIVERSE, rng);
  assert.is(fx.length, 2);
  for (const s of fx) assert.ok(['USDTRY', 'EURTRY', 'XAUTRY_GRAM'].includes(s), s);
  for (const s of topicSymbols('kripto', [], UNIVERSE, rng, 5)) assert.ok(['BTCUSDT', 'ETHUSDT', 'SOLUSDT'].includes(s));
  assert.equal(topicSymbols('Kripto', [], ['AVAXUSDT'], rng), ['AVAXUSDT'], 'falls back to the universe');
  for (let i = 0; i < 20; i++) {
    const m = topicSymbols('Makro', watch, UNIVERSE, rng);
    assert.ok(m.length === 0 || (m.length === 1 && m[0] === 'USDTRY'));
  }
  assert.equal(topicSymbols('Altın', [], UNIVERSE, rng), ['XAUTRY_GRAM']);
  assert.equal(topicSymbols('BIST', watch, UNIVERSE, rng, 0), []);
  assert.throws(() => topicSymbols('BIST', [], UNIVERSE, rng, -1), (e: unknown) => e instanceof Invalid);
});

test.run();
