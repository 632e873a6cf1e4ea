// The environment variables of the database: the one place they are read.

export interface StorageEnv {
  /** DATABASE_URL; unset means the embedded PostgreSQL under ./.piyasa/. */
  readonly databaseUrl?: string;
  /** PIYASA_TOKEN_KEY: the key bot tokens are sealed with (32 bytes, hex or base64). */
  readonly tokenKey?: string;
}

/** DATABASE_URL and PIYASA_TOKEN_KEY; an empty value counts as unset. */
export function storageEnv(env: NodeJS.ProcessEnv = process.env): StorageEnv {
  const url = env.DATABASE_URL?.trim();
  const key = env.PIYASA_TOKEN_KEY?.trim();
  return { ...(url ? { databaseUrl: url } : {}), ...(key ? { tokenKey: key } : {}) };
}
