// The NATS environment: NATS_URL with the standard credentials, and the node id; errors name the
// variable, never a secret.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ConfigError, natsEnv, nodeId } from '../../infra/config/index.ts';

const env = (vars: Record<string, string>): NodeJS.ProcessEnv => vars as NodeJS.ProcessEnv;

test('no NATS_URL: no cluster', () => {
  assert.is(natsEnv(env({})), undefined);
  assert.is(natsEnv(env({ NATS_URL: '  ' })), undefined);
});

test('servers and one kind of credentials', () => {
  assert.equal(natsEnv(env({ NATS_URL: 'nats://a:4222, nats://b:4222' })), { servers: ['nats://a:4222', 'nats://b:4222'] });
  assert.equal(natsEnv(env({ NATS_URL: '127.0.0.1:4222', NATS_USER: 'node', NATS_PASSWORD: 'pw' })), { servers: ['127.0.0.1:4222'], user: 'node', pass: 'pw' });
  assert.equal(natsEnv(env({ NATS_URL: 'nats://x:1', NATS_TOKEN: 't0k' })), { servers: ['nats://x:1'], token: 't0k' });
});

test('bad values are refused with the variable named and no secret shown', () => {
  const refuse = (vars: Record<string, string>, re: RegExp) => {
    try {
      natsEnv(env(vars));
      assert.unreachable('accepted');
    } catch (e) {
      assert.instance(e, ConfigError);
      assert.match((e as Error).message, re);
      for (const v of Object.values(vars)) if (v.length > 6 && !v.includes('/')) assert.not.match((e as Error).message, v);
    }
  };
  refuse({ NATS_URL: 'http://user:s3cretpass@host:4222' }, /^NATS_URL: "http:\/\/host:4222" is not a NATS server address/);
  refuse({ NATS_URL: 'nats://h:1', NATS_PASSWORD: 'lonelypassword' }, /NATS_PASSWORD: set NATS_USER too/);
  refuse({ NATS_URL: 'nats://h:1', NATS_USER: 'u', NATS_TOKEN: 'tokentoken' }, /set one of/);
  refuse({ NATS_URL: 'nats://h:1', NATS_CREDS: '/nonexistent/x.creds' }, /NATS_CREDS: no such file/);
});

test('node id: PIYASA_NODE_ID, or host name and pid', () => {
  assert.is(nodeId(env({ PIYASA_NODE_ID: 'node-1' })), 'node-1');
  assert.match(nodeId(env({}), 4242), /^[A-Za-z0-9_-]+-4242$/);
  assert.throws(() => nodeId(env({ PIYASA_NODE_ID: 'a.b' })), /PIYASA_NODE_ID: letters, digits/);
});

test.run();
