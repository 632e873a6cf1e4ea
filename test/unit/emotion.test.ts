// Emotion: decay toward the baseline, event updates, and what the state does to a message.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Invalid } from '../../actors/errors.ts';
import type { Emotion } from '../../actors/domain/types.ts';
import { applyEvent, decay, EMOTION_HALF_LIFE_MS, expression } from '../../actors/domain/emotion.ts';
import type { EmotionEvent } from '../../actors/domain/emotion.ts';

const base: Emotion = { valence: 0.1, arousal: 0.4, confidence: 0.6 };
const close = (a: number, b: number, eps = 1e-9) => Math.abs(a - b) < eps;

test('decay halves the gap to the baseline after one half-life', () => {
  const e: Emotion = { valence: -0.9, arousal: 1, confidence: 0 };
  const d = decay(e, base, EMOTION_HALF_LIFE_MS);
  assert.ok(close(d.valence, -0.4), `${d.valence}`);
  assert.ok(close(d.arousal, 0.7));
  assert.ok(close(d.confidence, 0.3));
  const later = decay(e, base, 10 * EMOTION_HALF_LIFE_MS);
  assert.ok(Math.abs(later.valence - base.valence) < 0.001);
  assert.is(decay(e, base, 0), e);
  assert.ok(close(decay(e, base, 60_000, 60_000).arousal, 0.7));
});

test('decay rejects bad time or half-life', () => {
  assert.throws(() => decay(base, base, Number.NaN), (x: unknown) => x instanceof Invalid);
  assert.throws(() => decay(base, base, 1000, 0), /half-life 0/);
});

test('a -5 % P&L makes the bot gloomier, more aroused and less sure; a gain the opposite on valence', () => {
  const down = applyEvent(base, { kind: 'pnl', pct: -0.05 });
  assert.ok(down.valence < base.valence - 0.1, `${down.valence}`);
  assert.ok(down.arousal > base.arousal + 0.1);
  assert.ok(down.confidence < base.confidence);
  const up = applyEvent(base, { kind: 'pnl', pct: 0.05 });
  assert.ok(up.valence > base.valence + 0.1);
  assert.ok(up.arousal > base.arousal);
  const tiny = applyEvent(base, { kind: 'pnl', pct: -0.001 });
  assert.ok(base.valence - tiny.valence < (base.valence - down.valence) / 5, 'small moves matter less');
});

test('social events move emotion in the expected directions', () => {
  const dis = applyEvent(base, { kind: 'disagreement' });
  assert.ok(dis.valence < base.valence && dis.arousal > base.arousal);
  const agr = applyEvent(base, { kind: 'agreement' });
  assert.ok(agr.valence > base.valence && agr.confidence > base.confidence);
  const men = applyEvent(base, { kind: 'mentioned' });
  assert.ok(men.valence > base.valence && men.arousal > base.arousal);
  const ign = applyEvent(base, { kind: 'ignored' });
  assert.ok(ign.valence < base.valence && base.valence - ign.valence < 0.1);
});

test('news moves valence by the sign of its impact', () => {
  assert.ok(applyEvent(base, { kind: 'news', impact: 0.8 }).valence > base.valence);
  assert.ok(applyEvent(base, { kind: 'news', impact: -0.8 }).valence < base.valence);
  assert.is(applyEvent(base, { kind: 'news', impact: 0 }).valence, base.valence);
});

test('every result stays in range, however many events pile up', () => {
  let e: Emotion = base;
  for (let i = 0; i < 50; i++) e = applyEvent(e, { kind: 'pnl', pct: -0.5 });
  assert.equal(e, { valence: -1, arousal: 1, confidence: 0 });
  e = applyEvent(e, { kind: 'nudge', valence: 5, arousal: -5, confidence: 5 });
  assert.equal(e, { valence: 1, arousal: 0, confidence: 1 });
  const n = applyEvent(base, { kind: 'nudge', arousal: 0.2 });
  assert.ok(close(n.arousal, 0.6) && n.valence === base.valence);
});

test('bad events throw Invalid', () => {
  assert.throws(() => applyEvent(base, { kind: 'pnl', pct: Number.NaN }), /pct NaN/);
  assert.throws(() => applyEvent(base, { kind: 'nudge', valence: Infinity }), (x: unknown) => x instanceof Invalid);
  assert.throws(() => applyEvent(base, { kind: 'party' } as unknown as EmotionEvent), /"party"/);
});

test('expression: aroused is faster, calm and gloomy is slower, always within [0.6, 1.5]', () => {
  const excited = expression({ valence: 0.6, arousal: 0.9, confidence: 0.8 });
  const gloomy = expression({ valence: -0.7, arousal: 0.1, confidence: 0.5 });
  assert.ok(excited.paceFactor < 1 && gloomy.paceFactor > 1);
  assert.is(excited.mood, 'heyecanlı');
  assert.is(gloomy.mood, 'keyifsiz');
  assert.is(gloomy.lengthShift, -1);
  for (const v of [-1, 0, 1]) for (const a of [0, 0.5, 1]) {
    const p = expression({ valence: v, arousal: a, confidence: 0.5 }).paceFactor;
    assert.ok(p >= 0.6 && p <= 1.5, `${v}/${a}: ${p}`);
  }
});

test('expression: moods, hedging and length shifts', () => {
  assert.is(expression({ valence: -0.5, arousal: 0.8, confidence: 0.6 }).mood, 'gergin');
  assert.is(expression({ valence: -0.5, arousal: 0.8, confidence: 0.6 }).lengthShift, -1);
  const happy = expression({ valence: 0.5, arousal: 0.4, confidence: 0.7 });
  assert.is(happy.mood, 'neşeli');
  assert.is(happy.lengthShift, 1);
  const unsure = expression({ valence: 0, arousal: 0.4, confidence: 0.2 });
  assert.is(unsure.mood, 'temkinli');
  assert.ok(unsure.hedging);
  const calm = expression(base);
  assert.is(calm.mood, 'sakin');
  assert.not.ok(calm.hedging);
  assert.is(calm.lengthShift, 0);
});

test.run();
