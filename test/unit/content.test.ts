import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { applyContentRules, foldTurkish, wordsRegex } from '../../actors/domain/content.ts';
import { Invalid } from '../../actors/errors.ts';

function ok(text: string, maxChars?: number): string {
  const r = applyContentRules(text, maxChars === undefined ? {} : { maxChars });
  if (!r.ok) throw new Error(`rejected (${r.reason}): ${text}`);
  return r.text;
}

function reason(text: string): string | undefined {
  const r = applyContentRules(text);
  return r.ok ? undefined : r.reason;
}

test('acceptance 9: promises are never sent', () => {
  for (const text of [
    'THYAO kesin kazanç, kaçırmayın',
    'Bu işte garanti kazanç var arkadaşlar',
    'bedava para dağıtıyorlar resmen',
    'KESIN KAZANÇ', 'KESİN KAZANÇ!!', 'kesin kazanc valla', 'garantili getirisi yüksek',
    '%100 garanti yükselir', '% 100 kazanç', 'risksiz kazançlı iş', 'kesin zengin olursunuz',
    'yatırım tavsiyesi veriyorum: al', 'Guaranteed profits here', 'get rich quick with BTC',
  ]) assert.is(reason(text), 'promise', text);
});

test('ordinary market talk with the same words passes', () => {
  for (const text of [
    'kesin bir şey yok, kazanç da kayıp da olabilir',
    'burada kesin kâr alırım',
    'yatırım tavsiyesi değildir ama THYAO güçlü',
    'garanti bankası (GARAN) bugün iyi',
  ]) assert.is(reason(text), undefined, text);
});

test('acceptance 9: "as an AI" traces are stripped', () => {
  assert.is(ok('As an AI, I think BIST looks strong today.'), 'I think BIST looks strong today.');
  assert.is(ok('Bir yapay zekâ olarak söyleyeyim, dolar yükselir'), 'söyleyeyim, dolar yükselir');
  assert.is(ok('Yapay zeka olarak bence faiz sabit kalır'), 'bence faiz sabit kalır');
  assert.is(ok('Ben bir yapay zekayım. Ama BTC uçar'), 'Ama BTC uçar');
  assert.is(ok('dil modeli olarak, altın güzel'), 'altın güzel');
  assert.is(ok("I'm an AI language model but ETH looks fine"), 'but ETH looks fine');
  assert.is(ok('as a large language model, hmm.'), 'hmm.');
  assert.is(ok('Bence, YAPAY ZEKA OLARAK, THYAO iyi'), 'Bence, THYAO iyi');
});

test('nothing left after stripping traces is an ai-trace rejection', () => {
  assert.is(reason('As an AI language model.'), 'ai-trace');
  assert.is(reason('Ben bir yapay zekâyım!'), 'ai-trace');
});

test('empty and invisible-only text is rejected', () => {
  for (const text of ['', '   ', '\n\t', '\u200B\u0000', '...', ' , . ']) assert.is(reason(text), 'empty', JSON.stringify(text));
  assert.is(ok('👍'), '👍', 'an emoji alone is content');
});

test('whitespace collapses and control characters go, emoji ZWJ sequences stay', () => {
  assert.is(ok('  dolar\n\n 40  oldu \t bile\u0007 '), 'dolar 40 oldu bile');
  assert.is(ok('a\u202Eb\u200Bc\uFEFF d'), 'abc d');
  assert.is(ok('harika \u2764\u200D\u{1F525}'), 'harika \u2764\u200D\u{1F525}');
});

test('acceptance 9: sent text is at most 500 chars, cut at a word boundary with …', () => {
  const long = Array.from({ length: 200 }, (_, i) => `kelime${i}`).join(' ');
  const out = ok(long);
  assert.ok(out.length <= 500, `length ${out.length}`);
  assert.ok(out.endsWith('…'));
  const body = out.slice(0, -1);
  assert.ok(long.startsWith(body) && long[body.length] === ' ', 'cut at a space');
  assert.ok(out.length > 450, 'not cut much shorter than needed');
});

test('maxChars option, hard cut without spaces, no split surrogates', () => {
  assert.is(ok('bir iki üç dört beş altı', 12), 'bir iki üç…');
  assert.is(ok('x'.repeat(50), 10), `${'x'.repeat(9)}…`);
  const emoji = ok('😀'.repeat(10), 6);
  assert.ok(emoji.length <= 6 && !/[\uD800-\uDBFF]…$/.test(emoji), emoji);
  assert.is(ok('kısa metin', 10), 'kısa metin', 'exactly max is kept');
  for (let max = 1; max < 40; max++) assert.ok(ok('dolar bugün yine yükseldi, altın da sert', max).length <= max);
});

test('bad input is Invalid', () => {
  assert.throws(() => applyContentRules(42 as unknown as string), (e: unknown) => e instanceof Invalid);
  assert.throws(() => applyContentRules('x', { maxChars: 0 }), (e: unknown) => e instanceof Invalid);
  assert.throws(() => applyContentRules('x', { maxChars: 2.5 }), (e: unknown) => e instanceof Invalid);
});

test('foldTurkish keeps the length; wordsRegex matches carelessly written Turkish as whole words', () => {
  for (const t of ['İSTANBUL ışık', 'DÖVİZ Şişe', 'kâr']) assert.is(foldTurkish(t, true).length, t.length, t);
  assert.is(foldTurkish('İSTANBUL Işık DÖVİZ', true), 'istanbul isik doviz');
  assert.is(foldTurkish('Şişe ALTIN', false), 'şişe altin', 'the light fold keeps ş');
  const re = wordsRegex(['doviz', 'altin'], ['fed'], '')!;
  for (const t of ['DÖVİZ', 'doviz', 'Dövizde', 'ALTIN', 'altini', "Altın'a", "FED'in"]) assert.ok(re.test(foldTurkish(t, true)), t);
  for (const t of ['sağaltın', 'dovi', 'hardöviz', 'federal']) assert.not.ok(re.test(foldTurkish(t, true)), t);
  assert.is(wordsRegex([], []), undefined);
});

test.run();
