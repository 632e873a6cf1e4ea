import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  ALLOWED_REACTIONS, fallbackEmojiText, normalizeReaction, pickReaction,
} from '../../actors/domain/reaction.ts';
import { seededRng } from '../../actors/domain/rng.ts';

test('the whitelist: 73 distinct bare emoji, ZWJ sequences intact', () => {
  assert.is(ALLOWED_REACTIONS.length, 73);
  assert.is(new Set(ALLOWED_REACTIONS).size, 73);
  for (const e of ALLOWED_REACTIONS) assert.not.ok(/[\uFE0E\uFE0F]/.test(e), `no variation selector in ${e}`);
  for (const e of ['\u2764\u200D\u{1F525}', '\u{1F468}\u200D\u{1F4BB}', '\u{1F937}\u200D\u2642', '\u{1F937}\u200D\u2640']) {
    assert.ok(ALLOWED_REACTIONS.includes(e), `ZWJ sequence ${e}`);
  }
  for (const e of ['🚀', '📈', '📉', '💸', '💬']) assert.not.ok(ALLOWED_REACTIONS.includes(e), `${e} is refused by Telegram`);
});

test('acceptance 12 (adapted): positive → 🔥/👍, negative → 😱/😢, neutral → 🤔', () => {
  const rng = seededRng(12);
  for (const text of ['THYAO yükselişte, harika', 'BTC roket gibi uçtu', 'kârdayım teşekkürler', 'GÜÇLÜ KAPANIŞ']) {
    assert.ok(['🔥', '👍'].includes(pickReaction(text, rng)), text);
  }
  for (const text of ['borsa sert düştü', 'kayıp büyük, berbat', 'piyasa çöktü', 'dusus devam ediyor']) {
    assert.ok(['😱', '😢'].includes(pickReaction(text, rng)), text);
  }
  for (const text of ['dolar yatay', 'kararsızım', 'sence ne olur?', 'artış da var düşüş de']) {
    assert.is(pickReaction(text, rng), '🤔', text);
  }
});

test('acceptance 12 (adapted): the text fallback keeps the old 📈 / 📉 / 💬', () => {
  assert.is(fallbackEmojiText('🔥'), '📈');
  assert.is(fallbackEmojiText('😱'), '📉');
  assert.is(fallbackEmojiText('😢'), '📉');
  assert.is(fallbackEmojiText('🤔'), '💬');
  assert.is(fallbackEmojiText('👍'), '👍');
  assert.is(fallbackEmojiText('constructor'), 'constructor');
});

test('"karar" is not "kâr": mood words match whole words', () => {
  assert.is(pickReaction('karar veremedim?', seededRng(1)), '🤔');
});

test('no mood words: a friendly pick, varied, always allowed and bare', () => {
  const rng = seededRng(5);
  const seen = new Set<string>();
  for (let i = 0; i < 300; i++) {
    const e = pickReaction(i % 2 ? 'merhaba arkadaşlar' : `mesaj ${i}`, rng);
    assert.ok(ALLOWED_REACTIONS.includes(e), e);
    assert.not.ok(e.includes('\uFE0F'));
    seen.add(e);
  }
  assert.ok(seen.size >= 5, `varied: ${[...seen].join(' ')}`);
});

test('every pick is allowed for any text', () => {
  const rng = seededRng(9);
  for (const text of ['', '?', 'yükseliş', 'düşüş', 'yatay', '🔥🔥', 'x'.repeat(1000)]) {
    for (let i = 0; i < 20; i++) assert.ok(ALLOWED_REACTIONS.includes(pickReaction(text, rng)), text);
  }
});

test('normalizeReaction strips variation selectors and refuses what Telegram refuses', () => {
  assert.is(normalizeReaction('\u2764\uFE0F'), '\u2764');
  assert.is(normalizeReaction('\u26A1\uFE0F'), '\u26A1');
  assert.is(normalizeReaction('👍'), '👍');
  assert.is(normalizeReaction('🚀'), undefined);
});

test.run();
