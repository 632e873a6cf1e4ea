// The chaos harness end to end on one node (`piyasa start` on the sandbox and its own database): a
// short run of kill -9 / SIGSTOP / SIGTERM with restarts under a load of people's messages, checked by
// the independent checker — clean but for one duplicate planted through the Bot API after the run,
// which it must name. The 3-node run of 100+ events is `test/chaos/run.ts` (bench/RESULTS.md).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runChaos } from './harness.ts';
import { chaosConfig } from './config.ts';

test('one node, 5 events under load: nothing sent twice, lost or over a limit — and a planted duplicate is caught', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'piyasa-chaos-test-'));
  const config = path.join(dir, 'chaos.yaml');
  writeFileSync(config, chaosConfig());
  try {
    const r = await runChaos({ config, nodes: 1, events: 5, seed: 11, command: ['start', '--config', config, '--seed', '11', '--log-level', 'warn'], gapMs: [1_500, 3_000], plant: 'duplicate' });
    const c = r.verdict.counts;
    assert.is(r.events.length, 5);
    assert.ok(c.sends >= 5 && c.humans >= 5, `too little traffic to judge: ${c.sends} sends, ${c.humans} people's messages\n${r.logs.slice(-3_000)}`);
    if (r.verdict.violations.length !== 1) console.error(r.verdict.violations);
    assert.equal(r.verdict.violations.map((v) => v.kind), ['duplicate-send']);
    assert.is(c.duplicateSends, 1);
    assert.is(c.lostHumans + c.budgetOverruns + c.telegramBreaches, 0);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test.run();
