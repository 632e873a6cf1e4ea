// The virtual clock: timers fire in (time, insertion) order, cancel cleanly, and runUntil
// interleaves them with the async work they wake up.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { SystemClock, VirtualClock } from '../../transport/index.ts';

test('timers fire in time order, ties in insertion order; bad delays count as 0', () => {
  const clock = new VirtualClock(1000);
  const fired: string[] = [];
  clock.setTimer(30, () => fired.push('c30'));
  clock.setTimer(10, () => fired.push('a10'));
  clock.setTimer(10, () => fired.push('b10'));
  clock.setTimer(-5, () => fired.push('neg'));
  clock.setTimer(Number.NaN, () => fired.push('nan'));
  assert.is(clock.pendingTimers(), 5);
  assert.is(clock.nextTimerAt(), 1000);
  assert.ok(clock.fireNext());
  assert.equal(fired, ['neg', 'nan']);
  assert.is(clock.now(), 1000);
  assert.ok(clock.fireNext());
  assert.equal(fired, ['neg', 'nan', 'a10', 'b10']);
  assert.is(clock.now(), 1010);
  assert.ok(clock.fireNext());
  assert.is(clock.now(), 1030);
  assert.not.ok(clock.fireNext());
  assert.is(clock.nextTimerAt(), undefined);
});

test('fireNext does not chase timers scheduled for the same instant by its own callbacks', () => {
  const clock = new VirtualClock();
  let runs = 0;
  const rearm = (): void => {
    runs++;
    clock.setTimer(0, rearm);
  };
  clock.setTimer(5, rearm);
  clock.fireNext();
  assert.is(runs, 1);
  clock.fireNext();
  assert.is(runs, 2);
  assert.is(clock.now(), 5);
});

test('clearTimer cancels; pending count and next time skip cancelled timers', () => {
  const clock = new VirtualClock();
  const fired: number[] = [];
  const early = clock.setTimer(1, () => fired.push(1));
  clock.setTimer(2, () => fired.push(2));
  clock.clearTimer(early);
  clock.clearTimer(early);
  assert.is(clock.pendingTimers(), 1);
  assert.is(clock.nextTimerAt(), 2);
  clock.fireNext();
  assert.equal(fired, [2]);
});

test('thousands of timers come out sorted, with many cancellations in between', () => {
  const clock = new VirtualClock();
  const fired: number[] = [];
  const timers = [];
  for (let i = 0; i < 5000; i++) {
    const at = (i * 7919) % 5003;
    timers.push(clock.setTimer(at, () => fired.push(at)));
  }
  for (let i = 0; i < 5000; i += 2) clock.clearTimer(timers[i]!);
  assert.is(clock.pendingTimers(), 2500);
  while (clock.fireNext());
  assert.is(fired.length, 2500);
  assert.equal(fired, [...fired].sort((a, b) => a - b));
});

test('runUntil settles before each timer, fires inclusive of t, then sets now = t', async () => {
  const clock = new VirtualClock();
  const log: string[] = [];
  const chain = async (): Promise<void> => {
    await clock.sleep(100);
    log.push(`woke ${clock.now()}`);
    await clock.sleep(100);
    log.push(`woke ${clock.now()}`);
  };
  void chain();
  clock.setTimer(150, () => log.push('t150'));
  clock.setTimer(301, () => log.push('t301'));
  const settle = (): Promise<void> => new Promise((r) => setImmediate(r));
  await clock.runUntil(300, settle);
  assert.equal(log, ['woke 100', 't150', 'woke 200']);
  assert.is(clock.now(), 300);
  await clock.advanceBy(1, settle);
  assert.equal(log.at(-1), 't301');
  await clock.runUntil(10, settle);
  assert.is(clock.now(), 301, 'time never moves backwards');
});

test('SystemClock runs real timers, scales by speed, and can be cleared', async () => {
  const clock = new SystemClock({ speed: 10 });
  const t0 = clock.now();
  const cancelled = clock.setTimer(1, () => assert.unreachable('cleared'));
  clock.clearTimer(cancelled);
  await clock.sleep(100);
  assert.ok(clock.now() - t0 >= 90, 'a 100 ms sleep at ×10 takes about 10 ms of wall time');
  assert.throws(() => new SystemClock({ speed: 0 }));
});

test.run();
