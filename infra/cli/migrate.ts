// `piyasa migrate [apply|status]`: the schema of DATABASE_URL (or of the embedded database under
// --data-dir). `apply` runs the pending migrations; `status` lists applied, pending and unknown ones.
import { Database } from '../../persistence/index.ts';
import { storageEnv } from '../config/index.ts';
import { startEmbedded, type EmbeddedDatabase } from '../db/embedded.ts';
import { isStartupError } from '../db/storage.ts';
import { jsonLogger } from '../log.ts';
import { stringFlag, type Flags } from './args.ts';

export async function migrateCommand(flags: Flags, rest: readonly string[]): Promise<number> {
  const action = rest[0] ?? 'apply';
  if (action !== 'apply' && action !== 'status') {
    console.error(`piyasa migrate: unknown action "${action}" (try: apply, status)`);
    return 2;
  }
  const logger = jsonLogger('warn');
  const { databaseUrl } = storageEnv();
  let embedded: EmbeddedDatabase | undefined;
  let db: Database | undefined;
  try {
    if (!databaseUrl) embedded = await startEmbedded(stringFlag(flags, 'data-dir', '.piyasa'), logger);
    db = await Database.open(databaseUrl ?? embedded!.url, { create: embedded !== undefined, logger });
    if (action === 'apply') {
      const applied = await db.migrate();
      console.log(applied.length ? `applied: ${applied.join(', ')}` : 'up to date: nothing to apply');
    } else {
      const s = await db.status();
      console.log(`applied: ${s.executed.length ? s.executed.join(', ') : '(none)'}`);
      console.log(`pending: ${s.pending.length ? s.pending.join(', ') : '(none)'}`);
      if (s.unknown.length) console.log(`unknown to this version: ${s.unknown.join(', ')}`);
      return s.unknown.length ? 1 : 0;
    }
    return 0;
  } catch (error) {
    if (!isStartupError(error)) throw error;
    console.error(`piyasa: ${error.message}`);
    return 2;
  } finally {
    await db?.close();
    await embedded?.stop();
  }
}
