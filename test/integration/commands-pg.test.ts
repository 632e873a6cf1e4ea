// Command changes kept in PostgreSQL: bots and chats added, members added and removed, a bot removed
// and a setting set on a running node are in the catalog tables, and the next start on the database
// runs them (a removed bot stays removed; the YAML still wins for what it declares). A token given
// with bots.add is sealed, never stored in clear.
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

test.run();
