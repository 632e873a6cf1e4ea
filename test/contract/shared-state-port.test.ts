// The shared-state contract across a MessagePort: what the shards of one node use to reach the main
// thread's quota and news (every call a structured-clone round trip, as between worker threads).
import { suite } from 'uvu';
import { MessageChannel } from 'node:worker_threads';
import { MemoryNewsLog, MemorySharedState } from '../../persistence/index.ts';
import { serveShared, sharedOverPort } from '../../infra/root/shared-port.ts';
import { sharedStateContract } from './shared-state.ts';

const test = suite('shared state contract: over a MessagePort');
sharedStateContract(test, async () => {
  const shared = { state: new MemorySharedState(), news: new MemoryNewsLog() };
  const clients = [0, 1].map(() => {
    const { port1, port2 } = new MessageChannel();
    serveShared(port1, shared);
    return { client: sharedOverPort(port2), port1 };
  });
  const [a, b] = clients as [typeof clients[0], typeof clients[0]];
  return {
    state: a.client.state, other: b.client.state, news: a.client.news, otherNews: b.client.news,
    close: async () => {
      for (const c of clients) {
        c.client.close();
        c.port1.close();
      }
    },
  };
});
test.run();
