// A logical snapshot of the whole database for servers that have no pg_dump of their version at hand
// (the embedded PostgreSQL's npm package ships only the server): every table's rows read in one
// repeatable-read, read-only transaction (a consistent snapshot while the node runs) as JSON lines,
// with the migrations applied and the sequences' values; restored into an empty database migrated to
// the same point, in one transaction.
import type { Database } from './database.ts';
import { MIGRATIONS } from './migrations/index.ts';
import { Sql } from './sql.ts';

/** The first line of a snapshot. */
export interface SnapshotHeader {
  readonly piyasa: 'snapshot';
  readonly version: 1;
  readonly server: string;
  readonly migrations: readonly string[];
}

/** A line of a snapshot after the header: a table starts, one of its rows, or a sequence's value. */
type Line = { readonly table: string } | { readonly row: Record<string, unknown> } | { readonly sequence: string; readonly value: number; readonly called: boolean };

const ident = (name: string): string => `"${name.replace(/"/g, '""')}"`;

/** Tables of the public schema, each after the tables its foreign keys point at. */
async function tablesInOrder(q: (sql: string) => Promise<Record<string, unknown>[]>): Promise<string[]> {
  const tables = (await q(`select tablename from pg_tables where schemaname = 'public' order by tablename`)).map((r) => String(r.tablename));
  const deps = await q(`select c.conrelid::regclass::text as child, c.confrelid::regclass::text as parent from pg_constraint c
    join pg_namespace n on n.oid = c.connamespace where c.contype = 'f' and n.nspname = 'public'`);
  const out: string[] = [];
  const visit = (t: string, seen: Set<string>): void => {
    if (out.includes(t) || seen.has(t)) return;
    seen.add(t);
    for (const d of deps) if (String(d.child).replace(/"/g, '') === t) visit(String(d.parent).replace(/"/g, ''), seen);
    out.push(t);
  };
  for (const t of tables) visit(t, new Set());
  return out;
}

/** Writes the snapshot line by line (`write` may wait for the file). */
export async function exportSnapshot(db: Database, write: (line: string) => Promise<void>): Promise<{ tables: number; rows: number }> {
  const sql = new Sql(db);
  return sql.transaction(async (q) => {
    await q('set transaction isolation level repeatable read, read only');
    const [v] = await q<{ v: string }>(`select current_setting('server_version') as v`);
    const migrations = (await q<{ name: string }>('select name from mikro_orm_migrations order by id')).map((r) => r.name);
    await write(JSON.stringify({ piyasa: 'snapshot', version: 1, server: v!.v.split(' ')[0]!, migrations } satisfies SnapshotHeader));
    const tables = await tablesInOrder((s) => q(s));
    let rows = 0;
    for (const t of tables) {
      await write(JSON.stringify({ table: t } satisfies Line));
      await q(`declare rows_of_table no scroll cursor for select to_jsonb(r)::text as j from ${ident(t)} r`);
      for (;;) {
        const batch = await q<{ j: string }>('fetch 2000 from rows_of_table');
        for (const r of batch) await write(`{"row":${r.j}}`);
        rows += batch.length;
        if (batch.length < 2000) break;
      }
      await q('close rows_of_table');
    }
    for (const s of await q<{ s: string; v: string | null; c: boolean }>(`select sequencename as s, last_value as v, last_value is not null as c from pg_sequences where schemaname = 'public' order by 1`)) {
      if (s.v !== null) await write(JSON.stringify({ sequence: s.s, value: Number(s.v), called: s.c } satisfies Line));
    }
    return { tables: tables.length, rows };
  });
}

/** A snapshot that cannot be restored here: one line. */
export class SnapshotError extends Error {
  override readonly name = 'SnapshotError';
}

/** Restores a snapshot into an empty database: migrated to the snapshot's last migration, then its
 * rows and sequence values written in one transaction. `lines` yields the file's lines in order. */
export async function importSnapshot(db: Database, lines: AsyncIterable<string>): Promise<{ tables: number; rows: number }> {
  const it = lines[Symbol.asyncIterator]();
  const first = await it.next();
  const header = (first.done ? undefined : JSON.parse(first.value)) as SnapshotHeader | undefined;
  if (header?.piyasa !== 'snapshot' || header.version !== 1) throw new SnapshotError('not a Piyasa snapshot (or of a newer format)');
  const known = MIGRATIONS.map((m) => m.name);
  const unknown = header.migrations.filter((m) => !known.includes(m));
  if (unknown.length) throw new SnapshotError(`the snapshot was taken by a newer Piyasa (migrations ${unknown.join(', ')} are unknown here)`);
  const last = header.migrations.at(-1);
  if (last) await db.orm.migrator.up({ to: last });
  const sql = new Sql(db);
  let tables = 0;
  let rows = 0;
  await sql.transaction(async (q) => {
    let table: string | undefined;
    let batch: unknown[] = [];
    const flush = async () => {
      if (table && batch.length) await q(`insert into ${ident(table)} select * from jsonb_populate_recordset(null::${ident(table)}, ?::jsonb)`, [JSON.stringify(batch)]);
      rows += batch.length;
      batch = [];
    };
    for (let next = await it.next(); !next.done; next = await it.next()) {
      if (next.value.trim() === '') continue;
      const line = JSON.parse(next.value) as Line;
      if ('row' in line) {
        batch.push(line.row);
        if (batch.length >= 1000) await flush();
      } else if ('table' in line) {
        await flush();
        table = line.table;
        tables++;
        await q(`delete from ${ident(table)}`); // a fresh database has only its migration rows
      } else {
        await flush();
        await q(`select setval(?::regclass, ?, ?)`, [ident(line.sequence), line.value, line.called]);
      }
    }
    await flush();
  });
  return { tables, rows };
}
