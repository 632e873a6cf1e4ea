// `piyasa backup [FILE]` and `piyasa restore FILE`: the whole database (DATABASE_URL, or the embedded
// one under --data-dir) through PostgreSQL's pg_dump and pg_restore; see infra/db/backup.ts.
import { pgBinEnv } from '../config/index.ts';
import { BackupError, backupDatabase, restoreDatabase } from '../db/backup.ts';
import { stringFlag, type Flags } from './args.ts';
import { withToolDatabase } from './tool-db.ts';

/** piyasa-YYYYMMDD-HHMMSS.dump in the current folder. */
function defaultName(now = new Date()): string {
  return `piyasa-${now.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15)}.dump`;
}

export async function backupCommand(flags: Flags, rest: readonly string[]): Promise<number> {
  const file = rest[0] ?? defaultName();
  const engine = stringFlag(flags, 'engine', 'auto');
  if (engine !== 'auto' && engine !== 'pg_dump' && engine !== 'snapshot') {
    console.error(`piyasa backup: --engine must be auto, pg_dump or snapshot (got "${engine}")`);
    return 2;
  }
  return withToolDatabase(flags, async (db, where) => {
    try {
      const r = await backupDatabase(db, where.url, file, { engine, ...(pgBinEnv() ? { pgBin: pgBinEnv()! } : {}) });
      console.log(`backup: ${r.file} (${r.bytes} bytes) from PostgreSQL ${r.server} by ${r.tool}`);
      return 0;
    } catch (error) {
      if (!(error instanceof BackupError)) throw error;
      console.error(`piyasa backup: ${error.message}`);
      return 1;
    }
  }, { migrate: false });
}

export async function restoreCommand(flags: Flags, rest: readonly string[]): Promise<number> {
  const file = rest[0];
  if (!file) {
    console.error('piyasa restore: name the backup file');
    return 2;
  }
  return withToolDatabase(flags, async (db, where) => {
    try {
      const r = await restoreDatabase(db, where.url, file, { ...(pgBinEnv() ? { pgBin: pgBinEnv()! } : {}) });
      const rows = Object.values(r.tables).reduce((a, b) => a + b, 0);
      console.log(`restored ${file} into PostgreSQL ${r.server} by ${r.tool}: ${Object.keys(r.tables).length} tables, ${rows} rows`);
      const status = await db.status();
      if (status.pending.length) console.log(`the backup predates ${status.pending.length} migration(s): run "piyasa migrate" (the embedded database migrates at start)`);
      return 0;
    } catch (error) {
      if (!(error instanceof BackupError)) throw error;
      console.error(`piyasa restore: ${error.message}`);
      return 1;
    }
  }, { migrate: false, create: true });
}
