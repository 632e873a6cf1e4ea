// A nats-server of a test's own: Debian's binary on a free port with JetStream in a temporary
// directory, optionally with a configuration file; stopped (and its directory removed) after.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect as tcp } from 'node:net';
import { freePort } from '../../infra/db/embedded.ts';
import { tmpdir } from 'node:os';
import path from 'node:path';

export const NATS_SERVER = process.env.PIYASA_NATS_SERVER ?? '/usr/sbin/nats-server';

export interface TestNatsServer {
  readonly url: string;
  readonly port: number;
  /** What the server logged (permission violations and such). */
  log(): string;
  stop(): Promise<void>;
}

async function accepting(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const c = tcp(port, '127.0.0.1');
    c.once('connect', () => (c.destroy(), resolve(true)));
    c.once('error', () => resolve(false));
  });
}

/** Starts nats-server; `config` is a configuration file, `env` its variables (passwords). */
export async function startNatsServer(o: { config?: string; env?: Record<string, string> } = {}): Promise<TestNatsServer> {
  const port = await freePort();
  const dir = mkdtempSync(path.join(tmpdir(), 'piyasa-commands-nats-'));
  const args = [...(o.config ? ['-c', o.config] : ['-js']), '-a', '127.0.0.1', '-p', String(port), '-sd', dir];
  const child: ChildProcess = spawn(NATS_SERVER, args, { env: { ...process.env, ...o.env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout?.on('data', (b: Buffer) => (out += b.toString()));
  child.stderr?.on('data', (b: Buffer) => (out += b.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  for (let i = 0; i < 100 && !(await accepting(port)); i++) {
    if (child.exitCode !== null) throw new Error(`nats-server exited at start: ${out}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    url: `nats://127.0.0.1:${port}`,
    port,
    log: () => out,
    async stop() {
      if (child.exitCode === null) child.kill('SIGKILL');
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
