// The store contract on the in-memory stores.
import { suite } from 'uvu';
import { MemoryBotMemories, MemoryBotStateStore, MemoryOutbox, MemoryTranscriptStore } from '../../persistence/index.ts';
import { storeContract, type Backend } from './stores.ts';

function memoryBackend(): Backend {
  const botStates = new MemoryBotStateStore();
  const transcripts = new MemoryTranscriptStore();
  const outbox = new MemoryOutbox({ botStates, transcripts });
  const backend: Backend = {
    botStates, transcripts, outbox, memories: new MemoryBotMemories(),
    seed: (record) => botStates.save(record),
    // In memory a "restart" keeps the same maps: what a process would have kept in its database.
    restart: async () => ({ ...backend, ambiguous: (await outbox.recover()).ambiguous.map((r) => r.idempotencyKey) }),
    close: async () => undefined,
  };
  return backend;
}

const test = suite('stores contract: memory');
storeContract(test, async () => memoryBackend());
test.run();
