// The chaos harness: the Telegram sandbox (limits off, so a breach shows in its record instead of
// being refused) and a PostgreSQL database of the run's own, N node processes pointed at them, a load
// generator of people's messages, and a chaos agent that kill -9s, SIGSTOPs (then SIGCONTs) and
// SIGTERMs nodes and restarts what it killed. At the end every node is stopped, the sandbox's record
// and the database rows go to the checker (checker.ts), and the run's figures come back.
import { spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, createWriteStream, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { parse } from 'yaml';
import { Sandbox, serveSandbox, type SandboxEvent } from '../../transport/index.ts';
import { createTestDatabase } from '../contract/pg-db.ts';
import { root } from '../integration/piyasa-run.ts';
import { check, type BotRule, type ChaosRecord, type FencedWrite, type HumanPost, type LeaseGrant, type SandboxSend, type Verdict } from './checker.ts';

export type EventKind = 'kill-9' | 'sigstop' | 'sigterm';

export interface ChaosOptions {
  /** The config file the nodes run (YAML). */
  readonly config: string;
  readonly nodes: number;
  readonly events: number;
  readonly seed: number;
  /** The node command after `piyasa` (e.g. ['start', '--config', file] or ['node', '--config', file]). */
  readonly command: readonly string[];
  /** Extra environment for every node (NATS_URL …); `PIYASA_NODE_ID` is set per node. */
  readonly env?: Readonly<Record<string, string>>;
  /** Pause between events, ms. Default [2 000, 5 000]. */
  readonly gapMs?: readonly [number, number];
  /** How long a SIGSTOP lasts, ms. Default [2 000, 5 000]. */
  readonly stopMs?: readonly [number, number];
  /** A person's message every … ms (into a random chat). Default [1 500, 4 000]. */
  readonly humanMs?: readonly [number, number];
  /** Wait after the last event before stopping, ms. Default 8 000. */
  readonly settleMs?: number;
  readonly progress?: (line: string) => void;
  /** After the nodes stopped, send through the sandbox's Bot API what a broken node would: the last
   * bot message once more ('duplicate'), or a bot's hourly limit plus one ('overrun'). The checker
   * must then name it. */
  readonly plant?: 'duplicate' | 'overrun';
  /** A node is up once its output matches this (then the next event may come). Default: the start
   * banner's "HTTP: …" line. */
  readonly ready?: RegExp;
  /** Copy the nodes' output here before the run's folder is removed. */
  readonly keepLogs?: string;
}

export interface ChaosEvent {
  readonly kind: EventKind;
  readonly node: number;
  readonly at: number;
  /** Back in service: restarted (kill, term) or continued (stop). */
  readonly backAt: number;
  /** From the event to the next bot message the sandbox accepted (any chat): the run's recovery. */
  nextSendMs?: number;
}

export interface ChaosResult {
  readonly verdict: Verdict;
  readonly events: readonly ChaosEvent[];
  readonly durationMs: number;
  readonly logs: string;
}

/** mulberry32: the harness's own seeded stream (the chaos plan replays for a seed). */
function rng(seed: number): () => number {
  let s = seed | 0;
  return () => {
    s = (s + 0x6d2b79f5) | 0;
    let t = Math.imul(s ^ (s >>> 15), s | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
const envName = (prefix: string, id: string) => `${prefix}${id.toUpperCase().replace(/[^A-Z0-9]/g, '_')}`;
const TSX = import.meta.resolve('tsx');
const MAIN = path.join(root, 'infra/cli/main.ts');

interface Declared { bots: { id: string; handle: string; name: string; hourlyLimit?: number }[]; chats: { id: string; title?: string; members: string[] }[]; settings?: { telegram?: Partial<ChaosRecord['telegram']> } }

export async function runChaos(o: ChaosOptions): Promise<ChaosResult> {
  const random = rng(o.seed);
  const between = ([a, b]: readonly [number, number]) => a + random() * (b - a);
  const say = o.progress ?? (() => undefined);
  const declared = parse(readFileSync(o.config, 'utf8')) as Declared;
  const dir = mkdtempSync(path.join(tmpdir(), 'piyasa-chaos-'));
  const db = await createTestDatabase();
  const sandbox = new Sandbox({ limits: false });
  const server = await serveSandbox(sandbox, { port: 0 });
  const started = Date.now();
  const procs: (ChildProcess | undefined)[] = [];
  try {
    return await run();
  } finally {
    // Whatever happened: no node left running, nothing left behind (the nodes' lines kept when asked).
    for (const c of procs) if (c && c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
    const lines = path.join(dir, 'nodes.log');
    if (o.keepLogs && existsSync(lines)) copyFileSync(lines, o.keepLogs);
    sandbox.close();
    await server.close();
    await db.drop();
    rmSync(dir, { recursive: true, force: true });
  }

  async function run(): Promise<ChaosResult> {

    // Telegram: the config's bots and groups, made-up tokens; every bot reads the whole group.
    const env: Record<string, string> = {
      DATABASE_URL: db.url, PIYASA_TOKEN_KEY: randomBytes(32).toString('base64'), TELEGRAM_API_ROOT: `${server.url}/`,
      PIYASA_HTTP_PORT: '0', NO_COLOR: '1', ...o.env,
    };
    const botIds = new Map<number, string>();
    const tokens = new Map<string, string>();
    declared.bots.forEach((b, i) => {
      const token = `${8_100_000_001 + i}:${randomBytes(18).toString('base64url')}`;
      tokens.set(b.handle, token);
      env[envName('PIYASA_BOT_TOKEN_', b.id)] = token;
      botIds.set(sandbox.addBot({ token, username: b.handle, firstName: b.name, canReadAll: true }).id, b.handle);
    });
    const chats: Record<string, number> = {};
    declared.chats.forEach((c, i) => {
      chats[c.id] = -1_002_000_000_001 - i;
      env[envName('PIYASA_TELEGRAM_CHAT_', c.id)] = String(chats[c.id]);
      sandbox.addChat({ id: chats[c.id]!, title: c.title ?? c.id, bots: c.members.map((m) => declared.bots.find((b) => b.id === m)!.handle) });
    });

    // The sandbox's record: every bot message when it was accepted (ms), reactions from its request log.
    const sends: SandboxSend[] = [];
    sandbox.events.on('event', (e: SandboxEvent) => {
      if (e.type === 'message' && e.message.isBot) sends.push({ chat: e.message.chatId, bot: e.message.username ?? String(e.message.fromId), messageId: e.message.id, text: e.message.text, at: Date.now() });
    });

    // Nodes: one process each, output to a log file, restarted after a kill.
    const logs = path.join(dir, 'nodes.log');
    const log = createWriteStream(logs);
    // Each node keeps its working directory (its Telegram offsets file) across restarts.
    for (let i = 0; i < o.nodes; i++) mkdirSync(path.join(dir, `node-${i}`));
    /** Starts node i; resolves once it is up (or after 60 s, or when it exits first). */
    const spawnNode = (i: number): Promise<void> => {
      const child = spawn(process.execPath, ['--import', TSX, MAIN, ...o.command], { cwd: path.join(dir, `node-${i}`), env: { ...process.env, ...env, PIYASA_NODE_ID: `chaos-${i}` } });
      procs[i] = child;
      return new Promise<void>((resolve) => {
        let out = '';
        const timer = setTimeout(resolve, 60_000);
        const up = (): void => {
          clearTimeout(timer);
          resolve();
        };
        child.stdout!.on('data', (d: Buffer) => {
          log.write(`[${i}] ${d.toString()}`);
          if (out.length < 10_000) out += d.toString();
          if ((o.ready ?? /HTTP: /).test(out)) up();
        });
        child.stderr!.on('data', (d: Buffer) => log.write(`[${i}!] ${d.toString()}`));
        child.once('exit', up);
      });
    };
    const exited = (c: ChildProcess) => new Promise<void>((r) => (c.exitCode !== null || c.signalCode !== null ? r() : c.once('exit', () => r())));
    await Promise.all(Array.from({ length: o.nodes }, (_, i) => spawnNode(i)));
    say(`${o.nodes} node(s) starting: piyasa ${o.command.join(' ')}`);
    await waitFor(() => sends.length > 0, 60_000, 'no bot message within 60 s of start');

    // Load: people's messages, often addressed to a bot (a mention or a reply to its last line).
    const humans: HumanPost[] = [];
    let loading = true;
    const load = (async () => {
      const lines = ['dolar ne olur sizce?', 'THYAO alınır mı?', 'BTC nereye gider?', 'faiz kararı ne olur', 'altın pahalı mı artık?', 'bugün piyasa nasıl?'];
      for (let n = 1; loading; n++) {
        await sleep(between(o.humanMs ?? [1_500, 4_000]));
        const chat = declared.chats[Math.floor(random() * declared.chats.length)]!;
        const members = chat.members.map((m) => declared.bots.find((b) => b.id === m)!);
        const roll = random();
        const last = [...sends].reverse().find((s) => s.chat === chats[chat.id]);
        const mention = roll < 0.4 ? `@${members[Math.floor(random() * members.length)]!.handle} ` : '';
        const replyTo = roll >= 0.4 && roll < 0.6 && last ? last.messageId : undefined;
        const text = `${mention}${lines[n % lines.length]} (${n})`;
        const m = sandbox.human({ chatId: chats[chat.id]!, username: `kisi${1 + (n % 3)}`, text, ...(replyTo !== undefined ? { replyTo } : {}) });
        humans.push({ chat: chats[chat.id]!, messageId: m.message_id, username: m.from.username ?? '', text, at: Date.now(), ...(replyTo !== undefined ? { replyTo } : {}) });
      }
    })();

    // Chaos: one event at a time on a node that is up; what was killed is started again.
    const events: ChaosEvent[] = [];
    const kinds: EventKind[] = ['kill-9', 'sigstop', 'sigterm'];
    for (let e = 0; e < o.events; e++) {
      await sleep(between(o.gapMs ?? [2_000, 5_000]));
      const kind = kinds[Math.floor(random() * kinds.length)]!;
      const node = Math.floor(random() * o.nodes);
      const child = procs[node]!;
      const at = Date.now();
      if (kind === 'sigstop') {
        child.kill('SIGSTOP');
        await sleep(between(o.stopMs ?? [2_000, 5_000]));
        child.kill('SIGCONT');
      } else {
        child.kill(kind === 'kill-9' ? 'SIGKILL' : 'SIGTERM');
        await Promise.race([exited(child), sleep(15_000)]);
        if (child.exitCode === null && child.signalCode === null) {
          child.kill('SIGKILL'); // a SIGTERM that did not finish in 15 s
          await exited(child);
        }
        await spawnNode(node);
      }
      events.push({ kind, node, at, backAt: Date.now() });
      say(`event ${e + 1}/${o.events}: ${kind} node ${node} (back after ${Date.now() - at} ms); ${sends.length} sends, ${humans.length} people's messages so far`);
    }

    await sleep(o.settleMs ?? 8_000);
    loading = false;
    await load;
    await sleep(3_000); // the last people's messages reach the record
    for (const c of procs) c?.kill('SIGTERM');
    await Promise.race([Promise.all(procs.map((c) => (c ? exited(c) : undefined))), sleep(20_000)]);
    for (const c of procs) if (c && c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
    log.end();

    if (o.plant) {
      await sleep(1_500); // apart from the nodes' last sends: the plant alone is what the checker must name
      await plant(o.plant, server.url, tokens, sends, declared);
    }

    for (const ev of events) {
      const next = sends.find((s) => s.at > ev.at);
      if (next) ev.nextSendMs = next.at - ev.at;
    }
    for (const r of sandbox.requests) {
      if (r.method === 'setMessageReaction' && r.status === 200 && r.chatId !== undefined) sends.push({ chat: r.chatId, bot: botIds.get(r.botId) ?? String(r.botId), messageId: 0, text: '', at: r.at, reaction: true });
    }

    // Plain SQL over a connection (the checker gets rows, nothing of the stores' logic).
    const reader = await db.open();
    const rows = await reader.orm.em.getConnection().execute<{ chat_id: string; bot_id: string | null; text: string; telegram_message_id: string | null }[]>('select chat_id, bot_id, text, telegram_message_id from messages');
    const bots: BotRule[] = declared.bots.map((b) => ({ id: b.id, handle: b.handle, hourlyLimit: b.hourlyLimit ?? 12 }));
    const telegram = { perChatPerSec: 1, perBotPerChatPerMin: 20, perBotPerSec: 30, ...declared.settings?.telegram };
    const kept = readFileSync(logs, 'utf8');
    // A cluster run: the leases granted (each node's partition.up line, at info) and every delivery's
    // revision from the outbox, for the stale-write rule.
    const leases = leasesOf(kept);
    const writes = leases.length ? (await reader.orm.em.getConnection().execute<{ key: string; chat_id: string; rev: string; at: Date }[]>(
      `select idempotency_key as key, chat_id, owner_revision as rev, updated_at as at from outbox where state = 'sent'`))
      .map((w): FencedWrite => ({ partition: partitionOfChat(w.chat_id), revision: Number(w.rev), at: new Date(w.at).getTime(), what: `delivery ${w.key}` })) : undefined;
    const verdict = check({
      bots, telegram, chats, sends, humans,
      messages: rows.map((r) => ({ chatId: r.chat_id, botId: r.bot_id, text: r.text, telegramMessageId: r.telegram_message_id === null ? null : Number(r.telegram_message_id) })),
      ...(writes ? { leases, writes } : {}),
    });
    if (o.keepLogs) writeFileSync(o.keepLogs, kept);
    return { verdict, events, durationMs: Date.now() - started, logs: kept };
  }
}

/** A broken node's sends, through the Bot API like any node's. */
async function plant(kind: 'duplicate' | 'overrun', url: string, tokens: ReadonlyMap<string, string>, sends: readonly SandboxSend[], declared: Declared): Promise<void> {
  const send = async (bot: string, chat: number, text: string): Promise<void> => {
    const res = await fetch(`${url}/bot${tokens.get(bot)}/sendMessage`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ chat_id: chat, text }) });
    if (!res.ok) throw new Error(`planting a send failed: ${res.status} ${await res.text()}`);
  };
  const last = sends.filter((s) => !s.reaction).at(-1)!;
  if (kind === 'duplicate') return send(last.bot, last.chat, last.text);
  const limit = declared.bots.find((b) => b.handle === last.bot)?.hourlyLimit ?? 12;
  for (let i = 0; i <= limit; i++) {
    await send(last.bot, last.chat, `fazladan mesaj ${i + 1}`);
    await sleep(1_100);
  }
}

async function waitFor(ok: () => boolean, ms: number, what: string): Promise<void> {
  const until = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > until) throw new Error(what);
    await sleep(100);
  }
}

/** The partition of a chat as DESIGN §4 fixes it: FNV-1a of "chat:<id>", mod 64 (computed here, not imported). */
function partitionOfChat(chatId: string): number {
  let h = 0x811c9dc5;
  const s = `chat:${chatId}`;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h % 64;
}

/** Every lease a node took, from its `partition.up` log lines (`[i!] {"t":…,"event":"partition.up","partition":…,"fence":…}`). */
function leasesOf(logs: string): LeaseGrant[] {
  const out: LeaseGrant[] = [];
  for (const line of logs.split('\n')) {
    const i = line.indexOf('{"t":');
    if (i < 0 || !line.includes('"event":"partition.up"')) continue;
    try {
      const e = JSON.parse(line.slice(i)) as { t: string; partition: number; fence: number };
      out.push({ partition: Number(e.partition), revision: Number(e.fence), at: Date.parse(e.t) });
    } catch {
      // a line cut by another process's output: skipped
    }
  }
  return out;
}
