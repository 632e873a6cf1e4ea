// `piyasa migrate [apply|status]`: the schema of DATABASE_URL (or of the embedded database under
// --data-dir). `apply` runs the pending migrations; `status` lists applied, pending and unknown ones.
import type { Flags } from './args.ts';
import { withToolDatabase } from './tool-db.ts';

export async function migrateCommand(flags: Flags, rest: readonly string[]): Promise<number> {
  const action = rest[0] ?? 'apply';
  if (action !== 'apply' && action !== 'status') {
    console.error(`piyasa migrate: unknown action "${action}" (try: apply, status)`);
    return 2;
  }
  return withToolDatabase(flags, async (db) => {
    if (action === 'apply') {
      const applied = await db.migrate();
      console.log(applied.length ? `applied: ${applied.join(', ')}` : 'up to date: nothing to apply');
      return 0;
    }
    const s = await db.status();
    console.log(`applied: ${s.executed.length ? s.executed.join(', ') : '(none)'}`);
    console.log(`pending: ${s.pending.length ? s.pending.join(', ') : '(none)'}`);
    if (s.unknown.length) console.log(`unknown to this version: ${s.unknown.join(', ')}`);
    return s.unknown.length ? 1 : 0;
  }, { migrate: false });
}
