// A cluster on this machine for tests and `piyasa bench cluster`: its own database on the PostgreSQL
// server (migrated, dropped after), its own names on the NATS server (stream and lease bucket deleted
// after), one `piyasa sandbox` process as Telegram (given the nodes' tokens; it records every send with
// its outbox key) and any number of `piyasa node` processes — started, signalled, always killed at the end.
import { mkdtempSync, rmSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { jetstreamManager } from '@nats-io/jetstream';
import { Kvm } from '@nats-io/kv';
import type { NatsConnection } from '@nats-io/transport-node';
import { Database } from '../../persistence/index.ts';
import { NatsLeaseKv, PARTITIONS, clusterNames, connectNats, decode, encode, homeChats, partitionOf, type ClusterNames, type HomeOf } from '../../transport/index.ts';
import { chatVar, tokenVar, type Config } from '../config/index.ts';
import type { ClusterStatus } from '../root/cluster.ts';
import { writeConfig } from './cluster-config.ts';
import { piyasaProcess, type PiyasaProcess } from './cluster-proc.ts';

export interface ClusterRunOptions {
  readonly config: Config;
  /** NATS server URL. Default the shared one (NATS_URL or nats://127.0.0.1:4222). */
  readonly natsUrl?: string;
  /** PostgreSQL server (no database part). Default PIYASA_TEST_PG or postgresql://postgres@127.0.0.1:5432. */
  readonly pgServer?: string;
  /** The sandbox as Telegram (default), or each node's in-memory fake. */
  readonly telegram?: 'sandbox' | 'memory';
  /** Sandbox answers 429 past Telegram's limits. Default true. */
  readonly limits?: boolean;
  /** Names start with this (default `cc` + random): nothing is shared with anything else. */
  readonly prefix?: string;
  readonly logLevel?: string;
  /** More environment for every node. */
  readonly env?: NodeJS.ProcessEnv;
}

export interface SandboxSend { readonly at: number; readonly bot: string; readonly chatId: number; readonly messageId: number; readonly key?: string }

export class ClusterRun {
  readonly nodes = new Map<string, PiyasaProcess>();
  readonly names: ClusterNames;
  readonly databaseUrl: string;
  /** Config chat id → Telegram chat id (the sandbox's). */
  readonly chatIds = new Map<string, number>();
  sandbox: PiyasaProcess | undefined;
  sandboxUrl: string | undefined;
  private readonly dir: string;
  private readonly configFile: string;
  private readonly tokenEnv: NodeJS.ProcessEnv = {};
  private nc: NatsConnection | undefined;
  private readonly home: HomeOf;

  private constructor(readonly o: ClusterRunOptions, readonly prefix: string, private readonly dbName: string, private readonly pgServer: string) {
    this.names = clusterNames(prefix);
    this.databaseUrl = `${pgServer}/${dbName}`;
    this.dir = mkdtempSync(path.join(tmpdir(), `${prefix}-`));
    this.configFile = path.join(this.dir, 'cluster.yaml');
    this.home = homeChats(o.config.chats);
    writeConfig(o.config, this.configFile);
    o.config.bots.forEach((b, i) => (this.tokenEnv[tokenVar(b.id)] = `${7_100_000_001 + i}:${randomBytes(24).toString('base64url')}`));
    o.config.chats.forEach((c, i) => {
      this.chatIds.set(c.id, -1_002_000_000_001 - i);
      this.tokenEnv[chatVar(c.id)] = String(this.chatIds.get(c.id));
    });
  }

  get natsUrl(): string {
    return this.o.natsUrl ?? process.env.NATS_URL ?? 'nats://127.0.0.1:4222';
  }

  /** Creates the database and (with the sandbox) starts the sandbox process. */
  static async create(o: ClusterRunOptions): Promise<ClusterRun> {
    const prefix = o.prefix ?? `cc${randomBytes(4).toString('hex')}`;
    const pg = o.pgServer ?? process.env.PIYASA_TEST_PG ?? 'postgresql://postgres@127.0.0.1:5432';
    const run = new ClusterRun(o, prefix, `piyasa_${prefix.toLowerCase().replace(/-/g, '_')}`, pg);
    try {
      const db = await Database.open(run.databaseUrl, { create: true });
      await db.migrate();
      await db.close();
      run.nc = await connectNats({ servers: [run.natsUrl], name: `${prefix}-harness` });
      if ((o.telegram ?? 'sandbox') === 'sandbox') await run.startSandbox();
    } catch (error) {
      await run.close();
      throw error;
    }
    return run;
  }

  private env(): NodeJS.ProcessEnv {
    return {
      NATS_URL: this.natsUrl, DATABASE_URL: this.databaseUrl, PIYASA_HTTP_PORT: '0',
      ...(this.sandboxUrl ? { ...this.tokenEnv, TELEGRAM_API_ROOT: this.sandboxUrl, PIYASA_TELEGRAM_SEND_KEYS: '1' } : {}),
      ...this.o.env,
    };
  }

  private async startSandbox(): Promise<void> {
    this.sandbox = piyasaProcess('sandbox', ['sandbox', '--config', this.configFile, '--port', '0', '--limits', this.o.limits === false ? 'off' : 'telegram'], { ...this.tokenEnv });
    const m = await this.sandbox.waitForOutput(/sandbox at (http:\/\/\S+)/, 60_000);
    this.sandboxUrl = m[1]!;
  }

  /** Starts `piyasa node` as `id`; resolves once it is up (its heartbeats started). */
  async startNode(id: string, extraArgs: readonly string[] = []): Promise<PiyasaProcess> {
    const args = ['node', '--config', this.configFile, '--prefix', this.prefix, '--log-level', this.o.logLevel ?? 'info', '--status-every', '0',
      ...(this.sandboxUrl ? [] : ['--telegram', 'memory']), ...extraArgs];
    const p = piyasaProcess(id, args, { ...this.env(), PIYASA_NODE_ID: id });
    this.nodes.set(id, p);
    await p.waitForOutput(/Ctrl\+C hands its partitions over/, 180_000);
    return p;
  }

  /** `piyasa start` on this run's config and database without NATS — the single-node product (the
   * in-process bus, no leases or fencing) — with its in-memory Telegram and no transcript; resolves
   * once it serves HTTP (its /metrics). */
  async startSingle(id: string): Promise<PiyasaProcess> {
    const args = ['start', '--config', this.configFile, '--telegram', 'memory', '--port', '0', '--quiet', '--log-level', this.o.logLevel ?? 'info'];
    const p = piyasaProcess(id, args, { DATABASE_URL: this.databaseUrl, NATS_URL: '', PIYASA_HTTP_PORT: '0', ...this.o.env });
    this.nodes.set(id, p);
    await p.waitForOutput(/HTTP: \S+\/metrics/, 180_000);
    return p;
  }

  /** A node's status (undefined when it does not answer: dead, paused). */
  async status(id: string, timeoutMs = 1_000): Promise<ClusterStatus | undefined> {
    try {
      const r = await this.nc!.request(this.names.nodeStatus(id), encode({}), { timeout: timeoutMs });
      const d = decode(r.data);
      return d.ok ? (d.value as ClusterStatus) : undefined;
    } catch {
      return undefined;
    }
  }

  /** Who holds each partition's lease now (partition → node). */
  async leases(): Promise<Map<number, string>> {
    const kv = await NatsLeaseKv.open(this.nc!, this.names.leases);
    const out = new Map<number, string>();
    for (const [key, e] of await kv.all()) out.set(Number(key.slice(2)), e.value);
    return out;
  }

  /** Every send the sandbox recorded. */
  async sends(): Promise<SandboxSend[]> {
    const r = await fetch(`${this.sandboxUrl}/api/sends`);
    return ((await r.json()) as { sends: SandboxSend[] }).sends;
  }

  /** A person writes in a chat (through the sandbox); its Telegram message id. */
  async human(chatId: string, username: string, text: string): Promise<number> {
    const r = await fetch(`${this.sandboxUrl}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ chatId: this.chatIds.get(chatId), username, text }) });
    const b = (await r.json()) as { ok: boolean; messageId?: number; error?: string };
    if (!b.ok) throw new Error(`sandbox: ${b.error}`);
    return b.messageId!;
  }

  /** A statement on the cluster's database (the checkers read it). */
  async query<T>(sql: string, params: unknown[] = []): Promise<T[]> {
    const db = await Database.open(this.databaseUrl);
    try {
      return await db.orm.em.getConnection().execute<T[]>(sql, params);
    } finally {
      await db.close();
    }
  }

  /** The partition of a chat (as the nodes compute it). */
  partitionOf(chatId: string): number {
    return partitionOf({ kind: 'chat', id: chatId }, PARTITIONS, this.home);
  }

  /** The partition of a bot (its home chat's). */
  partitionOfBot(botId: string): number {
    return partitionOf({ kind: 'bot', id: botId }, PARTITIONS, this.home);
  }

  /** The harness's own NATS connection. */
  get connection(): NatsConnection {
    return this.nc!;
  }

  /** Kills every process (kill -9), deletes the stream and bucket, drops the database, removes files. */
  async close(): Promise<void> {
    for (const p of [...this.nodes.values(), ...(this.sandbox ? [this.sandbox] : [])]) {
      p.signal('SIGCONT');
      p.signal('SIGKILL');
    }
    await Promise.all([...this.nodes.values()].map((p) => p.exited));
    if (this.nc) {
      const jsm = await jetstreamManager(this.nc).catch(() => undefined);
      await jsm?.streams.delete(this.names.stream).catch(() => undefined);
      await new Kvm(this.nc).open(this.names.leases).then((b) => b.destroy()).catch(() => undefined);
      await this.nc.close().catch(() => undefined);
    }
    const admin = await Database.open(`${this.pgServer}/postgres`).catch(() => undefined);
    await admin?.orm.em.getConnection().execute(`drop database if exists "${this.dbName}" with (force)`).catch(() => undefined);
    await admin?.close();
    rmSync(this.dir, { recursive: true, force: true });
  }
}
