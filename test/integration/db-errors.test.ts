// Bad database input stops start-up with one clear line and exit code 2: a malformed or unreachable
// DATABASE_URL, a database that needs migrating, and a database migrated by a newer version.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { DEMO_CONFIG_PATH } from '../../infra/config/index.ts';
import { Catalog, Database } from '../../persistence/index.ts';
import { putSetting } from '../../infra/db/storage.ts';
import { ConfigError } from '../../infra/config/index.ts';
import { PG_SERVER } from '../contract/pg-db.ts';
import { piyasa } from './piyasa-run.ts';

async function startWith(url: string): Promise<string> {
  const r = await piyasa(['start', '--config', DEMO_CONFIG_PATH], { env: { DATABASE_URL: url }, timeoutMs: 30_000 });
  assert.is(r.code, 2, `exit code for ${url}: ${r.stderr}`);
  const lines = r.stderr.trim().split('\n');
  assert.is(lines.length, 1, r.stderr);
  return lines[0]!;
}

test('a malformed or unreachable DATABASE_URL', async () => {
  assert.match(await startWith('localhost:5432/piyasa'), /^piyasa: DATABASE_URL must (be a URL|start with postgresql:\/\/)/);
  assert.match(await startWith('mysql://u@127.0.0.1/x'), /^piyasa: DATABASE_URL must start with postgresql:\/\/ \(got "mysql:\/\/"\)$/);
  assert.match(await startWith('postgresql://u@127.0.0.1:1/x'), /^piyasa: cannot reach PostgreSQL at postgresql:\/\/u@127\.0\.0\.1:1\/x: connection refused$/);
  assert.match(await startWith(`${PG_SERVER}/piyasa_t3_does_not_exist`), /database "piyasa_t3_does_not_exist" does not exist$/);
});

test('a database that needs migrating, then one migrated by a newer version; piyasa migrate fixes the first', async () => {
  const name = `piyasa_t3_mig_${Math.random().toString(36).slice(2, 8)}`;
  const url = `${PG_SERVER}/${name}`;
  const fresh = await Database.open(url, { create: true });
  try {
    assert.match(await startWith(url), /needs \d+ migration\(s\) \(Migration20261201000000_initial(, Migration\d+_\w+)*\): run "piyasa migrate"$/);
    const status = await piyasa(['migrate', 'status'], { env: { DATABASE_URL: url } });
    assert.match(status.stdout, /pending: Migration20261201000000_initial/);
    const apply = await piyasa(['migrate', 'apply'], { env: { DATABASE_URL: url } });
    assert.is(apply.code, 0, apply.stderr);
    assert.match(apply.stdout, /applied: Migration20261201000000_initial/);
    assert.match((await piyasa(['migrate'], { env: { DATABASE_URL: url } })).stdout, /up to date/);
    await fresh.orm.em.getConnection().execute(`insert into mikro_orm_migrations (name) values ('Migration20991231000000_future')`);
    assert.match(await startWith(url), /has migration\(s\) this version does not know \(Migration20991231000000_future\)/);
    const after = await piyasa(['migrate', 'status'], { env: { DATABASE_URL: url } });
    assert.is(after.code, 1);
    assert.match(after.stdout, /unknown to this version: Migration20991231000000_future/);
  } finally {
    await fresh.close();
    const admin = await Database.open(`${PG_SERVER}/postgres`);
    await admin.orm.em.getConnection().execute(`drop database if exists "${name}" with (force)`);
    await admin.close();
  }
});

test('settings in the database: a bad value is refused with its key and rule; a good one is stored', async () => {
  const name = `piyasa_t3_set_${Math.random().toString(36).slice(2, 8)}`;
  const db = await Database.open(`${PG_SERVER}/${name}`, { create: true });
  try {
    await db.migrate();
    const catalog = new Catalog(db);
    try {
      await putSetting(catalog, 'reactionProbability', 1.5);
      assert.unreachable('accepted 1.5');
    } catch (error) {
      assert.instance(error, ConfigError);
      assert.match((error as Error).message, /settings\.reactionProbability: must be .*1.*\(got 1\.5\)/);
    }
    await putSetting(catalog, 'reactionProbability', 0.2);
    assert.equal(await catalog.settings(), { reactionProbability: 0.2 });
  } finally {
    await db.close();
    const admin = await Database.open(`${PG_SERVER}/postgres`);
    await admin.orm.em.getConnection().execute(`drop database if exists "${name}" with (force)`);
    await admin.close();
  }
});

test.run();
