// Sign-in: user name and password, then the 6-digit code when the account has TOTP (every admin).
import { useState } from 'preact/hooks';
import { api, ApiError, type Me } from '../api.ts';
import { Field, FormMessage, formError, type FormError } from '../forms.tsx';
import { t } from '../i18n.ts';

export function Login({ onIn, langSwitch }: { onIn: (me: Me) => void; langSwitch: preact.ComponentChildren }) {
  const [f, setF] = useState({ username: '', password: '', totp: '' });
  const [needCode, setNeedCode] = useState(false);
  const [error, setError] = useState<FormError>();
  const [busy, setBusy] = useState(false);
  async function submit(e: Event) {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      const r = await api.post<{ user: { username: string; role: Me['role'] } }>('/login', { username: f.username, password: f.password, ...(needCode ? { totp: f.totp } : {}) });
      onIn({ ...r.user, totp: needCode });
    } catch (x) {
      if (x instanceof ApiError && x.body?.reason === 'totp-required') {
        setNeedCode(true);
        setError(undefined);
      } else {
        const err = formError(x, ['username', 'password', 'totp']);
        const reason = x instanceof ApiError ? String(x.body?.reason ?? '') : '';
        setError({ ...err, message: t(`login.${reason}`) === `login.${reason}` ? err.message : t(`login.${reason}`) });
      }
    } finally {
      setBusy(false);
    }
  }
  return (
    <main class="login">
      <form onSubmit={submit} noValidate id="login-form">
        <h1>Piyasa</h1>
        <p class="muted">{t('login.title')}</p>
        <FormMessage error={error} />
        <Field name="username" label={t('login.username')} value={f.username} onInput={(v) => setF({ ...f, username: v })} error={error} />
        <Field name="password" label={t('login.password')} type="password" value={f.password} onInput={(v) => setF({ ...f, password: v })} error={error} />
        {needCode ? <Field name="totp" label={t('login.code')} value={f.totp} onInput={(v) => setF({ ...f, totp: v })} error={error} hint={t('login.codeHint')} /> : null}
        <button type="submit" id="sign-in" disabled={busy}>{t('login.submit')}</button>
        <div class="lang-row">{langSwitch}</div>
      </form>
    </main>
  );
}
