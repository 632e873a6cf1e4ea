// The environment of `piyasa backup` / `restore`: where PostgreSQL's client programs are.

/** PIYASA_PG_BIN: a folder holding pg_dump and pg_restore (default: searched, see infra/db/backup.ts). */
export function pgBinEnv(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const dir = env.PIYASA_PG_BIN?.trim();
  return dir ? dir : undefined;
}
