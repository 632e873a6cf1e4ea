// The actor runtime's failure semantics on a virtual clock: ordering across crashes, restarts with
// fresh state, poison messages, backoff time, failing init, ask, and settle.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Transient, seededRng } from '../../actors/index.ts';
import type { Behavior } from '../../actors/index.ts';
import { createSupervisor } from '../../supervisors/index.ts';
import { fixedRestart, harness } from './runtime-fixture.ts';

type Msg = string | { readonly get: (n: number) => void };

/** Counts messages; 'fail-once' throws the first time it is seen, 'poison' always throws. */
function recorder(handled: string[], at: number[] = [], clock?: { now(): number }) {
  let failedOnce = false;
  let inits = 0;
  const behavior: Behavior<{ count: number; gen: number }, Msg> = {
    init: () => ({ count: 0, gen: ++inits }),
    receive(state, message) {
      if (typeof message !== 'string') {
        message.get(state.count * 100 + state.gen);
        return state;
      }
      handled.push(message);
      if (clock) at.push(clock.now());
      if (message === 'poison') throw new Error('poisoned');
      if (message === 'fail-once' && !failedOnce) {
        failedOnce = true;
        throw new Error('first try fails');
      }
      return { ...state, count: state.count + 1 };
    },
  };
  return { behavior, inits: () => inits };
}

test('order is preserved across a crash and its backoff', async () => {
  const failures: { attempt: number; at: number }[] = [];
  const { system, advance, clock } = harness(fixedRestart(1000, failures));
  const handled: string[] = [];
  const at: number[] = [];
  const ref = system.spawn('a', recorder(handled, at, clock).behavior);
  for (const m of ['m1', 'fail-once', 'm2', 'm3']) assert.ok(system.tell(ref, m));
  await advance(999);
  assert.equal(handled, ['m1', 'fail-once'], 'later messages wait while the actor backs off');
  await advance(1);
  assert.equal(handled, ['m1', 'fail-once', 'fail-once', 'm2', 'm3']);
  assert.equal(at, [0, 0, 1000, 1000, 1000]);
  assert.equal(failures, [{ attempt: 1, at: 0 }]);
});

test('a crash restarts with the init state and later messages are processed', async () => {
  const { system, advance } = harness(fixedRestart(10));
  const handled: string[] = [];
  const r = recorder(handled);
  const ref = system.spawn('a', r.behavior);
  for (const m of ['inc', 'inc', 'fail-once', 'inc']) system.tell(ref, m);
  const reply = system.ask<Msg, number>(ref, (get) => ({ get }), 5000);
  await advance(100);
  // 'inc','inc' → 2; crash → fresh state (gen 2); retried 'fail-once' and 'inc' → 2.
  assert.is(await reply, 2 * 100 + 2);
  assert.is(r.inits(), 2);
});

test('a poison message is tried maxMessageAttempts times, dead-lettered, and nothing else is lost', async () => {
  const { system, advance, letters } = harness(fixedRestart(5));
  const handled: string[] = [];
  const ref = system.spawn('p', recorder(handled).behavior, { maxMessageAttempts: 3 });
  for (const m of ['m1', 'poison', 'm2', 'm3']) system.tell(ref, m);
  await advance(100);
  assert.equal(handled, ['m1', 'poison', 'poison', 'poison', 'm2', 'm3']);
  assert.is(letters.length, 1);
  const [letter] = letters;
  assert.is(letter?.reason, 'poison');
  assert.is(letter?.attempts, 3);
  assert.is(letter?.error, 'poisoned');
  assert.is(letter?.message, 'poison');
  assert.is(letter?.actor, '/p');
  assert.is(system.inflight, 0);
});

test('an actor whose supervision answers a poison message with escalate is stopped; later messages are not lost silently', async () => {
  const escalated: string[] = [];
  const supervision = { ...fixedRestart(5), onPoison: () => 'escalate' as const, onEscalated: (child: string) => void escalated.push(child) };
  const { system, advance, letters } = harness(supervision);
  const handled: string[] = [];
  const ref = system.spawn('q', recorder(handled).behavior, { maxMessageAttempts: 2 });
  for (const m of ['m1', 'poison', 'm2']) system.tell(ref, m);
  await advance(100);
  assert.equal(handled, ['m1', 'poison', 'poison'], 'nothing is handled after the escalation');
  assert.equal(escalated, ['/q']);
  assert.equal(letters.map((l) => [l.reason, l.message]), [['poison', 'poison'], ['stopped', 'm2']]);
  assert.is(system.tell(ref, 'm3'), false);
  assert.is(system.inflight, 0);
});

test('backoff delays from the supervisor really elapse on the virtual clock', async () => {
  const { system, advance, letters, clock, logs } = harness();
  const supervision = createSupervisor({
    name: 'test', clock, rng: seededRng(1), logger: { debug() {}, info() {}, warn() {}, error() {} },
    policy: { jitter: 0, baseMs: 100 },
  });
  const handled: string[] = [];
  const at: number[] = [];
  const ref = system.spawn('b', recorder(handled, at, clock).behavior, { supervision });
  system.tell(ref, 'poison');
  system.tell(ref, 'after');
  await advance(10_000);
  assert.equal(at, [0, 100, 300, 700], 'tries at 0, +100, +200; the last restart waits 400 more');
  assert.is(letters[0]?.at, 700);
  assert.is(supervision.stats().restarts, 3);
  assert.equal(supervision.stats().byChild['/b'], { restarts: 3, escalations: 0 });
  assert.is(logs.filter((l) => l.level === 'warn' && l.event === 'actor.dead-letter').length, 1);
});

test('a failing init goes to the supervisor and is retried after its delay', async () => {
  const failures: { attempt: number; at: number }[] = [];
  const { system, advance } = harness(fixedRestart(50, failures));
  let tries = 0;
  const handled: string[] = [];
  const ref = system.spawn<number, string>('i', {
    init: () => {
      if (++tries < 3) throw new Error('store down');
      return 7;
    },
    receive: (s, m) => (handled.push(m), s),
  });
  system.tell(ref, 'x');
  await advance(49);
  assert.is(tries, 1);
  assert.equal(handled, []);
  await advance(100);
  assert.is(tries, 3);
  assert.equal(handled, ['x']);
  assert.equal(failures, [{ attempt: 1, at: 0 }, { attempt: 2, at: 50 }]);
});

test('an init that always fails is bounded: the supervisor escalates and the message is dead-lettered', async () => {
  const { system, advance, letters, clock } = harness();
  const supervision = createSupervisor({
    name: 't', clock, rng: seededRng(2), logger: { debug() {}, info() {}, warn() {}, error() {} },
  });
  let tries = 0;
  const ref = system.spawn<number, string>('broken', {
    init: () => {
      tries++;
      throw new Error('never');
    },
    receive: (s) => s,
  }, { supervision });
  system.tell(ref, 'x');
  await advance(60_000);
  assert.is(tries, 6, 'five restarts, then the sixth failure escalates');
  assert.is(supervision.stats().escalations, 1);
  assert.equal(letters.map((l) => [l.reason, l.message]), [['stopped', 'x']]);
  assert.is(system.lookup('/broken'), undefined);
  assert.is(clock.pendingTimers(), 0);
});

test('ask resolves, and times out on the virtual clock', async () => {
  const { system, advance } = harness();
  const ref = system.spawn<number, { kind: 'get'; reply: (n: number) => void } | { kind: 'ignore'; reply: (n: number) => void }>('q', {
    init: () => 42,
    receive: (s, m) => {
      if (m.kind === 'get') m.reply(s);
      return s;
    },
  });
  const answer = system.ask<{ kind: 'get'; reply: (n: number) => void }, number>(ref, (reply) => ({ kind: 'get', reply }), 1000);
  await advance(0);
  assert.is(await answer, 42);

  let outcome: unknown;
  system.ask(ref, (reply: (n: number) => void) => ({ kind: 'ignore' as const, reply }), 500).then(
    () => (outcome = 'resolved'),
    (e: unknown) => (outcome = e),
  );
  await advance(499);
  assert.is(outcome, undefined);
  await advance(1);
  assert.instance(outcome, Transient);
  assert.match((outcome as Error).message, /timed out after 500 ms/);

  await assert_rejects(system.ask({ path: '/nobody', name: 'nobody' }, () => 'x', 100), Transient);
});

async function assert_rejects(p: Promise<unknown>, type: new (...a: never[]) => Error): Promise<void> {
  try {
    await p;
  } catch (e) {
    assert.instance(e, type);
    return;
  }
  assert.unreachable('expected a rejection');
}

test('settle returns when idle, and also while a handler waits on the virtual clock', async () => {
  const { system, clock } = harness();
  const done: number[] = [];
  const ref = system.spawn<null, number>('s', {
    init: () => null,
    receive: async (s, m) => {
      await clock.sleep(m);
      done.push(m);
      return s;
    },
  });
  system.tell(ref, 1000);
  await system.settle();
  assert.is(system.inflight, 1, 'settled although the handler is still sleeping');
  const progress = system.progress;
  await clock.runUntil(1000, () => system.settle());
  assert.equal(done, [1000]);
  assert.is(system.inflight, 0);
  assert.ok(system.progress > progress);
});

test.run();
