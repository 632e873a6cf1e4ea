// The conversation benchmark's measuring code on hand-made timelines: each figure counts what it
// should and misses what it should miss (a metric that cannot fail would prove nothing).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { classifierAccuracy, measure, skeleton, type Line, type PersonaFacts } from '../../infra/bench/conversation-metrics.ts';
import { bistOpen, mentions, sentences } from '../../infra/bench/conversation-text.ts';

const MON_11 = Date.UTC(2026, 10, 23, 8, 0, 0); // Monday 11:00 Istanbul
const SAT_11 = Date.UTC(2026, 10, 28, 8, 0, 0);

const personas: PersonaFacts[] = [
  { id: 'a', name: 'Ayşe Scalper', handle: 'ayse_bot', holdings: ['BIST:THYAO'], stances: ['Trend dostundur, momentum güçlü.'], anecdotes: ['Geçen ay SOL alıp çıktım.'] },
  { id: 'f', name: 'Fatma Emekli', handle: 'fatma_bot', holdings: ['BIST:EREGL'], stances: ['Kriptoya para yatırmam.'], anecdotes: [] },
];

let id = 0;
const line = (botId: string | null, text: string, at = MON_11, replyTo?: number): Line =>
  ({ messageId: ++id, botId, speaker: botId === 'a' ? 'Ayşe Scalper' : botId === 'f' ? 'Fatma Emekli' : 'deniz', text, at, ...(replyTo !== undefined ? { replyTo } : {}) });

test('text: sentences keep decimals, symbols are found with suffixes, SOL only in capitals', () => {
  assert.equal(sentences('THYAO 372,50. Dolar 48.9 oldu! Ne dersiniz?'), ['THYAO 372,50.', 'Dolar 48.9 oldu!', 'Ne dersiniz?']);
  assert.equal(mentions("THYAO'da ve SOL'u, gram altını").map((m) => m.symbol), ['BIST:THYAO', 'SOLUSDT', 'XAUTRY_GRAM']);
  assert.equal(mentions('sol tarafta').length, 0);
  assert.ok(bistOpen(MON_11));
  assert.not.ok(bistOpen(SAT_11));
  assert.not.ok(bistOpen(Date.UTC(2026, 9, 29, 8, 0, 0)), 'Republic Day');
  assert.not.ok(bistOpen(Date.UTC(2026, 9, 28, 10, 0, 0)), 'the half day ends at 12:30');
});

test('skeleton: numbers, instruments and names go, the frame stays', () => {
  const names = ['ayşe', 'deniz'];
  assert.equal(skeleton('THYAO %1,2 yukarıda, Ayşe!', names), skeleton('BTC %3 yukarıda, Deniz!', names));
  assert.not.equal(skeleton('THYAO yukarıda', names), skeleton('THYAO aşağıda', names));
});

test('figures: replies, questions, repeats, numbers, runs, positions, BIST while closed', () => {
  id = 0;
  const q = line('a', 'THYAO sizce tutar mı?');
  const lines = [
    q,
    line('f', 'Bence tutar, EREGL elimdeki en sağlam hisse.', MON_11, q.messageId),
    line('a', 'Trend dostundur, momentum güçlü.'),
    line('a', 'Trend dostundur, momentum güçlü. BTC 112.000'),
    line('a', 'Elimdeki GARAN %5 kârda.'),
    line(null, 'selam'),
    line('f', 'THYAO yatay seyrediyor.', SAT_11),
    line('f', 'THYAO cuma günü yatay kapattı.', SAT_11),
    line('f', 'ASELS için pozisyonum yok.'),
    line('f', 'Endeks için sıkı duruş meyvesini veriyor, faiz düştükçe para hisseye yönelir.', SAT_11),
    line('a', 'Elimdeki THYAO %23 artıda.', SAT_11),
  ];
  const f = measure(lines, personas);
  assert.is(f.botLines, 10);
  assert.is(f.repliesToBots, 1);
  assert.is(f.botQuestions, 1);
  assert.is(f.botQuestionsAnswered, 1);
  assert.is(f.verbatimRepeats, 1);
  assert.is(f.linesWithNumber, 3);
  assert.is(f.longestRun.length, 4);
  // "veriyor" is not "eriyor", "düştükçe" is no move, a profit on one's own position is no market move.
  assert.equal(f.positionNotHeld.map((e) => e.text), ['Elimdeki GARAN %5 kârda.']);
  assert.equal(f.bistClosedMoves.map((e) => e.text), ['THYAO yatay seyrediyor.']);
});

test('classifier: tells two distinct voices apart, and cannot when they write the same', () => {
  const a = (t: string): Line => line('a', t);
  const b = (t: string): Line => line('f', t);
  const train = [a('aga roket 🚀 trend'), a('aga stop koy 🚀'), b('çocuklar temettü emeklinin maaşı'), b('evladım temettü sabır')];
  const test2 = [a('aga trend 🚀'), b('temettü çocuklar')];
  assert.equal(classifierAccuracy(train, test2), { correct: 2, total: 2 });
  const same = [a('piyasa yatay'), b('piyasa yatay')];
  assert.is(classifierAccuracy(same, same).correct, 1);
});

test('a watchlist is no position, typed with a typo too; buying is one', () => {
  id = 0;
  const f = measure([line('a', "EREGL'i listee aldım, stop 35,5."), line('f', "EREGL'i listeye aldım."), line('a', 'EREGL aldım bugün.')], personas);
  assert.equal(f.positionNotHeld.map((e) => e.text), ['EREGL aldım bugün.']);
});

test.run();
