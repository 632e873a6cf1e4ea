// Turkish suffixes by vowel harmony on the spoken form, over every symbol the market knows and every
// persona name of the demo: the forms the generator and the prompt write, checked against a table
// written here by hand (not computed by the code under test).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { DEFAULT_SYMBOLS, inCase, suffix } from '../../actors/index.ts';
import { symbolInfo } from '../../transport/index.ts';
import { DEMO_CONFIG_PATH, loadConfig } from '../../infra/config/index.ts';

/** [display name, locative, accusative, genitive, dative] as a Turkish market chat writes them. */
const EXPECTED: readonly (readonly [string, string, string, string, string])[] = [
  ['BIST 100', "BIST 100'de", "BIST 100'ü", "BIST 100'ün", "BIST 100'e"],
  ['endeks', 'endekste', 'endeksi', 'endeksin', 'endekse'],
  ['THYAO', "THYAO'da", "THYAO'yu", "THYAO'nun", "THYAO'ya"],
  ['AKBNK', "AKBNK'ta", "AKBNK'ı", "AKBNK'ın", "AKBNK'a"],
  ['GARAN', "GARAN'da", "GARAN'ı", "GARAN'ın", "GARAN'a"],
  ['ASELS', "ASELS'te", "ASELS'i", "ASELS'in", "ASELS'e"],
  ['EREGL', "EREGL'de", "EREGL'i", "EREGL'in", "EREGL'e"],
  ['BIMAS', "BIMAS'ta", "BIMAS'ı", "BIMAS'ın", "BIMAS'a"],
  ['KCHOL', "KCHOL'de", "KCHOL'ü", "KCHOL'ün", "KCHOL'e"],
  ['TUPRS', "TUPRS'ta", "TUPRS'ı", "TUPRS'ın", "TUPRS'a"],
  ['SISE', "SISE'de", "SISE'yi", "SISE'nin", "SISE'ye"],
  ['dolar/TL', "dolar/TL'de", "dolar/TL'yi", "dolar/TL'nin", "dolar/TL'ye"],
  ['dolar', 'dolarda', 'doları', 'doların', 'dolara'],
  ['euro/TL', "euro/TL'de", "euro/TL'yi", "euro/TL'nin", "euro/TL'ye"],
  ['euro', 'euroda', 'euroyu', 'euronun', 'euroya'],
  ['ons altın', 'ons altında', 'ons altını', 'ons altının', 'ons altına'],
  ['gram altın', 'gram altında', 'gram altını', 'gram altının', 'gram altına'],
  ['Bitcoin', "Bitcoin'de", "Bitcoin'i", "Bitcoin'in", "Bitcoin'e"],
  ['BTC', "BTC'de", "BTC'yi", "BTC'nin", "BTC'ye"],
  ['ETH', "ETH'de", "ETH'yi", "ETH'nin", "ETH'ye"],
  ['SOL', "SOL'da", "SOL'u", "SOL'un", "SOL'a"],
];

test('every symbol of the market has every case form, by the spoken form (SOL\'u, SOL\'da, KCHOL\'ün)', () => {
  const byName = new Map(EXPECTED.map((e) => [e[0], e]));
  let checked = 0;
  for (const spec of DEFAULT_SYMBOLS) {
    for (const n of symbolInfo(spec.symbol).names) {
      const want = byName.get(n.name);
      assert.ok(want, `${spec.symbol}: no expected forms for its name "${n.name}"`);
      assert.equal([n.loc, n.acc, n.gen, n.dat], want!.slice(1), `${spec.symbol} "${n.name}"`);
      checked++;
    }
  }
  assert.ok(checked >= DEFAULT_SYMBOLS.length);
});

/** First names and the second-person copula of the demo's full names ("Sen Fatma Emekli'sin"). */
const NAMES: Readonly<Record<string, readonly [string, string, string, string]>> = {
  'Mehmet Yatırımcı': ["Mehmet'in", "Mehmet'e", "Mehmet'i", "Mehmet Yatırımcı'sın"],
  'Ayşe Scalper': ["Ayşe'nin", "Ayşe'ye", "Ayşe'yi", "Ayşe Scalper'sın"],
  'Ali Hoca': ["Ali'nin", "Ali'ye", "Ali'yi", "Ali Hoca'sın"],
  'Zeynep Yeni': ["Zeynep'in", "Zeynep'e", "Zeynep'i", "Zeynep Yeni'sin"],
  'Can Teknik': ["Can'ın", "Can'a", "Can'ı", "Can Teknik'sin"],
  'Fatma Emekli': ["Fatma'nın", "Fatma'ya", "Fatma'yı", "Fatma Emekli'sin"],
};

test('every persona name of the demo: genitive, dative, accusative of the first name, and "you are …"', () => {
  const config = loadConfig(DEMO_CONFIG_PATH);
  for (const bot of config.bots) {
    const want = NAMES[bot.name];
    assert.ok(want, `no expected forms for ${bot.name}`);
    const first = bot.name.split(' ')[0]!;
    assert.equal([inCase(first, 'gen'), inCase(first, 'dat'), inCase(first, 'acc'), inCase(bot.name, 'cop2')], want, bot.name);
  }
});

test('the question particle follows the spoken form too: "THYAO mu", "dolar/TL mi", "KCHOL mü"', () => {
  assert.equal(['THYAO', 'dolar/TL', 'gram altın', 'SOL', 'KCHOL', 'Bitcoin', 'euro'].map((n) => inCase(n, 'q')),
    ['THYAO mu', 'dolar/TL mi', 'gram altın mı', 'SOL mu', 'KCHOL mü', 'Bitcoin mi', 'euro mu']);
});

test('harmony rules: voiceless consonants harden the locative, vowels take buffer letters', () => {
  assert.is(suffix('kitap', 'loc'), 'ta');
  assert.is(suffix('ev', 'loc'), 'de');
  assert.is(suffix('araba', 'acc'), 'yı');
  assert.is(suffix('göz', 'gen'), 'ün');
  assert.is(suffix('kuzu', 'gen'), 'nun');
  assert.is(suffix('deniz', 'ins'), 'le');
});

test.run();
