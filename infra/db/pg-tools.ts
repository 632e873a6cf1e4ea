// Finding PostgreSQL's own pg_dump and pg_restore for a server: the client's major version must be
// at least the server's (pg_dump refuses a newer server). Looked for in PIYASA_PG_BIN, then Debian's
// /usr/lib/postgresql/<major>/bin (the server's major first, then newer ones), then the PATH.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';

export interface PgTools {
  readonly pgDump: string;
  readonly pgRestore: string;
  /** e.g. "15.20" */
  readonly version: string;
  readonly major: number;
}

/** "pg_dump (PostgreSQL) 15.20 (Debian …)" → 15.20; undefined when it does not run. */
function versionOf(binary: string): string | undefined {
  try {
    const out = execFileSync(binary, ['--version'], { encoding: 'utf8', timeout: 10_000, stdio: ['ignore', 'pipe', 'ignore'] });
    return /\(PostgreSQL\)\s+(\d+(?:\.\d+)?)/.exec(out)?.[1];
  } catch {
    return undefined;
  }
}

function candidates(serverMajor: number, root: string): string[] {
  const dirs: string[] = [];
  const majors = existsSync(root) ? readdirSync(root).map(Number).filter((n) => Number.isInteger(n) && n >= serverMajor).sort((a, b) => a - b) : [];
  for (const m of majors) dirs.push(path.join(root, String(m), 'bin'));
  for (const p of (process.env.PATH ?? '').split(path.delimiter)) if (p) dirs.push(p);
  return dirs;
}

/** The first pg_dump/pg_restore pair able to dump and restore a server of `serverMajor`; with
 * `explicit` (PIYASA_PG_BIN) only that folder counts. Undefined when none is installed. */
export function findPgTools(serverMajor: number, explicit?: string, root = '/usr/lib/postgresql'): PgTools | undefined {
  for (const dir of explicit ? [explicit] : candidates(serverMajor, root)) {
    const pgDump = path.join(dir, 'pg_dump');
    const pgRestore = path.join(dir, 'pg_restore');
    if (!existsSync(pgDump) || !existsSync(pgRestore)) continue;
    const version = versionOf(pgDump);
    const major = Number(version?.split('.')[0]);
    if (version && major >= serverMajor && versionOf(pgRestore) === version) return { pgDump, pgRestore, version, major };
  }
  return undefined;
}
