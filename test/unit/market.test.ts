// Market simulator: a pure function of (seed, symbol, time, news) — determinism across processes and
// step sequences, sessions, news shocks, snapshots, P&L and gram gold consistency.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Invalid } from '../../actors/errors.ts';
import { seededRng } from '../../actors/domain/rng.ts';
import type { NewsItem } from '../../actors/domain/types.ts';
import {
  applyNews, createMarket, DEFAULT_SYMBOLS, priceAt, displayName, holdingViews, NEWS_KEPT, quoteFor, snapshot, stepMarket,
  symbolTopic, TROY_OUNCE_GRAMS,
} from '../../actors/domain/market.ts';
import type { MarketState } from '../../actors/domain/market.ts';

const utc = (iso: string): number => Date.parse(`${iso}Z`);
const MON_1100 = utc('2026-11-16T08:00:00'); // Monday 11:00 Istanbul
const SAT_1200 = utc('2026-11-14T09:00:00'); // Saturday 12:00 Istanbul
const TUE_0300 = utc('2026-11-17T00:00:00'); // Tuesday 03:00 Istanbul
const price = (m: MarketState, s: string) => m.bySymbol.get(s)!.price;
const news = (m: MarketState, symbols: string[], impact: number, id = 'n1'): NewsItem => ({ id, headline: 'haber', symbols, impact, at: m.at });

function run(seed: number, start: number, steps: number, stepMs: number): MarketState {
  const m = createMarket(start, seededRng(seed));
  for (let i = 1; i <= steps; i++) stepMarket(m, start + i * stepMs);
  return m;
}

test('same seed and steps give the same prices; another seed differs', () => {
  const a = snapshot(run(42, MON_1100, 200, 5000));
  const b = snapshot(run(42, MON_1100, 200, 5000));
  const c = snapshot(run(43, MON_1100, 200, 5000));
  assert.equal(a, b);
  assert.not.equal(a.quotes['BIST:THYAO']!.price, c.quotes['BIST:THYAO']!.price);
});

test('a pure function of seed and time: any step sequence, any start, the same price at the same moment', () => {
  const t = MON_1100 + 37 * 60_000;
  const stepped = run(42, MON_1100 - 86_400_000, 24 * 60 + 37, 60_000); // from Sunday 11:00, minute by minute
  const jumped = createMarket(t, seededRng(42)); // started at t
  const late = createMarket(t + 86_400_000 * 30, seededRng(42)); // a month later, then back to t
  stepMarket(late, t);
  for (const s of DEFAULT_SYMBOLS) {
    assert.is(price(jumped, s.symbol), price(stepped, s.symbol), s.symbol);
    assert.is(price(late, s.symbol), price(stepped, s.symbol), s.symbol);
    assert.equal(quoteFor(jumped, s.symbol), quoteFor(stepped, s.symbol), s.symbol);
  }
});

test('news applied on two markets at different times gives the same prices from then on', () => {
  const a = createMarket(MON_1100, seededRng(3));
  const b = createMarket(MON_1100 + 60_000, seededRng(3));
  const item: NewsItem = { id: 'n-shared', headline: 'THY filo büyütüyor', symbols: ['BIST:THYAO'], impact: 0.7, at: MON_1100 + 10_000 };
  applyNews(a, item);
  stepMarket(a, MON_1100 + 120_000);
  stepMarket(b, MON_1100 + 120_000);
  applyNews(b, item); // b heard of it later
  applyNews(b, item); // and twice: applied once
  assert.is(price(a, 'BIST:THYAO'), price(b, 'BIST:THYAO'));
  assert.equal(snapshot(a).quotes, snapshot(b).quotes);
  assert.is(b.news.length, 1);
});

test('the walk has the volatility its spec says (open-time variance of daily log returns)', () => {
  const m = createMarket(MON_1100, seededRng(21));
  const s = m.bySymbol.get('BTCUSDT')!;
  const day = 86_400_000;
  let sum = 0, sum2 = 0;
  const n = 400;
  for (let i = 0; i < n; i++) {
    const t = MON_1100 + i * day;
    const r = Math.log(priceAt(m, s, t + day) / priceAt(m, s, t));
    sum += r;
    sum2 += r * r;
  }
  const daily = Math.sqrt(sum2 / n - (sum / n) ** 2);
  const expected = 0.55 / Math.sqrt(365);
  assert.ok(Math.abs(daily / expected - 1) < 0.2, `daily σ ${daily.toFixed(4)} vs ${expected.toFixed(4)}`);
});

test('prices move while sessions are open', () => {
  const rng = seededRng(1);
  const m = createMarket(MON_1100, rng);
  const before = snapshot(m);
  stepMarket(m, MON_1100 + 60_000);
  for (const s of DEFAULT_SYMBOLS) {
    assert.ok(snapshot(m).quotes[s.symbol]!.open, s.symbol);
    assert.is.not(price(m, s.symbol), before.quotes[s.symbol]!.price, s.symbol);
  }
});

for (const [label, start] of [['Saturday noon', SAT_1200], ['03:00 on a weekday', TUE_0300]] as const) {
  test(`BIST is closed and frozen at ${label} while BTC moves`, () => {
    const rng = seededRng(5);
    const m = createMarket(start, rng);
    const thyao = price(m, 'BIST:THYAO');
    const btc = price(m, 'BTCUSDT');
    for (let i = 1; i <= 60; i++) stepMarket(m, start + i * 60_000);
    const q = snapshot(m).quotes;
    assert.is(q['BIST:THYAO']!.price, thyao);
    assert.is(q['BIST:THYAO']!.open, false);
    assert.is(q['BIST:THYAO']!.movePct, 0);
    assert.ok(q['BTCUSDT']!.open);
    assert.is.not(q['BTCUSDT']!.price, btc);
  });
}

test('FX and gold are closed on Saturday, open at 03:00 on a weekday', () => {
  const sat = run(6, SAT_1200, 10, 60_000);
  assert.is(snapshot(sat).quotes['USDTRY']!.open, false);
  assert.is(snapshot(sat).quotes['XAUTRY_GRAM']!.open, false);
  const night = run(6, TUE_0300, 10, 60_000);
  assert.ok(snapshot(night).quotes['USDTRY']!.open);
});

test('changePct is measured from the session open, which resets at the next session', () => {
  const rng = seededRng(7);
  const start = utc('2026-11-16T14:00:00'); // Monday 17:00 Istanbul
  const m = createMarket(start, rng);
  for (let t = start; t <= start + 3_600_000; t += 60_000) stepMarket(m, t); // to 18:00, closed
  const close = price(m, 'BIST:GARAN');
  assert.ok(Math.abs(snapshot(m).quotes['BIST:GARAN']!.changePct) > 0);
  const open = utc('2026-11-17T07:00:00'); // Tuesday 10:00
  stepMarket(m, open - 60_000);
  assert.is(price(m, 'BIST:GARAN'), close);
  stepMarket(m, open + 5_000);
  const q = snapshot(m).quotes['BIST:GARAN']!;
  assert.ok(q.open);
  assert.ok(Math.abs(q.price / close - 1 - q.changePct) < 1e-12, 'changePct is relative to the previous close');
  assert.ok(Math.abs(q.changePct) < 0.01, `${q.changePct}`);
});

test('a news shock moves the named symbols in its direction; others keep their price', () => {
  const m = run(8, MON_1100, 5, 5000);
  const before = snapshot(m);
  applyNews(m, news(m, ['BIST:THYAO', 'USDTRY'], 0.8));
  applyNews(m, news(m, ['BTCUSDT'], -1, 'n2'));
  const after = snapshot(m);
  assert.ok(after.quotes['BIST:THYAO']!.price > before.quotes['BIST:THYAO']!.price * 1.02);
  assert.ok(after.quotes['USDTRY']!.price > before.quotes['USDTRY']!.price);
  assert.ok(after.quotes['BTCUSDT']!.price < before.quotes['BTCUSDT']!.price * 0.96);
  assert.is(after.quotes['BIST:AKBNK']!.price, before.quotes['BIST:AKBNK']!.price);
  assert.ok(after.quotes['BIST:THYAO']!.movePct > 0.02);
  assert.equal(after.news.map((n) => n.id), ['n1', 'n2']);
});

test('a shock on a closed market waits for the open', () => {
  const rng = seededRng(9);
  const start = utc('2026-11-17T05:00:00'); // Tuesday 08:00, BIST closed
  const m = createMarket(start, rng);
  const before = price(m, 'BIST:ASELS');
  applyNews(m, news(m, ['BIST:ASELS'], -1));
  assert.is(price(m, 'BIST:ASELS'), before);
  stepMarket(m, utc('2026-11-17T07:00:01'));
  assert.ok(price(m, 'BIST:ASELS') < before * 0.97);
  assert.ok(snapshot(m).quotes['BIST:ASELS']!.changePct < -0.03);
});

test('applyNews validates impact and symbols; keeps the last NEWS_KEPT items', () => {
  const m = run(10, MON_1100, 1, 5000);
  assert.throws(() => applyNews(m, news(m, ['BIST:FROTO'], 0.5)), /"BIST:FROTO"/);
  assert.throws(() => applyNews(m, news(m, ['USDTRY'], 2)), (e: unknown) => e instanceof Invalid);
  for (let i = 0; i < NEWS_KEPT + 5; i++) applyNews(m, news(m, [], 0.1, `x${i}`));
  const kept = snapshot(m).news;
  assert.is(kept.length, NEWS_KEPT);
  assert.is(kept[kept.length - 1]!.id, `x${NEWS_KEPT + 4}`);
  assert.is(kept[0]!.id, 'x5');
});

test('gram gold = ons × USDTRY / 31.1035, after steps and after news on any of them', () => {
  const m = run(11, MON_1100, 100, 30_000);
  const check = () => {
    const q = snapshot(m).quotes;
    const expected = q['XAUUSD']!.price * q['USDTRY']!.price / TROY_OUNCE_GRAMS;
    assert.ok(Math.abs(q['XAUTRY_GRAM']!.price / expected - 1) < 1e-12);
  };
  check();
  const gram = price(m, 'XAUTRY_GRAM');
  applyNews(m, news(m, ['XAUTRY_GRAM'], 0.5));
  assert.ok(price(m, 'XAUTRY_GRAM') > gram);
  check();
  applyNews(m, news(m, ['USDTRY'], -0.5, 'n2'));
  check();
});

test('prices stay positive and plausible over a simulated month (read hourly)', () => {
  const start = utc('2026-11-01T00:00:00');
  const m = run(12, start, 30 * 24, 3_600_000);
  for (const s of DEFAULT_SYMBOLS) {
    const p = price(m, s.symbol);
    assert.ok(p > 0 && Number.isFinite(p), `${s.symbol} ${p}`);
    assert.ok(p > s.price * 0.3 && p < s.price * 3, `${s.symbol} ${s.price} → ${p}`);
  }
});

test('snapshot with symbols returns only those; holdings get live P&L with the right sign', () => {
  const m = run(13, MON_1100, 3, 5000);
  const sub = snapshot(m, ['BTCUSDT', 'USDTRY', 'NOPE']);
  assert.equal(Object.keys(sub.quotes).sort(), ['BTCUSDT', 'USDTRY']);
  assert.is(quoteFor(m, 'BTCUSDT'), sub.quotes['BTCUSDT']);
  assert.is(quoteFor(m, 'toString'), undefined);
  const thyao = price(m, 'BIST:THYAO');
  const views = holdingViews([
    { symbol: 'BIST:THYAO', avgPrice: thyao / 1.1, size: 100 },
    { symbol: 'BIST:THYAO', avgPrice: thyao * 1.25, size: 100 },
    { symbol: 'BIST:THYAO', avgPrice: thyao * 1.25, size: -10 },
    { symbol: 'UNKNOWN', avgPrice: 1, size: 1 },
  ], m);
  assert.is(views.length, 3);
  assert.ok(Math.abs(views[0]!.pnlPct - 0.1) < 1e-9);
  assert.ok(Math.abs(views[1]!.pnlPct + 0.2) < 1e-9);
  assert.ok(views[2]!.pnlPct > 0, 'a short gains when the price is under its average');
  assert.is(views[0]!.price, thyao);
  assert.throws(() => holdingViews([{ symbol: 'USDTRY', avgPrice: 0, size: 1 }], m), /avgPrice 0/);
});

test('createMarket rejects bad symbol lists', () => {
  const rng = seededRng(1);
  assert.throws(() => createMarket(0, rng, [DEFAULT_SYMBOLS[0]!, DEFAULT_SYMBOLS[0]!]), /listed twice/);
  assert.throws(() => createMarket(0, rng, [{ symbol: 'X', price: -1, volatility: 0.1, session: 'fx' }]), /price -1/);
  assert.throws(() => createMarket(0, rng, DEFAULT_SYMBOLS.filter((s) => s.symbol !== 'USDTRY')), /USDTRY/);
});

test('topics and display names', () => {
  assert.is(symbolTopic('BIST:THYAO'), 'BIST');
  assert.is(symbolTopic('USDTRY'), 'FX');
  assert.is(symbolTopic('XAUTRY_GRAM'), 'FX');
  assert.is(symbolTopic('SOLUSDT'), 'Kripto');
  const names = Object.fromEntries(DEFAULT_SYMBOLS.map((s) => [s.symbol, displayName(s.symbol)]));
  assert.is(names['BIST:THYAO'], 'THYAO');
  assert.is(names['BIST:XU100'], 'BIST 100');
  assert.is(names['USDTRY'], 'dolar/TL');
  assert.is(names['EURTRY'], 'euro/TL');
  assert.is(names['XAUUSD'], 'ons altın');
  assert.is(names['XAUTRY_GRAM'], 'gram altın');
  assert.is(names['BTCUSDT'], 'BTC');
  assert.is(displayName('constructor'), 'constructor');
});

test.run();
