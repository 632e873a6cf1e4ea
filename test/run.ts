// Runs every test file with uvu (as ESM through tsx), each file in its own process group, and ends
// with the plain line CI reads: "N passed, N failed". Exits non-zero on any failure and when no test
// ran. A file that hangs (an open handle after its last test, a stuck await) is killed: a finished
// file gets a few seconds to exit, a running one PIYASA_TEST_TIMEOUT_SEC (default 300) in all.
// Files run PIYASA_TEST_JOBS at a time (default 3: most wait on timers and processes), the slowest
// first; the files that measure failover and balance times run alone afterwards, so a neighbour's
// load cannot make them flaky.
// Usage: npm test [-- <regex on file paths>]
import { spawn } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const testDir = path.join(root, 'test');
const pattern = new RegExp(process.argv[2] ?? '\\.test\\.ts$');
const uvu = path.join(root, 'node_modules', 'uvu', 'bin.js');
const jobs = Math.max(1, Number(process.env.PIYASA_TEST_JOBS ?? 3) || 1);
const timeoutMs = Math.max(10, Number(process.env.PIYASA_TEST_TIMEOUT_SEC ?? 300) || 300) * 1000;
const exitGraceMs = 5000;
// Run alone: they assert failover and balance times of several node processes.
const alone = /^integration\/cluster-(failover|scenarios|nats-restart)\.test\.ts$/;
// Started first (the longest), so the queues end together.
const slow = ['integration/quota-cluster', 'sim/day', 'integration/backup', 'integration/bad-inputs', 'integration/console-node', 'chaos/chaos-single', 'integration/tokens', 'integration/db-gone', 'sim/llm-quota'];
const rank = (f: string) => {
  const i = slow.findIndex((s) => f.startsWith(s));
  return i < 0 ? slow.length : i;
};

interface Result {
  file: string;
  passed: number;
  failed: number;
  skipped: number;
  ms: number;
  note?: string;
}

function listTests(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    if (name === 'artifacts' || name === 'node_modules') continue;
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) out.push(...listTests(full));
    else if (name.endsWith('.test.ts')) out.push(path.relative(testDir, full));
  }
  return out;
}

function runFile(file: string): Promise<Result> {
  const started = Date.now();
  const escaped = `^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`;
  const child = spawn(process.execPath, ['--import', 'tsx', uvu, 'test', escaped, '--no-color'], {
    cwd: root,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, NO_COLOR: '1' },
  });
  let out = '';
  let note: string | undefined;
  const killGroup = () => {
    try {
      process.kill(-child.pid!, 'SIGKILL');
    } catch {
      // the group is already gone
    }
  };
  let finished: NodeJS.Timeout | undefined;
  const deadline = setTimeout(() => {
    note = `killed after ${timeoutMs / 1000} s`;
    killGroup();
  }, timeoutMs);
  const onData = (chunk: Buffer) => {
    out += chunk.toString();
    if (!finished && /Duration:/.test(out)) {
      finished = setTimeout(() => {
        note = `did not exit within ${exitGraceMs / 1000} s of its last test (an open handle): killed`;
        killGroup();
      }, exitGraceMs);
    }
  };
  child.stdout!.on('data', onData);
  child.stderr!.on('data', onData);
  return new Promise((resolve) => {
    child.on('exit', (code) => {
      clearTimeout(deadline);
      clearTimeout(finished);
      killGroup(); // anything the file started and left behind
      const num = (label: string) => Number(new RegExp(`${label}:\\s+(\\d+)`).exec(out)?.[1] ?? 0);
      const total = num('Total');
      const passed = num('Passed');
      const skipped = num('Skipped');
      const summaryOk = /Duration:/.test(out);
      let failed = Math.max(total - passed - skipped, 0);
      if (!summaryOk || (code !== 0 && !note && failed === 0)) failed = Math.max(failed, 1);
      if (!summaryOk && !note) note = `exited with ${code} before its summary`;
      const ms = Date.now() - started;
      const body = out.replace(/\n\s*Total:[\s\S]*$/, '').trimEnd();
      process.stdout.write(`\n${body || file}\n  (${(ms / 1000).toFixed(1)} s)\n${note ? `  !! ${note}\n` : ''}`);
      resolve({ file, passed, failed, skipped, ms, note });
    });
  });
}

async function main() {
  const files = listTests(testDir).filter((f) => pattern.test(f) || pattern.test(`test/${f}`));
  const shared = files.filter((f) => !alone.test(f)).sort((a, b) => rank(a) - rank(b));
  const single = files.filter((f) => alone.test(f));
  const results: Result[] = [];
  const started = Date.now();
  const queue = [...shared];
  await Promise.all(
    Array.from({ length: Math.min(jobs, queue.length) }, async () => {
      for (let f = queue.shift(); f; f = queue.shift()) results.push(await runFile(f));
    }),
  );
  for (const f of single) results.push(await runFile(f));

  const passed = results.reduce((s, r) => s + r.passed, 0);
  const failed = results.reduce((s, r) => s + r.failed, 0);
  const skipped = results.reduce((s, r) => s + r.skipped, 0);
  const slowest = [...results].sort((a, b) => b.ms - a.ms).slice(0, 8);
  console.log(`\n${files.length} files in ${((Date.now() - started) / 1000).toFixed(0)} s; slowest:`);
  for (const r of slowest) console.log(`  ${(r.ms / 1000).toFixed(1).padStart(6)} s  ${r.file}`);
  const bad = results.filter((r) => r.failed > 0);
  if (bad.length) console.log(`failing files:\n${bad.map((r) => `  ${r.file}${r.note ? ` (${r.note})` : ''}`).join('\n')}`);
  console.log(`\n${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
  if (passed + failed === 0) console.error('no test ran');
  process.exit(failed > 0 || passed + failed === 0 ? 1 : 0);
}

void main();
