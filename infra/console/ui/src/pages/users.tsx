// Users (admins only): who may use the console and as what — add a user (an admin gets TOTP, whose
// secret is shown once), change a role, disable, reset a password or TOTP. The server refuses to
// remove or demote the last active admin.
import { useState } from 'preact/hooks';
import { api } from '../api.ts';
import { Field, FormMessage, Section, formError, type FormError } from '../forms.tsx';
import { t, when } from '../i18n.ts';
import { useLoad } from '../app-state.ts';

interface User {
  id: number;
  username: string;
  role: string;
  active: boolean;
  totp: boolean;
  locked: boolean;
  lastLoginAt: number | null;
}

function Secret({ secret, user }: { secret: string; user: string }) {
  const uri = `otpauth://totp/Piyasa:${encodeURIComponent(user)}?secret=${secret}&issuer=Piyasa&algorithm=SHA1&digits=6&period=30`;
  return (
    <div class="secret" role="status" id="totp-secret">
      <p>{t('users.secretOnce', { user })}</p>
      <code data-secret={secret}>{secret}</code>
      <code class="uri">{uri}</code>
    </div>
  );
}

export function UsersPage() {
  const { data: users, reload, error: loadError } = useLoad<User[]>('/users');
  const [f, setF] = useState({ username: '', password: '', role: 'viewer', totp: 'false' });
  const [error, setError] = useState<FormError>();
  const [secret, setSecret] = useState<{ user: string; secret: string }>();
  const [problem, setProblem] = useState<string>();

  async function add(e: Event) {
    e.preventDefault();
    setError(undefined);
    setSecret(undefined);
    try {
      const r = await api.post<{ user: User; totpSecret?: string }>('/users', { username: f.username, password: f.password, role: f.role, totp: f.totp === 'true' });
      if (r.totpSecret) setSecret({ user: r.user.username, secret: r.totpSecret });
      setF({ username: '', password: '', role: 'viewer', totp: 'false' });
      reload();
    } catch (x) {
      setError(formError(x, ['username', 'password', 'role', 'totp']));
    }
  }
  const change = async (u: User, body: Record<string, unknown>) => {
    setProblem(undefined);
    try {
      const r = await api.patch<{ totpSecret?: string }>(`/users/${u.id}`, body);
      if (r.totpSecret) setSecret({ user: u.username, secret: r.totpSecret });
      reload();
    } catch (x) {
      setProblem(x instanceof Error ? x.message : String(x));
    }
  };
  const roles = [['viewer', t('role.viewer')], ['operator', t('role.operator')], ['admin', t('role.admin')]] as const;
  return (
    <div class="stack">
      <Section title={t('nav.users')}>
        {loadError ? <p class="form-error">{loadError}</p> : null}
        {problem ? <p class="form-error" role="alert">{problem}</p> : null}
        {secret ? <Secret {...secret} /> : null}
        <table class="list" id="users-table">
          <thead><tr><th>{t('users.name')}</th><th>{t('users.role')}</th><th>{t('users.state')}</th><th>TOTP</th><th>{t('users.lastLogin')}</th><th /></tr></thead>
          <tbody>{(users ?? []).map((u) => (
            <tr data-user={u.username}>
              <td>{u.username}</td>
              <td><select value={u.role} aria-label={t('users.role')} onChange={(e) => void change(u, { role: e.currentTarget.value })}>{roles.map(([v, l]) => <option value={v}>{l}</option>)}</select></td>
              <td>{u.active ? t('users.active') : t('users.disabled')}{u.locked ? ` · ${t('users.locked')}` : ''}</td>
              <td>{u.totp ? '✓' : '—'}</td>
              <td>{u.lastLoginAt ? when(u.lastLoginAt) : t('users.never')}</td>
              <td class="row-actions">
                <button class="ghost small" onClick={() => void change(u, { active: !u.active })}>{u.active ? t('users.disable') : t('users.enable')}</button>
                <button class="ghost small" onClick={() => void change(u, { totp: true })}>{t('users.newTotp')}</button>
                <button class="ghost small" onClick={() => { const p = prompt(t('users.newPassword')); if (p) void change(u, { password: p }); }}>{t('users.password')}</button>
              </td>
            </tr>
          ))}</tbody>
        </table>
      </Section>
      <Section title={t('users.add')}>
        <form class="inline" onSubmit={add} noValidate id="add-user">
          <FormMessage error={error} />
          <Field name="username" label={t('users.name')} value={f.username} onInput={(v) => setF({ ...f, username: v })} error={error} />
          <Field name="password" label={t('login.password')} type="password" value={f.password} onInput={(v) => setF({ ...f, password: v })} error={error} hint={t('users.passwordRule')} />
          <Field name="role" label={t('users.role')} value={f.role} onInput={(v) => setF({ ...f, role: v })} error={error} options={roles} />
          <Field name="totp" label="TOTP" value={f.totp} onInput={(v) => setF({ ...f, totp: v })} error={error} options={[['false', t('common.no')], ['true', t('common.yes')]]} hint={t('users.adminTotp')} />
          <button type="submit">{t('common.add')}</button>
        </form>
      </Section>
    </div>
  );
}
