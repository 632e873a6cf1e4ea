// kill -9 in the middle of a run, then start again on the same database: budgets, moods and the
// transcript carry on, a bot that used its hour's budget stays silent, and nothing is sent twice
// (a send the kill interrupted is marked ambiguous and never resent).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createTestDatabase, type TestDatabase } from '../contract/pg-db.ts';
import { botLines, fastConfig, piyasa } from './piyasa-run.ts';

const BOTS = ['ali_ekonomist', 'can_chartist', 'fatma_temettu'];
// Routine turns keep 2 sends an hour free for people, so each bot may post 2 routine messages an hour.
const HOURLY = 4;
const ROUTINE = HOURLY - 2;

let t: TestDatabase;
let dir: string;
test.before(async () => {
  t = await createTestDatabase();
  dir = mkdtempSync(path.join(tmpdir(), 'piyasa-restart-'));
});
test.after(async () => {
  await t.drop();
  rmSync(dir, { recursive: true, force: true });
});

test('kill -9 mid-run: budgets and transcript survive, nothing is sent twice, the hourly budget holds across the restart', async () => {
  const { yaml, names } = fastConfig(BOTS, HOURLY);
  const file = path.join(dir, 'fast.yaml');
  writeFileSync(file, yaml);
  const env = { DATABASE_URL: t.url };
  const args = ['start', '--config', file, '--seed', '7', '--log-level', 'info'];

  // Run 1: killed with SIGKILL as soon as 3 bot messages were printed (no shutdown, no last flush).
  const first = await piyasa(args, { env, signal: 'SIGKILL', until: (out) => botLines(out, names).length >= 3 });
  assert.is(first.signal, 'SIGKILL', first.stderr);
  const printed1 = botLines(first.stdout, names).length;

  const db = await t.open();
  const sql = db.orm.em.getConnection();
  const before = await sql.execute<{ seq: number; idempotency_key: string; reaction: boolean }[]>('select seq, idempotency_key, reaction from messages order by id');
  // A delivery is committed before the chat publishes (and the CLI prints) it: every printed line survived the kill.
  const committedBots = (await sql.execute<{ n: string }[]>(`select count(*) as n from messages where bot_id is not null`))[0]!.n;
  assert.ok(Number(committedBots) >= printed1, `printed ${printed1} before the kill, ${committedBots} in the database`);

  // Run 2: same database, 12 s — long enough for every bot to post again had its budget been lost.
  const second = await piyasa(args, { env, afterMs: 12_000 });
  assert.is(second.code, 0, second.stderr);
  const printed2 = botLines(second.stdout, names).length;

  const after = await sql.execute<{ seq: number; idempotency_key: string; reaction: boolean }[]>('select seq, idempotency_key, reaction from messages order by id');
  assert.equal(after.slice(0, before.length), before, 'the first run\'s transcript is intact');
  const maxBefore = Math.max(0, ...before.map((m) => m.seq));
  for (const m of after.slice(before.length)) if (!m.reaction) assert.ok(m.seq > maxBefore, `seq carries on after ${maxBefore} (got ${m.seq})`);

  const rows = await sql.execute<{ bot_id: string; state: string; n: string }[]>(
    `select bot_id, state, count(*) as n from outbox group by 1, 2 order by 1, 2`);
  const count = (state: string) => rows.filter((r) => r.state === state).reduce((a, r) => a + Number(r.n), 0);
  assert.is(count('sending') + count('pending'), 0, 'no row is left in flight after a clean stop');
  // Every printed line was delivered once: it is a sent row, or (killed before its commit) an ambiguous one.
  assert.ok(count('sent') <= printed1 + printed2 && printed1 + printed2 <= count('sent') + count('ambiguous'),
    `printed ${printed1}+${printed2}, rows ${JSON.stringify(rows)}`);
  // The rolling hour holds across the kill: no bot has more than its routine budget of sends (sent or maybe sent).
  for (const bot of BOTS) {
    const used = rows.filter((r) => r.bot_id === bot && (r.state === 'sent' || r.state === 'ambiguous')).reduce((a, r) => a + Number(r.n), 0);
    assert.ok(used <= ROUTINE, `${bot} sent ${used} in the hour, budget ${ROUTINE}: ${JSON.stringify(rows)}`);
  }
  // Run 2 was a live swarm on the same database (a lost budget shows above as a bot over its budget).
  assert.match(second.stdout, new RegExp(`database: ${t.url.replace(/[/.]/g, '\\$&')}`));
  const states = await sql.execute<{ bot_id: string; sent_at: number[] }[]>('select bot_id, sent_at from bot_state order by bot_id');
  assert.is(states.length, BOTS.length);
  for (const s of states) assert.ok(s.sent_at.length <= ROUTINE, JSON.stringify(states));
  assert.ok(states.some((s) => s.sent_at.length > 0), 'budgets were debited in the database');
});

test.run();
