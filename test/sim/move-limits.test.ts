// A chat and its bots move to another node (a failover): Telegram's limits (per chat per second, per
// bot per chat per minute) and each bot's hourly budget hold across the move, counted over both nodes'
// sends by this test's own sliding windows. The same move onto a node that is not told what was sent
// before (stores that hide the history) breaks the per-minute limit: the check can fail.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { OutboxStore, TranscriptStore } from '../../actors/index.ts';
import { MemoryBotStateStore, MemoryOutbox, MemoryTranscriptStore } from '../../persistence/index.ts';
import { VirtualClock } from '../../transport/index.ts';
import { createSingleNode, type NodeStores } from '../../infra/root/single.ts';
import { memoryLogger } from '../../infra/log.ts';
import type { Config } from '../../infra/config/index.ts';
import { SIM_START, demoConfig, maxInWindow as most } from './harness.ts';

const MINUTE = 60_000;
const HOUR = 3_600_000;

/** When node A hands the chat over. A bot's routine turns are spread over its hour (a quarter of its
 * budget in any 15 minutes), so the brisk chat talks at Telegram's pace (a message a minute per bot)
 * only in its first three minutes or so: the move comes while it does. */
const MOVE_AT = 3 * MINUTE;

/** A brisk chat: turns every ~2 s, no typing delays, and one message a minute per bot in the group. */
function briskConfig(): Config {
  const base = demoConfig();
  return {
    ...base,
    chats: [base.chats[0]!],
    settings: { ...base.settings, baseTurnSec: 2, primeTurnSec: 2, minTurnSec: 1, typing: false, reactionProbability: 0, telegram: { perChatPerSec: 1, perBotPerChatPerMin: 1, perBotPerSec: 30 } },
  };
}

interface Moved {
  readonly sends: { botId: string; at: number }[];
  readonly movedAt: number;
  readonly afterMove: number;
}

/** Node A runs the chat for `beforeMs`, stops; node B takes the chat over on the same stores (or on
 * stores that hide what A sent) and runs it for `afterMs`. */
async function move(seed: number, beforeMs: number, afterMs: number, forgetful: boolean): Promise<Moved> {
  const config = briskConfig();
  const clock = new VirtualClock(SIM_START + 4 * HOUR); // 10:00 in Istanbul: every bot awake
  const botStates = new MemoryBotStateStore({ clock });
  const transcripts = new MemoryTranscriptStore();
  const outbox = new MemoryOutbox({ botStates, transcripts });
  const stores: NodeStores = { botStates, transcripts, outbox };
  const node = (s: NodeStores) => createSingleNode({ config, clock, seed, logger: memoryLogger('error'), script: false, stores: s });
  const a = node(stores);
  a.start();
  await clock.runUntil(clock.now() + beforeMs, () => a.system.settle());
  const movedAt = clock.now();
  await a.stop();
  const hidden: NodeStores = {
    botStates: new MemoryBotStateStore({ clock }), // a fresh budget too
    transcripts: { ...transcripts, recent: async () => [], append: (m) => transcripts.append(m), edit: (c, i, t, u) => transcripts.edit(c, i, t, u) } as TranscriptStore,
    outbox: { begin: (e) => outbox.begin(e), delivered: (d) => outbox.delivered(d), failed: (k, e) => outbox.failed(k, e), ambiguous: (k, e) => outbox.ambiguous(k, e), lastTurn: (c) => outbox.lastTurn(c) } as OutboxStore,
  };
  const b = node(forgetful ? hidden : stores);
  b.start();
  await clock.runUntil(clock.now() + afterMs, () => b.system.settle());
  await b.stop();
  const sends = [...a.telegram.sent, ...b.telegram.sent].map((s) => ({ botId: s.botId, at: s.at }));
  return { sends, movedAt, afterMove: b.telegram.sent.length };
}

test('after a move, Telegram limits and the hourly budget hold over both nodes together (3 seeds)', async () => {
  for (const seed of [11, 12, 13]) {
    const { sends, movedAt, afterMove } = await move(seed, MOVE_AT, 70 * MINUTE, false);
    assert.ok(afterMove > 0, `seed ${seed}: node B sent nothing (nothing was shown)`);
    assert.ok(sends.some((s) => s.at < movedAt && s.at > movedAt - MINUTE), `seed ${seed}: nothing sent in the minute before the move`);
    assert.ok(most(sends.map((s) => s.at), 1_000) <= 1, `seed ${seed}: more than one message in a second in the chat`);
    const config = briskConfig();
    for (const bot of config.bots) {
      const times = sends.filter((s) => s.botId === bot.id).map((s) => s.at);
      assert.ok(most(times, MINUTE) <= 1, `seed ${seed}: ${bot.id} sent ${most(times, MINUTE)} in a minute`);
      assert.ok(most(times, HOUR) <= bot.hourlyLimit, `seed ${seed}: ${bot.id} sent ${most(times, HOUR)} in an hour (limit ${bot.hourlyLimit})`);
    }
  }
});

test('the check can fail: a node not told what was sent before the move bursts past the per-minute limit', async () => {
  const { sends } = await move(11, MOVE_AT, 3 * MINUTE, true);
  const worst = Math.max(...briskConfig().bots.map((bot) => most(sends.filter((s) => s.botId === bot.id).map((s) => s.at), MINUTE)));
  assert.ok(worst > 1, `without the restored limits the worst bot sent ${worst} in a minute`);
});

test.run();
