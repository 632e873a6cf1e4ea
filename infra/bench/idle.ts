// Child process of `piyasa bench engine`: memory held by N idle bots in M chats (V8 heap plus array
// buffers), measured with a forced GC before and after spawning them (run with --expose-gc).
import { VirtualClock } from '../../transport/index.ts';
import { createSingleNode } from '../root/single.ts';
import { memoryLogger } from '../log.ts';
import { benchConfig } from './engine.ts';

const [bots = 10_000, chats = 1_000, seed = 1] = process.argv.slice(2).map(Number);
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with --expose-gc');

gc();
const used = (): number => process.memoryUsage().heapUsed + process.memoryUsage().arrayBuffers;
const before = used();
const config = benchConfig(chats, Math.max(1, Math.round(bots / chats)));
const node = createSingleNode({ config, clock: new VirtualClock(Date.UTC(2026, 10, 23, 7, 0, 0)), seed, logger: memoryLogger('error'), script: false });
node.start();
await node.system.settle();
gc();
const heapBytes = used() - before;
console.log(JSON.stringify({ bots: config.bots.length, chats: config.chats.length, heapBytes, perBotBytes: heapBytes / config.bots.length }));
// Keep the node reachable until the measurement is taken.
if (node.bots.size !== config.bots.length) process.exitCode = 1;
