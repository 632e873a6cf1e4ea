// PostgreSQL persistence through MikroORM: the database (open, migrate), the stores behind the ports,
// the catalog upserted from the config, sealed bot tokens.
export { Database, DatabaseError, checkDatabaseUrl, safeUrl, type MigrationStatus, type OpenOptions } from './database.ts';
export { PgStore, type OutboxRowView, type PgStoreOptions } from './store.ts';
export { PgBotMemories } from './bot-memories.ts';
export { WriteBehind, isConnectionError, type WriterOptions } from './writer.ts';
export { Catalog, type Declared } from './catalog.ts';
export { TokenKeyError, parseTokenKey, encryptToken, decryptToken, maskToken } from './tokens.ts';
export { ENTITIES, OUTBOX_STATES, MEMORY_KINDS, type OutboxState as PgOutboxState } from './entities.ts';
export { MIGRATIONS } from './migrations/index.ts';
export {
  PgConsoleStore, CONSOLE_ROLES, type ConsoleRole, type ConsoleUserRow, type NewConsoleUser, type ConsoleUserPatch,
  type ConsoleSessionRow, type AuditEntry, type AuditRow, type UserChangeRefusal,
} from './console.ts';
export {
  PgConsoleReads, type BotRow, type BotDetail, type ChatRow, type TranscriptQuery, type TranscriptRow, type StoredFigures,
} from './console-reads.ts';
export { exportSnapshot, importSnapshot, SnapshotError, type SnapshotHeader } from './snapshot.ts';
