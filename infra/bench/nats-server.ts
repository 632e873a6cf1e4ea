// A nats-server of our own for tests that stop, restart or reconfigure NATS (the shared one is never
// touched): a free port on 127.0.0.1, JetStream with its own store directory, optional user and
// password; stop (SIGTERM) and start again on the same port and store.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { freePort } from '../db/embedded.ts';
import { tmpdir } from 'node:os';
import path from 'node:path';

const BINARY = process.env.PIYASA_NATS_SERVER ?? '/usr/sbin/nats-server';

async function accepting(port: number, timeoutMs: number): Promise<void> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const ok = await new Promise<boolean>((resolve) => {
      const c = connect(port, '127.0.0.1', () => {
        c.destroy();
        resolve(true);
      });
      c.once('error', () => resolve(false));
    });
    if (ok) return;
    if (Date.now() > end) throw new Error(`nats-server on port ${port} did not start within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export class OwnNatsServer {
  private child: ChildProcess | undefined;
  private constructor(readonly port: number, private readonly dir: string, private readonly auth?: { user: string; pass: string }) {}

  static async start(auth?: { user: string; pass: string }): Promise<OwnNatsServer> {
    const s = new OwnNatsServer(await freePort(), mkdtempSync(path.join(tmpdir(), 'piyasa-nats-')), auth);
    await s.start();
    return s;
  }

  get url(): string {
    return `nats://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    const args = ['-a', '127.0.0.1', '-p', String(this.port), '-js', '-sd', this.dir, ...(this.auth ? ['--user', this.auth.user, '--pass', this.auth.pass] : [])];
    this.child = spawn(BINARY, args, { stdio: 'ignore' });
    await accepting(this.port, 10_000);
  }

  /** Stops the server (SIGTERM: it flushes its store) and waits for it to exit. */
  async stop(): Promise<void> {
    const c = this.child;
    if (!c || c.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      c.once('exit', () => resolve());
      c.kill('SIGTERM');
    });
  }

  /** Stops it for good and removes its store. */
  async close(): Promise<void> {
    await this.stop();
    rmSync(this.dir, { recursive: true, force: true });
  }
}
