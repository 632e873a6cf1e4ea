// The NATS connection against the real server: it connects, and a server that is not there or a
// connection the server refuses is one line naming the server, without the password.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { NatsStartupError, connectNats } from '../../transport/index.ts';

const NATS = process.env.PIYASA_TEST_NATS ?? 'nats://127.0.0.1:4222';

test('connects to the shared server and round-trips a request', async () => {
  const nc = await connectNats({ servers: [NATS], name: 'piyasa-test-connect' });
  const sub = nc.subscribe('piyasa.test.connect.echo', { callback: (_e, m) => { m.respond(m.data); } });
  const reply = await nc.request('piyasa.test.connect.echo', 'ping', { timeout: 2_000 });
  assert.is(reply.string(), 'ping');
  sub.unsubscribe();
  await nc.close();
});

test('a server that is not there: one line, no password', async () => {
  try {
    await connectNats({ servers: ['nats://someone:hunter2secret@127.0.0.1:1'], timeoutMs: 2_000 });
    assert.unreachable('connected');
  } catch (e) {
    assert.instance(e, NatsStartupError);
    assert.is((e as Error).message, 'cannot connect to NATS at nats://127.0.0.1:1: connection refused');
  }
});

test.run();
