// A database outage during a run (the connection cut by a TCP proxy between the node and PostgreSQL,
// then restored): no crash and no crash loop, one clear log line each way, the people's messages of
// the outage written when it returns, and sending resumes.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parseConfig } from '../../infra/config/index.ts';
import { openStorage, type Storage } from '../../infra/db/storage.ts';
import { createSingleNode, type SingleNode } from '../../infra/root/single.ts';
import { memoryLogger } from '../../infra/log.ts';
import { SystemClock } from '../../transport/index.ts';
import { createTestDatabase, type TestDatabase } from '../contract/pg-db.ts';
import { fastConfig } from './piyasa-run.ts';
import { cuttableProxy } from './tcp-proxy.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
async function until(what: string, check: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(200);
  }
}

let t: TestDatabase;
let node: SingleNode | undefined;
let storage: Storage | undefined;
test.before(async () => {
  t = await createTestDatabase();
});
test.after(async () => {
  await node?.stop();
  await storage?.close();
  await t.drop();
});

test('the connection cut mid-run and restored: no crash, clear log lines, no lost human message, sending resumes', async () => {
  const proxy = await cuttableProxy();
  const config = parseConfig(fastConfig(['ali_ekonomist', 'can_chartist', 'fatma_temettu'], 40).yaml, 'fast.yaml');
  const logger = memoryLogger('info');
  const url = t.url.replace(':5432/', `:${proxy.port}/`);
  const clock = new SystemClock();
  storage = await openStorage({ config, logger, databaseUrl: url, now: clock.now() });
  node = createSingleNode({ config, clock, seed: 3, logger, stores: storage.stores, script: false });
  node.start();
  const direct = (await t.open()).orm.em.getConnection(); // around the proxy
  const sent = async () => Number((await direct.execute<{ n: string }[]>(`select count(*) as n from outbox where state = 'sent'`))[0]!.n);
  await until('3 sends before the outage', async () => (await sent()) >= 3);

  await proxy.cut();
  const cutAt = Date.now();
  const people = ['db kapalıyken yazdım 1', 'db kapalıyken yazdım 2', 'db kapalıyken yazdım 3'];
  for (const text of people) {
    node.telegram.human({ chatId: 'demo', username: 'deniz', text });
    await sleep(700);
  }
  await sleep(2_500);
  const during = logger.lines.filter((l) => l.event === 'db.unavailable');
  assert.is(during.length, 1, `one line when the database goes: ${JSON.stringify(logger.lines.slice(-5))}`);
  assert.is(during[0]!.level, 'error');
  assert.ok(storage.store.writer.unavailable);
  assert.ok(storage.store.writer.backlog >= people.length, 'the people\'s lines wait in order');
  assert.is(node.deadLetters.list().filter((d) => d.reason === 'poison').length, 0, 'no actor crashed');

  await proxy.restore();
  const restoredAt = Date.now();
  await until('the backlog written', async () => storage!.store.writer.backlog === 0 && !storage!.store.writer.unavailable);
  const humans = await direct.execute<{ text: string }[]>(`select text from messages where bot_id is null order by id`);
  assert.equal(humans.map((h) => h.text), people, 'every human message of the outage is stored, in order');
  assert.ok(logger.lines.some((l) => l.event === 'db.recovered'), 'one line when it is back');
  await until('a send after the outage', async () =>
    Number((await direct.execute<{ n: string }[]>(`select count(*) as n from outbox where state = 'sent' and at > ?`, [restoredAt]))[0]!.n) > 0);
  const outbox = await direct.execute<{ state: string }[]>(`select state from outbox where at between ? and ?`, [cutAt, restoredAt]);
  assert.not.ok(outbox.some((r) => r.state === 'sent'), 'nothing was sent while the outbox was unreachable');
  for (const s of [node.supervisors.bots, node.supervisors.chats]) assert.equal([s.stats().restarts, s.stats().escalations], [0, 0], 'no actor restarted: no crash loop');
  await proxy.close();
});

test.run();
