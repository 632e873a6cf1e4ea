// The actor runtime never drops silently: escalation, malformed messages, full mailboxes, unknown and
// stopped actors all end in dead letters; plus stop, children, spawn/ensure/lookup.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Invalid, MalformedMessage, seededRng } from '../../actors/index.ts';
import type { Behavior, Supervision } from '../../actors/index.ts';
import { createSupervisor } from '../../supervisors/index.ts';
import { fixedRestart, harness } from './runtime-fixture.ts';

const isInvalid = (e: unknown): boolean => e instanceof Invalid;
const quiet = { debug() {}, info() {}, warn() {}, error() {} };

/** Appends strings to its state; 'boom' throws, 'bad' throws MalformedMessage. */
function appender(stoppedWith: string[][] = []): Behavior<string[], string> {
  return {
    init: () => [],
    accepts: (m: unknown): m is string => typeof m === 'string',
    receive(state, m) {
      if (m === 'boom') throw new Error('kaboom');
      if (m === 'bad') throw new MalformedMessage('cannot parse');
      return [...state, m];
    },
    stopped: (state) => void stoppedWith.push(state),
  };
}

test('escalation after the intensity limit stops the actor and dead-letters its mailbox', async () => {
  const { system, advance, letters, clock, logs } = harness();
  const escalated: string[] = [];
  const supervision = createSupervisor({
    name: 'bots', clock, rng: seededRng(3), logger: quiet,
    policy: { maxRestarts: 2, jitter: 0 }, onEscalate: (child) => escalated.push(child),
  });
  const stoppedWith: string[][] = [];
  const ref = system.spawn('bot', appender(stoppedWith), { supervision, maxMessageAttempts: 10 });
  for (const m of ['a', 'boom', 'x', 'y']) system.tell(ref, m);
  await advance(10_000);
  assert.equal(escalated, ['/bot']);
  assert.equal(letters.map((l) => [l.reason, l.message, l.attempts]), [
    ['poison', 'boom', 3], ['stopped', 'x', 0], ['stopped', 'y', 0],
  ]);
  assert.equal(stoppedWith, [[]], 'stopped() sees the state of the last restart');
  assert.is(system.lookup('/bot'), undefined);
  assert.is(system.tell(ref, 'z'), false);
  assert.is(letters.at(-1)?.reason, 'stopped');
  assert.ok(logs.some((l) => l.level === 'error' && l.event === 'actor.escalated'));
  assert.equal(supervision.stats(), { restarts: 2, escalations: 1, byChild: { '/bot': { restarts: 2, escalations: 1 } } });
  assert.is(system.inflight, 0);
});

test('malformed messages are dead-lettered without a restart, and the state is kept', async () => {
  let failures = 0;
  const counting: Supervision = { onFailure: () => (failures++, { action: 'restart', delayMs: 0 }) };
  const { system, advance, letters } = harness(counting);
  let inits = 0;
  const base = appender();
  const ref = system.spawn('m', { ...base, init: () => (inits++, []) });
  assert.ok(system.tell(ref, 'a'));
  assert.is(system.tell(ref, 42 as unknown as string), false, 'accepts() rejects it at the door');
  assert.ok(system.tell(ref, 'bad'));
  assert.ok(system.tell(ref, 'b'));
  await advance(0);
  assert.equal(letters.map((l) => [l.reason, l.message, l.attempts]), [['malformed', 42, 0], ['malformed', 'bad', 1]]);
  assert.is(letters[1]?.error, 'cannot parse');
  assert.is(failures, 0);
  assert.is(inits, 1);
  const stoppedWith: string[][] = [];
  const r2 = system.spawn('m2', { ...appender(stoppedWith) });
  for (const m of ['a', 'bad', 'b']) system.tell(r2, m);
  await advance(0);
  await system.stop(r2);
  assert.equal(stoppedWith, [['a', 'b']]);
});

test('a full mailbox refuses with false, dead-letters, and warns at most once per second', async () => {
  const { system, advance, letters, logs } = harness();
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  const handled: string[] = [];
  const ref = system.spawn<null, string>('slow', {
    init: () => null,
    receive: async (s, m) => {
      if (m === 'block') await gate;
      handled.push(m);
      return s;
    },
  }, { mailboxLimit: 3 });
  const accepted = ['block', 'a', 'b', 'c', 'd'].map((m) => system.tell(ref, m));
  assert.equal(accepted, [true, true, true, false, false]);
  await advance(999);
  assert.is(system.tell(ref, 'e'), false);
  await advance(1);
  assert.is(system.tell(ref, 'f'), false);
  assert.equal(letters.map((l) => [l.reason, l.message]), [
    ['mailbox-full', 'c'], ['mailbox-full', 'd'], ['mailbox-full', 'e'], ['mailbox-full', 'f'],
  ]);
  assert.is(logs.filter((l) => l.event === 'actor.mailbox-full').length, 2);
  release();
  await advance(0);
  assert.equal(handled, ['block', 'a', 'b']);
  assert.ok(system.tell(ref, 'g'), 'room again once handled');
});

test('tell to an unknown or stopped actor is dead-lettered and returns false', async () => {
  const { system, letters } = harness();
  assert.is(system.tell({ path: '/ghost', name: 'ghost' }, 'hi'), false);
  const ref = system.spawn('gone', appender());
  await system.stop(ref);
  assert.is(system.tell(ref, 'late'), false);
  assert.equal(letters.map((l) => [l.reason, l.actor, l.message]), [
    ['no-such-actor', '/ghost', 'hi'], ['stopped', '/gone', 'late'],
  ]);
});

test('stop dead-letters what is queued, stops children first, and frees the name', async () => {
  const { system, advance, letters } = harness(fixedRestart(10));
  const parentStopped: string[][] = [];
  const childStopped: string[][] = [];
  const parent = system.spawn('p', appender(parentStopped));
  const child = system.spawn('c', appender(childStopped), { parent });
  assert.is(child.path, '/p/c');
  assert.is(system.lookup('/p/c'), child);
  system.tell(child, 'one');
  await advance(0);
  for (const m of ['q1', 'q2']) system.tell(child, m);
  const stopping = system.stop(parent);
  assert.is(system.tell(child, 'refused'), false, 'refused as soon as stop is called');
  await stopping;
  assert.equal(childStopped, [['one']]);
  assert.equal(parentStopped, [[]]);
  assert.equal(letters.map((l) => [l.reason, l.message]), [['stopped', 'refused'], ['stopped', 'q1'], ['stopped', 'q2']]);
  assert.is(system.inflight, 0);
  const again = system.spawn('p', appender());
  assert.ok(system.tell(again, 'x'));
});

test('spawn rejects duplicates and bad names; ensure is idempotent; a stop during backoff ends it', async () => {
  const { system, advance, clock, letters } = harness(fixedRestart(60_000));
  const ref = system.spawn('dup', appender());
  assert.throws(() => system.spawn('dup', appender()), isInvalid);
  assert.throws(() => system.spawn('no spaces', appender()), isInvalid);
  assert.throws(() => system.spawn('x', appender(), { parent: { path: '/none', name: 'none' } }), isInvalid);
  assert.is(system.ensure('dup', appender()), ref);
  system.tell(ref, 'boom');
  system.tell(ref, 'next');
  await advance(10);
  assert.is(clock.pendingTimers(), 1, 'backing off for a minute');
  await system.shutdown();
  assert.is(clock.pendingTimers(), 0);
  assert.equal(letters.map((l) => [l.reason, l.message, l.attempts]), [['stopped', 'boom', 1], ['stopped', 'next', 0]]);
  assert.throws(() => system.spawn('late', appender()), isInvalid);
});

test.run();
