// The dashboard's read model: stored figures joined with the node's live sources; a source that is
// missing or fails shows as unknown (null), never as 0; the Groq chains' quotas read per model.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { llmUsageOf, readFigures } from '../../infra/console/index.ts';
import { createQuota, remaining } from '../../transport/index.ts';

const stored = async () => ({
  botMessagesLastMinute: 2, botMessagesLastHour: 40, peopleMessagesLastHour: 3, botsEnabled: 6, botsTotal: 6, botsSpoke: 4, chats: 1, ambiguousSends: 1, failedSends: 0,
});

test('live sources join the stored figures; missing or failing ones are null', async () => {
  const f = await readFigures(stored, {
    deadLetters: () => 3,
    telegram429: () => { throw new Error('not counted here'); },
    cluster: async () => ({ nodes: [{ id: 'a', partitions: 32, self: true }, { id: 'b', partitions: 32 }], partitions: 64 }),
  }, 1_000);
  assert.is(f.at, 1_000);
  assert.is(f.botMessagesLastHour, 40);
  assert.is(f.deadLetters, 3);
  assert.is(f.telegram429, null, 'a failing source is unknown');
  assert.is(f.llm, null, 'a missing source is unknown');
  assert.equal(f.cluster?.nodes.map((n) => n.partitions), [32, 32]);
});

test('LLM usage per model from the quota state, rolled over to today first', () => {
  const day = 86_400_000;
  const quota = createQuota({ rpm: 30, rpd: 1000, tpm: 6000, tpd: 100_000 }, 5 * day);
  quota.dayRequests = 12;
  quota.dayTokens = 3456;
  let now = 5 * day + 1;
  const layer = { state: quota, remaining: () => remaining(quota, now) }; // the quota layer's own roll-over
  assert.equal(llmUsageOf(new Map([['llama-3.3-70b-versatile', { quota: layer }]])), [
    { model: 'llama-3.3-70b-versatile', requestsToday: 12, tokensToday: 3456, requestsPerDay: 1000, tokensPerDay: 100_000 },
  ]);
  now = 6 * day;
  assert.is(llmUsageOf(new Map([['m', { quota: layer }]]))[0]!.requestsToday, 0, 'a new day starts at 0');
});

test.run();
