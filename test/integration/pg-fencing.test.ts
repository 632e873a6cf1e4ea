// Fencing in PostgreSQL (a database of its own, dropped after): two owners of one partition, the
// older (revision 10) and the newer (revision 20). Once the newer raised the partition's fence, every
// write of the older — a claim, a delivery, a bot state, a send's outcome — is refused and counted;
// the sends it had in flight became ambiguous; the newer writes on; an old revision cannot fence again.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { FencedWrite, PgStore, type FenceToken } from '../../persistence/index.ts';
import { memoryLogger } from '../../infra/log.ts';
import { createTestDatabase, type TestDatabase } from '../contract/pg-db.ts';
import type { ChatMessage, Emotion } from '../../actors/index.ts';

let t: TestDatabase;
test.before(async () => {
  t = await createTestDatabase();
});
test.after(async () => {
  await t.drop();
});

const emotion: Emotion = { valence: 0, arousal: 0.5, confidence: 0.5 };
const entry = (key: string, turnId: number) => ({ idempotencyKey: key, chatId: 'c1', botId: 'b1', turnId, text: `t${turnId}`, at: 1_000 + turnId });
const said = (seq: number, messageId: number): ChatMessage => ({ seq, chatId: 'c1', botId: 'b1', speaker: 'B', text: `t${seq}`, messageId, at: 2_000 + seq });

async function store(revision: number): Promise<PgStore> {
  const s = new PgStore(await t.open(), memoryLogger('error'));
  const token: FenceToken = { partition: 7, revision };
  s.useFencing({ tokenOf: () => token });
  return s;
}

async function refused(p: Promise<unknown>): Promise<void> {
  try {
    await p;
    assert.unreachable('the write went through');
  } catch (e) {
    assert.instance(e, FencedWrite);
  }
}

test('a newer owner fences the older one out of every write', async () => {
  const conn = (await t.open()).orm.em.getConnection();
  await conn.execute(`insert into bot_state (bot_id, emotion, emotion_at, sent_at) values ('b1', '{"valence":0,"arousal":0.5,"confidence":0.5}', 0, '[]')`);
  const old = await store(10);
  const next = await store(20);
  assert.ok(await old.takeOver(7, 10, 'old', ['c1']));
  assert.is(await old.begin(entry('c1:b1:1', 1)), 'send');
  await old.delivered({ idempotencyKey: 'c1:b1:1', message: said(1, 501) });
  assert.is(await old.begin(entry('c1:b1:2', 2)), 'send'); // in flight when the takeover comes

  const took = await next.takeOver(7, 20, 'new', ['c1']);
  assert.equal(took?.ambiguous.map((a) => a.key), ['c1:b1:2'], 'the send in flight is ambiguous, never resent');
  assert.is(await old.takeOver(7, 10, 'old', ['c1']), undefined, 'an old revision cannot fence again');

  await refused(old.begin(entry('c1:b1:3', 3)));
  await refused(old.failed('c1:b1:2', 'x'));
  await old.delivered({ idempotencyKey: 'c1:b1:2', message: said(2, 502) });
  await old.save({ botId: 'b1', emotion: { ...emotion, valence: -0.9 }, emotionAt: 9, sentAt: [1] });
  await old.writer.drained();
  assert.ok(old.fenced.claims >= 1 && old.fenced.transitions === 1 && old.fenced.writes >= 2, JSON.stringify(old.fenced));

  assert.is(await next.begin(entry('c1:b1:3', 3)), 'send');
  await next.delivered({ idempotencyKey: 'c1:b1:3', message: said(3, 503) });
  await next.save({ botId: 'b1', emotion, emotionAt: 10, sentAt: [5] });
  await next.writer.drained();
  assert.is(next.fencedTotal, 0);

  const rows = await conn.execute<{ idempotency_key: string; state: string; owner_revision: string }[]>('select idempotency_key, state, owner_revision from outbox order by turn_id');
  assert.equal(rows.map((r) => [r.idempotency_key, r.state, Number(r.owner_revision)]), [
    ['c1:b1:1', 'sent', 10], ['c1:b1:2', 'ambiguous', 10], ['c1:b1:3', 'sent', 20],
  ]);
  const messages = await conn.execute<{ idempotency_key: string }[]>('select idempotency_key from messages order by id');
  assert.equal(messages.map((m) => m.idempotency_key), ['c1:b1:1', 'c1:b1:3'], 'the stale delivery was not recorded');
  const [state] = await conn.execute<{ emotion_at: string; owner_revision: string }[]>(`select emotion_at, owner_revision from bot_state where bot_id = 'b1'`);
  assert.equal([Number(state!.emotion_at), Number(state!.owner_revision)], [10, 20]);
  await old.close();
  await next.close();
});

test('a node that does not own a chat any more cannot write for it', async () => {
  const s = new PgStore(await t.open(), memoryLogger('error'));
  s.useFencing({ tokenOf: () => undefined });
  await refused(s.begin(entry('c1:b1:9', 9)));
  await refused(s.append(said(9, 509)));
  await s.save({ botId: 'b1', emotion, emotionAt: 1, sentAt: [] });
  assert.is(s.fencedTotal, 3);
  await s.close();
});

test('a person\'s message: written under a current fence, refused as stale after a newer owner fenced — and still stale when asked again', async () => {
  const older = await store(30);
  const newer = await store(40);
  assert.ok(await older.takeOver(7, 30, 'old', ['c1']));
  const person = (messageId: number): ChatMessage => ({ seq: messageId, chatId: 'c1', botId: null, speaker: 'ayla', userId: 9, text: `soru ${messageId}`, messageId, at: 3_000 + messageId });
  await older.append(person(801));
  assert.is(await older.humanRecorded('c1', 801), undefined, 'committed: nothing pending');
  const pending = older.append(person(802));
  const verdict = older.humanRecorded('c1', 802);
  assert.ok(verdict, 'pending until committed');
  await pending;
  assert.is(await verdict, 'written');
  assert.ok(await newer.takeOver(7, 40, 'new', ['c1']));
  await older.append(person(803));
  assert.is(await older.humanRecorded('c1', 803), 'stale', 'left out: the new owner must record it');
  assert.is(await older.humanRecorded('c1', 803), 'stale', 'a redelivery to the old owner is refused again');
  const rows = await (await t.open()).orm.em.getConnection().execute<{ tg: string }[]>(`select telegram_message_id as tg from messages where chat_id = 'c1' and bot_id is null order by 1`);
  assert.equal(rows.map((r) => Number(r.tg)), [801, 802]);
  await older.writer.drained();
  await newer.writer.drained();
});

test.run();
