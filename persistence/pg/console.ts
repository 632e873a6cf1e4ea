// The operator console's users, sessions and audit trail on PostgreSQL (tables of the console
// migration). Plain SQL through Sql; times cross the port as epoch milliseconds.
import type { Database } from './database.ts';
import { Sql } from './sql.ts';

export const CONSOLE_ROLES = ['viewer', 'operator', 'admin'] as const;
export type ConsoleRole = (typeof CONSOLE_ROLES)[number];

/** A console user as stored. `passwordHash` is a scrypt record (never the password). */
export interface ConsoleUserRow {
  readonly id: number;
  readonly username: string;
  readonly role: ConsoleRole;
  readonly passwordHash: string;
  /** Base32 TOTP secret, or null when the user has no second factor. */
  readonly totpSecret: string | null;
  /** The last TOTP time step accepted (a code is used once). */
  readonly totpLastStep: number | null;
  readonly active: boolean;
  readonly failedLogins: number;
  readonly lockedUntil: number | null;
  readonly lastLoginAt: number | null;
  readonly createdAt: number;
}

export interface NewConsoleUser {
  readonly username: string;
  readonly role: ConsoleRole;
  readonly passwordHash: string;
  readonly totpSecret: string | null;
}

/** What may change on a user; the last active admin is guarded by `changeUser`. */
export interface ConsoleUserPatch {
  readonly role?: ConsoleRole;
  readonly active?: boolean;
  readonly passwordHash?: string;
  readonly totpSecret?: string | null;
}

export interface ConsoleSessionRow {
  /** sha256 (hex) of the session token: the token itself is only in the person's cookie. */
  readonly id: string;
  readonly userId: number;
  readonly expiresAt: number;
}

export interface AuditEntry {
  readonly actor: string;
  readonly action: string;
  readonly target?: string;
  readonly detail?: unknown;
  readonly ok: boolean;
}

export interface AuditRow extends AuditEntry {
  readonly id: number;
  readonly at: number;
}

/** Why a change to a user was refused. */
export type UserChangeRefusal = 'no-such-user' | 'last-admin';

const USER_COLUMNS = 'id, username, role, password_hash, totp_secret, totp_last_step, active, failed_logins, locked_until, last_login_at, created_at';
const ms = (v: unknown): number | null => (v === null || v === undefined ? null : new Date(v as string).getTime());

function toUser(r: Record<string, unknown>): ConsoleUserRow {
  return {
    id: Number(r.id), username: String(r.username), role: r.role as ConsoleRole, passwordHash: String(r.password_hash),
    totpSecret: r.totp_secret === null ? null : String(r.totp_secret), totpLastStep: r.totp_last_step === null ? null : Number(r.totp_last_step),
    active: Boolean(r.active), failedLogins: Number(r.failed_logins), lockedUntil: ms(r.locked_until), lastLoginAt: ms(r.last_login_at),
    createdAt: ms(r.created_at)!,
  };
}

const iso = (t: number): string => new Date(t).toISOString();

/** Users, sessions and audit of the console on one database. */
export class PgConsoleStore {
  private readonly sql: Sql;
  constructor(db: Database) {
    this.sql = new Sql(db);
  }

  async userByName(username: string): Promise<ConsoleUserRow | undefined> {
    const [row] = await this.sql.query(`select ${USER_COLUMNS} from console_users where username = ?`, [username]);
    return row ? toUser(row) : undefined;
  }

  async userById(id: number): Promise<ConsoleUserRow | undefined> {
    const [row] = await this.sql.query(`select ${USER_COLUMNS} from console_users where id = ?`, [id]);
    return row ? toUser(row) : undefined;
  }

  async listUsers(): Promise<ConsoleUserRow[]> {
    return (await this.sql.query(`select ${USER_COLUMNS} from console_users order by username`)).map(toUser);
  }

  /** Creates a user; undefined when the name is taken. */
  async createUser(u: NewConsoleUser): Promise<ConsoleUserRow | undefined> {
    const [row] = await this.sql.query(`insert into console_users (username, role, password_hash, totp_secret) values (?, ?, ?, ?)
      on conflict (username) do nothing returning ${USER_COLUMNS}`, [u.username, u.role, u.passwordHash, u.totpSecret]);
    return row ? toUser(row) : undefined;
  }

  /** Changes a user unless that would leave no active admin (checked under a lock on the admins, so two
   * operators demoting the last two admins at once cannot both succeed). Sessions of a user who is
   * deactivated or whose password changes are ended. */
  async changeUser(id: number, patch: ConsoleUserPatch): Promise<UserChangeRefusal | undefined> {
    return this.sql.transaction(async (q) => {
      const admins = (await q<{ id: number }>(`select id from console_users where role = 'admin' and active for update`)).map((r) => Number(r.id));
      const [current] = await q(`select ${USER_COLUMNS} from console_users where id = ? for update`, [id]);
      if (!current) return 'no-such-user';
      const user = toUser(current);
      const staysAdmin = (patch.role ?? user.role) === 'admin' && (patch.active ?? user.active);
      if (admins.includes(id) && !staysAdmin && admins.length <= 1) return 'last-admin';
      await q(`update console_users set role = ?, active = ?, password_hash = ?, totp_secret = ?, totp_last_step = case when ? then null else totp_last_step end,
          failed_logins = case when ? then 0 else failed_logins end, locked_until = case when ? then null else locked_until end, updated_at = now() where id = ?`,
      [patch.role ?? user.role, patch.active ?? user.active, patch.passwordHash ?? user.passwordHash,
        patch.totpSecret !== undefined ? patch.totpSecret : user.totpSecret, patch.totpSecret !== undefined,
        patch.passwordHash !== undefined, patch.passwordHash !== undefined || patch.active === true, id]);
      if (patch.active === false || patch.passwordHash !== undefined) await q('delete from console_sessions where user_id = ?', [id]);
      return undefined;
    });
  }

  /** Counts a wrong password; at `max` failures in a row the account is locked until `now + lockMs`.
   * Returns the user's new state. */
  async loginFailed(id: number, max: number, lockMs: number, now: number): Promise<{ failedLogins: number; lockedUntil: number | null }> {
    const [row] = await this.sql.query<{ failed_logins: number; locked_until: string | null }>(
      `update console_users set failed_logins = failed_logins + 1,
         locked_until = case when failed_logins + 1 >= ? then ?::timestamptz else locked_until end, updated_at = now()
       where id = ? returning failed_logins, locked_until`, [max, iso(now + lockMs), id]);
    return { failedLogins: Number(row?.failed_logins ?? 0), lockedUntil: ms(row?.locked_until) };
  }

  /** A lock that ran out: the count starts again. */
  async unlock(id: number): Promise<void> {
    await this.sql.query('update console_users set failed_logins = 0, locked_until = null, updated_at = now() where id = ?', [id]);
  }

  /** A successful sign-in: failures cleared; `totpStep` (when a code was checked) is remembered so the
   * same code is refused next time. Returns false when that step was already used (a replay). */
  async loginSucceeded(id: number, now: number, totpStep?: number): Promise<boolean> {
    const rows = await this.sql.query(`update console_users set failed_logins = 0, locked_until = null, last_login_at = ?,
        totp_last_step = coalesce(?, totp_last_step), updated_at = now()
      where id = ? and (?::bigint is null or totp_last_step is null or totp_last_step < ?) returning id`,
    [iso(now), totpStep ?? null, id, totpStep ?? null, totpStep ?? null]);
    return rows.length > 0;
  }

  async createSession(s: ConsoleSessionRow, userAgent: string | undefined): Promise<void> {
    await this.sql.query('insert into console_sessions (id, user_id, expires_at, user_agent) values (?, ?, ?, ?)',
      [s.id, s.userId, iso(s.expiresAt), userAgent?.slice(0, 300) ?? null]);
  }

  /** The session with this id if it has not expired at `now` (its last use is stamped). */
  async session(id: string, now: number): Promise<ConsoleSessionRow | undefined> {
    const [row] = await this.sql.query<{ id: string; user_id: number; expires_at: string }>(
      'update console_sessions set last_seen_at = ? where id = ? and expires_at > ? returning id, user_id, expires_at', [iso(now), id, iso(now)]);
    return row ? { id: row.id, userId: Number(row.user_id), expiresAt: ms(row.expires_at)! } : undefined;
  }

  async endSession(id: string): Promise<void> {
    await this.sql.query('delete from console_sessions where id = ?', [id]);
  }

  /** Drops sessions that expired before `now`. */
  async sweepSessions(now: number): Promise<number> {
    return (await this.sql.query('delete from console_sessions where expires_at <= ? returning id', [iso(now)])).length;
  }

  async audit(e: AuditEntry): Promise<void> {
    await this.sql.query('insert into console_audit (actor, action, target, detail, ok) values (?, ?, ?, ?::jsonb, ?)',
      [e.actor.slice(0, 64), e.action.slice(0, 64), e.target?.slice(0, 200) ?? null, e.detail === undefined ? null : JSON.stringify(e.detail), e.ok]);
  }

  /** The newest audit rows first; `before` pages back by id. */
  async auditLog(limit: number, before?: number): Promise<AuditRow[]> {
    const rows = await this.sql.query(`select id, at, actor, action, target, detail, ok from console_audit
      ${before !== undefined ? 'where id < ?' : ''} order by id desc limit ?`, before !== undefined ? [before, limit] : [limit]);
    return rows.map((r) => ({
      id: Number(r.id), at: ms(r.at)!, actor: String(r.actor), action: String(r.action), ok: Boolean(r.ok),
      ...(r.target !== null ? { target: String(r.target) } : {}), ...(r.detail !== null ? { detail: r.detail } : {}),
    }));
  }
}
