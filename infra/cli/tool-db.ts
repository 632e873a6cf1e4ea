// The database of a one-off command (`piyasa users`, `backup`, `restore`): DATABASE_URL, or the
// embedded server under --data-dir (the running node's, or one started for the command). Migrated
// when it is the embedded one, required current otherwise — as `piyasa start` does.
import { Database } from '../../persistence/index.ts';
import { storageEnv } from '../config/index.ts';
import { embeddedForTool, type EmbeddedDatabase } from '../db/embedded.ts';
import { isStartupError } from '../db/storage.ts';
import { jsonLogger } from '../log.ts';
import { stringFlag, type Flags } from './args.ts';

/** Runs `fn` on the open database (`create`: made when missing, as restore wants) and closes everything after; a startup problem is one line, exit 2. */
export async function withToolDatabase(flags: Flags, fn: (db: Database, where: { url: string; embedded?: EmbeddedDatabase }) => Promise<number>, o: { migrate?: boolean; create?: boolean } = {}): Promise<number> {
  const logger = jsonLogger('warn');
  const { databaseUrl } = storageEnv();
  let embedded: EmbeddedDatabase | undefined;
  let db: Database | undefined;
  try {
    if (!databaseUrl) embedded = await embeddedForTool(stringFlag(flags, 'data-dir', '.piyasa'), logger);
    const url = databaseUrl ?? embedded!.url;
    db = await Database.open(url, { create: embedded !== undefined || o.create === true, logger });
    if (o.migrate !== false) {
      if (embedded) await db.migrate();
      else await db.requireCurrent();
    }
    return await fn(db, { url, ...(embedded ? { embedded } : {}) });
  } catch (error) {
    if (!isStartupError(error)) throw error;
    console.error(`piyasa: ${error.message}`);
    return 2;
  } finally {
    await db?.close();
    await embedded?.stop();
  }
}
