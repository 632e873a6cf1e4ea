// HumanIntake on PostgreSQL and in memory: a repeat of an update (same source and id, same message) is
// recorded and handed over once, an id the server gave again to another message counts as new, and —
// PostgreSQL only — what was recorded but not recorded by its chat before a restart is handed over again
// by replay() (a person's line or an edit), while what the chat recorded is not.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { HumanMessage, InboundUpdate } from '../../actors/index.ts';
import { MemoryIntake, PgIntake, PgStore } from '../../persistence/index.ts';
import { memoryLogger } from '../../infra/log.ts';
import { createTestDatabase, type TestDatabase } from '../contract/pg-db.ts';

let t: TestDatabase;
test.before(async () => {
  t = await createTestDatabase();
});
test.after(async () => {
  await t.drop();
});

const message = (messageId: number, text: string, extra: Partial<HumanMessage> = {}): HumanMessage =>
  ({ chatId: 'demo', messageId, userId: 42, username: 'deniz', text, at: 1_000 + messageId, ...extra });
const update = (updateId: number, m: HumanMessage, source = '7000000001'): InboundUpdate => ({ source, updateId, message: m });

async function pgIntake(): Promise<{ intake: PgIntake; store: PgStore; got: HumanMessage[] }> {
  const store = new PgStore(await t.open(), memoryLogger());
  const got: HumanMessage[] = [];
  return { intake: new PgIntake(store, (m) => got.push(m), memoryLogger()), store, got };
}

test('a repeat is recorded once; a reused id with another message is new (both stores)', async () => {
  const { intake: pg, got: pgGot, store } = await pgIntake();
  const memGot: HumanMessage[] = [];
  const memory = new MemoryIntake((m) => memGot.push(m));
  for (const intake of [pg, memory]) {
    await intake.record(update(10, message(1, 'merhaba')));
    await intake.record(update(10, message(1, 'merhaba'))); // redelivered (a crash before the confirmation)
    await Promise.all([intake.record(update(11, message(2, 'aynı anda'))), intake.record(update(11, message(2, 'aynı anda')))]); // one batch
    await intake.record(update(10, message(1, 'merhaba'), 'another-listener')); // another source: its own ids
    await intake.record(update(12, message(3, 'ilk')));
    await intake.record(update(12, message(9, 'bir hafta sonra, aynı id'))); // the server gave id 12 again
  }
  const texts = (ms: HumanMessage[]) => ms.map((m) => m.text);
  const expected = ['merhaba', 'aynı anda', 'merhaba', 'ilk', 'bir hafta sonra, aynı id'];
  assert.equal(texts(pgGot), expected);
  assert.equal(texts(memGot), expected);
  assert.equal([pg.counts.recorded, pg.counts.repeated], [5, 2]);
  const rows = await (await t.open()).orm.em.getConnection().execute<{ n: string }[]>('select count(*) as n from inbound');
  assert.is(Number(rows[0]!.n), 4, 'one row per (source, update id)');
  await store.close();
});

test('after a restart: recorded but not recorded by the chat is handed over again; what the chat recorded is not', async () => {
  await (await t.open()).orm.em.getConnection().execute('delete from inbound'); // the first test's updates
  const { intake, store } = await pgIntake();
  await intake.record(update(100, message(50, 'yazıldı, sohbet kaydetti')));
  await intake.record(update(101, message(51, 'yazıldı, sohbet görmeden süreç öldü')));
  await intake.record(update(102, message(50, 'düzeltildi', { edited: true })));
  await intake.record(update(103, message(51, 'bu düzeltme de kayboldu', { edited: true })));
  // The chat recorded message 50 and its edit before the run stopped.
  await store.append({ seq: 1, chatId: 'demo', messageId: 50, botId: null, speaker: 'deniz', userId: 42, text: 'yazıldı, sohbet kaydetti', at: 1_050 });
  await store.edit('demo', 50, 'düzeltildi', 42);
  await store.close();

  const next = await pgIntake(); // a new process on the same database
  assert.is(await next.intake.replay(), 2);
  assert.equal(next.got.map((m) => [m.messageId, m.text, m.edited === true]), [[51, 'yazıldı, sohbet görmeden süreç öldü', false], [51, 'bu düzeltme de kayboldu', true]]);
  // Now the chat records them: the next start replays nothing.
  await next.store.append({ seq: 2, chatId: 'demo', messageId: 51, botId: null, speaker: 'deniz', userId: 42, text: 'yazıldı, sohbet görmeden süreç öldü', at: 1_051 });
  await next.store.edit('demo', 51, 'bu düzeltme de kayboldu', 42);
  await next.store.close();
  const third = await pgIntake();
  assert.is(await third.intake.replay(), 0);
  await third.store.close();
});

test.run();
