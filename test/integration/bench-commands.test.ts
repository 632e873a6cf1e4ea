// `piyasa bench commands` runs end to end on a nats-server of the test's own: every kind measured the
// same number of times, every command answered ok (figures are for bench/RESULTS.md, not asserted).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { runCommandsBench } from '../../infra/bench/commands.ts';
import { startNatsServer } from './nats-server.ts';

test('the commands bench measures each kind and every answer is ok', async () => {
  const server = await startNatsServer();
  try {
    const r = await runCommandsBench(server.url, 30);
    assert.equal(Object.values(r.ms).map((x) => x.length), [30, 30, 30, 30]);
    assert.is(r.failures, 0);
    assert.ok(Object.values(r.ms).flat().every((x) => x > 0 && x < 5_000));
  } finally {
    await server.stop();
  }
});

test.run();
