// piyasa backup, then a new database, then piyasa restore: every table's rows (and every sequence)
// equal, and a node started on the restored database carries on — its transcript's sequence goes on,
// the bots' budgets hold (bots that spent their hour stay silent), moods are where they were.
import { chmodSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { parse, stringify } from 'yaml';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Database } from '../../persistence/index.ts';
import { startEmbedded } from '../../infra/db/embedded.ts';
import { memoryLogger } from '../../infra/log.ts';
import { PG_SERVER, createTestDatabase, type TestDatabase } from '../contract/pg-db.ts';
import { botLines, fastConfig, piyasa } from './piyasa-run.ts';

const BOTS = ['ali_ekonomist', 'can_chartist', 'fatma_temettu'];
const HOURLY = 4; // 2 routine sends an hour per bot (2 are kept for people)

let source: TestDatabase;
let dir: string;
const target = `piyasa_t3_restore_${randomBytes(4).toString('hex')}`;
const targetUrl = `${PG_SERVER}/${target}`;
const third = `${target}_snap`;

test.before(async () => {
  source = await createTestDatabase();
  dir = mkdtempSync(path.join(tmpdir(), 'piyasa-backup-'));
});
test.after(async () => {
  await source.drop();
  const admin = await Database.open(`${PG_SERVER}/postgres`);
  for (const name of [target, third]) await admin.orm.em.getConnection().execute(`drop database if exists "${name}" with (force)`);
  await admin.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Every table's rows as sorted JSON text, and every sequence's value. */
async function contents(db: Database): Promise<Record<string, string>> {
  const conn = db.orm.em.getConnection();
  const out: Record<string, string> = {};
  const tables = await conn.execute<{ t: string }[]>(`select tablename as t from pg_tables where schemaname = 'public' order by 1`);
  for (const { t } of tables) {
    const [row] = await conn.execute<{ rows: string }[]>(`select coalesce(json_agg(x order by x::text), '[]')::text as rows from (select to_jsonb(r) as x from "${t}" r) s`);
    out[t] = row!.rows;
  }
  const seqs = await conn.execute<{ s: string }[]>(`select sequencename as s from pg_sequences where schemaname = 'public' order by 1`);
  for (const { s } of seqs) out[`sequence ${s}`] = JSON.stringify((await conn.execute(`select last_value, is_called from "${s}"`))[0]);
  return out;
}

test('backup, a new database, restore: every table equal; a node started on it carries on', async () => {
  const { yaml, names } = fastConfig(BOTS, HOURLY);
  const config = path.join(dir, 'fast.yaml');
  writeFileSync(config, yaml);
  const env = { DATABASE_URL: source.url };
  const run = ['start', '--config', config, '--seed', '11', '--telegram', 'memory'];

  // A run long enough for the bots to spend their routine budget for the hour (2 each), stopped cleanly.
  const first = await piyasa(run, { env, afterMs: 10_000, timeoutMs: 90_000 });
  assert.is(first.code, 0, first.stderr);
  const added = await piyasa(['users', 'add', 'yedek', '--admin'], { env, stdin: 'Yedek-Parola-2026\n' });
  assert.is(added.code, 0, added.stderr);
  assert.match(added.stdout, /^added yedek \(admin\)\nTOTP secret for yedek .*\n  [A-Z2-7]{32}\n  otpauth:\/\/totp\/Piyasa:yedek\?secret=/);
  assert.not.ok(`${added.stdout}${added.stderr}`.includes('Yedek-Parola-2026'), 'the password is never printed');

  const file = path.join(dir, 'piyasa.dump');
  const backup = await piyasa(['backup', file], { env });
  assert.is(backup.code, 0, backup.stderr);
  assert.match(backup.stdout, /^backup: .*piyasa\.dump \(\d+ bytes\) from PostgreSQL 15\.\d+ by pg_dump 15\.\d+/);
  assert.ok(statSync(file).size > 1000);

  const restore = await piyasa(['restore', file], { env: { DATABASE_URL: targetUrl } });
  assert.is(restore.code, 0, restore.stderr);
  assert.match(restore.stdout, /restored .* by pg_restore 15\.\d+: \d+ tables, \d+ rows/);
  const again = await piyasa(['restore', file], { env: { DATABASE_URL: targetUrl } });
  assert.is(again.code, 1);
  assert.match(again.stderr, /the database is not empty/);

  const a = await source.open();
  const b = await Database.open(targetUrl);
  try {
    const [before, after] = [await contents(a), await contents(b)];
    assert.equal(Object.keys(after), Object.keys(before), 'the same tables and sequences');
    for (const k of Object.keys(before)) assert.is(after[k], before[k], `${k} equal`);
    for (const t of ['messages', 'outbox', 'bot_state', 'bots', 'chats', 'console_users', 'console_audit', 'mikro_orm_migrations']) {
      assert.ok(JSON.parse(before[t]!).length > 0, `${t} has rows to compare`);
    }
    const sql = b.orm.em.getConnection();
    const [{ seq }] = await sql.execute<{ seq: number }[]>(`select max(seq) as seq from messages where not reaction`) as [{ seq: number }];
    const moods = await sql.execute<{ bot_id: string; emotion: unknown; emotion_at: string }[]>('select bot_id, emotion, emotion_at from bot_state order by bot_id');
    const spentBefore = await sql.execute<{ bot_id: string; n: string }[]>(`select bot_id, count(*) as n from outbox where state in ('sent', 'ambiguous') group by 1`);
    const [{ restoredAt }] = await sql.execute<{ restoredAt: string }[]>(`select max(created_at)::text as "restoredAt" from messages`) as [{ restoredAt: string }];

    // The node on the restored database, Ali given a larger hourly limit: the others, whose hour is
    // spent, stay silent (budgets carried); Ali's new lines number on after the restored transcript.
    const more = parse(yaml) as { bots: { id: string; hourlyLimit: number }[] };
    more.bots.find((x) => x.id === 'ali_ekonomist')!.hourlyLimit = HOURLY + 4;
    const config2 = path.join(dir, 'more.yaml');
    writeFileSync(config2, stringify(more));
    const second = await piyasa(['start', '--config', config2, '--seed', '12', '--telegram', 'memory'], { env: { DATABASE_URL: targetUrl }, afterMs: 8_000, timeoutMs: 90_000 });
    assert.is(second.code, 0, second.stderr);
    assert.match(second.stdout, new RegExp(`database: ${targetUrl.replace(/[/.]/g, '\\$&')}`));
    const spoke = botLines(second.stdout, names);
    assert.ok(spoke.some((l) => l.includes('Ali Hoca')), `Ali has budget left and speaks\n${second.stdout}`);
    const fresh = await sql.execute<{ seq: number; bot_id: string }[]>(`select seq, bot_id from messages where not reaction and id > (select max(id) from messages where created_at <= ?) order by id`, [restoredAt]);
    assert.ok(fresh.length > 0 && fresh.every((m) => m.seq > seq), `the sequence carries on after ${seq}: ${JSON.stringify(fresh)}`);
    // Each other bot's sends over both runs stay within one hour's routine budget: the first run's
    // sends were restored and counted (at least one of them had spent its whole hour there).
    const sent = await sql.execute<{ bot_id: string; n: string }[]>(`select bot_id, count(*) as n from outbox where state in ('sent', 'ambiguous') group by 1`);
    for (const r of sent) if (r.bot_id !== 'ali_ekonomist') assert.ok(Number(r.n) <= HOURLY - 2, JSON.stringify(sent));
    assert.ok(spentBefore.some((r) => r.bot_id !== 'ali_ekonomist' && Number(r.n) === HOURLY - 2), `a bot had spent its hour: ${JSON.stringify(spentBefore)}`);
    const later = await sql.execute<{ bot_id: string; emotion_at: string }[]>('select bot_id, emotion_at from bot_state order by bot_id');
    assert.equal(later.map((m) => m.bot_id), moods.map((m) => m.bot_id), 'the same bots, their moods kept');
    for (const [i, m] of later.entries()) assert.ok(Number(m.emotion_at) >= Number(moods[i]!.emotion_at), 'moods carry on from where they were');
  } finally {
    await a.close();
    await b.close();
  }
});

test('the built-in snapshot (for servers without a matching pg_dump): restored, every table and sequence equal', async () => {
  const file = path.join(dir, 'piyasa.snapshot');
  const backup = await piyasa(['backup', file, '--engine', 'snapshot'], { env: { DATABASE_URL: source.url } });
  assert.is(backup.code, 0, backup.stderr);
  assert.match(backup.stdout, /by the built-in snapshot/);
  const restore = await piyasa(['restore', file], { env: { DATABASE_URL: `${PG_SERVER}/${third}` } });
  assert.is(restore.code, 0, restore.stderr);
  assert.match(restore.stdout, /by the built-in snapshot: \d+ tables/);
  const a = await source.open();
  const c = await Database.open(`${PG_SERVER}/${third}`);
  try {
    const [before, after] = [await contents(a), await contents(c)];
    assert.equal(Object.keys(after), Object.keys(before));
    for (const k of Object.keys(before)) assert.is(after[k], before[k], `${k} equal`);
  } finally {
    await a.close();
    await c.close();
  }
});

test('the embedded PostgreSQL (no pg_dump of its version here), up for a running node: backup by snapshot, restore into a new data dir', async () => {
  const [one, two] = [path.join(dir, 'one'), path.join(dir, 'two')];
  chmodSync(dir, 0o755); // as root, the embedded server runs as postgres and must reach its folder
  // Both servers kept up by this process, as a running node keeps its own: the commands use them.
  const servers = [await startEmbedded(one, memoryLogger('warn')), await startEmbedded(two, memoryLogger('warn'))];
  try {
    const added = await piyasa(['users', 'add', 'gece', '--role', 'operator', '--data-dir', one], { stdin: 'Gece-Nobeti-2026\n', timeoutMs: 120_000 });
    assert.is(added.code, 0, added.stderr);
    const file = path.join(dir, 'embedded.backup');
    const backup = await piyasa(['backup', file, '--data-dir', one], { timeoutMs: 120_000 });
    assert.is(backup.code, 0, backup.stderr);
    assert.match(backup.stdout, /from PostgreSQL 18\.\d+ by the built-in snapshot/);
    const restore = await piyasa(['restore', file, '--data-dir', two], { timeoutMs: 120_000 });
    assert.is(restore.code, 0, restore.stderr);
    const [a, b] = [await Database.open(servers[0]!.url), await Database.open(servers[1]!.url)];
    try {
      const [before, after] = [await contents(a), await contents(b)];
      assert.equal(Object.keys(after), Object.keys(before));
      for (const k of Object.keys(before)) assert.is(after[k], before[k], `${k} equal`);
      assert.match(after.console_users!, /"username": "gece"/);
    } finally {
      await a.close();
      await b.close();
    }
  } finally {
    for (const e of servers) await e.stop();
  }
});

test.run();
