// The node on the sandbox over PostgreSQL, stopped and started again on the same database: the
// sandbox shows the stored messages again and its ids continue after the newest (they restarted at 1,
// so an edit rewrote an earlier run's line and reactions hit stale ids); people's lines carry their
// user id, and an edit changes a line only for the person who wrote it.
import { randomBytes } from 'node:crypto';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Database } from '../../persistence/index.ts';
import { SystemClock } from '../../transport/index.ts';
import { DEMO_CONFIG_PATH, loadConfig, type Config } from '../../infra/config/index.ts';
import { roundTheClock } from './piyasa-run.ts';
import { openStorage } from '../../infra/db/storage.ts';
import { memoryLogger } from '../../infra/log.ts';
import { startTelegramNode } from '../../infra/root/telegram.ts';
import { PG_SERVER } from '../contract/pg-db.ts';
import { until } from './telegram-fixture.ts';

const demo = roundTheClock(loadConfig(DEMO_CONFIG_PATH));
const always = demo.bots.filter((b) => b.activeHours.length === 0);
const config: Config = { ...demo, bots: always, chats: [{ ...demo.chats[0]!, members: always.map((b) => b.id), script: [] }] };
const CHAT = config.chats[0]!.id;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function run(url: string) {
  const logger = memoryLogger('warn');
  const clock = new SystemClock({ speed: 40 });
  const storage = await openStorage({ config, logger, databaseUrl: url, now: clock.now() });
  const t = await startTelegramNode({ config: storage.config, clock, seed: 7, logger, telegram: { mode: 'sandbox', port: 0 }, cardsEveryMs: 1_000, pollSec: 5, script: false, stores: storage.stores });
  const group = t.chatIds.get(CHAT)!;
  return {
    t, storage, group, sandbox: t.sandbox!,
    stored: async () => storage.stores.transcripts.recent(CHAT, 1_000),
    stop: async () => {
      await t.stop();
      await storage.close();
    },
  };
}

test('ids continue after the stored ones across a restart; an edit changes only its author\'s line', async () => {
  const name = `piyasa_hardening_${randomBytes(5).toString('hex')}`;
  const url = `${PG_SERVER}/${name}`;
  const created = await Database.open(url, { create: true });
  await created.migrate();
  await created.close();
  try {
    const first = await run(url);
    let asked: number;
    try {
      asked = first.sandbox.human({ chatId: first.group, username: 'deniz', text: 'dolar ne olur bu hafta?' }).message_id;
      await until(() => first.sandbox.messages(first.group).filter((m) => m.from.is_bot).length >= 3, 30_000, 'the bots to talk');
      await sleep(1_500);
    } finally {
      await first.stop();
    }
    const before = await (async () => {
      const r = await run(url);
      const lines = await r.stored();
      await r.stop();
      return lines;
    })();
    const deniz = before.find((m) => m.messageId === asked)!;
    assert.ok(deniz, 'the person\'s line was stored');
    assert.is(deniz.botId, null);
    assert.ok(typeof deniz.userId === 'number' && deniz.userId > 0, 'with their user id');
    const maxOld = Math.max(...before.map((m) => m.messageId));

    const second = await run(url);
    try {
      const shown = second.sandbox.messages(second.group);
      assert.ok(shown.some((m) => m.message_id === asked && m.text === 'dolar ne olur bu hafta?'), 'the stored messages are back in the sandbox');
      const fresh = second.sandbox.human({ chatId: second.group, username: 'ece', text: 'merhaba, yeni geldim' });
      assert.ok(fresh.message_id > maxOld, `new id ${fresh.message_id} after the stored ${maxOld}`);

      // Another person's edited_message for deniz's id (as a stray update would be): deniz's line stays.
      const heard: { userId: number; edited?: boolean }[] = [];
      second.t.onHuman((m) => heard.push(m));
      const listener = config.bots[0]!.handle;
      const now = Math.floor(Date.now() / 1000);
      second.sandbox.injectRaw(listener, { edited_message: { message_id: asked, from: { id: 999_001, is_bot: false, first_name: 'mallory', username: 'mallory' }, chat: { id: second.group, type: 'supergroup', title: 'Piyasa Sohbet' }, date: now, edit_date: now, text: 'başkası yazdı' } });
      await until(() => heard.some((m) => m.userId === 999_001 && m.edited === true), 10_000, "mallory's edit to reach the node");
      await sleep(500);
      assert.equal((await second.stored()).filter((m) => m.messageId === asked).map((m) => m.text), ['dolar ne olur bu hafta?'], "another person's edit rewrote nothing");
      // Deniz's own edit of the same (earlier run's) message goes through.
      second.sandbox.edit(second.group, asked, 'dolar/TL ne olur bu hafta?', 'deniz');
      let after = await second.stored();
      for (let i = 0; i < 100 && !after.some((m) => m.messageId === asked && m.text.startsWith('dolar/TL')); i++) {
        await sleep(100);
        after = await second.stored();
      }
      assert.equal(after.filter((m) => m.messageId === asked).map((m) => m.text), ['dolar/TL ne olur bu hafta?']);
      const botLines = after.filter((m) => m.botId !== null && m.messageId <= maxOld);
      for (const b of botLines) assert.ok(before.some((o) => o.messageId === b.messageId && o.text === b.text), `bot line #${b.messageId} unchanged`);
    } finally {
      await second.stop();
    }
  } finally {
    const admin = await Database.open(`${PG_SERVER}/postgres`);
    await admin.orm.em.getConnection().execute(`drop database if exists "${name}" with (force)`);
    await admin.close();
  }
});

test.run();
