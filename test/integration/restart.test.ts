// kill -9 in the middle of a run — landing on a send in flight: its request has reached "Telegram" (the
// sandbox outside the node, behind a proxy holding that sendMessage) and the node dies before the answer
// — then a start again on the same database: the row of that send is ambiguous and it is never sent
// again (Telegram got it once), budgets, moods and the transcript carry on, a bot that used its hour's
// budget stays silent, and nothing is sent twice.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createTestDatabase, type TestDatabase } from '../contract/pg-db.ts';
import { botLines, piyasa } from './piyasa-run.ts';
import { GROUP, externalTelegram, sleep, type ExternalTelegram } from './fault-harness.ts';

const BOTS = ['ali_ekonomist', 'can_chartist', 'fatma_temettu'];
// Routine turns keep 2 sends an hour free for people, so each bot may post 2 routine messages an hour.
const HOURLY = 4;
const ROUTINE = HOURLY - 2;

let t: TestDatabase;
let dir: string;
let tg: ExternalTelegram;
const children: ChildProcess[] = [];
test.before(async () => {
  t = await createTestDatabase();
  dir = mkdtempSync(path.join(tmpdir(), 'piyasa-restart-'));
  tg = await externalTelegram(dir, BOTS, HOURLY);
});
test.after(async () => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  await tg.close();
  await t.drop();
  rmSync(dir, { recursive: true, force: true });
});

test('kill -9 on a send in flight: its row is ambiguous and it is never resent; budgets and transcript survive the restart', async () => {
  const env = { ...tg.env, DATABASE_URL: t.url };
  const args = ['start', '--config', tg.config, '--seed', '7', '--log-level', 'info'];
  const names = [...tg.names];

  // Run 1: once 3 bot messages were printed, the next sendMessage is held at "Telegram" and the node is
  // killed with SIGKILL while it waits for the answer (no shutdown, no last flush).
  let child!: ChildProcess;
  let stdout = '';
  let held: Promise<string> | undefined;
  const first = piyasa(args, {
    env, timeoutMs: 180_000,
    onSpawn: (c) => {
      child = c;
      children.push(c);
      c.stdout!.on('data', (d: Buffer) => {
        stdout += d.toString();
        if (!held && botLines(stdout, names).length >= 3) held = tg.holdNextSend();
      });
    },
  });
  const deadline = Date.now() + 120_000;
  while (!held && Date.now() < deadline) await sleep(100);
  assert.ok(held, 'three bot messages before the held send');
  const inFlight = await Promise.race([held, sleep(120_000).then(() => undefined)]);
  assert.ok(inFlight, 'a send reached Telegram and is waiting for its answer');
  child.kill('SIGKILL');
  const killed = await first;
  assert.is(killed.signal, 'SIGKILL', killed.stderr);
  tg.release(); // Telegram goes on with the request: the message is in the group, the node never heard back
  await sleep(500);
  const printed1 = botLines(killed.stdout, names).length;
  assert.not.ok(killed.stdout.includes(inFlight), 'the in-flight message was never printed (its answer never came)');

  const db = await t.open();
  const sql = db.orm.em.getConnection();
  const before = await sql.execute<{ seq: number; idempotency_key: string; reaction: boolean }[]>('select seq, idempotency_key, reaction from messages order by id');
  assert.equal((await sql.execute<{ state: string }[]>('select state from outbox where text = ?', [inFlight])).map((r) => r.state), ['sending'], 'the kill left the row in flight');
  // A delivery is committed before the chat publishes (and the CLI prints) it: every printed line survived the kill.
  const committedBots = (await sql.execute<{ n: string }[]>(`select count(*) as n from messages where bot_id is not null`))[0]!.n;
  assert.ok(Number(committedBots) >= printed1, `printed ${printed1} before the kill, ${committedBots} in the database`);

  // Run 2: same database and Telegram, 12 s — long enough for every bot to post again had its budget been lost.
  const second = await piyasa(args, { env, afterMs: 12_000, onSpawn: (c) => children.push(c) });
  assert.is(second.code, 0, second.stderr);
  const printed2 = botLines(second.stdout, names).length;
  assert.match(second.stdout, /database: .*\(1 send\(s\) of the last run marked ambiguous, not resent\)/);

  assert.equal((await sql.execute<{ state: string }[]>('select state from outbox where text = ?', [inFlight])).map((r) => r.state), ['ambiguous'], 'the interrupted send is ambiguous');
  assert.is(tg.sends.filter((s) => s === inFlight).length, 1, 'never sent again');
  assert.is(tg.sandbox.messages(GROUP).filter((m) => m.text === inFlight).length, 1, 'in the group once');

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
  // Telegram received each key's text once: no message of the group is there twice.
  const texts = tg.sandbox.messages(GROUP).filter((m) => m.from.is_bot).map((m) => m.text);
  assert.is(new Set(texts).size, texts.length, 'nothing sent twice');
  // The rolling hour holds across the kill: no bot has more than its routine budget of sends (sent or maybe sent).
  for (const bot of BOTS) {
    const used = rows.filter((r) => r.bot_id === bot && (r.state === 'sent' || r.state === 'ambiguous')).reduce((a, r) => a + Number(r.n), 0);
    assert.ok(used <= ROUTINE, `${bot} sent ${used} in the hour, budget ${ROUTINE}: ${JSON.stringify(rows)}`);
  }
  assert.match(second.stdout, new RegExp(`database: ${t.url.replace(/[/.]/g, '\\$&')}`));
  const states = await sql.execute<{ bot_id: string; sent_at: number[] }[]>('select bot_id, sent_at from bot_state order by bot_id');
  assert.is(states.length, BOTS.length);
  for (const s of states) assert.ok(s.sent_at.length <= ROUTINE, JSON.stringify(states));
  assert.ok(states.some((s) => s.sent_at.length > 0), 'budgets were debited in the database');
});

test.run();
