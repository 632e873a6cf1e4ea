// Managing console users, the one place for its rules — used by the console's Users page and by
// `piyasa users`: names and passwords checked, admins always with a TOTP secret, the last active
// admin never removed or demoted, every change written to the audit trail.
import { CONSOLE_ROLES, type ConsoleRole, type ConsoleUserRow } from '../../../persistence/index.ts';
import { hashPassword, passwordRule } from './password.ts';
import { USERNAME } from './service.ts';
import type { ConsoleStore } from './store.ts';
import { newTotpSecret } from './totp.ts';

/** A refused change: the field at fault (for the form) and one line. */
export class UserError extends Error {
  override readonly name = 'UserError';
  constructor(readonly field: string, message: string) {
    super(message);
  }
}

/** A user as the console shows it: no hash, no secret. */
export interface UserView {
  readonly id: number;
  readonly username: string;
  readonly role: ConsoleRole;
  readonly active: boolean;
  readonly totp: boolean;
  readonly locked: boolean;
  readonly lastLoginAt: number | null;
  readonly createdAt: number;
}

export function userView(u: ConsoleUserRow, now: number): UserView {
  return {
    id: u.id, username: u.username, role: u.role, active: u.active, totp: u.totpSecret !== null,
    locked: u.lockedUntil !== null && u.lockedUntil > now, lastLoginAt: u.lastLoginAt, createdAt: u.createdAt,
  };
}

/** What a change returns: a TOTP secret to show once, when one was made. */
export interface Created {
  readonly user: UserView;
  readonly totpSecret?: string;
}

function role(value: unknown): ConsoleRole {
  if (!CONSOLE_ROLES.includes(value as ConsoleRole)) throw new UserError('role', `must be one of ${CONSOLE_ROLES.join(', ')}`);
  return value as ConsoleRole;
}

function password(value: unknown): string {
  if (typeof value !== 'string' || value === '') throw new UserError('password', 'must not be empty');
  const rule = passwordRule(value);
  if (rule) throw new UserError('password', rule);
  return value;
}

export class ConsoleUsers {
  constructor(private readonly store: ConsoleStore, private readonly now: () => number = () => Date.now()) {}

  async list(): Promise<UserView[]> {
    const now = this.now();
    return (await this.store.listUsers()).map((u) => userView(u, now));
  }

  /** Adds a user; an admin (or anyone asked `totp`) gets a TOTP secret, returned to be shown once. */
  async add(actor: string, input: { username: unknown; password: unknown; role: unknown; totp?: unknown }): Promise<Created> {
    const username = typeof input.username === 'string' ? input.username.trim().toLowerCase() : '';
    if (username === '') throw new UserError('username', 'must not be empty');
    if (!USERNAME.test(username)) throw new UserError('username', 'must be 3–64 characters of a–z, 0–9, ".", "-", "_"');
    const r = role(input.role);
    const hash = await hashPassword(password(input.password));
    const secret = r === 'admin' || input.totp === true ? newTotpSecret() : null;
    const user = await this.store.createUser({ username, role: r, passwordHash: hash, totpSecret: secret });
    if (!user) throw new UserError('username', `"${username}" is taken`);
    await this.store.audit({ actor, action: 'users.add', target: username, detail: { role: r, totp: secret !== null }, ok: true });
    return { user: userView(user, this.now()), ...(secret ? { totpSecret: secret } : {}) };
  }

  private async user(id: number): Promise<ConsoleUserRow> {
    const u = await this.store.userById(id);
    if (!u) throw new UserError('id', `no user with id ${id}`);
    return u;
  }

  private async apply(actor: string, u: ConsoleUserRow, action: string, patch: Parameters<ConsoleStore['changeUser']>[1], detail?: unknown): Promise<void> {
    const refused = await this.store.changeUser(u.id, patch);
    if (refused === 'last-admin') {
      await this.store.audit({ actor, action, target: u.username, detail: { refused: 'last active admin' }, ok: false });
      throw new UserError(patch.role !== undefined ? 'role' : 'active', `"${u.username}" is the last active admin: make another admin first`);
    }
    if (refused) throw new UserError('id', `no user "${u.username}"`);
    await this.store.audit({ actor, action, target: u.username, ...(detail !== undefined ? { detail } : {}), ok: true });
  }

  /** A new role; promotion to admin brings a TOTP secret when the user had none (returned once). */
  async setRole(actor: string, id: number, value: unknown): Promise<{ totpSecret?: string }> {
    const u = await this.user(id);
    const r = role(value);
    const secret = r === 'admin' && u.totpSecret === null ? newTotpSecret() : undefined;
    await this.apply(actor, u, 'users.role', { role: r, ...(secret ? { totpSecret: secret } : {}) }, { from: u.role, to: r });
    return secret ? { totpSecret: secret } : {};
  }

  /** Deactivates (their sessions end) or reactivates a user. */
  async setActive(actor: string, id: number, active: boolean): Promise<void> {
    await this.apply(actor, await this.user(id), active ? 'users.enable' : 'users.disable', { active });
  }

  async setPassword(actor: string, id: number, value: unknown): Promise<void> {
    const hash = await hashPassword(password(value));
    await this.apply(actor, await this.user(id), 'users.password', { passwordHash: hash });
  }

  /** A new TOTP secret (shown once), or none (`enable` false; refused for an admin). */
  async resetTotp(actor: string, id: number, enable: boolean): Promise<{ totpSecret?: string }> {
    const u = await this.user(id);
    if (!enable && u.role === 'admin') throw new UserError('totp', 'an admin must have TOTP');
    const secret = enable ? newTotpSecret() : null;
    await this.apply(actor, u, enable ? 'users.totp' : 'users.totp-off', { totpSecret: secret });
    return secret ? { totpSecret: secret } : {};
  }
}
