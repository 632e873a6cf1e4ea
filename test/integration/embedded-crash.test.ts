// Reproduces issue 13's dead embedded postmaster: kill -9 of the embedded PostgreSQL mid-run gave one
// db.unavailable line and then silence — it was never started again, and the people's messages of that
// time were dropped at Ctrl+C with exit code 0. Now the server is watched and started again: the
// messages written meanwhile are recorded, the node carries on (a mention is answered), Ctrl+C exits 0
// and leaves no PostgreSQL running.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { ChildProcess } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { piyasa } from './piyasa-run.ts';
import { GROUP, externalTelegram, humanLines, processesOn, sleep, until, type ExternalTelegram } from './fault-harness.ts';

let dir: string;
let tg: ExternalTelegram;
const children: ChildProcess[] = [];
test.before(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'piyasa-intake-crash-'));
  chmodSync(dir, 0o755); // as root, the postgres user must reach the data directory
  tg = await externalTelegram(dir, ['ali_ekonomist', 'can_chartist', 'fatma_temettu'], 40);
});
test.after(async () => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  for (const pid of processesOn(path.join(dir, '.piyasa'))) process.kill(pid, 'SIGKILL'); // only ours: this test's data directory
  await tg?.close();
  rmSync(dir, { recursive: true, force: true });
});

test('kill -9 of the embedded postmaster mid-run: restarted, nothing lost, the node carries on, Ctrl+C exits 0', async () => {
  const home = path.join(dir, '.piyasa');
  const dataDir = path.join(home, 'pg');
  /** The embedded database's URL, from its password file and the running server's pid file. */
  const url = (): string => {
    const port = readFileSync(path.join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[3];
    return `postgresql://postgres:${encodeURIComponent(readFileSync(path.join(home, 'pg-password'), 'utf8').trim())}@127.0.0.1:${port}/piyasa`;
  };
  const lines = async (): Promise<string[]> => {
    try {
      return await humanLines(url());
    } catch {
      return []; // not up yet, or down
    }
  };
  let stderr = '';
  let child!: ChildProcess;
  const running = piyasa(['start', '--config', tg.config, '--seed', '6', '--data-dir', home], {
    env: tg.env, timeoutMs: 300_000,
    onSpawn: (c) => {
      child = c;
      children.push(c);
      c.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    },
  });
  tg.sandbox.human({ chatId: GROUP, username: 'deniz', text: 'merhaba, başlıyoruz' });
  await until('the first person\'s line recorded', async () => (await lines()).includes('merhaba, başlıyoruz'), 240_000);

  const postmaster = Number(readFileSync(path.join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
  process.kill(postmaster, 'SIGKILL');
  tg.sandbox.human({ chatId: GROUP, username: 'deniz', text: 'postgres öldükten sonra 1' });
  const question = tg.sandbox.human({ chatId: GROUP, username: 'elif', text: `@${tg.handles[1]} postgres öldükten sonra 2, ne dersin?` });
  await until('the embedded PostgreSQL started again', () => stderr.includes('db.embedded.restarted'), 120_000);
  await until('both messages recorded', async () => (await lines()).length >= 3, 60_000);
  await until('the mention answered after the restart', () => tg.sandbox.messages(GROUP).some((m) => m.from.is_bot && m.reply_to_message?.message_id === question.message_id), 60_000);
  await sleep(500);

  child.kill('SIGINT');
  const stopped = await running;
  assert.is(stopped.code, 0, stopped.stderr);
  assert.match(stderr, /"event":"db\.embedded\.died"/);
  assert.not.match(stderr, /db\.write\.dropped|db\.unwritten/, 'nothing dropped, nothing left unwritten');
  assert.equal(processesOn(dataDir), [], 'no PostgreSQL left running');
  // The recorded transcript, read from a server started for the check and stopped after.
  const { startEmbedded } = await import('../../infra/db/embedded.ts');
  const { memoryLogger } = await import('../../infra/log.ts');
  const pg = await startEmbedded(home, memoryLogger());
  try {
    assert.equal(await humanLines(pg.url), ['merhaba, başlıyoruz', 'postgres öldükten sonra 1', `@${tg.handles[1]} postgres öldükten sonra 2, ne dersin?`]);
  } finally {
    await pg.stop();
  }
});

test.run();
