// NATS restarted under a running cluster (a nats-server of the test's own, same port and store): the
// nodes reconnect and carry on — nobody takes anybody's partitions for the outage, the bots talk again
// after it, people's messages written meanwhile arrive, nothing is sent twice, no stale write accepted.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ClusterRun } from '../../infra/bench/cluster-run.ts';
import { loadConfig } from '../../infra/bench/cluster-config.ts';
import { checkCluster } from '../../infra/bench/cluster-check.ts';
import { OwnNatsServer } from '../../infra/bench/nats-server.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

test('NATS restarted under the cluster: the nodes reconnect and carry on; nothing lost or sent twice', async () => {
  const nats = await OwnNatsServer.start();
  const config = loadConfig(12, 3);
  const run = await ClusterRun.create({ config, natsUrl: nats.url });
  const humans = new Map<string, number[]>();
  let writing = true;
  try {
    await Promise.all(['n1', 'n2', 'n3'].map((id) => run.startNode(id)));
    const writer = (async () => {
      for (let i = 0; writing; i++) {
        const chat = config.chats[i % config.chats.length]!.id;
        const id = await run.human(chat, 'kerem', `naber ${i}`).catch(() => undefined);
        if (id !== undefined) humans.set(chat, [...(humans.get(chat) ?? []), id]);
        await sleep(200);
      }
    })();
    await sleep(8_000);
    const before = (await run.leases());
    const sendsBefore = (await run.sends()).length;
    await nats.stop();
    const downAt = Date.now();
    await sleep(3_000);
    await nats.start();
    const upAt = Date.now();
    // Carry on: reconnected (each logs it), the same owners, and sends again after the restart.
    for (const id of ['n1', 'n2', 'n3']) await run.nodes.get(id)!.waitFor((e) => e.event === 'nats.reconnected' && e.at >= downAt, 20_000);
    await sleep(8_000);
    const after = await run.leases();
    assert.is(after.size, 64, 'every partition held after the restart');
    const moved = [...after].filter(([p, n]) => before.get(p) !== n).length;
    const sendsAfter = (await run.sends()).filter((s) => s.at > upAt).length;
    const takeovers = [...run.nodes.values()].flatMap((n) => n.events).filter((e) => e.event === 'node.down' && e.at >= downAt).length;
    writing = false;
    await writer;
    await sleep(4_000);
    const check = await checkCluster(run, humans, [...run.nodes.values()].flatMap((n) => n.events));
    console.log(`  NATS down ${upAt - downAt} ms: ${moved} partitions changed owner, ${takeovers} nodes declared dead, ${sendsAfter} sends after the restart (${sendsBefore} before), ${check.humans} people's messages`);
    assert.is(takeovers, 0, 'a node was declared dead because NATS was away');
    assert.ok(sendsAfter > 10, 'the bots did not carry on');
    assert.equal(check.duplicateKeys, []);
    assert.equal(check.lostHumans, []);
    assert.equal(check.staleWrites, []);
  } finally {
    writing = false;
    await run.close();
    await nats.close();
  }
});

test.run();
