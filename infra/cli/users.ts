// `piyasa users`: the console's users from the command line — above all the first admin. A password
// is read from a prompt that does not echo (asked twice) or from the first line of standard input,
// and is never printed or logged; a TOTP secret (which the person must enrol) is shown once.
import { userInfo } from 'node:os';
import { PgConsoleStore } from '../../persistence/index.ts';
import { ConsoleUsers, UserError, otpauthUri } from '../console/index.ts';
import type { Flags } from './args.ts';
import { withToolDatabase } from './tool-db.ts';

/** Reads a line without echo from a terminal, or the first line of piped input. */
export async function readSecret(prompt: string): Promise<string> {
  const stdin = process.stdin;
  if (!stdin.isTTY) {
    let text = '';
    for await (const chunk of stdin) {
      text += String(chunk);
      if (text.includes('\n')) break;
    }
    return text.split(/\r?\n/)[0] ?? '';
  }
  process.stderr.write(prompt);
  stdin.setRawMode(true);
  stdin.resume();
  return new Promise((resolve, reject) => {
    let value = '';
    const done = (result: string | Error): void => {
      stdin.off('data', onData);
      stdin.setRawMode(false);
      stdin.pause();
      process.stderr.write('\n');
      if (result instanceof Error) reject(result);
      else resolve(result);
    };
    const onData = (chunk: Buffer): void => {
      for (const ch of chunk.toString('utf8')) {
        if (ch === '\r' || ch === '\n') return done(value);
        if (ch === '\u0003') return done(new Error('cancelled'));
        if (ch === '\u007f' || ch === '\b') value = value.slice(0, -1);
        else value += ch;
      }
    };
    stdin.on('data', onData);
  });
}

async function newPassword(): Promise<string> {
  const first = await readSecret('Password: ');
  if (process.stdin.isTTY && (await readSecret('Again: ')) !== first) throw new UserError('password', 'the two passwords differ');
  return first;
}

function showTotp(username: string, secret: string): void {
  console.log(`TOTP secret for ${username} (enrol it in an authenticator app now; it is not shown again):`);
  console.log(`  ${secret}`);
  console.log(`  ${otpauthUri(secret, username)}`);
}

export async function usersCommand(flags: Flags, rest: readonly string[]): Promise<number> {
  const [action, name, arg] = rest;
  const known = ['add', 'list', 'enable', 'disable', 'password', 'totp', 'role'];
  if (!action || !known.includes(action)) {
    console.error(`piyasa users: ${action ? `unknown action "${action}"` : 'say what to do'} (try: ${known.join(', ')})`);
    return 2;
  }
  if (action !== 'list' && !name) {
    console.error(`piyasa users ${action}: name the user`);
    return 2;
  }
  const actor = `cli:${userInfo().username}`;
  return withToolDatabase(flags, async (db) => {
    const users = new ConsoleUsers(new PgConsoleStore(db));
    try {
      if (action === 'list') {
        for (const u of await users.list()) {
          console.log(`${u.username.padEnd(20)} ${u.role.padEnd(9)} ${u.active ? 'active  ' : 'disabled'} ${u.totp ? 'totp' : '    '} ${u.locked ? 'locked ' : ''}${u.lastLoginAt ? `last sign-in ${new Date(u.lastLoginAt).toISOString()}` : 'never signed in'}`);
        }
        return 0;
      }
      if (action === 'add') {
        const role = flags.admin === true ? 'admin' : typeof flags.role === 'string' ? flags.role : 'viewer';
        const created = await users.add(actor, { username: name, password: await newPassword(), role, totp: flags.totp === true });
        console.log(`added ${created.user.username} (${created.user.role})`);
        if (created.totpSecret) showTotp(created.user.username, created.totpSecret);
        return 0;
      }
      const user = (await users.list()).find((u) => u.username === name!.toLowerCase());
      if (!user) throw new UserError('username', `no user "${name}"`);
      if (action === 'enable' || action === 'disable') await users.setActive(actor, user.id, action === 'enable');
      if (action === 'password') await users.setPassword(actor, user.id, await newPassword());
      if (action === 'totp') showTotp(user.username, (await users.resetTotp(actor, user.id, true)).totpSecret!);
      if (action === 'role') {
        const { totpSecret } = await users.setRole(actor, user.id, arg);
        if (totpSecret) showTotp(user.username, totpSecret);
      }
      console.log(`${action}: done for ${user.username}`);
      return 0;
    } catch (error) {
      if (!(error instanceof UserError)) throw error;
      console.error(`piyasa users ${action}: ${error.field}: ${error.message}`);
      return 1;
    }
  });
}
