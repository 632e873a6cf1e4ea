// `node --import tsx test/chaos/run.ts [--nodes 3] [--events 100] [--seed 1] [--config FILE]
// [--command start|node] [--hourly N] [--logs FILE]`: the chaos run with its progress on stderr and its figures on stdout
// (events by kind, recovery times, the checker's counts and every violation). Exits 1 on a violation.
import path from 'node:path';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { runChaos, type ChaosEvent } from './harness.ts';
import { chaosConfig } from './config.ts';

const args = process.argv.slice(2);
const flag = (name: string, fallback: string): string => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] !== undefined ? args[i + 1]! : fallback;
};
const nodes = Number(flag('nodes', '1'));
const events = Number(flag('events', '10'));
const seed = Number(flag('seed', '1'));
const command = flag('command', nodes > 1 ? 'node' : 'start');
let config = flag('config', '');
let made: string | undefined;
if (!config) {
  made = mkdtempSync(path.join(tmpdir(), 'piyasa-chaos-config-'));
  config = path.join(made, 'chaos.yaml');
  writeFileSync(config, chaosConfig({ hourlyLimit: Number(flag('hourly', '20')) }));
}

const pct = (xs: number[], p: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.ceil(p * s.length) - 1)]! : NaN;
};

const result = await runChaos({
  config, nodes, events, seed, command: [command, '--config', config, '--seed', String(seed), '--log-level', command === 'node' ? 'info' : 'warn'],
  progress: (line) => process.stderr.write(`${line}\n`),
  ...(flag('logs', '') ? { keepLogs: flag('logs', '') } : {}),
});
if (made) rmSync(made, { recursive: true, force: true });
const { verdict, durationMs } = result;
const c = verdict.counts;
const byKind = (k: ChaosEvent['kind']) => result.events.filter((e) => e.kind === k);
console.log(`chaos run — ${nodes} node(s) (piyasa ${command}), ${events} events, seed ${seed}, ${(durationMs / 1000).toFixed(0)} s`);
for (const k of ['kill-9', 'sigstop', 'sigterm'] as const) {
  const xs = byKind(k).map((e) => e.nextSendMs).filter((x): x is number => x !== undefined);
  console.log(`  ${k.padEnd(8)} ${String(byKind(k).length).padStart(3)} events; next bot message after p50 ${pct(xs, 0.5)} ms, p99 ${pct(xs, 0.99)} ms, max ${Math.max(...xs)} ms`);
}
console.log(`  record: ${c.sends} bot messages, ${c.humans} people's messages (${c.addressedAnswered} of ${c.addressed} addressed ones answered by that bot)`);
console.log(`  invariants: duplicate sends ${c.duplicateSends}, lost people's messages ${c.lostHumans}, hourly-budget overruns ${c.budgetOverruns}, Telegram-limit breaches ${c.telegramBreaches}, accepted stale writes ${c.staleWrites ?? 'not measured (no leases in this run)'}`);
for (const v of verdict.violations) console.log(`  VIOLATION ${v.kind}: ${v.detail}`);
process.exit(verdict.violations.length ? 1 : 0);
