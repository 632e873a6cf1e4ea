// A persona's emotion over time: decay toward its baseline, updates from events (P&L, agreement,
// mentions, news, operator nudges), and what the current state does to tone, length and pace.
import { Invalid } from '../errors.ts';
import type { Emotion } from './types.ts';

/** Something that happened to the bot. `pct` is a fraction (-0.05 = -5 %); `impact` is -1 … +1;
 * a `nudge` adds the given deltas (the operator's `mood` command). */
export type EmotionEvent =
  | { readonly kind: 'pnl'; readonly pct: number }
  | { readonly kind: 'agreement' }
  | { readonly kind: 'disagreement' }
  | { readonly kind: 'mentioned' }
  | { readonly kind: 'ignored' }
  | { readonly kind: 'news'; readonly impact: number }
  | { readonly kind: 'nudge'; readonly valence?: number; readonly arousal?: number; readonly confidence?: number };

/** Short Turkish mood label handed to the generator. */
export type Mood = 'neşeli' | 'heyecanlı' | 'gergin' | 'keyifsiz' | 'temkinli' | 'sakin';

/** What an emotion does to a message: one step shorter/longer than the persona's preference, a
 * multiplier on typing time (< 1 faster), whether to hedge ("bence", "emin değilim"), and a label. */
export interface Expression {
  readonly lengthShift: -1 | 0 | 1;
  readonly paceFactor: number;
  readonly hedging: boolean;
  readonly mood: Mood;
}

/** Default half-life of the pull back toward the baseline: 30 minutes. */
export const EMOTION_HALF_LIFE_MS = 30 * 60_000;

const clamp = (x: number, lo: number, hi: number): number => (x < lo ? lo : x > hi ? hi : x);

function clamped(valence: number, arousal: number, confidence: number): Emotion {
  return { valence: clamp(valence, -1, 1), arousal: clamp(arousal, 0, 1), confidence: clamp(confidence, 0, 1) };
}

function finite(value: number, name: string): number {
  if (!Number.isFinite(value)) throw new Invalid(`emotion event ${name} ${value} must be a finite number`);
  return value;
}

/** Moves `e` toward `baseline` exponentially: after one half-life, half the gap is gone. Call it with
 * the time since the emotion was last touched, before applying a new event. */
export function decay(e: Emotion, baseline: Emotion, dtMs: number, halfLifeMs = EMOTION_HALF_LIFE_MS): Emotion {
  if (!Number.isFinite(dtMs)) throw new Invalid(`decay time ${dtMs} must be a finite number of ms`);
  if (!(halfLifeMs > 0) || !Number.isFinite(halfLifeMs)) {
    throw new Invalid(`emotion half-life ${halfLifeMs} must be a positive finite number of ms`);
  }
  if (dtMs <= 0) return e;
  const keep = Math.pow(0.5, dtMs / halfLifeMs);
  return clamped(
    baseline.valence + (e.valence - baseline.valence) * keep,
    baseline.arousal + (e.arousal - baseline.arousal) * keep,
    baseline.confidence + (e.confidence - baseline.confidence) * keep,
  );
}

/** Applies one event and clamps to valence -1…1, arousal 0…1, confidence 0…1. Magnitudes: a -5 %
 * P&L move costs about 0.18 valence and adds 0.18 arousal (saturating for big moves); a
 * disagreement is -0.08 valence, +0.10 arousal; a mention +0.05 valence, +0.15 arousal; being
 * ignored -0.04 valence; news moves valence by 0.25 × impact. Throws `Invalid` for bad numbers. */
export function applyEvent(e: Emotion, event: EmotionEvent): Emotion {
  const { valence: v, arousal: a, confidence: c } = e;
  switch (event.kind) {
    case 'pnl': {
      const swing = Math.tanh(finite(event.pct, 'pct') * 10);
      return clamped(v + 0.4 * swing, a + 0.4 * Math.abs(swing), c + 0.2 * swing);
    }
    case 'agreement':
      return clamped(v + 0.08, a + 0.02, c + 0.05);
    case 'disagreement':
      return clamped(v - 0.08, a + 0.1, c - 0.03);
    case 'mentioned':
      return clamped(v + 0.05, a + 0.15, c);
    case 'ignored':
      return clamped(v - 0.04, a - 0.03, c - 0.01);
    case 'news': {
      const impact = clamp(finite(event.impact, 'impact'), -1, 1);
      return clamped(v + 0.25 * impact, a + 0.2 * Math.abs(impact), c);
    }
    case 'nudge':
      return clamped(
        v + finite(event.valence ?? 0, 'valence'),
        a + finite(event.arousal ?? 0, 'arousal'),
        c + finite(event.confidence ?? 0, 'confidence'),
      );
    default:
      throw new Invalid(`emotion event kind ${JSON.stringify((event as { kind?: unknown }).kind)} is not one of `
        + 'pnl, agreement, disagreement, mentioned, ignored, news, nudge');
  }
}

/** What the emotion does to the next message. Gloomy-and-flat or tense bots write shorter; cheerful,
 * confident ones a bit longer. Aroused bots type faster (paceFactor down to 0.6), calm or gloomy
 * ones slower (up to 1.5). Low confidence hedges. */
export function expression(e: Emotion): Expression {
  const { valence: v, arousal: a, confidence: c } = e;
  let mood: Mood;
  if (a >= 0.65 && v >= 0.25) mood = 'heyecanlı';
  else if (a >= 0.6 && v <= -0.2) mood = 'gergin';
  else if (v <= -0.25) mood = 'keyifsiz';
  else if (c < 0.35) mood = 'temkinli';
  else if (v >= 0.3) mood = 'neşeli';
  else mood = 'sakin';

  let lengthShift: -1 | 0 | 1 = 0;
  if (mood === 'gergin' || (mood === 'keyifsiz' && a < 0.4)) lengthShift = -1;
  else if (v >= 0.3 && c >= 0.6) lengthShift = 1;

  const paceFactor = clamp(1 - 0.8 * (a - 0.4) - 0.15 * v, 0.6, 1.5);
  return { lengthShift, paceFactor, hedging: c < 0.4, mood };
}
