// One shard of a multi-threaded node (a worker thread): the single-node composition restricted to the
// chats and bots the plan gives it, with messages for other shards sent over their MessagePorts, and
// the node's one LLM quota and market news reached through the main thread.
import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import type { EntityAddress, SaidEvent } from '../../actors/index.ts';
import { SystemClock, VirtualClock } from '../../transport/index.ts';
import { createSingleNode } from './single.ts';
import { jsonLogger, memoryLogger, type Level } from '../log.ts';
import { shardOf, type ShardInit, type ShardReport } from './shards.ts';
import { createNodeLlm } from './llm.ts';
import { sharedOverPort } from './shared-port.ts';

const init = workerData as ShardInit;
const { config, plan, index, seed, mode } = init;
const report = (r: ShardReport): void => parentPort!.postMessage(r);
const bench = mode.kind === 'bench';
const clock = bench ? new VirtualClock(Date.UTC(2026, 10, 23, 7, 0, 0)) : new SystemClock({ speed: mode.speed });
const logger = bench ? memoryLogger('error') : jsonLogger(mode.logLevel as Level, undefined, () => clock.now());
let crossShard = 0;

// With a key each shard has its own LLM chain on the node's one quota (on wall time): a busy shard
// may use what an idle one leaves.
const shared = sharedOverPort(init.shared);
const llm = mode.kind === 'run' && mode.llm?.apiKey
  ? createNodeLlm(mode.llm, { clock: new SystemClock(), logger, sharedQuota: { store: shared.state, node: `shard-${index}`, minuteSlackMs: 0 } }).llm
  : undefined;

const node = createSingleNode({
  config, clock, seed, logger, script: !bench, record: !bench, ...(llm ? { llm } : {}), ...(bench ? {} : { news: shared.news }),
  hosts: (a) => shardOf(plan, a) === index,
  remote: (to: EntityAddress, message: unknown) => {
    crossShard++;
    try {
      init.peers[shardOf(plan, to)]!.postMessage({ to, message });
    } catch (error) {
      // A message that cannot cross a thread (one carrying a reply function) is a dead letter, not a crash.
      node.deadLetters.put({ at: clock.now(), actor: `${to.kind}:${to.id}`, message: String(message), reason: 'no-such-actor', attempts: 0, error: String(error) });
    }
  },
});

for (const port of init.peers) {
  port?.on('message', ({ to, message }: { to: EntityAddress; message: unknown }) => {
    node.bus.send(to, message);
  });
}

async function runBench(messages: number): Promise<void> {
  const v = clock as VirtualClock;
  const simStart = v.now();
  const startedAt = performance.timeOrigin + performance.now(); // epoch ms, comparable across threads
  node.start();
  while (node.telegram.sentCount < messages) {
    await v.runUntil(v.now() + 10_000, () => node.system.settle());
    report({ type: 'progress', delivered: node.telegram.sentCount });
  }
  const endedAt = performance.timeOrigin + performance.now();
  report({ type: 'bench', delivered: node.telegram.sentCount, startedAt, endedAt, simMs: v.now() - simStart, crossShard, deadLetters: node.deadLetters.list().length });
  await node.stop();
  closePorts();
}

function closePorts(): void {
  for (const port of init.peers) (port as MessagePort | undefined)?.close();
  shared.close();
}

if (mode.kind === 'bench') {
  await runBench(mode.messages);
} else {
  node.bus.subscribe('piyasa.chat.*.said', (_s, event) => report({ type: 'said', event: event as SaidEvent }));
  node.telegram.onHuman((message) => report({ type: 'human', message }));
  parentPort!.on('message', async (m: { type: string }) => {
    if (m.type !== 'stop') return;
    await node.stop();
    report({ type: 'stopped', sent: node.telegram.sentCount, deadLetters: node.deadLetters.list().length, crossShard });
    closePorts();
    parentPort!.close(); // the report above is already queued on the main thread's side
  });
  node.start();
}
