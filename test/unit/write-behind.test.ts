// The write-behind queue of the PostgreSQL stores: order kept, a database that is away retried with one
// log line each way (also when it only stops answering), a refused operation dropped alone (logged)
// instead of blocking the queue, and a dropped database or a revoked privilege never taken for a bad row.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { WriteBehind, classifyDbError, isConnectionError } from '../../persistence/index.ts';
import { memoryLogger } from '../../infra/log.ts';

const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });

test('connection errors: retried with backoff until the batch commits, in order, logged once each way', async () => {
  const logger = memoryLogger('debug');
  const committed: number[] = [];
  let failures = 3;
  const w = new WriteBehind<number>(async (ops) => {
    if (failures-- > 0) throw refused;
    committed.push(...ops);
  }, logger, { backoffMs: [5, 20], batch: 2 });
  for (let i = 1; i <= 5; i++) w.push(i);
  assert.is(await w.drained(2_000), true);
  assert.equal(committed, [1, 2, 3, 4, 5]);
  assert.equal(logger.lines.map((l) => `${l.level} ${l.event}`), ['warn db.unavailable', 'warn db.recovered']);
  assert.is(w.unavailable, false);
  assert.equal([w.stats.outages, w.stats.written, w.stats.dropped], [1, 5, 0]);
});

test('a dropped database, a revoked privilege or login: the queue is kept whole, nothing is dropped', async () => {
  for (const [code, message] of [['3D000', 'database "x" does not exist'], ['42501', 'permission denied for table messages'], ['28P01', 'password authentication failed'], ['XX000', 'something odd']] as const) {
    const logger = memoryLogger('debug');
    const w = new WriteBehind<number>(async () => {
      throw Object.assign(new Error(message), { code });
    }, logger, { backoffMs: [2, 5] });
    for (let i = 1; i <= 4; i++) void w.push(i);
    await new Promise((r) => setTimeout(r, 60));
    assert.is(w.backlog, 4, code);
    assert.is(w.dropped, 0, code);
    assert.ok(w.unavailable, code);
    const lines = logger.lines.filter((l) => l.event === 'db.unavailable');
    assert.is(lines.length, 1, `one line for ${code}`);
    assert.match(String(lines[0]!.fields?.reason), code);
    w.close();
  }
});

test('a database that stops answering (a stall, no error) is reported after stallMs, and its recovery too', async () => {
  const logger = memoryLogger('debug');
  let release!: () => void;
  const hung = new Promise<void>((r) => (release = r));
  let calls = 0;
  const w = new WriteBehind<number>(async () => {
    if (calls++ === 0) await hung;
  }, logger, { stallMs: 30 });
  const done = w.push(1);
  await new Promise((r) => setTimeout(r, 80));
  assert.ok(w.unavailable);
  assert.match(String(logger.lines.find((l) => l.event === 'db.unavailable')?.fields?.reason), /no answer for/);
  release();
  assert.is(await done, 'written');
  assert.not.ok(w.unavailable);
  assert.ok(logger.lines.some((l) => l.event === 'db.recovered' && l.level === 'warn'));
});

test('a queue at its limit stops intake (room() waits) without dropping anything, and resumes when written', async () => {
  const logger = memoryLogger('debug');
  let up = false;
  const w = new WriteBehind<number>(async () => {
    if (!up) throw refused;
  }, logger, { limit: 3, backoffMs: [2, 5] });
  for (let i = 1; i <= 5; i++) void w.push(i);
  assert.ok(w.full);
  let admitted = false;
  const waiting = w.room().then(() => (admitted = true));
  await new Promise((r) => setTimeout(r, 30));
  assert.not.ok(admitted, 'intake waits while the queue is full');
  assert.is(w.backlog, 5, 'nothing dropped past the limit');
  assert.ok(logger.lines.some((l) => l.event === 'db.queue.full'));
  up = true;
  const keepAlive = setInterval(() => undefined, 10); // the queue's own retry timers do not hold the process
  await waiting;
  assert.ok(await w.drained(1_000));
  clearInterval(keepAlive);
  assert.equal([w.stats.written, w.stats.dropped, w.stats.full], [5, 0, 1]);
});

test('a refused operation is dropped alone and logged; the rest commit', async () => {
  const logger = memoryLogger('debug');
  const committed: number[] = [];
  const w = new WriteBehind<number>(async (ops) => {
    if (ops.includes(3)) throw Object.assign(new Error('value too long for type character varying(64)'), { code: '22001' });
    committed.push(...ops);
  }, logger);
  for (let i = 1; i <= 5; i++) w.push(i);
  await w.drained();
  assert.equal(committed, [1, 2, 4, 5]);
  assert.is(w.dropped, 1);
  const dropped = logger.lines.find((l) => l.event === 'db.write.dropped');
  assert.is(dropped?.level, 'error');
  assert.match(String(dropped?.fields?.reason), /value too long .*\(22001\)/);
});

test('drained() gives up after its timeout while the database is away', async () => {
  const w = new WriteBehind<number>(async () => {
    throw refused;
  }, memoryLogger(), { backoffMs: [5, 10] });
  w.push(1);
  assert.is(await w.drained(50), false);
  assert.is(w.backlog, 1);
  w.close();
  await new Promise((r) => setTimeout(r, 30));
});

test('errors classified: away (keep the data) or one bad row (drop it alone)', () => {
  const c = (code: string) => classifyDbError(Object.assign(new Error('x'), { code })).kind;
  for (const code of ['57P01', '57P02', '57P03', '3D000', '28000', '28P01', '42501', '08006', 'ECONNREFUSED', '53100', '42P01', 'XX000']) assert.is(c(code), 'away', code);
  for (const code of ['23505', '23502', '22001', '22P02', '22021']) assert.is(c(code), 'row', code);
  assert.is(classifyDbError(new Error('Connection terminated unexpectedly')).kind, 'away');
});

test('connection errors are told apart from refused statements', () => {
  assert.ok(isConnectionError(refused));
  assert.ok(isConnectionError(new Error('Connection terminated unexpectedly')));
  assert.ok(isConnectionError(Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' })));
  assert.not.ok(isConnectionError(Object.assign(new Error('duplicate key value violates unique constraint'), { code: '23505' })));
});

test.run();
