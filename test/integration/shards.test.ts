// A node on two event loops (worker threads), on the real clock sped up: a chat on one shard whose
// bots all live on the other talks normally — every compose, draft and delivery crosses a MessagePort.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { SaidEvent } from '../../actors/index.ts';
import { DEMO_CONFIG_PATH, loadConfig, type Config } from '../../infra/config/index.ts';
import { roundTheClock } from './piyasa-run.ts';
import { planShards, startShards, type ShardReport } from '../../infra/root/shards.ts';

const demo = roundTheClock(loadConfig(DEMO_CONFIG_PATH));
const always = demo.bots.filter((b) => b.activeHours.length === 0).map((b) => b.id);
const chat = (id: string) => ({ ...demo.chats[0]!, id, title: id, members: always, script: [] });
// "gamma" hashes to shard 0 and "alpha" to shard 1; the bots' home chat is the first one, gamma.
const config: Config = { ...demo, chats: [chat('gamma'), chat('alpha')] };

test('a chat whose bots live on another shard talks through the shard ports', async () => {
  const plan = planShards(config, 2);
  assert.is(plan.chats.gamma, 0);
  assert.is(plan.chats.alpha, 1);
  for (const id of always) assert.is(plan.bots[id], 0);

  const said: SaidEvent[] = [];
  const stopped: Extract<ShardReport, { type: 'stopped' }>[] = [];
  const enough = () => ['gamma', 'alpha'].every((c) => said.filter((e) => e.chat === c && !e.reaction).length >= 4);
  let resolveEnough!: () => void;
  const reached = new Promise<void>((resolve) => (resolveEnough = resolve));
  const shards = startShards(config, plan, 7, { kind: 'run', speed: 200, logLevel: 'error' }, (_i, r) => {
    if (r.type === 'said') said.push(r.event);
    if (r.type === 'stopped') stopped.push(r);
    if (enough()) resolveEnough();
  });
  const timeout = new Promise<void>((resolve) => setTimeout(resolve, 30_000).unref());
  await Promise.race([reached, timeout]);
  await shards.stop();

  const alpha = said.filter((e) => e.chat === 'alpha' && !e.reaction);
  assert.ok(alpha.length >= 4, `the chat on shard 1 said ${alpha.length} things: ${JSON.stringify(said.slice(0, 3))}`);
  assert.ok(alpha.every((e) => e.bot !== null && always.includes(e.bot)));
  assert.is(stopped.length, 2, `stop reports: ${JSON.stringify(stopped)}`);
  assert.ok(stopped.reduce((n, s) => n + s.crossShard, 0) >= alpha.length * 2, 'composes, drafts and deliveries crossed shards');
  // Sequences per chat are gapless and in order even though every turn crossed threads.
  assert.equal(alpha.map((e) => e.seq), alpha.map((_, i) => alpha[0]!.seq + i));
});

test.run();
