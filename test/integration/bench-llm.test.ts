// `piyasa bench llm`'s day, shortened: over HTTP to the local server, the figures it reports are
// consistent (calls counted, tokens counted, no 429, people answered by the smart model).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { llmDay } from '../../infra/bench/llm.ts';

test('three simulated hours of the LLM bench: calls and tokens counted, no quota breach', async () => {
  // The session's busiest hours (10:00–13:00 in Istanbul, a Monday): the day's pace at its fullest.
  const r = await llmDay({ chats: 1, hours: 3, seed: 5, start: Date.UTC(2026, 10, 23, 7) });
  assert.ok(r.delivered > 60, `delivered ${r.delivered}`);
  assert.ok(r.calls > 20, `only ${r.calls} LLM calls`);
  assert.ok(r.calls / r.delivered <= 1.1, `${r.calls} calls for ${r.delivered} messages`);
  assert.is(r.calls, r.served.smart! + r.served.fast!, 'no failures: one call per draft a model wrote');
  assert.ok(r.promptTokens / r.calls > 150 && r.cachedTokens > 0 && r.completionTokens > 0);
  assert.is(r.server429, 0);
  assert.ok(r.mentions > 0 && r.answeredBySmart > 0);
});

test.run();
