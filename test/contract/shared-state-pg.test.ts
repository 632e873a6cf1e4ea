// The shared-state contract on PostgreSQL: two connections (two nodes) on a database of its own.
import { suite } from 'uvu';
import { PgNewsLog, PgSharedState } from '../../persistence/index.ts';
import { sharedStateContract } from './shared-state.ts';
import { createTestDatabase, type TestDatabase } from './pg-db.ts';

const test = suite('shared state contract: postgresql');
let t: TestDatabase | undefined;
sharedStateContract(test, async () => {
  await t?.drop();
  t = await createTestDatabase();
  const [a, b] = [await t.open(), await t.open()];
  return { state: new PgSharedState(a), other: new PgSharedState(b), news: new PgNewsLog(a), otherNews: new PgNewsLog(b), close: async () => undefined };
});
test.after(async () => {
  await t?.drop();
});
test.run();
