// The one circuit-breaker state machine both adapters wrap: opening at the threshold, refusing while
// open, one trial after the open period, a failed trial reopening, a forced long opening, and a
// released trial giving its slot back.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Circuit, VirtualClock } from '../../transport/index.ts';

test('closed → open at the threshold → one trial after openMs → closed on success', () => {
  const clock = new VirtualClock(0);
  const b = new Circuit(clock, { threshold: 2, openMs: 1_000 });
  assert.is(b.admit(), 'call');
  b.failed();
  assert.is(b.state(), 'closed', 'one failure is below the threshold');
  b.failed();
  assert.is(b.state(), 'open');
  assert.is(b.admit(), 'refuse');
  clock.advanceBy(1_000);
  assert.is(b.state(), 'half-open');
  assert.is(b.admit(), 'trial');
  assert.is(b.admit(), 'refuse', 'only one trial at a time');
  b.succeeded();
  assert.is(b.state(), 'closed');
  assert.is(b.opened, 1);
});

test('a failed trial reopens for another period; a success in between resets the count', () => {
  const clock = new VirtualClock(0);
  const b = new Circuit(clock, { threshold: 2, openMs: 1_000 });
  b.failed();
  b.succeeded();
  b.failed();
  assert.is(b.state(), 'closed', 'failures must come in a row');
  b.failed();
  clock.advanceBy(1_000);
  assert.is(b.admit(), 'trial');
  b.failed();
  assert.is(b.state(), 'open');
  clock.advanceBy(999);
  assert.is(b.admit(), 'refuse');
  clock.advanceBy(1);
  assert.is(b.admit(), 'trial');
  assert.is(b.opened, 2);
});

test('failed(openForMs) opens at once for that long; released() gives a trial back without counting', () => {
  const clock = new VirtualClock(0);
  const b = new Circuit(clock, { threshold: 5, openMs: 1_000 });
  b.failed(60_000);
  assert.is(b.state(), 'open');
  clock.advanceBy(59_999);
  assert.is(b.admit(), 'refuse');
  clock.advanceBy(1);
  assert.is(b.admit(), 'trial');
  b.released();
  assert.is(b.state(), 'half-open', 'the slot is free again');
  assert.is(b.admit(), 'trial');
  b.succeeded();
  assert.is(b.state(), 'closed');
});

test.run();
