// The cluster bus on the real NATS server (its own prefix, stream and consumers, deleted after): a
// message reaches the owner of its entity's partition, fire and forget or durable (acked once
// handled, redelivered after a refusal, deduplicated by id, moving with the partition), requests are
// answered by the owner, events keep their subjects, trace context crosses, bad input is dead-lettered.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { randomBytes } from 'node:crypto';
import { jetstreamManager } from '@nats-io/jetstream';
import { headers, type NatsConnection } from '@nats-io/transport-node';
import type { EntityAddress, Envelope } from '../../actors/index.ts';
import { NatsBus, clusterNames, connectNats, ensureBusStream, homeChats, type ClusterNames } from '../../transport/index.ts';
import { MemoryDeadLetters } from '../../persistence/index.ts';
import { memoryLogger } from '../../infra/log.ts';

const NATS = process.env.PIYASA_TEST_NATS ?? 'nats://127.0.0.1:4222';
const names: ClusterNames = clusterNames(`cc${randomBytes(4).toString('hex')}`);
const homeOf = homeChats([{ id: 'alpha', members: ['ayse'] }, { id: 'beta', members: ['can'] }]);
const until = async (what: string, ok: () => boolean, ms = 5_000): Promise<void> => {
  const end = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
};

let ncA: NatsConnection;
let ncB: NatsConnection;
let a: NatsBus;
let b: NatsBus;
const gotA: { to: EntityAddress; m: unknown; env?: Envelope }[] = [];
const gotB: { to: EntityAddress; m: unknown; env?: Envelope }[] = [];
const deadA = new MemoryDeadLetters();
const logA = memoryLogger('warn');
let refuseOnce = true;

test.before(async () => {
  ncA = await connectNats({ servers: [NATS], name: 'bus-test-a' });
  ncB = await connectNats({ servers: [NATS], name: 'bus-test-b' });
  await ensureBusStream(ncA, names, { inbox: { nakDelayMs: 50 } });
  a = new NatsBus({ nc: ncA, names, homeOf, logger: logA, deadLetters: deadA, inbox: { nakDelayMs: 50 } });
  b = new NatsBus({ nc: ncB, names, homeOf, logger: memoryLogger('warn'), inbox: { nakDelayMs: 50 } });
  a.host('chat', (to, m, env) => {
    if ((m as { refuse?: boolean }).refuse && refuseOnce) {
      refuseOnce = false;
      return Promise.reject(new Error('mailbox full'));
    }
    gotA.push({ to, m, ...(env ? { env } : {}) });
    return env?.deliveries !== undefined ? Promise.resolve() : undefined;
  });
  a.host('bot', (to, m, env) => void gotA.push({ to, m, ...(env ? { env } : {}) }));
  b.host('chat', (to, m, env) => {
    gotB.push({ to, m, ...(env ? { env } : {}) });
    return Promise.resolve();
  });
  a.serve('chat', async (to, body) => ({ ok: true, chat: to.id, echo: body }));
  a.own(a.partitionOf({ kind: 'chat', id: 'alpha' }));
});

test.after(async () => {
  await a.close();
  await b.close();
  const jsm = await jetstreamManager(ncA);
  await jsm.streams.delete(names.stream).catch(() => undefined);
  await ncA.close();
  await ncB.close();
});

test('a bot lives in its home chat\'s partition', () => {
  assert.is(a.partitionOf({ kind: 'bot', id: 'ayse' }), a.partitionOf({ kind: 'chat', id: 'alpha' }));
  assert.is(a.partitionOf({ kind: 'bot', id: 'can' }), a.partitionOf({ kind: 'chat', id: 'beta' }));
});

test('a send reaches the owner over NATS, with its trace context; in-process when the owner is here', async () => {
  const trace = { traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01', tracestate: 'ro=1' };
  b.send({ kind: 'chat', id: 'alpha' }, { kind: 'tick', n: 1 }, { trace });
  await until('the remote send', () => gotA.length === 1);
  assert.equal(gotA[0]!.m, { kind: 'tick', n: 1 });
  assert.equal(gotA[0]!.env?.trace, trace);
  const before = a.stats.local;
  a.send({ kind: 'bot', id: 'ayse' }, { kind: 'hello' });
  assert.is(a.stats.local, before + 1, 'delivered in-process');
  assert.equal(gotA.at(-1)!.m, { kind: 'hello' });
  gotA.length = 0;
});

test('a Go-style Traceparent header is read whatever its case', async () => {
  const h = headers();
  h.set('Traceparent', '00-11111111111111111111111111111111-2222222222222222-01');
  ncB.publish(names.send(a.partitionOf({ kind: 'chat', id: 'alpha' }), { kind: 'chat', id: 'alpha' }), JSON.stringify({ kind: 'tick' }), { headers: h });
  await until('the send', () => gotA.length === 1);
  assert.is(gotA[0]!.env?.trace?.traceparent, '00-11111111111111111111111111111111-2222222222222222-01');
  gotA.length = 0;
});

test('durable: acked once handled, refused ones redelivered, one id delivered once', async () => {
  await b.sendDurable({ kind: 'chat', id: 'alpha' }, { kind: 'human', n: 1 }, { id: 'tg:1:100' });
  await b.sendDurable({ kind: 'chat', id: 'alpha' }, { kind: 'human', n: 1 }, { id: 'tg:1:100' }); // a repeat
  await b.sendDurable({ kind: 'chat', id: 'alpha' }, { kind: 'human', n: 2, refuse: true }, { id: 'tg:1:101' });
  await until('both durable messages', () => gotA.length === 2);
  await new Promise((r) => setTimeout(r, 300));
  assert.is(gotA.length, 2, 'the repeated id was not delivered again');
  const first = gotA.find((g) => (g.m as { n: number }).n === 1)!;
  const second = gotA.find((g) => (g.m as { n: number }).n === 2)!;
  assert.is(first.env?.id, 'tg:1:100');
  assert.is(first.env?.deliveries, 1);
  assert.is(second.env?.deliveries, 2, 'the refused one came back');
  gotA.length = 0;
});

test('a request is answered by the entity\'s owner; nobody owning it is a clear error', async () => {
  assert.equal(await b.request({ kind: 'chat', id: 'alpha' }, { cmd: 'status' }), { ok: true, chat: 'alpha', echo: { cmd: 'status' } });
  try {
    await b.request({ kind: 'chat', id: 'beta' }, { cmd: 'status' }, 1_000);
    assert.unreachable('answered');
  } catch (e) {
    assert.match(String(e), /no node hosts chat beta right now/);
  }
});

test('events keep the contract subject under a prefix', async () => {
  const seen: [string, unknown][] = [];
  const off = b.subscribe('piyasa.chat.*.said', (s, p) => seen.push([s, p]));
  await ncB.flush();
  a.publish('piyasa.chat.alpha.said', { text: 'merhaba' });
  await until('the event', () => seen.length === 1);
  assert.equal(seen[0], ['piyasa.chat.alpha.said', { text: 'merhaba' }]);
  off();
});

test('a partition moves: its durable messages go to the new owner', async () => {
  const p = a.partitionOf({ kind: 'chat', id: 'alpha' });
  await a.disown(p);
  await b.sendDurable({ kind: 'chat', id: 'alpha' }, { kind: 'human', n: 3 }, { id: 'tg:1:102' });
  await new Promise((r) => setTimeout(r, 200));
  assert.is(gotA.length, 0);
  b.own(p);
  await until('the new owner', () => gotB.length === 1);
  assert.equal(gotB[0]!.m, { kind: 'human', n: 3 });
  await b.disown(p);
  a.own(p);
});

test('bad input on every subscribed subject is dead-lettered and logged once, never a crash', async () => {
  const p = a.partitionOf({ kind: 'chat', id: 'alpha' });
  const off = a.subscribe('piyasa.chat.*.said', () => undefined);
  await ncA.flush();
  const garbage = 'not json {';
  for (let i = 0; i < 3; i++) ncB.publish(names.send(p, { kind: 'chat', id: 'alpha' }), garbage);
  ncB.publish(`${names.prefix}.p.${p}.robot.x`, '{}');
  ncB.publish(names.event('piyasa.chat.alpha.said'), garbage);
  const reply = await ncB.request(names.request(p, { kind: 'chat', id: 'alpha' }), garbage, { timeout: 2_000 });
  assert.match(reply.string(), /"ok":false/);
  const js = (await import('@nats-io/jetstream')).jetstream(ncB);
  await js.publish(names.durable(p, { kind: 'chat', id: 'alpha' }), garbage, { msgID: 'bad-1' });
  await until('all dead letters', () => a.rejects.total >= 7);
  assert.is(a.rejects.counts.get('send:not-json'), 3);
  assert.is(deadA.list().filter((d) => d.reason === 'malformed').length, a.rejects.total);
  const lines = logA.lines.filter((l) => l.event === 'nats.dead-letter' && l.fields?.kind === 'send:not-json');
  assert.is(lines.length, 1, 'logged once');
  // Still serving.
  assert.equal(await b.request({ kind: 'chat', id: 'alpha' }, { cmd: 'status' }), { ok: true, chat: 'alpha', echo: { cmd: 'status' } });
  off();
});

test.run();
