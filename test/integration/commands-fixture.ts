// One node on the Telegram sandbox with its commands served on a NATS server of the test's own, and a
// raw @nats-io/transport-node client to talk to it — the way an operator's script does.
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { SystemClock } from '../../transport/index.ts';
import { DEMO_CONFIG_PATH, loadConfig, type Config } from '../../infra/config/index.ts';
import { memoryLogger } from '../../infra/log.ts';
import { startTelegramNode, type TelegramNode } from '../../infra/root/telegram.ts';
import { startNodeCommands, type NodeCommands } from '../../infra/commands/index.ts';
import type { MemoryBotMemories } from '../../persistence/index.ts';

/** The demo's bots (all hours), one chat, no script, brisk pace without typing: turns every few seconds. */
export function brisk(): Config {
  const demo = loadConfig(DEMO_CONFIG_PATH);
  const bots = demo.bots.map((b) => ({ ...b, activeHours: [], minGapSec: 5 }));
  return {
    ...demo, bots,
    settings: { ...demo.settings, typing: false, dayCurve: false, baseTurnSec: 8, primeTurnSec: 8, minTurnSec: 1, maxTurnSec: 30 },
    chats: [{ ...demo.chats[0]!, members: bots.map((b) => b.id), script: [] }],
  };
}

export interface CommandNodeFixture {
  readonly t: TelegramNode;
  readonly commands: NodeCommands;
  readonly node: NatsConnection;
  readonly logger: ReturnType<typeof memoryLogger>;
  readonly audit: ReturnType<typeof memoryLogger>;
  stop(): Promise<void>;
}

/** Starts the node (sandbox on a free port, clock ×`speed`; bots remember in `memories` when given, as
 * with --memory) and serves its commands on `url`. */
export async function startCommandNode(url: string, o: { user?: string; pass?: string; speed?: number; seed?: number; config?: Config; memories?: MemoryBotMemories } = {}): Promise<CommandNodeFixture> {
  const logger = memoryLogger('warn');
  const audit = memoryLogger('info');
  const t = await startTelegramNode({ config: o.config ?? brisk(), clock: new SystemClock({ speed: o.speed ?? 4 }), seed: o.seed ?? 5, logger, telegram: { mode: 'sandbox', port: 0 }, script: false, cardsEveryMs: 60_000, pollSec: 5, ...(o.memories ? { memories: o.memories } : {}) });
  const node = await connect({ servers: url, name: 'piyasa-commands-test-node', ...(o.user ? { user: o.user, pass: o.pass } : {}) });
  const commands = startNodeCommands({ node: t.node, apply: t.apply, check: t.check, id: 'node-a', logger, audit, nats: node });
  await node.flush();
  return {
    t, commands, node, logger, audit,
    async stop() {
      await commands.stop();
      await node.close();
      await t.stop();
    },
  };
}

/** A request with a raw client: the reply parsed as JSON. */
export async function ask(client: NatsConnection, subject: string, body: unknown, timeout = 15_000): Promise<Record<string, unknown>> {
  const data = typeof body === 'string' || body instanceof Uint8Array ? body : JSON.stringify(body);
  const reply = await client.request(subject, data, { timeout });
  return JSON.parse(reply.string()) as Record<string, unknown>;
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
