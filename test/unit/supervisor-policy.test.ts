// Restart policy: backoff growth, cap and jitter; restart intensity and the healthy reset; and the
// one-for-one supervisor that applies them per child.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Fatal, RateLimited, seededRng } from '../../actors/index.ts';
import type { Decision } from '../../actors/index.ts';
import {
  EMPTY_WINDOW, backoffMs, createSupervisor, recordPoison, recordRestart, restartIntensity, shouldEscalate,
} from '../../supervisors/index.ts';
import type { RestartWindow } from '../../supervisors/index.ts';
import { VirtualClock } from '../../transport/index.ts';
import { recordingLogger } from './runtime-fixture.ts';
import type { LogLine } from './runtime-fixture.ts';

const delay = (d: Decision): number => (d.action === 'restart' ? d.delayMs : -1);

test('backoff grows exponentially and is capped', () => {
  const rng = seededRng(1);
  const noJitter = { jitter: 0 };
  assert.equal([1, 2, 3, 4, 5].map((n) => backoffMs(n, noJitter, rng)), [100, 200, 400, 800, 1600]);
  assert.is(backoffMs(20, noJitter, rng), 30_000);
  assert.is(backoffMs(0, noJitter, rng), 100, 'attempts below 1 count as the first');
  for (let n = 1; n < 40; n++) assert.ok(backoffMs(n, {}, rng) <= 30_000);
});

test('jitter stays within ±20 % and is deterministic for a seed', () => {
  const draw = (seed: number): number[] => {
    const rng = seededRng(seed);
    return Array.from({ length: 200 }, () => backoffMs(4, {}, rng));
  };
  const values = draw(7);
  for (const v of values) assert.ok(v >= 640 && v <= 960, `${v} outside 800 ±20 %`);
  assert.ok(new Set(values).size > 50, 'jitter actually spreads the delays');
  assert.equal(draw(7), values);
  assert.not.equal(draw(8), values);
});

test('five restarts within 30 s escalate; spread-out restarts do not', () => {
  let h: RestartWindow = EMPTY_WINDOW;
  for (const t of [0, 1000, 2000, 3000]) h = recordRestart(h, t);
  assert.not.ok(shouldEscalate(h, 4000));
  h = recordRestart(h, 4000);
  assert.ok(shouldEscalate(h, 5000));
  assert.not.ok(shouldEscalate(h, 30_001), 'the oldest restart left the window');

  let spread: RestartWindow = EMPTY_WINDOW;
  for (let t = 0; t < 20 * 10_000; t += 10_000) {
    assert.not.ok(shouldEscalate(spread, t));
    spread = recordRestart(spread, t);
  }
  assert.ok(spread.restarts.length <= 3, 'old restarts are dropped');
});

test('history resets after 60 s without failure', () => {
  let h: RestartWindow = EMPTY_WINDOW;
  for (const t of [0, 100, 200]) h = recordRestart(h, t);
  assert.is(restartIntensity(h, 59_000).streak, 3);
  assert.is(restartIntensity(h, 60_200), EMPTY_WINDOW);
  assert.is(restartIntensity(h, 10_000, { healthyAfterMs: 5000 }), EMPTY_WINDOW);
});

test('the supervisor decides per child, logs restarts and escalations, and counts them', () => {
  const clock = new VirtualClock(0);
  const logs: LogLine[] = [];
  const escalated: string[] = [];
  const sup = createSupervisor({
    name: 'bots', clock, rng: seededRng(5), logger: recordingLogger(logs),
    policy: { jitter: 0 }, onEscalate: (child) => escalated.push(child),
  });
  const fail = (child: string, attempt = 1): Decision => sup.onFailure({ child, error: new Error('x'), attempt, at: clock.now() });
  assert.equal([1, 2, 3, 4, 5].map(() => delay(fail('/a'))), [100, 200, 400, 800, 1600]);
  assert.is(delay(fail('/b')), 100, 'another child has its own history');
  assert.equal(fail('/a'), { action: 'escalate' });
  sup.onEscalated?.('/a', new Error('x'));
  assert.equal(escalated, ['/a']);
  assert.equal(sup.stats(), {
    restarts: 6, escalations: 1,
    byChild: { '/a': { restarts: 5, escalations: 1 }, '/b': { restarts: 1, escalations: 0 } },
  });
  assert.is(logs.filter((l) => l.event === 'supervisor.restart').length, 6);
  assert.equal(logs.find((l) => l.event === 'supervisor.restart')?.fields,
    { supervisor: 'bots', child: '/a', attempt: 1, delayMs: 100, error: 'x' });
  assert.is(logs.filter((l) => l.event === 'supervisor.escalate' && l.level === 'error').length, 1);

  clock.setTimer(61_000, () => {});
  clock.fireNext();
  assert.is(delay(fail('/b')), 100, 'healthy for 60 s: backoff starts over');
  assert.is(delay(sup.onFailure({ child: '/c', error: new RateLimited('slow down', 5000), attempt: 1, at: 0 })), 5000);
  assert.equal(sup.onFailure({ child: '/d', error: new Fatal('revoked'), attempt: 1, at: 0 }), { action: 'escalate' });
});

test('a fourth poison message within 30 minutes escalates; poison messages spread out do not', () => {
  let times: number[] = [];
  for (const t of [0, 60_000, 120_000]) {
    const r = recordPoison(times, t);
    assert.not.ok(r.escalate);
    times = r.times;
  }
  assert.ok(recordPoison(times, 180_000).escalate);
  assert.not.ok(recordPoison(times, 30 * 60_000 + 1).escalate, 'the first one left the window');
  let spread: number[] = [];
  for (let t = 0; t < 10 * 20 * 60_000; t += 20 * 60_000) {
    const r = recordPoison(spread, t);
    assert.not.ok(r.escalate);
    spread = r.times;
  }
  assert.ok(spread.length <= 2, 'old poison times are dropped');
});

test('the supervisor stops a child whose messages keep ending as poison, and counts it', () => {
  const clock = new VirtualClock(0);
  const logs: LogLine[] = [];
  const sup = createSupervisor({ name: 'bots', clock, rng: seededRng(5), logger: recordingLogger(logs), policy: { maxPoison: 2 } });
  const poison = (child: string, at: number) => sup.onPoison({ child, error: new Error('boom'), attempt: 3, at });
  assert.equal([poison('/a', 0), poison('/b', 0), poison('/a', 1000)], ['keep', 'keep', 'keep']);
  assert.is(poison('/a', 2000), 'escalate');
  assert.equal(sup.stats().byChild['/a'], { restarts: 0, escalations: 1 });
  assert.is(poison('/a', 3000), 'keep', 'a new incarnation starts with a clean record');
  assert.equal(logs.filter((l) => l.event === 'supervisor.escalate').map((l) => l.fields), [
    { supervisor: 'bots', child: '/a', poison: 3, withinMs: 30 * 60_000, error: 'boom' },
  ]);
});

test.run();
