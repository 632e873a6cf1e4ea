// A batch's bot states and send debits (a database of its own, dropped after): each bot's row is
// written once for both, and ends exactly as the two rules say, applied in order — a bot's newest state
// replaces its row unless a newer owner wrote it (revision), then every delivered send is added to its
// budget once (times older than an hour before its newest send dropped) and counted in sent_total.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { writeBatch, type Op } from '../../persistence/pg/batch.ts'; // the batch itself, below the store's queue
import { Sql } from '../../persistence/pg/sql.ts';
import { createTestDatabase, type TestDatabase } from '../contract/pg-db.ts';
import type { BotStateRecord, Emotion } from '../../actors/index.ts';

let t: TestDatabase;
let sql: Sql;
test.before(async () => {
  t = await createTestDatabase();
  sql = new Sql(await t.open());
});
test.after(async () => {
  await t.drop();
});

const HOUR = 3_600_000;
const T = 1_800_000_000_000;
const calm: Emotion = { valence: 0, arousal: 0.5, confidence: 0.5 };
const sad: Emotion = { valence: -0.8, arousal: 0.2, confidence: 0.4 };

interface Row { emotion: Emotion; emotion_at: number; sent_at: number[]; sent_total: number; owner_revision: number }

/** What the rules give: the state first (unless the row's revision is newer), then the debit. */
function expected(before: Row | undefined, state: { record: BotStateRecord; rev: number } | undefined, ats: readonly number[]): Row | undefined {
  let row = before && { ...before, sent_at: [...before.sent_at] };
  if (state && (!row || row.owner_revision <= state.rev)) {
    row = { emotion: state.record.emotion, emotion_at: state.record.emotionAt, sent_at: [...state.record.sentAt], sent_total: row?.sent_total ?? 0, owner_revision: state.rev };
  }
  if (row && ats.length) {
    const last = Math.max(...ats);
    row.sent_at = [...new Set([...row.sent_at, ...ats])].filter((x) => x > last - HOUR).sort((a, b) => a - b);
    row.sent_total += ats.length;
  }
  return row;
}

async function rows(): Promise<Map<string, Row & { touched: boolean }>> {
  const r = await sql.query<Row & { bot_id: string; touched: boolean }>(`select bot_id, emotion, emotion_at, sent_at, sent_total, owner_revision, updated_at > '2001-01-01' as touched from bot_state`);
  return new Map(r.map(({ bot_id, ...x }) => [bot_id, { ...x, emotion_at: Number(x.emotion_at), sent_total: Number(x.sent_total), owner_revision: Number(x.owner_revision), sent_at: x.sent_at.map(Number) }]));
}

const fence = (revision: number) => ({ partition: 3, revision });
const state = (botId: string, rev: number, emotion: Emotion, sentAt: number[]): Op => ({ kind: 'state', record: { botId, emotion, emotionAt: T + rev, sentAt }, fence: fence(rev) });
let seq = 0;
const delivery = (botId: string, at: number): Op => {
  seq++;
  return { kind: 'message', message: { seq, chatId: 'c1', botId, speaker: botId, text: `line ${seq}`, messageId: 500 + seq, at }, key: `c1:${botId}:${seq}`, delivered: true, fence: fence(5) };
};

test('states and debits in one batch: every case of row, revision and sends ends as the rules say', async () => {
  const before: Record<string, Row> = {
    fresh: { emotion: calm, emotion_at: 1, sent_at: [T - 10], sent_total: 4, owner_revision: 5 },
    stale: { emotion: calm, emotion_at: 1, sent_at: [T - 20, T - 10], sent_total: 2, owner_revision: 9 },
    staleOnly: { emotion: calm, emotion_at: 1, sent_at: [T - 20], sent_total: 1, owner_revision: 9 },
    debitOnly: { emotion: calm, emotion_at: 1, sent_at: [T - 2 * HOUR, T - 30, T - 30], sent_total: 3, owner_revision: 5 },
    stateOnly: { emotion: calm, emotion_at: 1, sent_at: [], sent_total: 7, owner_revision: 5 },
    dupes: { emotion: calm, emotion_at: 1, sent_at: [], sent_total: 0, owner_revision: 0 },
    untouched: { emotion: calm, emotion_at: 1, sent_at: [T - 5], sent_total: 1, owner_revision: 5 },
  };
  for (const [bot, r] of Object.entries(before)) {
    await sql.query('insert into bot_state (bot_id, emotion, emotion_at, sent_at, sent_total, owner_revision, updated_at) values (?, ?::jsonb, ?, ?::jsonb, ?, ?, ?)',
      [bot, JSON.stringify(r.emotion), r.emotion_at, JSON.stringify(r.sent_at), r.sent_total, r.owner_revision, '2000-01-01T00:00:00Z']);
  }
  const batch: Op[] = [
    state('fresh', 4, sad, [T - 999]), // older, replaced by the newest state of the batch below
    delivery('fresh', T + 1),
    state('fresh', 5, sad, [T - 10, T + 1]),
    delivery('fresh', T + 2),
    state('stale', 5, sad, [T + 3]), delivery('stale', T + 3), // a newer owner wrote the row: only the debit
    state('staleOnly', 5, sad, [T]), // nothing to write
    delivery('debitOnly', T), delivery('debitOnly', T - 30), // an hour-old time dropped, a repeated one kept once
    state('stateOnly', 6, sad, [T - 1, T - 1]), // kept as given
    state('dupes', 1, sad, [T - 1, T - 1, T]), delivery('dupes', T),
    state('newBot', 5, sad, [T]), delivery('newBot', T), delivery('newBot', T + 5), // no row yet: inserted, then debited
    delivery('ghost', T), // no row and no state: nothing to debit
  ];
  const states = new Map<string, { record: BotStateRecord; rev: number }>();
  const ats = new Map<string, number[]>();
  for (const op of batch) {
    if (op.kind === 'state') states.set(op.record.botId, { record: op.record, rev: op.fence!.revision });
    if (op.kind === 'message') ats.set(op.message.botId!, [...(ats.get(op.message.botId!) ?? []), op.message.at]);
  }
  await writeBatch((fn) => sql.transaction(fn), batch);
  const after = await rows();
  for (const bot of ['fresh', 'stale', 'staleOnly', 'debitOnly', 'stateOnly', 'dupes', 'newBot', 'ghost', 'untouched']) {
    const want = expected(before[bot], states.get(bot), ats.get(bot) ?? []);
    const got = after.get(bot);
    if (!want) {
      assert.is(got, undefined, bot);
      continue;
    }
    assert.ok(got, bot);
    const { touched, ...rest } = got!;
    assert.equal(rest, want, bot);
    assert.is(touched, JSON.stringify(want) !== JSON.stringify(before[bot]), `${bot}: written only when it changed`);
  }
  // The cases above, spelled out for the reader.
  assert.equal(after.get('fresh')!.sent_at, [T - 10, T + 1, T + 2]);
  assert.equal(after.get('stale')!.emotion, calm);
  assert.equal(after.get('debitOnly')!.sent_at, [T - 30, T]);
  assert.equal(after.get('stateOnly')!.sent_at, [T - 1, T - 1]);
  assert.equal([after.get('newBot')!.sent_total, after.get('dupes')!.sent_at], [2, [T - 1, T]]);
});

test('one write of each bot row for a state and its debit', async () => {
  await sql.query('insert into bot_state (bot_id, emotion, emotion_at, sent_at) values (?, ?::jsonb, 0, ?::jsonb)', ['once', JSON.stringify(calm), '[]']);
  let updates = -1;
  await writeBatch(async (fn) => sql.transaction(async (q) => {
    // This backend's counts not yet reported include earlier transactions': the difference is this one's.
    const updated = async () => Number((await q<{ n: string }>(`select pg_stat_get_xact_tuples_updated('bot_state'::regclass) as n`))[0]!.n);
    const before = await updated();
    const r = await fn(q);
    updates = (await updated()) - before;
    return r;
  }), [state('once', 1, sad, [T]), delivery('once', T)]);
  assert.is(updates, 1, 'the state and the debit are one update of the row');
});

test.run();
