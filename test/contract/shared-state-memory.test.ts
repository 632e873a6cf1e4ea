// The shared-state contract on the in-memory fakes (one process shares with itself).
import { suite } from 'uvu';
import { MemoryNewsLog, MemorySharedState } from '../../persistence/index.ts';
import { sharedStateContract } from './shared-state.ts';

const test = suite('shared state contract: memory');
sharedStateContract(test, async () => {
  const state = new MemorySharedState();
  const news = new MemoryNewsLog();
  return { state, other: state, news, otherNews: news, close: async () => undefined };
});
test.run();
