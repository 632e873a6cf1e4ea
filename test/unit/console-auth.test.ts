// Console sign-in and users on the in-memory store: scrypt passwords, TOTP for admins (a code works
// once), five wrong passwords lock an account for the lock time, unknown names lock the same way, a
// per-address limit, sessions that expire, and the last active admin that cannot be removed.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ConsoleAuth, ConsoleUsers, MemoryConsoleStore, UserError, base32Decode, hashPassword, hotp, totpStep, verifyPassword } from '../../infra/console/index.ts';

const PASSWORD = 'Piyasa-test-2026';

function setup(o: { lockMs?: number; sessionMs?: number; perAddressPerMinute?: number } = {}) {
  let now = 1_800_000_000_000;
  const clock = { now: () => now, advance: (ms: number) => (now += ms) };
  const store = new MemoryConsoleStore(clock.now);
  const auth = new ConsoleAuth(store, { now: clock.now, ...o });
  const users = new ConsoleUsers(store, clock.now);
  const code = (secret: string, offset = 0) => hotp(base32Decode(secret)!, totpStep(now) + offset);
  return { clock, store, auth, users, code };
}

const login = (auth: ConsoleAuth, username: string, password: string, totp?: string) =>
  auth.login({ username, password, address: '127.0.0.1', ...(totp !== undefined ? { totp } : {}) });

test('scrypt: a hash verifies its password only, and two hashes of one password differ', async () => {
  const a = await hashPassword(PASSWORD);
  const b = await hashPassword(PASSWORD);
  assert.match(a, /^scrypt\$15\$8\$1\$/);
  assert.is.not(a, b);
  assert.ok(await verifyPassword(PASSWORD, a));
  assert.not.ok(await verifyPassword(`${PASSWORD}x`, a));
  assert.not.ok(await verifyPassword(PASSWORD, 'sha1$whatever'));
});

test('an admin signs in with password and a TOTP code; the same code is refused a second time', async () => {
  const { auth, users, code, store } = setup();
  const { totpSecret } = await users.add('cli', { username: 'Ayse', password: PASSWORD, role: 'admin' });
  assert.ok(totpSecret, 'an admin gets a secret');
  const first = await login(auth, 'ayse', PASSWORD);
  assert.equal(first, { ok: false, reason: 'totp-required' });
  const c = code(totpSecret!);
  const ok = await login(auth, 'ayse', PASSWORD, c);
  assert.ok(ok.ok);
  if (!ok.ok) return;
  assert.is((await auth.userOf(ok.token))?.user.username, 'ayse');
  assert.is([...store.sessions.keys()][0]!.length, 64, 'the store keeps the sha256, not the token');
  assert.not.ok(store.sessions.has(ok.token));
  assert.equal(await login(auth, 'ayse', PASSWORD, c), { ok: false, reason: 'totp-invalid' }, 'replayed code');
  assert.ok((await login(auth, 'ayse', PASSWORD, code(totpSecret!, 1))).ok, 'the next step works');
  assert.equal(await login(auth, 'ayse', PASSWORD, '000000'), { ok: false, reason: 'totp-invalid' });
});

test('five wrong passwords lock the account for the lock time, even for the right password; then it opens', async () => {
  const { auth, users, clock } = setup({ lockMs: 60_000 });
  await users.add('cli', { username: 'mehmet', password: PASSWORD, role: 'operator' });
  for (let i = 1; i <= 4; i++) assert.equal(await login(auth, 'mehmet', 'wrong-password-1'), { ok: false, reason: 'invalid' }, `try ${i}`);
  const fifth = await login(auth, 'mehmet', 'wrong-password-1');
  assert.equal(fifth, { ok: false, reason: 'locked', until: clock.now() + 60_000 });
  assert.is((await login(auth, 'mehmet', PASSWORD)).ok, false, 'locked even with the right password');
  clock.advance(60_001);
  assert.ok((await login(auth, 'mehmet', PASSWORD)).ok, 'the lock ran out');
  assert.equal(await login(auth, 'mehmet', 'wrong-password-1'), { ok: false, reason: 'invalid' }, 'the count started again');
});

test('an unknown name answers like a wrong password and locks the same way', async () => {
  const { auth } = setup();
  for (let i = 0; i < 4; i++) assert.equal(await login(auth, 'nobody', 'x'), { ok: false, reason: 'invalid' });
  const fifth = await login(auth, 'nobody', 'x');
  assert.is(fifth.ok === false && fifth.reason, 'locked');
});

test('sign-in attempts from one address are limited per minute', async () => {
  const { auth, clock } = setup({ perAddressPerMinute: 3 });
  for (let i = 0; i < 3; i++) assert.is((await login(auth, `user${i}`, 'x') as { reason: string }).reason, 'invalid');
  assert.equal(await login(auth, 'user9', 'x'), { ok: false, reason: 'rate-limited' });
  clock.advance(60_000);
  assert.is((await login(auth, 'user9', 'x') as { reason: string }).reason, 'invalid');
});

test('a session expires; logging out ends it; a disabled user\'s sessions end', async () => {
  const { auth, users, clock } = setup({ sessionMs: 1_000 });
  const { user } = await users.add('cli', { username: 'zeynep', password: PASSWORD, role: 'viewer' });
  const a = await login(auth, 'zeynep', PASSWORD);
  assert.ok(a.ok && (await auth.userOf(a.token)));
  clock.advance(1_001);
  assert.is(a.ok && (await auth.userOf(a.token)), undefined, 'expired');
  const b = await login(auth, 'zeynep', PASSWORD);
  if (!b.ok) throw new Error('sign-in failed');
  await auth.logout(b.token);
  assert.is(await auth.userOf(b.token), undefined);
  const c = await login(auth, 'zeynep', PASSWORD);
  if (!c.ok) throw new Error('sign-in failed');
  await users.setActive('admin', user.id, false);
  assert.is(await auth.userOf(c.token), undefined);
  assert.equal(await login(auth, 'zeynep', PASSWORD), { ok: false, reason: 'invalid' });
});

test('the last active admin cannot be disabled or demoted; with a second admin it can; all recorded', async () => {
  const { users, store } = setup();
  const { user: a } = await users.add('cli', { username: 'ali', password: PASSWORD, role: 'admin' });
  for (const change of [() => users.setActive('ali', a.id, false), () => users.setRole('ali', a.id, 'operator')]) {
    const e = await change().catch((x: unknown) => x);
    assert.instance(e, UserError);
    assert.match((e as Error).message, /last active admin/);
  }
  const { user: b } = await users.add('ali', { username: 'can', password: PASSWORD, role: 'operator' });
  const promoted = await users.setRole('ali', b.id, 'admin');
  assert.ok(promoted.totpSecret, 'a promotion to admin brings a TOTP secret');
  await users.setActive('can', a.id, false);
  assert.is((await users.list()).find((u) => u.username === 'ali')?.active, false);
  assert.equal(store.audits.map((x) => [x.actor, x.action, x.ok]), [
    ['cli', 'users.add', true], ['ali', 'users.disable', false], ['ali', 'users.role', false],
    ['ali', 'users.add', true], ['ali', 'users.role', true], ['can', 'users.disable', true],
  ]);
});

test('bad input to users: the field and the rule; nothing stored', async () => {
  const { users, store } = setup();
  const cases: [Record<string, unknown>, string, RegExp][] = [
    [{ username: '', password: PASSWORD, role: 'viewer' }, 'username', /must not be empty/],
    [{ username: 'a'.repeat(65), password: PASSWORD, role: 'viewer' }, 'username', /3–64/],
    [{ username: 42, password: PASSWORD, role: 'viewer' }, 'username', /must not be empty/],
    [{ username: 'fatma', password: 'short', role: 'viewer' }, 'password', /at least 12/],
    [{ username: 'fatma', password: 'a'.repeat(201), role: 'viewer' }, 'password', /at most 200/],
    [{ username: 'fatma', password: 'alllowercaseletters', role: 'viewer' }, 'password', /mix/],
    [{ username: 'fatma', password: PASSWORD, role: 'root' }, 'role', /viewer, operator, admin/],
  ];
  for (const [input, field, rule] of cases) {
    const e = await users.add('x', input as never).catch((x: unknown) => x);
    assert.instance(e, UserError, JSON.stringify(input));
    assert.is((e as UserError).field, field);
    assert.match((e as Error).message, rule);
  }
  assert.is(store.users.size, 0);
  await users.add('x', { username: 'fatma', password: PASSWORD, role: 'viewer' });
  const dup = await users.add('x', { username: 'FATMA', password: PASSWORD, role: 'viewer' }).catch((x: unknown) => x);
  assert.match((dup as Error).message, /taken/);
});

test.run();
