// ActorSystem.deliver: the sender of a message learns how it ended — handled after the handler
// finished (not when queued), refused when the actor was stopped before it ran, failed when it was
// dead-lettered for good. The cluster bus acks a durable message on 'handled' only.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { Behavior } from '../../actors/index.ts';
import { harness } from './runtime-fixture.ts';

type Msg = { n: number; slow?: boolean; bad?: boolean };
const behavior = (log: number[], clock: { sleep(ms: number): Promise<void> }): Behavior<null, Msg> => ({
  accepts: (m): m is Msg => typeof (m as Msg)?.n === 'number',
  init: () => null,
  async receive(s, m) {
    if (m.slow) await clock.sleep(100);
    if (m.bad) throw new Error('poison');
    log.push(m.n);
    return s;
  },
});

test('handled once the handler finished, in order', async () => {
  const { system, clock, advance } = harness({ onFailure: () => ({ action: 'restart', delayMs: 1 }) });
  const log: number[] = [];
  const ref = system.spawn('a', behavior(log, clock));
  const outcomes: string[] = [];
  const first = system.deliver(ref, { n: 1, slow: true }).then((o) => outcomes.push(`1:${o}:${log.join()}`));
  const second = system.deliver(ref, { n: 2 }).then((o) => outcomes.push(`2:${o}:${log.join()}`));
  await advance(50);
  assert.equal(outcomes, [], 'not before the handler finished');
  await advance(100);
  await Promise.all([first, second]);
  assert.equal(outcomes, ['1:handled:1', '2:handled:1,2']);
});

test('failed when dead-lettered (malformed, poison); refused when stopped before it ran', async () => {
  const { system, clock, advance } = harness({ onFailure: () => ({ action: 'restart', delayMs: 1 }) });
  const log: number[] = [];
  const ref = system.spawn('a', behavior(log, clock));
  assert.is(await system.deliver(ref, { nope: true } as unknown as Msg), 'failed');
  const poison = system.deliver(ref, { n: 3, bad: true });
  await advance(100);
  assert.is(await poison, 'failed');
  const slow = system.deliver(ref, { n: 4, slow: true });
  const queued = system.deliver(ref, { n: 5 });
  await advance(10);
  const stopping = system.stop(ref);
  await advance(200);
  await stopping;
  assert.is(await slow, 'handled', 'the running handler finishes');
  assert.is(await queued, 'refused', 'what was queued behind it is refused');
  assert.is(await system.deliver(ref, { n: 6 }), 'refused', 'a stopped actor refuses');
});

test.run();
