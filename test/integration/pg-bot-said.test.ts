// A bot's state loaded from PostgreSQL carries what it said last (oldest first, reactions left out),
// so a bot restarted or moved to another node seeds its own dedup window and does not repeat itself.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { PgStore } from '../../persistence/index.ts';
import { memoryLogger } from '../../infra/log.ts';
import { createTestDatabase, type TestDatabase } from '../contract/pg-db.ts';
import type { ChatMessage } from '../../actors/index.ts';

let t: TestDatabase;
test.before(async () => {
  t = await createTestDatabase();
});
test.after(async () => {
  await t.drop();
});

test('load: the bot\'s latest lines, oldest first, without its reactions or anyone else\'s lines', async () => {
  const store = new PgStore(await t.open(), memoryLogger('error'));
  await store.save({ botId: 'b1', emotion: { valence: 0, arousal: 0.5, confidence: 0.5 }, emotionAt: 1, sentAt: [] });
  const line = (seq: number, botId: string | null, text: string, reaction = false): ChatMessage =>
    ({ seq, chatId: 'c1', botId, speaker: botId ?? 'ayla', text, messageId: 100 + seq, at: 1_000 + seq, ...(reaction ? { reaction: true } : {}) });
  for (const m of [line(1, 'b1', 'ilk söz'), line(2, null, 'selam'), line(3, 'b2', 'başkası'), line(4, 'b1', '👍', true), line(5, 'b1', 'ikinci söz')]) await store.append(m);
  await store.writer.drained();
  const loaded = await store.load('b1');
  assert.equal(loaded?.said, ['ilk söz', 'ikinci söz']);
});

test.run();
