// Reproduces issue 13's first loss: PostgreSQL stops answering (SIGSTOP, its own private cluster), two
// people write, the node is killed with kill -9, PostgreSQL resumes, the node starts again — and the two
// messages were gone for good, because the listener had confirmed them to Telegram before they were
// committed. Now the listener confirms only what the intake committed: the second run gets both again
// from Telegram (here the sandbox, outside the node) and records each once, in order.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { piyasa, type Run } from './piyasa-run.ts';
import { GROUP, externalTelegram, humanLines, migratedDatabase, privatePostgres, query, sleep, until, type ExternalTelegram, type PrivatePostgres } from './fault-harness.ts';

let pg: PrivatePostgres;
let tg: ExternalTelegram;
let dir: string;
test.before(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'piyasa-intake-stall-'));
  pg = await privatePostgres();
  tg = await externalTelegram(dir, ['ali_ekonomist', 'can_chartist', 'fatma_temettu'], 40);
});
const children: ChildProcess[] = [];
test.after(async () => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL'); // a failed test leaves no node behind
  await tg?.close();
  await pg?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** `piyasa start` against the test's Telegram and database; `child` is set once it is spawned. */
function run(env: Record<string, string>, out: { child?: ChildProcess; stdout: string; stderr: string }): Promise<Run> {
  return piyasa(['start', '--config', tg.config, '--seed', '5'], {
    env, timeoutMs: 180_000,
    onSpawn: (c) => {
      out.child = c;
      children.push(c);
      c.stdout!.on('data', (d: Buffer) => (out.stdout += d.toString()));
      c.stderr!.on('data', (d: Buffer) => (out.stderr += d.toString()));
    },
  });
}

test('PostgreSQL stopped (SIGSTOP), two people write, kill -9, PostgreSQL resumes, restart: no message lost, none twice', async () => {
  const url = await migratedDatabase(pg.server);
  const env = { ...tg.env, DATABASE_URL: url };
  const first = { stdout: '', stderr: '' } as { child?: ChildProcess; stdout: string; stderr: string };
  const run1 = run(env, first);
  tg.sandbox.human({ chatId: GROUP, username: 'deniz', text: 'merhaba, başlıyoruz' });
  await until('the first person\'s line recorded', async () => (await humanLines(url)).includes('merhaba, başlıyoruz'), 120_000);

  pg.pause();
  tg.sandbox.human({ chatId: GROUP, username: 'deniz', text: 'veritabanı dururken yazdım 1' });
  tg.sandbox.human({ chatId: GROUP, username: 'elif', text: `@${tg.handles[1]} veritabanı dururken yazdım 2` });
  await sleep(4_000); // the listener has long taken both from getUpdates
  assert.is(tg.pending(), 2, 'neither was confirmed to Telegram while it could not be recorded');
  first.child!.kill('SIGKILL');
  const killed = await run1;
  assert.is(killed.signal, 'SIGKILL');
  pg.resume();

  const second = { stdout: '', stderr: '' } as { child?: ChildProcess; stdout: string; stderr: string };
  const run2 = run(env, second);
  await until('both messages recorded after the restart', async () => (await humanLines(url)).length >= 3, 120_000);
  await until('the second run confirmed them to Telegram', () => tg.pending() === 0, 30_000);
  second.child!.kill('SIGINT');
  const stopped = await run2;
  assert.is(stopped.code, 0, stopped.stderr);
  assert.equal(await humanLines(url), ['merhaba, başlıyoruz', 'veritabanı dururken yazdım 1', `@${tg.handles[1]} veritabanı dururken yazdım 2`], 'each once, in order');
  const inbound = await query<{ n: string }>(url, 'select count(*) as n from inbound');
  assert.is(Number(inbound[0]!.n), 3, 'the redelivered updates were recorded once');
});

test.run();
