// Command changes kept in PostgreSQL: bots and chats added, members added and removed, a bot removed
// and a setting set on a running node are in the catalog tables, and the next start on the database
// runs them (a removed bot stays removed; the YAML still wins for what it declares). A token given
// with bots.add is sealed, never stored in clear. A disabled bot stays off across restarts — a YAML
// bot too — until bots.enable; an operator's memory is in the memories table and the bot's recall.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { VirtualClock } from '../../transport/index.ts';
import { DEMO_CONFIG_PATH, loadConfig, type Config } from '../../infra/config/index.ts';
import { roundTheClock } from './piyasa-run.ts';
import { createSingleNode } from '../../infra/root/single.ts';
import { openStorage } from '../../infra/db/storage.ts';
import { pgCatalogStore, startNodeCommands } from '../../infra/commands/index.ts';
import { memoryLogger } from '../../infra/log.ts';
import { createTestDatabase } from '../contract/pg-db.ts';

const START = Date.UTC(2026, 10, 23, 7, 0, 0);
const caller = { user: 'OPS/alice', via: 'nats' } as const;
const KEY = 'a'.repeat(64);
const TOKEN = '7123456789:AAFakeTokenForTheTestOnly_abcdefghij';

test('changes made by commands are stored and run again at the next start', async () => {
  const db = await createTestDatabase();
  const base = roundTheClock(loadConfig(DEMO_CONFIG_PATH));
  const config: Config = { ...base, chats: base.chats.map((c) => ({ ...c, script: [] })) };
  const logger = memoryLogger('warn');
  try {
    const clock = new VirtualClock(START);
    const storage = await openStorage({ config, logger, databaseUrl: db.url, tokenKey: KEY, now: clock.now() });
    const node = createSingleNode({ config: storage.config, clock, seed: 3, logger, script: false, stores: storage.stores });
    node.start();
    const commands = startNodeCommands({ node, id: 'pg-node', logger, store: pgCatalogStore(storage.catalog, () => clock.now(), storage.sealToken) });
    // Cluster commands wait on the database, not on the clock.
    const run = async (p: Promise<unknown>) => (await p) as { ok: boolean; persisted?: boolean };
    const persona = { ...structuredClone(base.bots.find((b) => b.id === 'can_chartist')!), id: 'selin_trader', name: 'Selin', handle: 'selin_trader_bot' } as Record<string, unknown>;
    delete persona.stances;
    const added = await run(commands.service.cluster({ cmd: 'bots.add', bot: persona, token: TOKEN }, caller));
    assert.equal([added.ok, added.persisted], [true, true], JSON.stringify(added));
    assert.is((await run(commands.service.cluster({ cmd: 'chats.add', chat: { id: 'kripto', title: 'Kripto', members: ['selin_trader', 'ali_ekonomist'] } }, caller))).ok, true);
    assert.is((await run(commands.service.cluster({ cmd: 'members.add', chat: 'kripto', bot: 'can_chartist' }, caller))).ok, true);
    assert.is((await run(commands.service.cluster({ cmd: 'members.remove', chat: 'kripto', bot: 'ali_ekonomist' }, caller))).ok, true);
    assert.is((await run(commands.service.cluster({ cmd: 'members.add', chat: 'demo', bot: 'selin_trader' }, caller))).ok, true);
    assert.is((await run(commands.service.cluster({ cmd: 'bots.remove', bot: 'zeynep_newbie' }, caller))).ok, true);
    assert.is((await run(commands.service.cluster({ cmd: 'settings.set', key: 'baseTurnSec', value: 45 }, caller))).ok, true);
    await commands.stop();
    await node.stop();

    const conn = storage.db.orm.em.getConnection();
    const [row] = await conn.execute<{ token_enc: string; token_mask: string }[]>("select token_enc, token_mask from bots where id = 'selin_trader'");
    assert.ok(row!.token_enc && !row!.token_enc.includes(TOKEN.split(':')[1]!), 'sealed, not in clear');
    assert.is(await storage.tokenOf('selin_trader'), TOKEN);
    await storage.close();

    // The next start: the YAML (which does not know selin or kripto, and still lists zeynep) again.
    const again = await openStorage({ config, logger, databaseUrl: db.url, tokenKey: KEY, now: clock.now() });
    try {
      const c = again.config;
      assert.ok(c.bots.some((b) => b.id === 'selin_trader'), 'the added bot runs again');
      assert.equal(c.chats.find((x) => x.id === 'kripto')?.members, ['selin_trader', 'can_chartist']);
      assert.is(c.settings.baseTurnSec, base.settings.baseTurnSec, 'the YAML declares the settings block: its value wins at start, not the 45 set');
      // zeynep is declared by the YAML: the YAML wins for her (documented), so she is back.
      assert.ok(c.bots.some((b) => b.id === 'zeynep_newbie'));
      assert.equal(c.chats.find((x) => x.id === 'demo')?.members, base.chats[0]!.members, "the YAML's member list of its own chat");
    } finally {
      await again.close();
    }
  } finally {
    await db.drop();
  }
});

test('a disabled bot stays off at the next start (the YAML declaring it or not) and bots.enable after the restart brings it back; memories added and removed in the table', async () => {
  const db = await createTestDatabase();
  const base = roundTheClock(loadConfig(DEMO_CONFIG_PATH));
  const config: Config = { ...base, chats: base.chats.map((c) => ({ ...c, script: [] })) };
  const logger = memoryLogger('warn');
  const run = async (p: Promise<unknown>) => (await p) as { ok: boolean; persisted?: boolean; field?: string; error?: string; memory?: { id: number } };
  const boot = async (clock: VirtualClock) => {
    const storage = await openStorage({ config, logger, databaseUrl: db.url, now: clock.now() });
    const node = createSingleNode({ config: storage.config, clock, seed: 3, logger, script: false, stores: storage.stores });
    node.start();
    const commands = startNodeCommands({ node, id: 'pg-node', logger, store: pgCatalogStore(storage.catalog, () => clock.now()) });
    return {
      storage, node, cmd: (body: Record<string, unknown>) => run(commands.service.cluster(body, caller)),
      async stop() {
        await commands.stop();
        await node.stop();
        await storage.close();
      },
    };
  };
  try {
    const clock = new VirtualClock(START);
    const first = await boot(clock);
    const conn = first.storage.db.orm.em.getConnection();
    const persona = { ...structuredClone(base.bots.find((b) => b.id === 'can_chartist')!), id: 'selin_trader', name: 'Selin', handle: 'selin_trader_bot' };
    assert.is((await first.cmd({ cmd: 'bots.add', bot: persona })).ok, true);
    assert.is((await first.cmd({ cmd: 'members.add', chat: 'demo', bot: 'selin_trader' })).ok, true);
    const off = await first.cmd({ cmd: 'bots.disable', bot: 'fatma_temettu' });
    assert.equal([off.ok, off.persisted], [true, true], JSON.stringify(off));
    assert.is((await first.cmd({ cmd: 'bots.disable', bot: 'selin_trader' })).ok, true);
    const rows = await conn.execute<{ id: string; enabled: boolean; removed_at: string | null }[]>("select id, enabled, removed_at from bots where id in ('fatma_temettu', 'selin_trader') order by id");
    assert.equal(rows.map((r) => [r.id, r.enabled, r.removed_at]), [['fatma_temettu', false, null], ['selin_trader', false, null]]);
    const members = await conn.execute<{ bot_id: string }[]>("select bot_id from chat_members where chat_id = 'demo' and bot_id in ('fatma_temettu', 'selin_trader') order by bot_id");
    assert.equal(members.map((m) => m.bot_id), ['fatma_temettu', 'selin_trader'], 'still members');

    // A memory of a disabled bot may be added too: it is there when the bot comes back.
    const added = await first.cmd({ cmd: 'memories.add', bot: 'fatma_temettu', memory: { kind: 'personal_fact', content: 'Emekli öğretmen, temettü ile geçiniyor', relevance: 0.8 } });
    assert.equal([added.ok, added.persisted], [true, true], JSON.stringify(added));
    const id = added.memory!.id;
    const [row] = await conn.execute<{ bot_id: string; kind: string; content: string; about: string | null; relevance: number }[]>('select bot_id, kind, content, about, relevance from memories where id = ?', [id]);
    assert.equal(row, { bot_id: 'fatma_temettu', kind: 'personal_fact', content: 'Emekli öğretmen, temettü ile geçiniyor', about: null, relevance: 0.8 });
    const gone = await first.cmd({ cmd: 'memories.add', bot: 'fatma_temettu', memory: { kind: 'routine', content: 'Her sabah KAP bildirimlerine bakar', relevance: 0.3 } });
    assert.is((await first.cmd({ cmd: 'memories.remove', bot: 'ali_ekonomist', id: gone.memory!.id })).field, 'id', "another bot's memory is not removed");
    assert.is((await first.cmd({ cmd: 'memories.remove', bot: 'fatma_temettu', id: gone.memory!.id })).ok, true);
    assert.equal((await conn.execute<{ n: string }[]>('select count(*) as n from memories where id = ?', [gone.memory!.id]))[0]!.n, '0');
    await first.stop();

    // The next start: the YAML declares fatma (enabled in the file), not selin; both stay off.
    const second = await boot(clock);
    const c = second.storage.config;
    assert.not.ok(c.bots.some((b) => b.id === 'fatma_temettu' || b.id === 'selin_trader'), 'disabled bots do not run');
    // fatma is in demo's YAML member list; selin joined by command, and the YAML wins for its own chat's list.
    assert.equal(c.disabled?.map((d) => [d.bot.id, d.chats]), [['fatma_temettu', ['demo']], ['selin_trader', []]]);
    assert.not.ok(c.chats.find((x) => x.id === 'demo')!.members.includes('fatma_temettu'));
    assert.not.ok(second.node.bots.has('fatma_temettu'));
    const on = await second.cmd({ cmd: 'bots.enable', bot: 'fatma_temettu' });
    assert.is(on.ok, true, JSON.stringify(on));
    assert.ok(second.node.bots.has('fatma_temettu'), 'enabled after the restart');
    assert.ok(second.node.catalog().chats.find((x) => x.id === 'demo')!.members.includes('fatma_temettu'));
    const recalled = await second.storage.stores.memories!.recall('fatma_temettu', { limit: 3, now: clock.now() });
    assert.equal(recalled.map((m) => m.content), ['Emekli öğretmen, temettü ile geçiniyor'], "the bot's recall");
    await second.stop();

    const third = await boot(clock);
    assert.ok(third.storage.config.bots.some((b) => b.id === 'fatma_temettu'), 'enabled stays enabled');
    assert.ok(third.storage.config.chats.find((x) => x.id === 'demo')!.members.includes('fatma_temettu'));
    assert.equal(third.storage.config.disabled?.map((d) => d.bot.id), ['selin_trader']);
    await third.stop();
  } finally {
    await db.drop();
  }
});

test.run();
