// One market across nodes: two simulators with the same seed, on clocks started at different times,
// quote the same prices at the same moment; a shock injected on one reaches the other through the
// shared news log (polled on its clock) and from then on both quote the same again.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { SimulatedMarket } from '../../actors/index.ts';
import { MemoryNewsLog } from '../../persistence/index.ts';
import { VirtualClock } from '../../transport/index.ts';

const T0 = Date.UTC(2026, 10, 23, 8, 0, 0); // Monday 11:00 Istanbul: every session open

test('two nodes, one seed: the same quotes at the same moment, whenever each started', async () => {
  const clockA = new VirtualClock(T0);
  const a = new SimulatedMarket(clockA, 77);
  await clockA.runUntil(T0 + 3_600_000);
  const clockB = new VirtualClock(T0 + 3_600_000); // B joins an hour later
  const b = new SimulatedMarket(clockB, 77);
  assert.equal(b.snapshot(), a.snapshot());
  await clockA.runUntil(T0 + 3_600_000 + 12_345);
  await clockB.runUntil(T0 + 3_600_000 + 12_345);
  assert.equal(b.snapshot(['BIST:THYAO', 'BTCUSDT']), a.snapshot(['BIST:THYAO', 'BTCUSDT']));
  const other = new SimulatedMarket(new VirtualClock(T0 + 3_600_000 + 12_345), 78);
  assert.is.not(other.quote('BIST:THYAO')!.price, a.quote('BIST:THYAO')!.price, 'another seed, another market');
});

test('a shock injected on one node reaches the other through the news log', async () => {
  const log = new MemoryNewsLog();
  const clockA = new VirtualClock(T0);
  const clockB = new VirtualClock(T0);
  const a = new SimulatedMarket(clockA, 5, { news: log }).start();
  const b = new SimulatedMarket(clockB, 5, { news: log, pollMs: 1_000 }).start();
  await clockA.runUntil(T0 + 10_000);
  await clockB.runUntil(T0 + 10_000);
  const before = b.quote('BIST:ASELS')!.price;
  const item = a.injectNews({ headline: 'ASELS yeni ihracat anlaşması', symbols: ['BIST:ASELS'], impact: 1 });
  assert.ok(a.quote('BIST:ASELS')!.price > before * 1.03, 'the injecting node moves at once');
  assert.is(b.quote('BIST:ASELS')!.price, before, 'the other has not polled yet');
  await clockA.runUntil(T0 + 12_000);
  await clockB.runUntil(T0 + 12_000);
  assert.equal(b.snapshot().quotes, a.snapshot().quotes, 'after a poll both quote the same');
  assert.is(b.snapshot().news.length, 1);
  assert.is(b.snapshot().news[0]!.headline, item.headline);
  assert.is(a.snapshot().news.length, 1, 'the injecting node applies its own shock once');
  await clockA.runUntil(T0 + 600_000);
  await clockB.runUntil(T0 + 600_000);
  assert.equal(b.snapshot().quotes, a.snapshot().quotes, 'and go on quoting the same');
  a.stop();
  b.stop();
});

test('a bad shock is refused before anything is shared', async () => {
  const log = new MemoryNewsLog();
  const a = new SimulatedMarket(new VirtualClock(T0), 5, { news: log });
  assert.throws(() => a.injectNews({ headline: 'x', symbols: ['BIST:YOK'], impact: 0.5 }), /BIST:YOK/);
  assert.equal((await log.since(0)).items, []);
});

test.run();
