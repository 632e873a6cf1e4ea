// Reproduces issue 13's silent losses: a dropped database (3D000) and a revoked privilege (42501) were
// not taken for the database being away, so every queued write was "refused" and dropped one by one
// (db.write.dropped) while the node ran on, and Ctrl+C exited 0. Now both keep the queue whole, stop
// intake (people's messages stay unconfirmed with Telegram), say so, and Ctrl+C exits 1 counting what
// was not written; once the database is back, the next start records those messages. On the shared
// server, in a database (and a role) of the test's own.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { Database } from '../../persistence/index.ts';
import { PG_SERVER } from '../contract/pg-db.ts';
import { piyasa, type Run } from './piyasa-run.ts';
import { GROUP, dropDatabase, externalTelegram, humanLines, query, sleep, until, type ExternalTelegram } from './fault-harness.ts';

let dir: string;
let tg: ExternalTelegram;
const children: ChildProcess[] = [];
test.before(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'piyasa-intake-gone-'));
  tg = await externalTelegram(dir, ['ali_ekonomist', 'can_chartist', 'fatma_temettu'], 40);
});
test.after(async () => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  await tg?.close();
  rmSync(dir, { recursive: true, force: true });
});

interface Running { readonly done: Promise<Run>; readonly child: () => ChildProcess; stderr: string }

function start(databaseUrl: string): Running {
  let child: ChildProcess | undefined;
  const r: Running = {
    stderr: '', child: () => child!,
    done: piyasa(['start', '--config', tg.config, '--seed', '8'], {
      env: { ...tg.env, DATABASE_URL: databaseUrl }, timeoutMs: 180_000,
      onSpawn: (c) => {
        child = c;
        children.push(c);
        c.stderr!.on('data', (d: Buffer) => (r.stderr += d.toString()));
      },
    }),
  };
  return r;
}

async function createMigrated(url: string): Promise<void> {
  const db = await Database.open(url, { create: true });
  await db.migrate().finally(() => db.close());
}

/** Runs the node until `lose()` takes the database from it: two people write, the node must keep both
 * queued, stop intake, say so (a line matching `said`) and exit 1 on Ctrl+C counting them; after `heal()`
 * a new start records both. */
async function scenario(url: string, lose: () => Promise<void>, said: RegExp, heal: () => Promise<void>, healed: string): Promise<void> {
  try {
    await steps(url, lose, said, heal, healed);
  } finally {
    for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL'); // one scenario's node never outlives it
  }
}

async function steps(url: string, lose: () => Promise<void>, said: RegExp, heal: () => Promise<void>, healed: string): Promise<void> {
  const first = start(url);
  tg.sandbox.human({ chatId: GROUP, username: 'deniz', text: 'merhaba, başlıyoruz' });
  await until('the first person\'s line recorded', async () => (await humanLines(healed)).includes('merhaba, başlıyoruz'), 120_000);
  await until('the first person\'s line confirmed to Telegram', () => tg.pending() === 0);

  await lose();
  tg.sandbox.human({ chatId: GROUP, username: 'deniz', text: 'veritabanı gidince yazdım 1' });
  tg.sandbox.human({ chatId: GROUP, username: 'elif', text: `@${tg.handles[0]} veritabanı gidince yazdım 2` });
  await until('the database said to be away', () => said.test(first.stderr), 30_000);
  await sleep(3_000);
  assert.is(tg.pending(), 2, 'intake stopped: neither message was confirmed to Telegram');
  assert.not.match(first.stderr, /db\.write\.dropped/, 'nothing was dropped as a bad row');
  first.child().kill('SIGINT');
  const stopped = await first.done;
  assert.is(stopped.code, 1, `exit code 1 when writes are left: ${stopped.stderr.slice(-500)}`);
  const last = stopped.stderr.trim().split('\n').pop()!;
  assert.match(last, /^piyasa: stopped with \d+ write\(s\) the database did not take \([1-9]\d* of people's messages/);
  assert.match(stopped.stderr, /"event":"db\.unwritten"/);

  await heal();
  const second = start(url);
  await until('both messages recorded once the database is back', async () => (await humanLines(healed).catch(() => [])).some((t) => t.endsWith('gidince yazdım 2')), 120_000);
  await until('confirmed to Telegram', () => tg.pending() === 0);
  second.child().kill('SIGINT');
  const clean = await second.done;
  assert.is(clean.code, 0, clean.stderr.slice(-500));
  const lines = await humanLines(healed);
  assert.equal(lines.filter((t) => t.includes('gidince')), ['veritabanı gidince yazdım 1', `@${tg.handles[0]} veritabanı gidince yazdım 2`], 'each once, in order');
}

test('a dropped database: nothing queued is lost, intake stops, it says so, Ctrl+C exits 1 with the count', async () => {
  const url = `${PG_SERVER}/piyasa_intake_gone_${randomBytes(4).toString('hex')}`;
  await createMigrated(url);
  try {
    await scenario(url, () => dropDatabase(url), /"event":"db\.unavailable".*3D000/, () => createMigrated(url), url);
  } finally {
    await dropDatabase(url);
  }
});

test('a revoked role: nothing queued is lost, intake stops, it says so, Ctrl+C exits 1 with the count', async () => {
  const role = `piyasa_intake_role_${randomBytes(4).toString('hex')}`;
  const name = `piyasa_intake_role_${randomBytes(4).toString('hex')}`;
  const admin = `${PG_SERVER}/${name}`;
  await createMigrated(admin);
  const u = new URL(admin);
  u.username = role;
  u.password = 'not-used-with-trust';
  const grant = async (): Promise<void> => {
    await query(admin, `grant all on all tables in schema public to "${role}"`);
    await query(admin, `grant all on all sequences in schema public to "${role}"`);
  };
  try {
    await query(`${PG_SERVER}/postgres`, `create role "${role}" login password 'not-used-with-trust'`);
    await grant();
    await scenario(u.toString(), async () => {
      await query(admin, `revoke all on all tables in schema public from "${role}"`);
      await query(admin, `revoke all on all sequences in schema public from "${role}"`);
    }, /"event":"db\.unavailable".*42501/, grant, admin);
  } finally {
    await dropDatabase(admin);
    await query(`${PG_SERVER}/postgres`, `drop role if exists "${role}"`);
  }
});

test.run();
