// The whole node on the sandbox over HTTP (the composition `piyasa start` uses without tokens): bots
// talk through the grammY adapter, a person's mention is answered by that bot, threaded, in its own
// voice; a revoked token or a removal takes one bot out with a clear line while the others go on,
// and when it was the chat's listener, the next member takes over listening.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { SystemClock } from '../../transport/index.ts';
import { DEMO_CONFIG_PATH, loadConfig, type Config } from '../../infra/config/index.ts';
import { roundTheClock } from './piyasa-run.ts';
import { memoryLogger } from '../../infra/log.ts';
import { startTelegramNode } from '../../infra/root/telegram.ts';
import { until } from './telegram-fixture.ts';

const demo = roundTheClock(loadConfig(DEMO_CONFIG_PATH));
const always = demo.bots.filter((b) => b.activeHours.length === 0);
const config: Config = { ...demo, bots: always, chats: [{ ...demo.chats[0]!, members: always.map((b) => b.id), script: [] }] };

test('a mention in the sandbox is answered by that bot, threaded; a revoked bot stops, the others go on', async () => {
  const logger = memoryLogger('warn');
  const t = await startTelegramNode({ config, clock: new SystemClock({ speed: 40 }), seed: 11, logger, telegram: { mode: 'sandbox', port: 0 }, cardsEveryMs: 100, pollSec: 5 });
  try {
    const sandbox = t.sandbox!;
    const group = t.chatIds.get(config.chats[0]!.id)!;
    const bots = () => sandbox.messages(group).filter((m) => m.from.is_bot);
    await until(() => bots().length >= 2, 20_000, 'the bots to talk');

    const can = always.find((b) => b.handle === 'can_chartist_bot')!;
    const q = sandbox.human({ chatId: group, username: 'deniz', text: `@${can.handle} THYAO için destek neresi sence?` });
    await until(() => bots().some((m) => m.reply_to_message?.message_id === q.message_id), 20_000, 'the threaded answer');
    const answer = bots().find((m) => m.reply_to_message?.message_id === q.message_id)!;
    assert.is(answer.from.username, can.handle, 'the mentioned bot answers');
    assert.match(answer.text, /deniz/i, 'it answers the person by name');
    await until(() => sandbox.snapshot().cards.some((c) => c.username === can.handle && typeof c.mood === 'string' && typeof c.pnlPct === 'number'), 5_000, 'cards with mood and P&L');

    // An edit updates the message instead of adding one.
    sandbox.edit(group, q.message_id, `@${can.handle} THYAO için destek ve direnç neresi?`);
    await new Promise((r) => setTimeout(r, 300));
    const stored = (await t.node.transcripts.recent(config.chats[0]!.id, 500)).filter((m) => m.botId === null && m.messageId === q.message_id);
    assert.is(stored.length, 1, 'recorded once');

    const ali = always.find((b) => b.handle === 'ali_ekonomist_bot')!;
    sandbox.revoke(ali.handle);
    await until(() => logger.lines.some((l) => l.event === 'telegram.bot-down'), 30_000, 'the revoked bot to be taken out');
    const downAt = sandbox.messages(group).length;
    const before = bots().filter((m) => m.from.username !== ali.handle).length;
    await until(() => bots().filter((m) => m.from.username !== ali.handle).length >= before + 2, 30_000, 'the others to go on');
    assert.not.ok(sandbox.messages(group).slice(downAt).some((m) => m.from.username === ali.handle));
    const down = logger.lines.filter((l) => l.event === 'telegram.bot-down');
    assert.is(down.length, 1, 'reported once');
    assert.match(String(down[0]!.fields?.reason), /bot ali_ekonomist stopped: its token was revoked/);
    await until(() => sandbox.snapshot().cards.some((c) => c.username === ali.handle && c.down !== undefined), 5_000, 'the card to show it');

    // Ali was the chat's listener: the next member took over, so people are still heard.
    const fatma = always.find((b) => b.handle === 'fatma_temettu_bot')!;
    const answered = async (who: string, text: string): Promise<void> => {
      const m = sandbox.human({ chatId: group, username: 'elif', text: `@${who} ${text}` });
      await until(() => bots().some((b) => b.reply_to_message?.message_id === m.message_id && b.from.username === who), 20_000, `${who}'s answer`);
    };
    await answered(fatma.handle, 'temettü için ne önerirsin?');
    assert.ok(logger.lines.some((l) => l.event === 'telegram.listener.failover' && l.fields?.chat === config.chats[0]!.id));

    // Can, the new listener, is removed from the group: Fatma listens now, and Can stops sending there.
    sandbox.kick(group, can.handle);
    await until(() => logger.lines.filter((l) => l.event === 'telegram.listener.failover').length === 2, 10_000, 'the second failover');
    await answered(fatma.handle, 'altın mı hisse mi?');
    await until(() => logger.lines.some((l) => l.event === 'telegram.bot-down' && l.fields?.bot === 'can_chartist'), 30_000, 'Can to be taken out when it next sends');
    const kickedAt = sandbox.messages(group).length;
    await answered(fatma.handle, 'bugün piyasa nasıl?');
    assert.not.ok(sandbox.messages(group).slice(kickedAt).some((m) => m.from.username === can.handle || m.from.username === ali.handle));
  } finally {
    await t.stop();
  }
});

test.run();
