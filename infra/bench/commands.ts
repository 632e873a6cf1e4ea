// `piyasa bench commands`: the round trip of a command over NATS to one node (raw client → the command
// subject → the service → the chat's actor → the answer) next to a bare NATS request/reply on the same
// server in the same run, interleaved so both see the same load. Subjects under a prefix of its own,
// so the shared server's other users are not disturbed.
import { performance } from 'node:perf_hooks';
import { randomBytes } from 'node:crypto';
import { connect } from '@nats-io/transport-node';
import { SystemClock } from '../../transport/index.ts';
import { DEMO_CONFIG_PATH, loadConfig } from '../config/index.ts';
import { jsonLogger, memoryLogger } from '../log.ts';
import { createSingleNode } from '../root/single.ts';
import { startNodeCommands } from '../commands/index.ts';
import { numberFlag, stringFlag, type Flags } from '../cli/args.ts';
import { Progress } from './progress.ts';

const KINDS = ['bare', 'chat status', 'chat pace', 'cluster status'] as const;
type Kind = (typeof KINDS)[number];

function quantile(sorted: readonly number[], q: number): number {
  return sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
}

export interface CommandsBenchResult {
  readonly ms: Readonly<Record<Kind, readonly number[]>>;
  readonly failures: number;
}

/** Runs `rounds` rounds; each round sends one request of every kind, in turn, waiting for each answer. */
export async function runCommandsBench(server: string, rounds: number, progress?: Progress): Promise<CommandsBenchResult> {
  const prefix = `piyasa-bench-${randomBytes(3).toString('hex')}`;
  const demo = loadConfig(DEMO_CONFIG_PATH);
  const config = { ...demo, settings: { ...demo.settings, typing: false }, chats: demo.chats.map((c) => ({ ...c, script: [] })) };
  const logger = memoryLogger('error');
  const node = createSingleNode({ config, clock: new SystemClock(), seed: 1, logger, script: false, record: false });
  node.start();
  const nodeConn = await connect({ servers: server, name: `${prefix}-node` });
  const commands = startNodeCommands({ node, id: 'bench-node', logger, audit: jsonLogger('silent'), nats: nodeConn, prefix });
  const echo = nodeConn.subscribe(`${prefix}.bare`, { callback: (_e, m) => void m.respond(m.data) });
  await nodeConn.flush();
  const client = await connect({ servers: server, name: `${prefix}-client` });
  const requests: Record<Kind, [string, string]> = {
    'bare': [`${prefix}.bare`, '{"cmd":"status"}'],
    'chat status': [`${prefix}.chat.demo.cmd`, '{"cmd":"status"}'],
    'chat pace': [`${prefix}.chat.demo.cmd`, '{"cmd":"pace","perMinute":2}'],
    'cluster status': [`${prefix}.cmd`, '{"cmd":"status"}'],
  };
  const ms: Record<Kind, number[]> = { 'bare': [], 'chat status': [], 'chat pace': [], 'cluster status': [] };
  let failures = 0;
  const started = performance.now();
  try {
    for (let i = 0; i < 50; i++) for (const k of KINDS) await client.request(...requests[k], { timeout: 5_000 }); // warm-up
    for (let r = 0; r < rounds; r++) {
      for (const k of KINDS) {
        const t0 = performance.now();
        const reply = await client.request(requests[k][0], requests[k][1], { timeout: 5_000 });
        ms[k].push(performance.now() - t0);
        if (k !== 'bare' && (reply.json<{ ok?: boolean }>()).ok !== true) failures++;
      }
      progress?.update(r + 1, rounds, performance.now() - started);
    }
  } finally {
    progress?.done();
    echo.unsubscribe();
    await client.close();
    await commands.stop();
    await nodeConn.close();
    await node.stop();
  }
  return { ms, failures };
}

export async function commandsBenchCommand(flags: Flags): Promise<number> {
  const rounds = numberFlag(flags, 'requests', 2_000, { min: 10, integer: true });
  const server = stringFlag(flags, 'server', process.env.NATS_URL ?? 'nats://127.0.0.1:4222');
  console.log(`bench commands: ${rounds} requests of each kind over NATS at ${server.replace(/\/\/[^@/]*@/, '//')}, interleaved (one at a time), one node (the demo: 6 bots, 1 chat) under its own subject prefix`);
  const r = await runCommandsBench(server, rounds, new Progress('requests'));
  const f = (x: number) => x.toFixed(2);
  const bare = [...r.ms.bare].sort((a, b) => a - b);
  console.log(`${'kind'.padEnd(16)} ${'p50 ms'.padStart(8)} ${'p99 ms'.padStart(8)} ${'mean ms'.padStart(8)}   vs bare p50 / p99`);
  for (const k of KINDS) {
    const s = [...r.ms[k]].sort((a, b) => a - b);
    const mean = s.reduce((a, b) => a + b, 0) / s.length;
    const vs = k === 'bare' ? '' : `   ×${(quantile(s, 0.5) / quantile(bare, 0.5)).toFixed(1)} / ×${(quantile(s, 0.99) / quantile(bare, 0.99)).toFixed(1)}`;
    console.log(`${k.padEnd(16)} ${f(quantile(s, 0.5)).padStart(8)} ${f(quantile(s, 0.99)).padStart(8)} ${f(mean).padStart(8)}${vs}`);
  }
  console.log(`answers not ok: ${r.failures}`);
  return r.failures === 0 ? 0 : 1;
}
