// The lease store contract, the same suite on the in-memory store and on a JetStream KV bucket of the
// real server (its own bucket, deleted after): create once, update only from the last revision,
// delete only at it, revisions strictly increasing, create again after a delete, stale writes lose.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { randomBytes } from 'node:crypto';
import { Kvm } from '@nats-io/kv';
import { CasConflict, MemoryLeaseKv, NatsLeaseKv, VirtualClock, connectNats, type LeaseKv } from '../../transport/index.ts';

const NATS = process.env.PIYASA_TEST_NATS ?? 'nats://127.0.0.1:4222';

async function conflict(p: Promise<unknown>): Promise<void> {
  try {
    await p;
    assert.unreachable('the write went through');
  } catch (e) {
    assert.instance(e, CasConflict);
  }
}

function suite(name: string, open: () => Promise<{ kv: LeaseKv; close(): Promise<void> }>): void {
  test(`${name}: compare-and-set decides every race`, async () => {
    const { kv, close } = await open();
    try {
      const r1 = await kv.create('p.01', 'a');
      await conflict(kv.create('p.01', 'b'));
      const r2 = await kv.update('p.01', 'a', r1);
      assert.ok(r2 > r1, 'revisions grow');
      await conflict(kv.update('p.01', 'b', r1));
      assert.equal(await kv.get('p.01'), { value: 'a', revision: r2 });
      await conflict(kv.delete('p.01', r1));
      await kv.delete('p.01', r2);
      assert.is(await kv.get('p.01'), undefined);
      const r3 = await kv.create('p.01', 'b');
      assert.ok(r3 > r2, 'a fencing token after a delete is still larger');
      const stolen = await kv.update('p.01', 'c', r3);
      await conflict(kv.update('p.01', 'b', r3));
      assert.is((await kv.get('p.01'))?.value, 'c');
      assert.ok(stolen > r3);
    } finally {
      await close();
    }
  });
}

suite('memory', async () => {
  const clock = new VirtualClock(0);
  return { kv: new MemoryLeaseKv(clock), close: async () => undefined };
});

suite('NATS KV', async () => {
  const nc = await connectNats({ servers: [NATS], name: 'lease-contract' });
  const bucket = `cc_leases_${randomBytes(4).toString('hex')}`;
  const kv = await NatsLeaseKv.open(nc, bucket, { ttlMs: 60_000 });
  return {
    kv,
    close: async () => {
      await new Kvm(nc).open(bucket).then((b) => b.destroy()).catch(() => undefined);
      await nc.close();
    },
  };
});

test('memory: the bucket TTL removes a lease nobody renewed', async () => {
  const clock = new VirtualClock(0);
  const kv = new MemoryLeaseKv(clock, 1_000);
  await kv.create('p.02', 'a');
  await clock.advanceBy(1_000);
  assert.is(await kv.get('p.02'), undefined);
  await kv.create('p.02', 'b');
});

test.run();
