// The outbox's state indexes hold only the sends not yet sent (a database of its own, dropped after):
// a delivery takes its row out of them, and what looks in-flight sends up through them — a restart's
// recovery, a takeover — still finds every one.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { PgStore } from '../../persistence/index.ts';
import { memoryLogger } from '../../infra/log.ts';
import { createTestDatabase, type TestDatabase } from '../contract/pg-db.ts';

let t: TestDatabase;
test.before(async () => {
  t = await createTestDatabase();
});
test.after(async () => {
  await t.drop();
});

const entry = (chatId: string, turnId: number) => ({ idempotencyKey: `${chatId}:b1:${turnId}`, chatId, botId: 'b1', turnId, text: `t${turnId}`, at: 1_000 + turnId });

test('sent rows leave the state indexes; recovery and a takeover still find the sends in flight', async () => {
  const db = await t.open();
  const conn = db.orm.em.getConnection();
  const s = new PgStore(db, memoryLogger('error'));
  for (let turn = 1; turn <= 5; turn++) assert.is(await s.begin(entry('c1', turn)), 'send');
  assert.is(await s.begin(entry('c2', 1)), 'send');
  for (let turn = 1; turn <= 4; turn++) await s.delivered({ idempotencyKey: `c1:b1:${turn}`, message: { seq: turn, chatId: 'c1', botId: 'b1', speaker: 'B', text: `t${turn}`, messageId: 100 + turn, at: 2_000 + turn } });
  assert.ok(await s.writer.drained());
  // VACUUM counts each index's live entries (pg_class.reltuples): the two sends in flight, not the six rows.
  await conn.execute('vacuum outbox');
  const entries = await conn.execute<{ relname: string; n: number }[]>(
    `select relname, reltuples::int as n from pg_class where relname in ('outbox_state_index', 'outbox_chat_id_in_flight_index', 'outbox_idempotency_key_unique') order by relname`);
  assert.equal(entries.map((r) => [r.relname, Number(r.n)]), [['outbox_chat_id_in_flight_index', 2], ['outbox_idempotency_key_unique', 6], ['outbox_state_index', 2]]);
  const took = await s.takeOver(1, 1, 'n1', ['c2']);
  assert.equal(took?.ambiguous.map((a) => a.key), ['c2:b1:1']);
  const recovered = await s.recover();
  assert.equal(recovered.ambiguous.map((r) => r.idempotencyKey), ['c1:b1:5']);
  await s.close();
});

test.run();
