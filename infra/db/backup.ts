// `piyasa backup` / `restore` on PostgreSQL's own pg_dump and pg_restore: a dump in pg_dump's custom
// format, taken in one repeatable-read transaction (a consistent snapshot while the node runs), written
// to a temporary file and renamed when complete; restored into an empty database in one transaction.
import { spawn } from 'node:child_process';
import { renameSync, rmSync, statSync } from 'node:fs';
import type { Database } from '../../persistence/index.ts';
import { findPgTools, type PgTools } from './pg-tools.ts';

/** A backup or restore that could not be done: one line, never a password. */
export class BackupError extends Error {
  override readonly name = 'BackupError';
}

export interface BackupResult {
  readonly file: string;
  readonly bytes: number;
  readonly tool: string;
  readonly server: string;
}

export interface RestoreResult {
  readonly tool: string;
  readonly server: string;
  /** Rows per table after the restore. */
  readonly tables: Readonly<Record<string, number>>;
}

/** The server's version ("15.20") and major (15). */
export async function serverVersion(db: Database): Promise<{ version: string; major: number }> {
  const [row] = await db.orm.em.getConnection().execute<{ server_version: string; n: string }[]>(`select current_setting('server_version') as server_version, current_setting('server_version_num') as n`);
  return { version: String(row!.server_version).split(' ')[0]!, major: Math.floor(Number(row!.n) / 10_000) };
}

function tools(server: { version: string; major: number }, pgBin: string | undefined): PgTools {
  const found = findPgTools(server.major, pgBin);
  if (found) return found;
  throw new BackupError(`no pg_dump/pg_restore of PostgreSQL ${server.major} or newer found for the server (${server.version})${pgBin ? ` in PIYASA_PG_BIN (${pgBin})` : ''}: install postgresql-client-${server.major}, or set PIYASA_PG_BIN to the folder that holds them`);
}

/** The URL without its password, and the password for the child's environment (never on its command line). */
function connection(url: string): { dbname: string; env: NodeJS.ProcessEnv } {
  const u = new URL(url);
  const password = decodeURIComponent(u.password);
  u.password = '';
  return { dbname: u.toString(), env: { ...process.env, ...(password ? { PGPASSWORD: password } : {}), PGCONNECT_TIMEOUT: '10' } };
}

function run(binary: string, args: readonly string[], env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(binary, args, { env, stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    child.on('error', (e) => reject(new BackupError(`${binary} could not run: ${e.message}`)));
    child.on('close', (code) => {
      if (code === 0) resolve();
      else reject(new BackupError(`${binary.split('/').pop()} failed: ${(err.trim().split('\n').find((l) => /error|fatal/i.test(l)) ?? err.trim().split('\n')[0] ?? `exit ${code}`).replace(/^pg_\w+: /, '')}`));
    });
  });
}

/** Dumps the database at `url` (open as `db`) into `file`. */
export async function backupDatabase(db: Database, url: string, file: string, o: { pgBin?: string } = {}): Promise<BackupResult> {
  const server = await serverVersion(db);
  const t = tools(server, o.pgBin);
  const { dbname, env } = connection(url);
  const partial = `${file}.partial`;
  try {
    await run(t.pgDump, ['--format=custom', '--no-owner', '--no-privileges', `--file=${partial}`, `--dbname=${dbname}`], env);
    renameSync(partial, file);
  } finally {
    rmSync(partial, { force: true });
  }
  return { file, bytes: statSync(file).size, tool: `pg_dump ${t.version}`, server: server.version };
}

/** Row counts of every table of the public schema. */
export async function tableCounts(db: Database): Promise<Record<string, number>> {
  const conn = db.orm.em.getConnection();
  const tables = await conn.execute<{ tablename: string }[]>(`select tablename from pg_tables where schemaname = 'public' order by tablename`);
  const out: Record<string, number> = {};
  for (const { tablename } of tables) {
    const [row] = await conn.execute<{ n: string }[]>(`select count(*) as n from "${tablename.replace(/"/g, '""')}"`);
    out[tablename] = Number(row!.n);
  }
  return out;
}

/** Restores `file` into the (empty) database at `url`, all or nothing. */
export async function restoreDatabase(db: Database, url: string, file: string, o: { pgBin?: string } = {}): Promise<RestoreResult> {
  try {
    statSync(file);
  } catch {
    throw new BackupError(`${file}: no such file`);
  }
  const existing = Object.keys(await tableCounts(db));
  if (existing.length) throw new BackupError(`the database is not empty (${existing.length} tables, e.g. ${existing.slice(0, 3).join(', ')}): restore into a new, empty database`);
  const server = await serverVersion(db);
  const t = tools(server, o.pgBin);
  const { dbname, env } = connection(url);
  await run(t.pgRestore, ['--no-owner', '--no-privileges', '--exit-on-error', '--single-transaction', `--dbname=${dbname}`, file], env);
  return { tool: `pg_restore ${t.version}`, server: server.version, tables: await tableCounts(db) };
}
