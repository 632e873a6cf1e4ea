// The write-behind queue of the PostgreSQL stores: order kept, a database that is away retried with one
// log line each way, a refused operation dropped alone (logged) instead of blocking the queue.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { WriteBehind, isConnectionError } from '../../persistence/index.ts';
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
  assert.equal(logger.lines.map((l) => l.event), ['db.unavailable', 'db.recovered']);
  assert.is(w.unavailable, false);
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
  assert.ok(logger.lines.some((l) => l.event === 'db.write.dropped' && l.level === 'error'));
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

test('connection errors are told apart from refused statements', () => {
  assert.ok(isConnectionError(refused));
  assert.ok(isConnectionError(new Error('Connection terminated unexpectedly')));
  assert.ok(isConnectionError(Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' })));
  assert.not.ok(isConnectionError(Object.assign(new Error('duplicate key value violates unique constraint'), { code: '23505' })));
});

test.run();
