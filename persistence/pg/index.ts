// PostgreSQL persistence through MikroORM: the database (open, migrate), the stores behind the ports,
// the catalog upserted from the config, sealed bot tokens.
export { Database, DatabaseError, checkDatabaseUrl, safeUrl, type MigrationStatus, type OpenOptions } from './database.ts';
export { PgStore, type HumanWrite, type OutboxRowView, type PgStoreOptions, type Unwritten } from './store.ts';
export { PgIntake } from './intake.ts';
export { PgBotMemories } from './bot-memories.ts';
export { WriteBehind, type WriteOutcome, type WriterOptions, type WriterStats } from './writer.ts';
export { classifyDbError, isConnectionError, type DbFault } from './errors.ts';
export { PgSharedState, PgNewsLog } from './shared-state.ts';
export { Catalog, type Declared, type StoredCatalog } from './catalog.ts';
export { TokenKeyError, parseTokenKey, encryptToken, decryptToken, maskToken } from './tokens.ts';
export { ENTITIES, OUTBOX_STATES, MEMORY_KINDS, type OutboxState as PgOutboxState } from './entities.ts';
export { MIGRATIONS } from './migrations/index.ts';
export { FencedWrite, type FenceToken, type Fencing, type Takeover } from './fences.ts';
export {
  PgConsoleStore, CONSOLE_ROLES, type ConsoleRole, type ConsoleUserRow, type NewConsoleUser, type ConsoleUserPatch,
  type ConsoleSessionRow, type AuditEntry, type AuditRow, type UserChangeRefusal,
} from './console.ts';
export {
  PgConsoleReads, type BotRow, type BotDetail, type ChatRow, type TranscriptQuery, type TranscriptRow, type StoredFigures,
} from './console-reads.ts';
export { exportSnapshot, importSnapshot, SnapshotError, type SnapshotHeader } from './snapshot.ts';
