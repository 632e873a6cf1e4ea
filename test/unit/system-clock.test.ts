// The real clock behind the Clock port: wall time, a faster demo clock, and carrying on from a later
// start (a stored state a fast run left ahead of the wall) without ever running backwards.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { SystemClock } from '../../transport/index.ts';

const HOUR = 3_600_000;

test('plain: the wall time; a start in the past is ignored', () => {
  const before = Date.now();
  assert.ok(new SystemClock().now() >= before);
  const past = new SystemClock({ startAt: before - HOUR }).now();
  assert.ok(past >= before && past < before + 1_000, `${past - before} ms off the wall`);
});

test('startAt ahead of the wall: the clock carries on from there, at its speed', async () => {
  const ahead = Date.now() + HOUR;
  const clock = new SystemClock({ startAt: ahead });
  const first = clock.now();
  assert.ok(first >= ahead && first < ahead + 1_000, `${first - ahead} ms off the start`);
  const fast = new SystemClock({ speed: 20, startAt: ahead });
  const t0 = fast.now();
  await new Promise((r) => setTimeout(r, 50));
  const moved = fast.now() - t0;
  assert.ok(moved >= 20 * 40 && moved < 20 * 1_000, `moved ${moved} ms in ~50 ms of wall time`);
  assert.ok(clock.now() >= first, 'never backwards');
});

test('an origin: two clocks made apart agree on the time, at their speed', async () => {
  const origin = { wall: Date.now() - 1_000, at: Date.UTC(2026, 10, 23) };
  const a = new SystemClock({ speed: 600, origin });
  await new Promise((r) => setTimeout(r, 30));
  const b = new SystemClock({ speed: 600, origin });
  const [ta, tb] = [a.now(), b.now()];
  assert.ok(Math.abs(ta - tb) <= 600 * 5, `${ta - tb} ms apart`);
  assert.ok(ta >= origin.at + 600 * 1_000, 'a second of wall since the origin is ten simulated minutes');
});

test('timers wait wall time divided by the speed, whatever the start', async () => {
  const clock = new SystemClock({ speed: 10, startAt: Date.now() + HOUR });
  const t0 = Date.now();
  await clock.sleep(500);
  const waited = Date.now() - t0;
  assert.ok(waited >= 40 && waited < 400, `waited ${waited} ms for 500 clock ms at ×10`);
});

test.run();
