// Dedup: normalisation, exact and near-duplicate detection, the early-exit Jaccard test agreeing
// with the full one, and the bounded windows. Also the seeded RNG and portfolio valuation it relies on.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  DedupIndex, ExactWindow, RecentWindow, compare, fingerprint, holdingViewsFromSnapshot, jaccard, jaccardAtLeast, lowerTr,
  normalize, seededRng, sharedBound,
} from '../../actors/index.ts';

test('normalize folds case (Turkish I/İ), drops mentions, emoji and punctuation, collapses numbers', () => {
  assert.is(normalize('THYAO bugün %2,3 yukarıda, güzel gidiyor 🚀'), 'thyao bugün 0 yukarıda güzel gidiyor');
  assert.is(normalize('@ayse_bot  İSTANBUL ISPARTA 34.500,25 TL!!'), 'istanbul ısparta 0 tl');
  assert.is(normalize('   '), '');
  assert.is(lowerTr('IĞDIR İzmir'), 'ığdır izmir');
});

test('exact and near duplicates are found; different lines are not', () => {
  const a = fingerprint('Dolar 34,50 olmuş, ben demiştim arkadaşlar');
  assert.equal(compare(a, fingerprint('dolar 35,10 olmuş ben demiştim arkadaşlar!!')), { kind: 'exact', score: 1 });
  const near = compare(fingerprint('bence faiz kararı piyasayı sarsacak, temkinli olun arkadaşlar'), fingerprint('bence faiz kararı piyasayı biraz sarsacak, temkinli olun'));
  assert.is(near?.kind, 'near');
  assert.is(compare(a, fingerprint('Altın yine rekor kırdı, kimse şaşırmasın')), undefined);
});

test('the early-exit Jaccard test agrees with the full Jaccard on random sets', () => {
  const rng = seededRng(42);
  for (let i = 0; i < 3000; i++) {
    const universe = 20 + rng.int(200);
    const make = () => Uint32Array.from(new Set(Array.from({ length: rng.int(universe) }, () => rng.int(universe)))).sort();
    const a = make();
    const b = rng.chance(0.5) ? a.filter(() => rng.chance(0.9)) : make();
    const t = [0.3, 0.6, 0.7, 0.9][rng.int(4)]!;
    assert.is(jaccardAtLeast(a, b, t), jaccard(a, b) >= t - 1e-12, `sizes ${a.length}/${b.length} t=${t} j=${jaccard(a, b)}`);
  }
});

test('the bucket bound never undercounts the shingles two lines share (so it never hides a near-duplicate)', () => {
  const rng = seededRng(5);
  const words = ['dolar', 'altın', 'borsa', 'faiz', 'bugün', 'yükseliş', 'düşüş', 'THYAO', 'bitcoin', 'bence', 'piyasa', 'sakin'];
  const line = () => Array.from({ length: 3 + rng.int(12) }, () => rng.pick(words)).join(' ');
  for (let i = 0; i < 2000; i++) {
    const a = fingerprint(line());
    const b = rng.chance(0.3) ? fingerprint(`${a.norm} ${rng.pick(words)}`) : fingerprint(line());
    const shared = Math.round(jaccard(a.shingles, b.shingles) * (a.shingles.length + b.shingles.length) / (1 + jaccard(a.shingles, b.shingles)));
    assert.ok(sharedBound(a.shingleSummary, b.shingleSummary) >= shared, `${a.norm} / ${b.norm}`);
    const sharedWords = Math.round(jaccard(a.words, b.words) * (a.words.length + b.words.length) / (1 + jaccard(a.words, b.words)));
    assert.ok(sharedBound(a.wordSummary, b.wordSummary) >= sharedWords, `${a.norm} / ${b.norm} (words)`);
  }
});

test('a window answers exactly as comparing with each entry in turn', () => {
  const rng = seededRng(8);
  const words = ['dolar', 'altın', 'borsa', 'faiz', 'bugün', 'yükseliş', 'düşüş', 'THYAO', 'bitcoin', 'bence', 'piyasa', 'sakin', 've', 'çok'];
  const line = () => Array.from({ length: 2 + rng.int(14) }, () => rng.pick(words)).join(' ');
  const window = new RecentWindow(40);
  const entries: ReturnType<typeof fingerprint>[] = [];
  let hits = 0;
  for (let i = 0; i < 1500; i++) {
    const fp = fingerprint(rng.chance(0.2) && entries.length > 0 ? `${rng.pick(entries).norm} ${rng.pick(words)}` : line());
    const answers = entries.slice(-40).map((e) => compare(fp, e)).filter((x) => x !== undefined);
    const got = window.match(fp);
    assert.is(got !== undefined, answers.length > 0);
    if (got) assert.ok(answers.some((a) => a.kind === got.kind && a.score === got.score), JSON.stringify(got));
    if (got) hits++;
    window.add(fp);
    entries.push(fp);
  }
  assert.ok(hits > 100, `only ${hits} duplicates in the sample`);
});

test('windows are bounded: a line falls out of the near window after `capacity` newer lines', () => {
  const w = new RecentWindow(3);
  const line = fingerprint('THYAO için hedef fiyat konuşuluyor bugün');
  w.add(line);
  assert.ok(w.match(line));
  for (const t of ['bir', 'iki üç dört', 'beş altı yedi sekiz']) w.add(fingerprint(`tamamen başka bir cümle ${t}`));
  assert.is(w.match(line), undefined);
  assert.is(w.size, 3);
});

test('the exact window remembers far longer than the near one, and forgets beyond its capacity', () => {
  const index = new DedupIndex(2, 100);
  const line = fingerprint('Gram altın yine zirvede, kimse şaşırmasın');
  index.add(line);
  for (let i = 0; i < 50; i++) index.add(fingerprint(`başka konu ${'x'.repeat(i + 1)} üzerine konuşuyoruz`));
  assert.equal(index.match(line), { kind: 'exact', score: 1 });
  const exact = new ExactWindow(10);
  exact.add(line);
  for (let i = 0; i < 10; i++) exact.add(fingerprint(`satır ${'y'.repeat(i + 1)}`));
  assert.not.ok(exact.has(line));
});

test('seeded RNG: same seed, same stream; the same fork of the same parent state gives the same stream', () => {
  const a = seededRng(7);
  const b = seededRng(7);
  assert.equal([a.next(), a.int(10), a.range(1, 2)], [b.next(), b.int(10), b.range(1, 2)]);
  const f1 = seededRng(9).fork('chat:demo').next();
  const parent = seededRng(9);
  const f2 = parent.fork('chat:demo').next();
  parent.next();
  assert.is(f1, f2);
  assert.throws(() => seededRng(1).pick([]), /empty/);
});

test('holdings are valued at the snapshot price (P&L as a fraction of cost)', () => {
  const snapshot = { at: 0, news: [], quotes: { 'BIST:AKBNK': { symbol: 'BIST:AKBNK', price: 66, changePct: 0, movePct: 0, open: true } } };
  const views = holdingViewsFromSnapshot([{ symbol: 'BIST:AKBNK', avgPrice: 60, size: 100 }, { symbol: 'BTCUSDT', avgPrice: 1, size: 1 }], snapshot);
  assert.is(views.length, 1);
  assert.ok(Math.abs(views[0]!.pnlPct - 0.1) < 1e-9);
});

test.run();
