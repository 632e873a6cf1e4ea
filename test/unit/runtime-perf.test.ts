// Runtime budgets: heap per idle actor (measured in a child process with --expose-gc, since uvu runs
// without it) and tell throughput for a simple actor. Prints the numbers; asserts generous bounds.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { ActorSystem } from '../../actors/index.ts';
import { VirtualClock } from '../../transport/index.ts';

const url = (rel: string): string => new URL(rel, import.meta.url).href;

/** Runs in the child: spawn N idle actors with a tiny state, measure the heap delta after full GCs. */
const MEMORY_PROBE = `
const { ActorSystem } = await import(${JSON.stringify(url('../../actors/index.ts'))});
const { VirtualClock } = await import(${JSON.stringify(url('../../transport/index.ts'))});
const system = new ActorSystem({
  clock: new VirtualClock(0),
  deadLetters: { put() {}, list: () => [] },
  logger: { debug() {}, info() {}, warn() {}, error() {} },
});
const behavior = { init: () => ({ n: 0 }), receive: (s) => s };
const settle = async () => { while (system.inflight > 0) await new Promise((r) => setImmediate(r)); };
const refs = [];
for (let i = 0; i < 100; i++) refs.push(system.spawn('warm-' + i, behavior));
await settle();
globalThis.gc(); globalThis.gc();
const before = process.memoryUsage().heapUsed;
for (let i = 0; i < 10000; i++) refs.push(system.spawn('bot-' + i, behavior));
await settle();
globalThis.gc(); globalThis.gc();
const after = process.memoryUsage().heapUsed;
console.log(JSON.stringify({ perActor: (after - before) / 10000, actors: refs.length }));
`;

test('an idle actor costs < 4 KB of heap, nact included', () => {
  const out = execFileSync(process.execPath, ['--expose-gc', '--import', 'tsx', '--input-type=module', '-e', MEMORY_PROBE], {
    cwd: fileURLToPath(url('../../')),
    encoding: 'utf8',
  });
  const { perActor, actors } = JSON.parse(out.trim().split('\n').at(-1) ?? '{}') as { perActor: number; actors: number };
  console.log(`  heap per idle actor: ${Math.round(perActor)} B over ${actors} actors`);
  assert.is(actors, 10_100);
  assert.ok(perActor > 0 && perActor < 4096, `${perActor} B per actor`);
});

type CounterMsg = number | { readonly reply: (n: number) => void };

test('tell throughput for a simple actor', async () => {
  const system = new ActorSystem({
    clock: new VirtualClock(0),
    deadLetters: { put() {}, list: () => [] },
    logger: { debug() {}, info() {}, warn() {}, error() {} },
  });
  const ref = system.spawn<number, CounterMsg>('counter', {
    init: () => 0,
    receive: (s, m) => (typeof m === 'number' ? s + m : (m.reply(s), s)),
  }, { mailboxLimit: 1_000_000 });
  const N = 200_000;
  const started = performance.now();
  for (let i = 0; i < N; i++) system.tell(ref, 1);
  while (system.inflight > 0) await new Promise((r) => setImmediate(r));
  const perSecond = N / ((performance.now() - started) / 1000);
  console.log(`  ${Math.round(perSecond).toLocaleString('en')} tells/s (told and handled)`);
  assert.is(await system.ask<CounterMsg, number>(ref, (reply) => ({ reply }), 1000), N);
  assert.ok(perSecond > 20_000, `${Math.round(perSecond)}/s`);
  await system.shutdown();
});

test.run();
