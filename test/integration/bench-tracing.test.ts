// `piyasa bench engine --tracing compare` end to end on a small engine: each round's two runs (off and
// on, side by side in their own processes) report, the traced one's spans reach the receiver and the
// untraced one makes none (figures are for bench/RESULTS.md, not asserted).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { tracingOverhead } from '../../infra/bench/engine.ts';

test('tracing compare: every round pairs an untraced and a traced run of the same workload', async () => {
  const r = await tracingOverhead({ chats: 4, perChat: 3, messages: 200, seed: 1, rounds: 1 });
  assert.is(r.off.length, 1);
  assert.is(r.on.length, 1);
  for (const [i, on] of r.on.entries()) {
    const off = r.off[i]!;
    assert.ok(off.delivered >= 200 && on.delivered >= 200, `${off.delivered} / ${on.delivered} delivered`);
    assert.is((off as { spans?: number }).spans, 0, 'tracing off makes no spans');
    assert.ok(on.spans >= on.delivered, `${on.spans} spans for ${on.delivered} messages`);
    assert.ok(off.cpuUsPerMessage! > 0 && on.cpuUsPerMessage! > 0);
  }
  assert.ok(r.sink.requests > 0 && r.sink.bytes > 0, 'the receiver got the traced runs\' spans');
});

test.run();
