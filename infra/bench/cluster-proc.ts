// One `piyasa` child process of a cluster run (a node or the sandbox): its JSON log events with
// their times, its stdout, signals (kill -9, SIGSTOP/SIGCONT, SIGTERM), and waiting for an event.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const MAIN = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../cli/main.ts');

/** A log line of a node: its event, its time (epoch ms) and its fields. */
export interface NodeEvent {
  readonly at: number;
  readonly event: string;
  readonly level: string;
  readonly fields: Readonly<Record<string, unknown>>;
}

export class PiyasaProcess {
  readonly events: NodeEvent[] = [];
  stdout = '';
  stderr = '';
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  private readonly child: ChildProcess;
  private readonly waiters = new Set<() => void>();

  constructor(readonly name: string, args: readonly string[], env: NodeJS.ProcessEnv) {
    this.child = spawn(process.execPath, ['--import', 'tsx', MAIN, ...args], { env: { ...process.env, NO_COLOR: '1', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    this.child.stdout!.on('data', (b: Buffer) => {
      this.stdout += b.toString();
      this.wake();
    });
    let partial = '';
    this.child.stderr!.on('data', (b: Buffer) => {
      const text = partial + b.toString();
      const lines = text.split('\n');
      partial = lines.pop()!;
      for (const line of lines) this.line(line);
      this.wake();
    });
    this.exited = new Promise((resolve) => this.child.once('exit', (code, signal) => {
      this.wake();
      resolve({ code, signal });
    }));
  }

  get pid(): number {
    return this.child.pid!;
  }

  get alive(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  signal(sig: NodeJS.Signals): void {
    if (this.alive) this.child.kill(sig);
  }

  /** Resolves with the first event (from `from` on) that `match` accepts; rejects after `timeoutMs`. */
  async waitFor(match: (e: NodeEvent) => boolean, timeoutMs: number, from = 0): Promise<NodeEvent> {
    return this.until(() => this.events.slice(from).find(match), timeoutMs, 'event');
  }

  /** Resolves once stdout matches. */
  async waitForOutput(pattern: RegExp, timeoutMs: number): Promise<RegExpMatchArray> {
    return this.until(() => this.stdout.match(pattern) ?? undefined, timeoutMs, `output ${pattern}`);
  }

  private async until<T>(probe: () => T | undefined, timeoutMs: number, what: string): Promise<T> {
    const end = Date.now() + timeoutMs;
    for (;;) {
      const found = probe();
      if (found !== undefined) return found;
      if (!this.alive) throw new Error(`${this.name} exited while waiting for ${what}: ${this.stderr.slice(-600)}`);
      const left = end - Date.now();
      if (left <= 0) throw new Error(`${this.name}: no ${what} within ${timeoutMs} ms`);
      await new Promise<void>((resolve) => {
        const t = setTimeout(done, Math.min(left, 250));
        function done(): void {
          clearTimeout(t);
          resolve();
        }
        this.waiters.add(done);
      });
    }
  }

  private wake(): void {
    for (const w of [...this.waiters]) w();
    this.waiters.clear();
  }

  private line(line: string): void {
    if (!line.startsWith('{')) {
      this.stderr += `${line}\n`;
      return;
    }
    try {
      const { t, level, event, ...fields } = JSON.parse(line) as { t: string; level: string; event: string };
      this.events.push({ at: Date.parse(t), level, event, fields });
    } catch {
      this.stderr += `${line}\n`;
    }
    if (this.stderr.length > 100_000) this.stderr = this.stderr.slice(-50_000);
  }
}

/** `piyasa <args>` as a child process. */
export function piyasaProcess(name: string, args: readonly string[], env: NodeJS.ProcessEnv): PiyasaProcess {
  return new PiyasaProcess(name, args, env);
}
