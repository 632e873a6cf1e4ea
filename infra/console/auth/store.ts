// The port the console's sign-in and user pages stand on (persistence/pg's PgConsoleStore fits it),
// and its in-memory fake, which records nothing but keeps the same rules (last admin, lockout).
import type {
  AuditEntry, AuditRow, ConsoleSessionRow, ConsoleUserPatch, ConsoleUserRow, NewConsoleUser, UserChangeRefusal,
} from '../../../persistence/index.ts';

export interface ConsoleStore {
  userByName(username: string): Promise<ConsoleUserRow | undefined>;
  userById(id: number): Promise<ConsoleUserRow | undefined>;
  listUsers(): Promise<ConsoleUserRow[]>;
  createUser(u: NewConsoleUser): Promise<ConsoleUserRow | undefined>;
  changeUser(id: number, patch: ConsoleUserPatch): Promise<UserChangeRefusal | undefined>;
  loginFailed(id: number, max: number, lockMs: number, now: number): Promise<{ failedLogins: number; lockedUntil: number | null }>;
  unlock(id: number): Promise<void>;
  loginSucceeded(id: number, now: number, totpStep?: number): Promise<boolean>;
  createSession(s: ConsoleSessionRow, userAgent: string | undefined): Promise<void>;
  session(id: string, now: number): Promise<ConsoleSessionRow | undefined>;
  endSession(id: string): Promise<void>;
  sweepSessions(now: number): Promise<number>;
  audit(e: AuditEntry): Promise<void>;
  auditLog(limit: number, before?: number): Promise<AuditRow[]>;
}

/** ConsoleStore in memory, for unit tests and `--memory` runs. */
export class MemoryConsoleStore implements ConsoleStore {
  readonly users = new Map<number, ConsoleUserRow>();
  readonly sessions = new Map<string, ConsoleSessionRow>();
  readonly audits: AuditRow[] = [];
  private nextId = 1;
  constructor(private readonly now: () => number = () => Date.now()) {}

  async userByName(username: string) {
    return [...this.users.values()].find((u) => u.username === username);
  }
  async userById(id: number) {
    return this.users.get(id);
  }
  async listUsers() {
    return [...this.users.values()].sort((a, b) => a.username.localeCompare(b.username));
  }
  async createUser(u: NewConsoleUser) {
    if (await this.userByName(u.username)) return undefined;
    const row: ConsoleUserRow = { ...u, id: this.nextId++, totpLastStep: null, active: true, failedLogins: 0, lockedUntil: null, lastLoginAt: null, createdAt: this.now() };
    this.users.set(row.id, row);
    return row;
  }
  async changeUser(id: number, patch: ConsoleUserPatch): Promise<UserChangeRefusal | undefined> {
    const user = this.users.get(id);
    if (!user) return 'no-such-user';
    const admins = [...this.users.values()].filter((u) => u.role === 'admin' && u.active);
    const staysAdmin = (patch.role ?? user.role) === 'admin' && (patch.active ?? user.active);
    if (admins.some((a) => a.id === id) && !staysAdmin && admins.length <= 1) return 'last-admin';
    const next = { ...user, ...patch };
    if (patch.totpSecret !== undefined) next.totpLastStep = null;
    if (patch.passwordHash !== undefined || patch.active === true) Object.assign(next, { failedLogins: 0, lockedUntil: null });
    this.users.set(id, next);
    if (patch.active === false || patch.passwordHash !== undefined) for (const [k, s] of this.sessions) if (s.userId === id) this.sessions.delete(k);
    return undefined;
  }
  async loginFailed(id: number, max: number, lockMs: number, now: number) {
    const u = this.users.get(id)!;
    const failedLogins = u.failedLogins + 1;
    const lockedUntil = failedLogins >= max ? now + lockMs : u.lockedUntil;
    this.users.set(id, { ...u, failedLogins, lockedUntil });
    return { failedLogins, lockedUntil };
  }
  async unlock(id: number) {
    const u = this.users.get(id);
    if (u) this.users.set(id, { ...u, failedLogins: 0, lockedUntil: null });
  }
  async loginSucceeded(id: number, now: number, totpStep?: number) {
    const u = this.users.get(id)!;
    if (totpStep !== undefined && u.totpLastStep !== null && u.totpLastStep >= totpStep) return false;
    this.users.set(id, { ...u, failedLogins: 0, lockedUntil: null, lastLoginAt: now, totpLastStep: totpStep ?? u.totpLastStep });
    return true;
  }
  async createSession(s: ConsoleSessionRow) {
    this.sessions.set(s.id, s);
  }
  async session(id: string, now: number) {
    const s = this.sessions.get(id);
    return s && s.expiresAt > now ? s : undefined;
  }
  async endSession(id: string) {
    this.sessions.delete(id);
  }
  async sweepSessions(now: number) {
    let n = 0;
    for (const [k, s] of this.sessions) if (s.expiresAt <= now && this.sessions.delete(k)) n++;
    return n;
  }
  async audit(e: AuditEntry) {
    this.audits.push({ ...e, id: this.audits.length + 1, at: this.now() });
  }
  async auditLog(limit: number, before?: number) {
    return this.audits.filter((a) => before === undefined || a.id < before).reverse().slice(0, limit);
  }
}
