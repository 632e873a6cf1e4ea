// The console's shell: signed in or not, the side navigation (pages a role cannot use are not shown),
// the language switch, and the live feed shared by the dashboard and the transcript.
import { useEffect, useState } from 'preact/hooks';
import { api, live, type Me, type TranscriptLine } from './api.ts';
import { can, go, useRoute } from './app-state.ts';
import { lang, onLang, setLang, t } from './i18n.ts';
import { AuditPage } from './pages/audit.tsx';
import { BotPage, BotsPage } from './pages/bots.tsx';
import { ChatsPage } from './pages/chats.tsx';
import { Dashboard, type Figures } from './pages/dashboard.tsx';
import { Login } from './pages/login.tsx';
import { SettingsPage } from './pages/settings.tsx';
import { TranscriptPage } from './pages/transcript.tsx';
import { UsersPage } from './pages/users.tsx';

function LangSwitch() {
  return (
    <span class="lang" role="group" aria-label="language">
      <button class={lang() === 'tr' ? 'on' : ''} onClick={() => setLang('tr')} type="button">TR</button>
      <button class={lang() === 'en' ? 'on' : ''} onClick={() => setLang('en')} type="button">EN</button>
    </span>
  );
}

export function App() {
  const [, setTick] = useState(0);
  const [me, setMe] = useState<Me | null>();
  const [symbols, setSymbols] = useState<readonly string[]>([]);
  const [figures, setFigures] = useState<Figures>();
  const [lines, setLines] = useState<readonly TranscriptLine[]>([]);
  const [connected, setConnected] = useState(false);
  const route = useRoute();
  useEffect(() => onLang(() => setTick((n) => n + 1)), []);
  useEffect(() => void api.get<Me>('/me').then(setMe, () => setMe(null)), []);
  useEffect(() => {
    if (!me) return;
    void api.get<{ symbols: string[] }>('/meta').then((m) => setSymbols(m.symbols));
    return live((event, data) => (event === 'figures' ? setFigures(data as Figures) : setLines(data as TranscriptLine[])), setConnected);
  }, [me]);
  if (me === undefined) return <p class="muted center">{t('common.loading')}</p>;
  if (me === null) return <Login onIn={setMe} langSwitch={<LangSwitch />} />;

  const logout = async () => {
    await api.post('/logout', {});
    setMe(null);
  };
  const [page = 'dashboard', arg] = route;
  const nav: [string, string][] = [['dashboard', t('nav.dashboard')], ['bots', t('nav.bots')], ['chats', t('nav.chats')], ['settings', t('nav.settings')],
    ['transcript', t('nav.transcript')], ...(can(me.role, 'admin') ? [['users', t('nav.users')] as [string, string]] : []), ['audit', t('nav.audit')]];
  const body = page === 'bots' && arg ? <BotPage id={arg} role={me.role} symbols={symbols} />
    : page === 'bots' ? <BotsPage role={me.role} symbols={symbols} />
      : page === 'chats' ? <ChatsPage role={me.role} symbols={symbols} />
        : page === 'settings' ? <SettingsPage role={me.role} />
          : page === 'transcript' ? <TranscriptPage incoming={lines} />
            : page === 'users' && can(me.role, 'admin') ? <UsersPage />
              : page === 'audit' ? <AuditPage />
                : <Dashboard figures={figures} connected={connected} />;
  return (
    <div class="shell">
      <nav class="side">
        <div class="brand">Piyasa <small>{t('app.console')}</small></div>
        {nav.map(([id, label]) => <a href={`#/${id}`} class={page === id ? 'on' : ''} data-nav={id} onClick={() => go(`/${id}`)}>{label}</a>)}
      </nav>
      <div class="main">
        <header class="top">
          <span class="who" id="who">{me.username} · <span class="role" data-role={me.role}>{t(`role.${me.role}`)}</span></span>
          <LangSwitch />
          <button class="ghost" id="sign-out" onClick={() => void logout()}>{t('app.signOut')}</button>
        </header>
        <div class="content">{body}</div>
      </div>
    </div>
  );
}
