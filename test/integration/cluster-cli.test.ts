// `piyasa node` stops start-up with one line and exit code 2 when it cannot join: no NATS_URL, a
// malformed one, a server that is not there, a server refusing the credentials (our own nats-server
// with a password), no DATABASE_URL, no bot tokens. Never a stack trace, never the password.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { piyasa } from './piyasa-run.ts';
import { OwnNatsServer } from '../../infra/bench/nats-server.ts';
import { PG_SERVER } from '../contract/pg-db.ts';

const DB = `${PG_SERVER}/test`;

async function fails(env: NodeJS.ProcessEnv, pattern: RegExp, args: string[] = ['--telegram', 'memory']): Promise<void> {
  const r = await piyasa(['node', ...args], { env: { NATS_URL: '', DATABASE_URL: DB, ...env }, timeoutMs: 60_000 });
  assert.is(r.code, 2, `${r.stdout}\n${r.stderr}`);
  const lines = r.stderr.trim().split('\n').filter((l) => !l.startsWith('{'));
  assert.is(lines.length, 1, r.stderr);
  assert.match(lines[0]!, pattern);
  assert.not.match(r.stderr + r.stdout, /hunter2|\n\s+at /);
}

test('no NATS_URL, a malformed one, no server there', async () => {
  await fails({}, /^piyasa node: set NATS_URL/);
  await fails({ NATS_URL: 'http//nope' }, /^piyasa node: invalid environment: NATS_URL: "http\/\/nope" is not a NATS server address/);
  await fails({ NATS_URL: 'nats://someone:hunter2@127.0.0.1:1' }, /^piyasa node: cannot connect to NATS at nats:\/\/127\.0\.0\.1:1: connection refused$/);
});

test('credentials the server refuses', async () => {
  const nats = await OwnNatsServer.start({ user: 'piyasa', pass: 'right-password' });
  try {
    await fails({ NATS_URL: nats.url, NATS_USER: 'piyasa', NATS_PASSWORD: 'hunter2' }, /^piyasa node: cannot connect to NATS at nats:\/\/127\.0\.0\.1:\d+: the server refused the credentials/);
  } finally {
    await nats.close();
  }
});

test('no DATABASE_URL; no bot tokens without --telegram memory', async () => {
  await fails({ NATS_URL: 'nats://127.0.0.1:4222', DATABASE_URL: '' }, /^piyasa node: set DATABASE_URL/);
  await fails({ NATS_URL: 'nats://127.0.0.1:4222' }, /^piyasa node: a cluster node needs the bots' tokens/, []);
});

test.run();
