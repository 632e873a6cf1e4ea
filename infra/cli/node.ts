// `piyasa node`: one node of a cluster. NATS_URL (with its credentials) finds the others, DATABASE_URL
// is the cluster's one PostgreSQL, PIYASA_NODE_ID names this node (host-pid by default). Nodes share
// the partitions between them; SIGTERM or Ctrl+C hands this node's partitions over before it exits.
// Each node serves the commands (piyasa.cmd, piyasa.chat.<id>.cmd: one node of the queue group answers,
// a chat's command reaches its owner), its HTTP server (PIYASA_HTTP_PORT: /metrics, /healthz, /readyz,
// /console) and traces every turn across the NATS hops (OTEL_*).
import { fnv1a, type Logger } from '../../actors/index.ts';
import { NatsStartupError, SystemClock, connectNats, homeChats, partitionOf, PARTITIONS } from '../../transport/index.ts';
import {
  ConfigError, DEMO_CONFIG_PATH, httpHost, httpPort, llmSettings, natsEnv, nodeId, otelSettings, storageEnv, telegramEnv,
  type Config, type NatsEnv, type OtelSettings, type TelegramEnv,
} from '../config/index.ts';
import { pgCatalogStore, startNodeCommands } from '../commands/index.ts';
import { mountConsole } from '../console/index.ts';
import { startNodeTelemetry, type NodeTelemetry } from '../root/telemetry.ts';
import { isStartupError, openStorage } from '../db/storage.ts';
import { PgNewsLog, PgSharedState, safeUrl } from '../../persistence/index.ts';
import { jsonLogger, type Level } from '../log.ts';
import { startClusterNode, type ClusterNode } from '../root/cluster.ts';
import type { NodeChange } from '../root/changes.ts';
import type { PingableDatabase } from '../http/index.ts';
import type { ClusterView } from '../console/figures.ts';
import type { NatsConnection } from '@nats-io/transport-node';
import { clusterTelegram } from '../root/cluster-telegram.ts';
import { createNodeLlm } from '../root/llm.ts';
import { numberFlag, stringFlag, type Flags } from './args.ts';
import { configInput } from './inputs.ts';
import { untilStopped } from './run.ts';

const LEVELS = ['debug', 'info', 'warn', 'error', 'silent'];
type RealTelegram = Extract<TelegramEnv, { mode: 'telegram' }>;

interface NodeEnv {
  readonly nats: NatsEnv;
  readonly id: string;
  readonly databaseUrl: string;
  readonly tokenKey?: string;
  readonly telegram: RealTelegram | undefined;
  readonly http: { readonly port: number | undefined; readonly host: string };
  readonly otel: OtelSettings;
}

/** The node's environment, or the one line saying what is wrong. */
function nodeEnvironment(config: Config, memory: boolean): NodeEnv | string {
  try {
    const nats = natsEnv();
    if (!nats) return 'set NATS_URL: the NATS server the cluster\'s nodes meet on (e.g. nats://127.0.0.1:4222)';
    const { databaseUrl, tokenKey } = storageEnv();
    if (!databaseUrl) return 'set DATABASE_URL: a cluster keeps its state in one PostgreSQL that every node uses';
    const telegram = memory ? undefined : telegramEnv(config);
    if (telegram?.mode === 'sandbox') {
      return 'a cluster node needs the bots\' tokens (PIYASA_BOT_TOKEN_<BOT>) and chats (PIYASA_TELEGRAM_CHAT_<CHAT>): real Telegram, or one "piyasa sandbox" given the same variables with TELEGRAM_API_ROOT pointing at it; or --telegram memory';
    }
    return { nats, id: nodeId(), databaseUrl, ...(tokenKey ? { tokenKey } : {}), telegram, http: { port: httpPort(), host: httpHost() }, otel: otelSettings() };
  } catch (error) {
    if (error instanceof ConfigError) return `invalid environment: ${error.message}`;
    throw error;
  }
}

export async function nodeCommand(flags: Flags): Promise<number> {
  const file = stringFlag(flags, 'config', DEMO_CONFIG_PATH);
  const level = stringFlag(flags, 'log-level', 'warn');
  if (!LEVELS.includes(level)) throw new Error(`--log-level: must be one of ${LEVELS.join(', ')} (got "${level}")`);
  const seed = numberFlag(flags, 'seed', Math.floor(Math.random() * 2 ** 31), { min: 0, integer: true });
  const prefix = stringFlag(flags, 'prefix', 'piyasa');
  const statusEvery = numberFlag(flags, 'status-every', 10, { min: 0 });
  const mode = stringFlag(flags, 'telegram', 'auto');
  if (mode !== 'auto' && mode !== 'memory') throw new Error(`--telegram: must be auto or memory (got "${mode}")`);
  const config = configInput(file);
  const env = nodeEnvironment(config, mode === 'memory');
  if (typeof env === 'string') {
    console.error(`piyasa node: ${env}`);
    return 2;
  }
  const clock = new SystemClock();
  const logger: Logger = jsonLogger(level as Level, undefined, () => clock.now());
  const port = numberFlag(flags, 'port', env.http.port ?? 8080, { min: 0, max: 65_535, integer: true });
  let tel: NodeTelemetry;
  try {
    tel = await startNodeTelemetry({ port, host: env.http.host, nodeId: env.id, otel: env.otel, keepRecent: false, logger });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error;
    console.error(`piyasa node: port ${port} is in use: give each node on a machine its own (--port N or PIYASA_HTTP_PORT; 0 picks a free one)`);
    return 2;
  }
  let nc;
  try {
    nc = await connectNats({ ...env.nats, name: env.id, logger });
  } catch (error) {
    await tel.close();
    if (error instanceof NatsStartupError) {
      console.error(`piyasa node: ${error.message}`);
      return 2;
    }
    throw error;
  }
  let storage;
  try {
    storage = await openStorage({ config, logger, databaseUrl: env.databaseUrl, ...(env.tokenKey ? { tokenKey: env.tokenKey } : {}), now: clock.now(), recover: false });
  } catch (error) {
    await nc.close();
    await tel.close();
    if (!isStartupError(error)) throw error;
    console.error(`piyasa node: ${error.message}`);
    return 2;
  }
  const known = storage.config;
  const home = homeChats(known.chats);
  // The adapter is made before the cluster node (which sends through it); the gate and the intake
  // are handed to it once the node exists, before any partition starts.
  const tg = env.telegram ? clusterTelegram({
    config: known, env: env.telegram, clock, logger, partitionOf: (chatId) => partitionOf({ kind: 'chat', id: chatId }, PARTITIONS, home),
    onRequest: (r) => tel.metrics.telegramRequest(r), tokenOf: storage.tokenOf, holds: (p) => cluster?.ownership.fenceOf(p) !== undefined,
  }) : undefined;
  if (tg) for (const problem of await tg.telegram.connect()) logger.error('telegram.connect', { problem });
  if (env.telegram) await storage.sealTokens(env.telegram.tokens);
  // One LLM quota for the cluster (reserved by compare-and-set in PostgreSQL) and one market: every node
  // derives prices from the same seed (--seed, else the cluster's prefix) and reads the same news.
  const llm = createNodeLlm(llmSettings(), { clock, logger, sharedQuota: { store: new PgSharedState(storage.db), node: env.id }, onRequest: (r) => tel.metrics.llmRequest(r) });
  const marketSeed = flags.seed !== undefined ? seed : fnv1a(`market:${prefix}`);
  let cluster: ClusterNode | undefined;
  cluster = await startClusterNode({
    config: known, clock, seed, logger, llm: llm.llm, nc, nodeId: env.id, store: storage.store, stores: tel.stores(storage.stores), prefix,
    marketSeed, news: new PgNewsLog(storage.db), ...tel.nodeOptions, traceBusHops: true,
    ...(tg ? { telegramPort: tg.telegram, onPartition: tg } : {}),
  });
  tg?.useIntake(cluster.intake);
  tg?.useGate(cluster.mayDispatch);
  observeCluster(tel, cluster, storage.health, nc);
  const commands = startNodeCommands({
    node: cluster.node, id: env.id, logger, audit: jsonLogger('info', undefined, () => clock.now()), nats: nc, prefix, bridge: false,
    store: pgCatalogStore(storage.catalog, () => clock.now(), storage.sealToken),
    command: cluster.command, botStatus: cluster.botStatus, members: cluster.members,
    apply: async (change) => {
      await tg?.change(change);
      return cluster.apply(change);
    },
    ...(tg ? { check: (change: NodeChange) => tg.check(change) } : {}),
    llmUsage: () => llm.groq?.stats,
  });
  mountConsole(tel.http, {
    db: storage.db, commands: commands.service, logger,
    live: { deadLetters: () => cluster.status().deadLetters, cluster: () => clusterView(cluster) },
  });
  console.log(`Piyasa node ${env.id} — ${known.bots.length} bots in ${known.chats.length} chat(s) from ${file}`);
  console.log(`HTTP: ${tel.http.url}/metrics, /healthz, /readyz, /console; commands on ${prefix}.cmd and ${prefix}.chat.<id>.cmd${tel.tracing.exporting ? `; traces: ${tel.tracing.describe}` : ''}`);
  console.log(`cluster "${prefix}" on NATS ${env.nats.servers.map((s) => s.replace(/\/\/[^@/]*@/, '//')).join(', ')}, database ${safeUrl(env.databaseUrl)}, ${env.telegram ? (env.telegram.apiRoot ? `Telegram API at ${env.telegram.apiRoot}` : 'Telegram') : 'in-memory Telegram'}, ${llm.describe}. Ctrl+C hands its partitions over and stops.`);
  const every = statusEvery > 0 ? setInterval(() => {
    const s = cluster.status();
    console.log(`${new Date().toISOString()} ${env.id}: ${s.partitions.length} partitions, ${s.chats} chats, ${s.bots} bots here; nodes: ${s.nodes.join(', ')}`);
  }, statusEvery * 1000) : undefined;
  await untilStopped();
  if (every) clearInterval(every);
  console.log(`${env.id}: leaving — handing ${cluster.ownership.owned().length} partitions over`);
  await commands.stop();
  await cluster.leave();
  await tel.close();
  await storage.close();
  await nc.drain().catch(() => undefined);
  const s = cluster.status();
  console.log(`${env.id}: stopped (${s.ownership.acquired + s.ownership.stolen} partitions taken, ${s.ownership.released} handed over, fenced writes ${s.fenced.writes}, refused sends ${s.fenced.dispatch}).`);
  return 0;
}

/** The cluster in the node's metrics and readiness: partitions held, takeovers, fencing refusals; NATS
 * connected and the database answering. */
function observeCluster(tel: NodeTelemetry, cluster: ClusterNode, db: PingableDatabase, nc: NatsConnection): void {
  tel.database(db);
  tel.watch(cluster.node);
  tel.metrics.watchCluster(() => {
    const s = cluster.status();
    return { partitionsOwned: s.partitions.length, failovers: s.ownership.stolen, fencing: { write: s.fenced.writes, dispatch: s.fenced.dispatch } };
  });
  tel.http.readiness.add('nats', () => (nc.isClosed() ? 'the NATS connection is closed' : undefined));
  tel.http.readiness.add('partitions', () => {
    const s = cluster.status();
    return s.partitions.length > 0 || s.nodes.length > PARTITIONS ? undefined : `holds no partition yet (${s.nodes.length} live node(s))`;
  });
}

/** The nodes and their partitions, for the console's dashboard. */
async function clusterView(cluster: ClusterNode): Promise<ClusterView> {
  const members = await cluster.members();
  const self = cluster.status().node;
  return { partitions: PARTITIONS, nodes: members.map((m) => ({ id: m.id, partitions: m.partitions.length, ...(m.id === self ? { self: true } : {}) })) };
}
