// The shipped nats-server configuration (infra/nats/piyasa.conf) on a server of the test's own: an
// operator's command is answered and logged with the operator's name as the server vouches for it; a
// user without operator rights (the read-only watcher, and a node itself) cannot publish a command —
// the server refuses it and no node sees it — while the watcher still reads the chat's events.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { fileURLToPath } from 'node:url';
import { connect, headers } from '@nats-io/transport-node';
import { Kvm } from '@nats-io/kv';
import { jetstream } from '@nats-io/jetstream';
import { NatsBus, clusterNames, ensureBusStream, homeChats } from '../../transport/index.ts';
import { memoryLogger } from '../../infra/log.ts';
import { startNatsServer } from './nats-server.ts';
import { ask, sleep, startCommandNode } from './commands-fixture.ts';
import { until } from './telegram-fixture.ts';

const CONF = fileURLToPath(new URL('../../infra/nats/piyasa.conf', import.meta.url));
const env = { PIYASA_NODE_PASSWORD: 'node-secret-1', PIYASA_OPERATOR_PASSWORD: 'op-secret-2', PIYASA_WATCHER_PASSWORD: 'watch-secret-3' };

test('only operators may command; the log names the operator the server vouched for', async () => {
  const server = await startNatsServer({ config: CONF, env });
  const f = await startCommandNode(server.url, { user: 'node', pass: env.PIYASA_NODE_PASSWORD });
  const operator = await connect({ servers: server.url, user: 'operator', pass: env.PIYASA_OPERATOR_PASSWORD });
  const watcher = await connect({ servers: server.url, user: 'watcher', pass: env.PIYASA_WATCHER_PASSWORD });
  const refusals: string[] = [];
  void (async () => {
    for await (const s of watcher.status()) if (s.type === 'error') refusals.push(String((s as { error?: Error }).error?.message));
  })();
  try {
    // The operator commands, even with a forged identity header: the server writes the real one.
    const forged = headers();
    forged.set('Nats-Request-Info', JSON.stringify({ acc: 'PIYASA', user: 'node' }));
    const reply = JSON.parse((await operator.request('piyasa.chat.demo.cmd', '{"cmd":"pause"}', { timeout: 15_000, headers: forged })).string()) as Record<string, unknown>;
    assert.equal(reply, { ok: true, chat: 'demo', paused: true });
    const line = f.audit.lines.find((l) => l.event === 'command' && l.fields?.cmd === 'pause')!;
    assert.equal([line.fields?.user, line.fields?.via], ['OPS/operator', 'nats']);
    assert.is((await ask(operator, 'piyasa.cmd', { cmd: 'status' })).ok, true);

    // The watcher reads the events …
    const said: unknown[] = [];
    watcher.subscribe('piyasa.chat.demo.said', { callback: (_e, m) => void said.push(m.json()) });
    await watcher.flush();
    await ask(operator, 'piyasa.chat.demo.cmd', { cmd: 'resume' });
    await until(() => said.length > 0, 30_000, 'the watcher to see a said event');

    // … but cannot command: the server refuses the publish, and no node sees it.
    const before = f.audit.lines.length;
    watcher.publish('piyasa.chat.demo.cmd', '{"cmd":"pause"}', { reply: 'piyasa.x' });
    watcher.publish('piyasa.cmd', '{"cmd":"chats.remove","chat":"demo"}');
    await until(() => refusals.filter((r) => r.includes('Permissions Violation for Publish')).length >= 2, 10_000, 'the server to refuse the watcher');
    assert.ok(refusals.some((r) => r === 'Permissions Violation for Publish to "piyasa.chat.demo.cmd"'), refusals.join('\n'));
    assert.ok(refusals.some((r) => r === 'Permissions Violation for Publish to "piyasa.cmd"'), refusals.join('\n'));
    await sleep(500);
    assert.is(f.audit.lines.length, before, 'no node received a command from the watcher');
    assert.ok(f.t.node.chats.has('demo'));
    assert.match(server.log(), /Publish Violation - User "watcher", Subject "piyasa.cmd"/);

    // A node's own user may not command either (that is what makes the identity header trustworthy).
    try {
      await f.node.request('piyasa.cmd', '{"cmd":"status"}', { timeout: 5_000 });
      assert.unreachable('a node sent a command');
    } catch (e) {
      assert.match((e as Error).message, /Permissions Violation for Publish to "piyasa.cmd"/);
    }
  } finally {
    await operator.close();
    await watcher.close().catch(() => undefined);
    await f.stop();
    await server.stop();
  }
});

test("a node's user has what the cluster bus needs: its stream and consumers, durable and core sends, requests, events, a KV bucket", async () => {
  const server = await startNatsServer({ config: CONF, env });
  const nc = await connect({ servers: server.url, user: 'node', pass: env.PIYASA_NODE_PASSWORD });
  const watcher = await connect({ servers: server.url, user: 'watcher', pass: env.PIYASA_WATCHER_PASSWORD });
  const errors: string[] = [];
  void (async () => {
    for await (const s of nc.status()) if (s.type === 'error') errors.push(String((s as { error?: Error }).error?.message));
  })();
  const names = clusterNames('piyasa');
  const bus = new NatsBus({ nc, names, homeOf: homeChats([{ id: 'demo', members: ['ayse'] }]), logger: memoryLogger('warn') });
  try {
    await ensureBusStream(nc, names);
    const got: unknown[] = [];
    bus.host('chat', (_to, m) => {
      got.push(m);
      return Promise.resolve();
    });
    bus.serve('chat', async (to) => ({ ok: true, chat: to.id }));
    bus.own(bus.partitionOf({ kind: 'chat', id: 'demo' }));
    await bus.sendDurable({ kind: 'chat', id: 'demo' }, { n: 1 }, { id: 'perm-1' });
    await until(() => got.length === 1, 10_000, 'the durable message to be handled');
    const seen: string[] = [];
    watcher.subscribe('piyasa.chat.demo.said', { callback: (_e, m) => void seen.push(m.string()) });
    await watcher.flush();
    bus.publish('piyasa.chat.demo.said', { text: 'merhaba' });
    await until(() => seen.length === 1, 5_000, 'the watcher to see the event');
    const kv = await new Kvm(jetstream(nc)).create('piyasa_leases', { history: 1, ttl: 10_000 });
    const rev = await kv.create('part.0', 'node-a');
    await kv.update('part.0', 'node-b', rev);
    assert.is((await kv.get('part.0'))?.string(), 'node-b');
    await nc.flush();
    assert.equal(errors, [], 'no permission refused');
  } finally {
    await bus.close();
    await watcher.close();
    await nc.close();
    await server.stop();
  }
});

test.run();
