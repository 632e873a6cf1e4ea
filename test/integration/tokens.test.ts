// Bot tokens at rest: sealed with PIYASA_TOKEN_KEY, shown masked, never in a table or a log line in
// clear; a missing or wrong key stops start-up with one line.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { randomBytes } from 'node:crypto';
import { Catalog, TokenKeyError, parseTokenKey } from '../../persistence/index.ts';
import { Sandbox, serveSandbox } from '../../transport/index.ts';
import { DEMO_CONFIG_PATH, loadConfig } from '../../infra/config/index.ts';
import { createTestDatabase, type TestDatabase } from '../contract/pg-db.ts';
import { piyasa } from './piyasa-run.ts';

let t: TestDatabase;
test.before(async () => {
  t = await createTestDatabase();
});
test.after(async () => {
  await t.drop();
});

const keyHex = randomBytes(32).toString('hex');
const secret = (i: number) => `${7_000_000_000 + i}:AAH${randomBytes(24).toString('base64url')}`;

test('the config upserted (stances, holdings, members); tokens sealed, shown masked, in no table and no log line of a run', async () => {
  const config = loadConfig(DEMO_CONFIG_PATH);
  const db = await t.open();
  const catalog = new Catalog(db);
  await catalog.upsert(config, Date.now());
  const key = parseTokenKey(keyHex);
  const tokens = config.bots.map((_, i) => secret(i));
  for (const [i, b] of config.bots.entries()) await catalog.setToken(b.id, tokens[i]!, key);
  assert.is(await catalog.token(config.bots[0]!.id, key), tokens[0], 'the adapter gets the clear token back');
  // The upsert wrote the personas' stances and holdings, and the chat's members.
  const sql0 = db.orm.em.getConnection();
  const count = async (table: string) => Number((await sql0.execute<{ n: string }[]>(`select count(*) as n from ${table}`))[0]!.n);
  assert.is(await count('stances'), config.bots.reduce((a, b) => a + b.stances.length, 0));
  assert.is(await count('holdings'), config.bots.reduce((a, b) => a + b.holdings.length, 0));
  assert.is(await count('chat_members'), config.chats[0]!.members.length);
  await catalog.upsert(config, Date.now()); // a second start changes nothing
  assert.is(await count('stances'), config.bots.reduce((a, b) => a + b.stances.length, 0));
  for (const [i, b] of (await catalog.listBots()).entries()) {
    assert.ok(b.token !== null && !b.token.includes(tokens[i]!.slice(4, -2)), `masked: ${b.token}`);
    assert.match(b.token!, /^\d{4}…/);
  }

  // A whole run on this database, at debug level.
  const run = await piyasa(['start', '--config', DEMO_CONFIG_PATH, '--speed', '30', '--seed', '2', '--log-level', 'debug'],
    { env: { DATABASE_URL: t.url, PIYASA_TOKEN_KEY: keyHex }, afterMs: 4_000 });
  assert.is(run.code, 0, run.stderr);
  assert.ok(run.stderr.length > 0, 'the run logged');

  const sql = db.orm.em.getConnection();
  const tables = await sql.execute<{ table_name: string }[]>(`select table_name from information_schema.tables where table_schema = 'public'`);
  assert.ok(tables.length >= 10, JSON.stringify(tables));
  for (const { table_name } of tables) {
    const [dump] = await sql.execute<{ d: string | null }[]>(`select string_agg(t::text, E'\\n') as d from "${table_name}" t`);
    for (const token of tokens) {
      const clear = token.split(':')[1]!;
      assert.not.ok(dump?.d?.includes(clear), `the clear token is in table ${table_name}`);
    }
    assert.not.ok(dump?.d?.includes(keyHex), `the key is in table ${table_name}`);
  }
  for (const token of tokens) {
    const clear = token.split(':')[1]!;
    assert.not.ok(run.stdout.includes(clear) || run.stderr.includes(clear), 'a token in the output');
  }
  assert.not.ok(run.stdout.includes(keyHex) || run.stderr.includes(keyHex), 'the key in the output');
});

test('real bot tokens given to start are sealed into the bots table, never stored in clear; the next start without the key is refused', async () => {
  const config = loadConfig(DEMO_CONFIG_PATH);
  const own = await createTestDatabase();
  // A sandbox standing in for api.telegram.org, knowing the bots by their (secret) tokens.
  const sandbox = new Sandbox({ limits: config.settings.telegram });
  const group = -1001234567890;
  const env: Record<string, string> = { DATABASE_URL: own.url, PIYASA_TOKEN_KEY: keyHex, PIYASA_TELEGRAM_CHAT_DEMO: String(group) };
  const tokens = config.bots.map((b, i) => {
    const token = secret(100 + i);
    env[`PIYASA_BOT_TOKEN_${b.id.toUpperCase()}`] = token;
    sandbox.addBot({ token, username: b.handle, firstName: b.name, canReadAll: i === 0 });
    return token;
  });
  sandbox.addChat({ id: group, title: 'Gerçek grup', bots: config.bots.map((b) => b.handle) });
  const server = await serveSandbox(sandbox, { port: 0 });
  env.TELEGRAM_API_ROOT = `${server.url}/`;
  try {
    const run = await piyasa(['start', '--config', DEMO_CONFIG_PATH, '--seed', '3', '--log-level', 'debug'], { env, afterMs: 3_000 });
    assert.is(run.code, 0, run.stderr);
    assert.match(run.stdout, /, Telegram, /, 'started on (stand-in) Telegram');
    const db = await own.open();
    const catalog = new Catalog(db);
    const key = parseTokenKey(keyHex);
    for (const [i, b] of config.bots.entries()) assert.is(await catalog.token(b.id, key), tokens[i], `${b.id}: sealed and recoverable`);
    const sql = db.orm.em.getConnection();
    const [dump] = await sql.execute<{ d: string }[]>(`select string_agg(t::text, E'\\n') as d from bots t`);
    for (const token of tokens) {
      const clear = token.split(':')[1]!;
      assert.not.ok(dump!.d.includes(clear), 'a clear token in the bots table');
      assert.not.ok(run.stdout.includes(clear) || run.stderr.includes(clear), 'a token in the output');
    }
    const { PIYASA_TOKEN_KEY: _, ...withoutKey } = env;
    const refused = await piyasa(['start', '--config', DEMO_CONFIG_PATH], { env: withoutKey, timeoutMs: 30_000 });
    assert.is(refused.code, 2, refused.stderr);
    assert.match(refused.stderr.trim(), /^piyasa: PIYASA_TOKEN_KEY is not set, but the database holds encrypted bot tokens$/);
  } finally {
    await server.close();
    await own.drop();
  }
});

test('a database with sealed tokens refuses a missing, wrong or malformed key with one line', async () => {
  const env = { DATABASE_URL: t.url };
  const cases: [NodeJS.ProcessEnv, RegExp][] = [
    [env, /^piyasa: PIYASA_TOKEN_KEY is not set, but the database holds encrypted bot tokens$/],
    [{ ...env, PIYASA_TOKEN_KEY: randomBytes(32).toString('hex') }, /^piyasa: PIYASA_TOKEN_KEY does not match the key the stored bot tokens were encrypted with$/],
    [{ ...env, PIYASA_TOKEN_KEY: 'not-a-key' }, /^piyasa: PIYASA_TOKEN_KEY must be 32 bytes as 64 hex digits or base64/],
  ];
  for (const [e, expected] of cases) {
    const r = await piyasa(['start', '--config', DEMO_CONFIG_PATH], { env: e, timeoutMs: 30_000 });
    assert.is(r.code, 2, r.stderr);
    const lines = r.stderr.trim().split('\n');
    assert.is(lines.length, 1, r.stderr);
    assert.match(lines[0]!, expected);
  }
  assert.throws(() => parseTokenKey('00'), (e: unknown) => e instanceof TokenKeyError);
});

test.run();
