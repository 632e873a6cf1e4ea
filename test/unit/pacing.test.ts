// Pacing: read and typing delays, Poisson turn gaps, chat pace, talkativeness weight, time of day.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Invalid } from '../../actors/errors.ts';
import { seededRng } from '../../actors/domain/rng.ts';
import type { PersonaSpeed } from '../../actors/domain/types.ts';
import {
  botDelayWeight, chatMeanTurnSec, hourActivity, nextTurnDelayMs, readDelayMs, threadPace, timeOfDayPhrase, typingMs,
} from '../../actors/domain/pacing.ts';

const speed: PersonaSpeed = { readCps: 20, typingWpm: 40, talkativeness: 0.5, baseDelaySec: 30, delayMultiplier: 1 };
const words = (n: number) => Array.from({ length: n }, (_, i) => `kelime${i}`).join(' ');
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

test('readDelayMs stays within [0.5 s, 8 s] and grows with length', () => {
  const rng = seededRng(1);
  const short: number[] = [];
  const long: number[] = [];
  for (let i = 0; i < 500; i++) {
    short.push(readDelayMs('ok', speed, rng));
    long.push(readDelayMs('x'.repeat(2000), speed, rng));
  }
  for (const ms of [...short, ...long]) assert.ok(ms >= 500 && ms <= 8000, `${ms}`);
  assert.is(Math.max(...long), 8000);
  assert.ok(mean(short) < 2500 && mean(short) > 500, `${mean(short)}`);
  const slowReader = mean(Array.from({ length: 500 }, () => readDelayMs('x'.repeat(60), { ...speed, readCps: 10 }, rng)));
  const fastReader = mean(Array.from({ length: 500 }, () => readDelayMs('x'.repeat(60), { ...speed, readCps: 60 }, rng)));
  assert.ok(slowReader > fastReader + 2000, `${slowReader} vs ${fastReader}`);
});

test('typingMs grows with length, scales with paceFactor and is clamped to [1 s, 8 s]', () => {
  const rng = seededRng(2);
  const avg = (text: string, pace: number) => mean(Array.from({ length: 300 }, () => typingMs(text, speed, pace, rng)));
  const two = avg(words(2), 1);
  const four = avg(words(4), 1);
  assert.ok(four > two * 1.6, `${two} → ${four}`); // 3 s → 6 s
  assert.ok(Math.abs(two - 3000) < 150, `${two}`);
  assert.ok(avg(words(4), 0.6) < four * 0.7);
  assert.is(typingMs('', speed, 1, rng), 1000);
  assert.is(typingMs(words(200), speed, 1, rng), 8_000);
  assert.throws(() => typingMs('x', { ...speed, typingWpm: 0 }, 1, rng), (e: unknown) => e instanceof Invalid);
});

test('nextTurnDelayMs: mean of many samples ≈ the mean, and clamps hold', () => {
  const rng = seededRng(3);
  const xs = Array.from({ length: 20_000 }, () => nextTurnDelayMs({ meanSec: 30, minSec: 0, maxSec: 1e6 }, rng));
  assert.ok(Math.abs(mean(xs) / 1000 - 30) < 1.2, `${mean(xs)}`);
  const clamped = Array.from({ length: 2000 }, () => nextTurnDelayMs({ meanSec: 30, minSec: 2, maxSec: 60 }, rng));
  assert.is(Math.min(...clamped), 2000);
  assert.is(Math.max(...clamped), 60_000);
  assert.throws(() => nextTurnDelayMs({ meanSec: 30, minSec: 10, maxSec: 5 }, rng), /minSec ≤ maxSec/);
  assert.throws(() => nextTurnDelayMs({ meanSec: 0, minSec: 0, maxSec: 5 }, rng), /meanSec 0/);
});

test('nextTurnDelayMs is deterministic for a seed', () => {
  const draw = (seed: number) => {
    const rng = seededRng(seed);
    return Array.from({ length: 10 }, () => nextTurnDelayMs({ meanSec: 20, minSec: 1, maxSec: 200 }, rng));
  };
  assert.equal(draw(7), draw(7));
  assert.not.equal(draw(7), draw(8));
});

test('chatMeanTurnSec: prime hours are faster, paceScale divides, floored at 0.1', () => {
  assert.is(chatMeanTurnSec({ inPrime: false }), 90);
  assert.is(chatMeanTurnSec({ inPrime: true }), 60);
  assert.is(chatMeanTurnSec({ baseTurnSec: 40, paceScale: 2, inPrime: false }), 20);
  assert.is(chatMeanTurnSec({ baseTurnSec: 40, paceScale: 0, inPrime: false }), 400);
  assert.throws(() => chatMeanTurnSec({ baseTurnSec: -1, inPrime: false }), /baseTurnSec -1/);
  const rng = seededRng(4);
  const sample = (meanSec: number) => mean(Array.from({ length: 20_000 }, () => nextTurnDelayMs({ meanSec, minSec: 0, maxSec: 1e6 }, rng)));
  const normal = sample(chatMeanTurnSec({ inPrime: false }));
  const doubled = sample(chatMeanTurnSec({ inPrime: false, paceScale: 2 }));
  assert.ok(Math.abs(doubled / normal - 0.5) < 0.04, `${doubled / normal}`);
});

test('botDelayWeight: a slower persona weighs less; invalid speeds throw', () => {
  assert.is(botDelayWeight({ ...speed, talkativeness: 1 }), 1);
  const ayse = botDelayWeight({ ...speed, talkativeness: 0.8, baseDelaySec: 20, delayMultiplier: 0.6 });
  const fatma = botDelayWeight({ ...speed, talkativeness: 0.8, baseDelaySec: 70, delayMultiplier: 1.4 });
  assert.ok(ayse > fatma * 5, `${ayse} vs ${fatma}`);
  assert.is(botDelayWeight({ ...speed, talkativeness: 0 }), 0);
  assert.throws(() => botDelayWeight({ ...speed, baseDelaySec: 0 }), (e: unknown) => e instanceof Invalid);
  assert.throws(() => botDelayWeight({ ...speed, talkativeness: 2 }), /talkativeness 2/);
});

test('timeOfDayPhrase follows the seed table, weekends win', () => {
  const expected: Record<number, string> = {
    0: 'night', 5: 'night', 6: 'morning', 8: 'morning', 9: 'open', 10: 'open', 11: 'lunch', 12: 'lunch',
    13: 'afternoon', 16: 'afternoon', 17: 'close', 18: 'close', 19: 'evening', 22: 'evening', 23: 'night',
  };
  for (const [hour, key] of Object.entries(expected)) assert.is(timeOfDayPhrase(Number(hour), 3), key, `hour ${hour}`);
  assert.is(timeOfDayPhrase(10, 6), 'weekend');
  assert.is(timeOfDayPhrase(10, 0), 'weekend');
  assert.throws(() => timeOfDayPhrase(24, 1), /local hour 24/);
  assert.throws(() => timeOfDayPhrase(10, 7), /weekday 7/);
});

test('the chat follows the hour and the thread: quiet nights, busy sessions, quick answers to questions', () => {
  const monday = 1;
  assert.ok(hourActivity(3, monday) < 0.1 && hourActivity(11, monday) === 1, 'night vs session');
  assert.ok(hourActivity(11, 6) < hourActivity(11, monday), 'a Saturday morning is quieter than a weekday one');
  const night = chatMeanTurnSec({ inPrime: false, activity: hourActivity(3, monday) });
  const session = chatMeanTurnSec({ inPrime: true, activity: hourActivity(11, monday) });
  assert.ok(night > 10 * session, `${night} vs ${session}`);
  assert.ok(threadPace('question') < threadPace('reply') && threadPace('reply') < threadPace('post') && threadPace('post') < threadPace('dead'));
  assert.is(chatMeanTurnSec({ inPrime: false, thread: threadPace('question') }), 90 * 0.45);
});

test.run();
