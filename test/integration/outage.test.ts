// A database outage during a run (the connection cut by a TCP proxy between the node and PostgreSQL,
// then restored), the node on the Telegram sandbox: no crash and no crash loop, one clear log line each
// way, nothing sent during the cut — checked at the sandbox, which is what Telegram received, not in the
// database that was cut — the people's messages of the outage left unconfirmed with Telegram until they
// could be recorded, then recorded once each, in order, and sending resumes.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parseConfig } from '../../infra/config/index.ts';
import { openStorage, type Storage } from '../../infra/db/storage.ts';
import { startTelegramNode, type TelegramNode } from '../../infra/root/telegram.ts';
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
let node: TelegramNode | undefined;
let storage: Storage | undefined;
test.before(async () => {
  t = await createTestDatabase();
});
test.after(async () => {
  await node?.stop();
  await storage?.close();
  await t.drop();
});

test('the connection cut mid-run and restored: nothing sent during the cut (at the sandbox), people\'s messages left with Telegram until recorded, then all recorded once, sending resumes', async () => {
  const proxy = await cuttableProxy();
  const config = parseConfig(fastConfig(['ali_ekonomist', 'can_chartist', 'fatma_temettu'], 40).yaml, 'fast.yaml');
  const logger = memoryLogger('info');
  const url = t.url.replace(':5432/', `:${proxy.port}/`);
  const clock = new SystemClock();
  storage = await openStorage({ config, logger, databaseUrl: url, now: clock.now() });
  node = await startTelegramNode({ config, clock, seed: 3, logger, telegram: { mode: 'sandbox', port: 0 }, stores: storage.stores, intake: storage.intake, script: false, pollSec: 2 });
  const sandbox = node.sandbox!;
  const group = node.chatIds.get('demo')!;
  const listener = sandbox.botByUsername(config.bots.find((b) => b.id === config.chats[0]!.members[0])!.handle)!;
  /** Bot messages the sandbox (Telegram) accepted between two wall times. */
  const sentAt = (from: number, to: number) => sandbox.requests.filter((r) => r.method === 'sendMessage' && r.status === 200 && r.at > from && r.at < to).length;
  await until('3 sends before the outage', async () => sentAt(0, Infinity) >= 3);

  await proxy.cut();
  const cutAt = Date.now();
  const people = ['db kapalıyken yazdım 1', 'db kapalıyken yazdım 2', 'db kapalıyken yazdım 3'];
  for (const text of people) {
    sandbox.human({ chatId: group, username: 'deniz', text });
    await sleep(700);
  }
  await sleep(3_000);
  const during = logger.lines.filter((l) => l.event === 'db.unavailable');
  assert.is(during.length, 1, `one line when the database goes: ${JSON.stringify(logger.lines.slice(-5))}`);
  assert.is(during[0]!.level, 'warn');
  assert.ok(storage.store.writer.unavailable);
  assert.is(listener.updates.size, people.length, 'the people\'s messages stay unconfirmed with Telegram while they cannot be recorded');
  assert.is(node.node.deadLetters.list().filter((d) => d.reason === 'poison').length, 0, 'no actor crashed');

  await proxy.restore();
  const restoredAt = Date.now();
  // A send claimed just before the cut may complete just after it: a second's margin.
  assert.is(sentAt(cutAt + 1_000, restoredAt), 0, 'Telegram received no bot message while the outbox was unreachable');
  await until('the backlog written', async () => storage!.store.writer.backlog === 0 && !storage!.store.writer.unavailable);
  await until('the people\'s messages recorded', async () => (await humans()).length >= people.length);
  assert.equal(await humans(), people, 'every human message of the outage is stored once, in order');
  assert.ok(logger.lines.some((l) => l.event === 'db.recovered' && l.level === 'warn'), 'one line when it is back');
  await until('confirmed to Telegram', async () => listener.updates.size === 0);
  await until('a send after the outage', async () => sentAt(restoredAt, Infinity) > 0);
  for (const s of [node.node.supervisors.bots, node.node.supervisors.chats]) assert.equal([s.stats().restarts, s.stats().escalations], [0, 0], 'no actor restarted: no crash loop');
  await proxy.close();
});

/** People's lines as the database holds them (read around the proxy). */
async function humans(): Promise<string[]> {
  const db = await t.open();
  const rows = await db.orm.em.getConnection().execute<{ text: string }[]>(`select text from messages where bot_id is null order by id`);
  return rows.map((r) => r.text);
}

test.run();
