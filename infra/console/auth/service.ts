// Signing in to the console: password (scrypt), then a TOTP code for users who have one (every
// admin), a lockout after repeated wrong passwords, a per-address rate limit, and sessions whose
// token only the person's cookie holds (the database keeps its sha256).
import { createHash, randomBytes } from 'node:crypto';
import type { ConsoleRole, ConsoleUserRow } from '../../../persistence/index.ts';
import { decoyHash, verifyPassword } from './password.ts';
import type { ConsoleStore } from './store.ts';
import { verifyTotp } from './totp.ts';

export interface AuthOptions {
  /** Wrong passwords (or codes) in a row that lock an account. Default 5. */
  readonly maxFailures?: number;
  /** How long a locked account stays locked. Default 15 minutes. */
  readonly lockMs?: number;
  /** Session lifetime. Default 12 hours. */
  readonly sessionMs?: number;
  /** Sign-in attempts per client address per minute. Default 20. */
  readonly perAddressPerMinute?: number;
  readonly now?: () => number;
}

export type LoginResult =
  | { readonly ok: true; readonly token: string; readonly user: ConsoleUserRow; readonly expiresAt: number }
  | { readonly ok: false; readonly reason: 'invalid' | 'locked' | 'totp-required' | 'totp-invalid' | 'totp-missing' | 'rate-limited'; readonly until?: number };

/** Roles in order of power: each can do what the ones before it can. */
export const ROLE_RANK: Readonly<Record<ConsoleRole, number>> = Object.freeze({ viewer: 1, operator: 2, admin: 3 });
export const atLeast = (role: ConsoleRole, needed: ConsoleRole): boolean => ROLE_RANK[role] >= ROLE_RANK[needed];

/** sha256 of a session token: what the sessions table keys on. */
export const sessionId = (token: string): string => createHash('sha256').update(token).digest('hex');

/** User names: 3–64 of a–z, 0–9, dot, dash, underscore (stored lower-case). */
export const USERNAME = /^[a-z0-9._-]{3,64}$/;

export class ConsoleAuth {
  private readonly maxFailures: number;
  private readonly lockMs: number;
  readonly sessionMs: number;
  private readonly perMinute: number;
  private readonly now: () => number;
  /** Attempts per client address in the current minute. */
  private readonly attempts = new Map<string, { minute: number; count: number }>();
  /** Wrong attempts on names that do not exist, so they lock like real ones (no telling which exist). */
  private readonly ghosts = new Map<string, { failures: number; lockedUntil: number }>();

  constructor(private readonly store: ConsoleStore, o: AuthOptions = {}) {
    this.maxFailures = o.maxFailures ?? 5;
    this.lockMs = o.lockMs ?? 15 * 60_000;
    this.sessionMs = o.sessionMs ?? 12 * 3_600_000;
    this.perMinute = o.perAddressPerMinute ?? 20;
    this.now = o.now ?? (() => Date.now());
  }

  private limited(address: string, now: number): boolean {
    const minute = Math.floor(now / 60_000);
    const a = this.attempts.get(address);
    if (!a || a.minute !== minute) {
      if (this.attempts.size > 10_000) this.attempts.clear();
      this.attempts.set(address, { minute, count: 1 });
      return false;
    }
    a.count++;
    return a.count > this.perMinute;
  }

  private async ghostFailure(name: string, now: number): Promise<LoginResult> {
    await verifyPassword('x', await decoyHash()); // the same time as a real check
    const g = this.ghosts.get(name) ?? { failures: 0, lockedUntil: 0 };
    g.failures++;
    if (g.failures >= this.maxFailures) g.lockedUntil = now + this.lockMs;
    if (this.ghosts.size > 10_000) this.ghosts.clear();
    this.ghosts.set(name, g);
    return g.lockedUntil > now ? { ok: false, reason: 'locked', until: g.lockedUntil } : { ok: false, reason: 'invalid' };
  }

  /** Checks a sign-in; on success a new session (its token goes into the cookie, never elsewhere). */
  async login(input: { username: string; password: string; totp?: string; address: string; userAgent?: string }): Promise<LoginResult> {
    const now = this.now();
    if (this.limited(input.address, now)) return { ok: false, reason: 'rate-limited' };
    const name = input.username.trim().toLowerCase();
    const user = USERNAME.test(name) ? await this.store.userByName(name) : undefined;
    if (!user || !user.active) {
      const ghost = this.ghosts.get(name);
      if (ghost && ghost.lockedUntil > now) return { ok: false, reason: 'locked', until: ghost.lockedUntil };
      return this.ghostFailure(name, now);
    }
    if (user.lockedUntil !== null) {
      if (user.lockedUntil > now) return { ok: false, reason: 'locked', until: user.lockedUntil };
      await this.store.unlock(user.id);
    }
    if (!(await verifyPassword(input.password, user.passwordHash))) return this.failed(user, now, 'invalid');
    let step: number | undefined;
    if (user.totpSecret !== null) {
      const code = (input.totp ?? '').replace(/\s/g, '');
      if (code === '') return { ok: false, reason: 'totp-required' };
      step = verifyTotp(user.totpSecret, code, now);
      if (step === undefined) return this.failed(user, now, 'totp-invalid');
    } else if (user.role === 'admin') {
      return { ok: false, reason: 'totp-missing' };
    }
    if (!(await this.store.loginSucceeded(user.id, now, step))) return this.failed(user, now, 'totp-invalid'); // a code used twice
    await this.store.sweepSessions(now); // expired sessions of everyone go at each sign-in
    const token = randomBytes(32).toString('base64url');
    const expiresAt = now + this.sessionMs;
    await this.store.createSession({ id: sessionId(token), userId: user.id, expiresAt }, input.userAgent);
    return { ok: true, token, user, expiresAt };
  }

  private async failed(user: ConsoleUserRow, now: number, reason: 'invalid' | 'totp-invalid'): Promise<LoginResult> {
    const s = await this.store.loginFailed(user.id, this.maxFailures, this.lockMs, now);
    return s.lockedUntil !== null && s.lockedUntil > now ? { ok: false, reason: 'locked', until: s.lockedUntil } : { ok: false, reason };
  }

  /** The signed-in, active user of a session token, or undefined. */
  async userOf(token: string | undefined): Promise<{ user: ConsoleUserRow; sessionId: string } | undefined> {
    if (!token || token.length > 100) return undefined;
    const id = sessionId(token);
    const session = await this.store.session(id, this.now());
    if (!session) return undefined;
    const user = await this.store.userById(session.userId);
    return user?.active ? { user, sessionId: id } : undefined;
  }

  async logout(token: string): Promise<void> {
    await this.store.endSession(sessionId(token));
  }
}
