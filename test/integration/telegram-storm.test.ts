// A 429 storm: the sandbox set to tight limits, three bots sending many messages at once, each
// message also retried by its caller under the same idempotency key (as the chat actor does after a
// RateLimited). No request of a bot lands inside a retry window it was given, nothing is lost,
// nothing is sent twice.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { RateLimited } from '../../actors/index.ts';
import { GROUP, fixture } from './telegram-fixture.ts';

const PER_BOT = 6;
const BOT_IDS = ['ayse', 'ali', 'can'] as const;

test('429 storm: no request inside a retry window, nothing lost, nothing sent twice', async () => {
  const f = await fixture({
    sandbox: { limits: { perChatPerSec: 4, perBotPerChatPerMin: 1000, perBotPerSec: 1000 } },
    // The adapter's own limits are loose on purpose, so the storm reaches the sandbox and gets 429s.
    adapter: { retry: { maxRetryAfterSec: 5, maxAttempts: 2 } },
  });
  try {
    const send = async (botId: string, i: number): Promise<void> => {
      const key = `g:${botId}:${i}`;
      for (let attempt = 0; attempt < 20; attempt++) {
        try {
          // The same send twice at once (a duplicate delivery upstream): one message must result.
          await Promise.all([0, 1].map(() => f.telegram.sendMessage({ botId, chatId: 'g', text: key, idempotencyKey: key })));
          return;
        } catch (e) {
          if (!(e instanceof RateLimited)) throw e;
          await new Promise((r) => setTimeout(r, e.retryAfterMs));
        }
      }
      throw new Error(`${key} never went out`);
    };
    const t0 = Date.now();
    await Promise.all(BOT_IDS.flatMap((b) => Array.from({ length: PER_BOT }, (_, i) => send(b, i))));
    const took = Date.now() - t0;

    const sends = f.sandbox.requests.filter((r) => r.method === 'sendMessage');
    const refused = sends.filter((r) => r.status === 429);
    assert.ok(refused.length >= 3, `the storm met Telegram's limits (${refused.length} × 429)`);
    for (const r of refused) {
      const until = r.at + r.retryAfterSec! * 1000;
      const early = f.sandbox.requests.filter((x) => x.botId === r.botId && x.at > r.at && x.at < until);
      assert.equal(early, [], `bot ${r.botId} called inside its retry window [${r.at}, ${until})`);
    }
    const texts = f.sandbox.messages(GROUP).map((m) => m.text);
    const expected = BOT_IDS.flatMap((b) => Array.from({ length: PER_BOT }, (_, i) => `g:${b}:${i}`));
    assert.equal([...texts].sort(), [...expected].sort(), 'every message exactly once');
    assert.ok(sends.every((r) => r.status === 200 || r.status === 429), 'no other error');
    assert.ok(took < 20_000, `took ${took} ms`);
  } finally {
    await f.close();
  }
});

test.run();
