// The store contract on PostgreSQL (a database of its own per test, dropped after).
import { suite } from 'uvu';
import { PgBotMemories, PgStore } from '../../persistence/index.ts';
import { memoryLogger } from '../../infra/log.ts';
import { storeContract, type Backend } from './stores.ts';
import { createTestDatabase, type TestDatabase } from './pg-db.ts';

async function pgBackend(t: TestDatabase): Promise<Backend> {
  const db = await t.open();
  const store = new PgStore(db, memoryLogger());
  const conn = db.orm.em.getConnection();
  return {
    botStates: store, transcripts: store, outbox: store, memories: new PgBotMemories(db, store),
    async seed(r) {
      await conn.execute(`insert into bot_state (bot_id, emotion, emotion_at, sent_at) values (?, ?::jsonb, ?, ?::jsonb)`, [r.botId, JSON.stringify(r.emotion), r.emotionAt, JSON.stringify(r.sentAt)]);
    },
    async restart() {
      await store.close(); // what was queued is written, as the crash test shows it is when a process dies after commit
      const next = await pgBackend(t);
      const { ambiguous } = await (next.outbox as PgStore).recover();
      return { ...next, ambiguous: ambiguous.map((r) => r.idempotencyKey) };
    },
    async close() {
      await store.close();
    },
  };
}

const test = suite('stores contract: postgresql');
let t: TestDatabase | undefined;
storeContract(test, async () => {
  await t?.drop();
  t = await createTestDatabase();
  return pgBackend(t);
});
test.after(async () => {
  await t?.drop();
});
test.run();
