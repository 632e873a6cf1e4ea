// Public face of infra/console: the operator console (its HTTP handler, sign-in, users, the
// dashboard's read model) and `piyasa users`.
export { base32Decode, base32Encode, hotp, totp, totpStep, verifyTotp, newTotpSecret, otpauthUri, type TotpOptions } from './auth/totp.ts';
export { hashPassword, verifyPassword, passwordRule, SCRYPT_COST } from './auth/password.ts';
export { ConsoleAuth, ROLE_RANK, atLeast, sessionId, USERNAME, type AuthOptions, type LoginResult } from './auth/service.ts';
export { ConsoleUsers, UserError, userView, type UserView, type Created } from './auth/users.ts';
export { MemoryConsoleStore, type ConsoleStore } from './auth/store.ts';
export { createConsole, SESSION_COOKIE, type ConsoleOptions, type ConsoleHandler } from './console.ts';
export { auditedCommands } from './audit.ts';
export { readFigures, llmUsageOf, type Figures, type LiveSources, type ModelUsage, type ClusterView } from './figures.ts';
export type { ConsoleReads } from './http/api.ts';
export { mountConsole, type MountOptions } from './mount.ts';
