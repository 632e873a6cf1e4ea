// Running the `piyasa` command in a child process for integration tests: wait for a stdout pattern,
// then SIGINT (Ctrl+C) or SIGKILL (kill -9); collect the output and exit code.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse, stringify } from 'yaml';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const main = path.join(root, 'infra/cli/main.ts');

export interface Run { code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }

export interface RunOptions {
  readonly env?: NodeJS.ProcessEnv;
  /** When stdout matches, send `signal` (default SIGINT). */
  readonly until?: RegExp | ((stdout: string) => boolean);
  readonly signal?: NodeJS.Signals;
  /** Send `signal` this long after the line "database: …" (or after start when none comes). */
  readonly afterMs?: number;
  readonly timeoutMs?: number;
  /** Written to the child's standard input, which is then closed (a password for `piyasa users add`). */
  readonly stdin?: string;
  /** Called with the child once spawned (to signal it from outside). */
  readonly onSpawn?: (child: ChildProcess) => void;
}

/** `piyasa <args>` with the test's environment (DATABASE_URL and PIYASA_TOKEN_KEY unset unless given). */
export function piyasa(args: readonly string[], opts: RunOptions = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    // The sandbox's page on a free port (never 8080, which a running demo may hold).
    const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', PIYASA_HTTP_PORT: '0', ...opts.env };
    for (const k of ['DATABASE_URL', 'PIYASA_TOKEN_KEY']) if (!opts.env || !(k in opts.env)) delete env[k];
    const child = spawn(process.execPath, ['--import', 'tsx', main, ...args], { cwd: root, env });
    opts.onSpawn?.(child);
    if (opts.stdin !== undefined) child.stdin!.end(opts.stdin);
    let stdout = '';
    let stderr = '';
    let signalled = false;
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`piyasa ${args.join(' ')} did not finish; stdout: ${stdout.slice(-800)} stderr: ${stderr.slice(-800)}`));
    }, opts.timeoutMs ?? 60_000);
    const matches = (s: string) => (typeof opts.until === 'function' ? opts.until(s) : opts.until?.test(s) ?? false);
    let armed = false;
    child.stdout!.on('data', (d: Buffer) => {
      stdout += d.toString();
      if (opts.afterMs !== undefined && !armed && /database: /.test(stdout)) {
        armed = true;
        setTimeout(() => {
          signalled = true;
          child.kill(opts.signal ?? 'SIGINT');
        }, opts.afterMs);
      }
      if (!signalled && matches(stdout)) {
        signalled = true;
        child.kill(opts.signal ?? 'SIGINT');
      }
    });
    child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

/** Lines of the live transcript a bot said (not the people's). */
export function botLines(stdout: string, botNames: readonly string[]): string[] {
  return stdout.split('\n').filter((l) => /^\d\d:\d\d:\d\d #\d+/.test(l) && botNames.some((n) => l.includes(n)));
}

/** The demo config cut down to `ids` (bots active at every hour), without its script, with fast pacing
 * and the given hourly limit. */
export function fastConfig(ids: readonly string[], hourlyLimit: number): { yaml: string; names: string[] } {
  const demo = parse(readFileSync(path.join(root, 'infra/config/demo.yaml'), 'utf8')) as { bots: Record<string, unknown>[]; chats: Record<string, unknown>[] };
  const bots = demo.bots.filter((b) => ids.includes(String(b.id))).map((b): Record<string, unknown> => ({ ...b, hourlyLimit, minGapSec: 1, activeHours: [] }));
  const chats = [{ ...demo.chats[0], members: ids, script: [] }];
  const settings = { baseTurnSec: 1, primeTurnSec: 1, minTurnSec: 0.2, maxTurnSec: 2, typing: false, dayCurve: false };
  return { yaml: stringify({ settings, bots, chats }), names: bots.map((b) => String(b.name)) };
}

/** A config with the same pace around the clock (settings.dayCurve off): a test's chat talks as much
 * at 03:00 in Istanbul as at noon, whenever the tests run. */
export function roundTheClock<C extends { settings: object }>(config: C): C {
  return { ...config, settings: { ...config.settings, dayCurve: false } };
}

let demoFile: string | undefined;
/** The shipped demo config as a file, round the clock (written once per test process). */
export function roundTheClockDemo(): string {
  if (demoFile) return demoFile;
  const demo = parse(readFileSync(path.join(root, 'infra/config/demo.yaml'), 'utf8')) as { settings?: object };
  demoFile = path.join(mkdtempSync(path.join(tmpdir(), 'piyasa-demo-')), 'demo.yaml');
  writeFileSync(demoFile, stringify(roundTheClock({ ...demo, settings: demo.settings ?? {} })));
  return demoFile;
}
