// `piyasa backup` / `restore`: PostgreSQL's own pg_dump and pg_restore (custom format, one
// repeatable-read transaction: a consistent snapshot while the node runs) when a client of the
// server's version is installed; otherwise (the embedded server, whose package ships no pg_dump) the
// built-in logical snapshot of persistence/pg. Written to FILE.partial, renamed when complete;
// restored into an empty database in one transaction. The file's first bytes say which it is.
import { spawn } from 'node:child_process';
import { createReadStream, createWriteStream, openSync, readSync, closeSync, renameSync, rmSync, statSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { createGunzip, createGzip } from 'node:zlib';
import { exportSnapshot, importSnapshot, SnapshotError, type Database } from '../../persistence/index.ts';
import { findPgTools, type PgTools } from './pg-tools.ts';

/** How a backup is taken: pg_dump, the built-in snapshot, or pg_dump when one fits the server. */
export type BackupEngine = 'auto' | 'pg_dump' | 'snapshot';

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

/** Writes the built-in snapshot, gzipped JSON lines, to `file`. */
async function writeSnapshot(db: Database, file: string): Promise<void> {
  const gzip = createGzip();
  const out = createWriteStream(file, { mode: 0o600 });
  const done = new Promise<void>((resolve, reject) => {
    out.on('finish', resolve);
    out.on('error', reject);
    gzip.on('error', reject);
  });
  gzip.pipe(out);
  await exportSnapshot(db, (line) => new Promise<void>((resolve) => (gzip.write(`${line}\n`) ? resolve() : gzip.once('drain', resolve))));
  gzip.end();
  await done;
}

/** Dumps the database at `url` (open as `db`) into `file`. */
export async function backupDatabase(db: Database, url: string, file: string, o: { pgBin?: string; engine?: BackupEngine } = {}): Promise<BackupResult> {
  const server = await serverVersion(db);
  const engine = o.engine ?? 'auto';
  const t = engine === 'snapshot' ? undefined : engine === 'pg_dump' ? tools(server, o.pgBin) : findPgTools(server.major, o.pgBin);
  const partial = `${file}.partial`;
  try {
    if (t) {
      const { dbname, env } = connection(url);
      await run(t.pgDump, ['--format=custom', '--no-owner', '--no-privileges', `--file=${partial}`, `--dbname=${dbname}`], env);
    } else await writeSnapshot(db, partial);
    renameSync(partial, file);
  } finally {
    rmSync(partial, { force: true });
  }
  return { file, bytes: statSync(file).size, tool: t ? `pg_dump ${t.version}` : 'the built-in snapshot', server: server.version };
}

/** 'pg_dump' for pg_dump's custom format ("PGDMP"), 'snapshot' for gzip, else undefined. */
function formatOf(file: string): 'pg_dump' | 'snapshot' | undefined {
  const fd = openSync(file, 'r');
  try {
    const head = Buffer.alloc(5);
    readSync(fd, head, 0, 5, 0);
    if (head.toString('latin1') === 'PGDMP') return 'pg_dump';
    return head[0] === 0x1f && head[1] === 0x8b ? 'snapshot' : undefined;
  } finally {
    closeSync(fd);
  }
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
  const format = formatOf(file);
  if (!format) throw new BackupError(`${file}: not a backup of piyasa backup (neither pg_dump's custom format nor a snapshot)`);
  const existing = Object.keys(await tableCounts(db));
  if (existing.length) throw new BackupError(`the database is not empty (${existing.length} tables, e.g. ${existing.slice(0, 3).join(', ')}): restore into a new, empty database`);
  const server = await serverVersion(db);
  if (format === 'snapshot') {
    const lines = createInterface({ input: createReadStream(file).pipe(createGunzip()), crlfDelay: Infinity });
    try {
      await importSnapshot(db, lines);
    } catch (error) {
      if (error instanceof SnapshotError) throw new BackupError(`${file}: ${error.message}`);
      throw error;
    }
    return { tool: 'the built-in snapshot', server: server.version, tables: await tableCounts(db) };
  }
  const t = tools(server, o.pgBin);
  const { dbname, env } = connection(url);
  await run(t.pgRestore, ['--no-owner', '--no-privileges', '--exit-on-error', '--single-transaction', `--dbname=${dbname}`, file], env);
  return { tool: `pg_restore ${t.version}`, server: server.version, tables: await tableCounts(db) };
}
