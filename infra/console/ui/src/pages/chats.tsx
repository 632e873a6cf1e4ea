// Chats: each chat with its members, pace and state, and what an operator does to it — pause and
// resume, set the pace, a news shock, a line said by a bot, a member added; a new chat; removal by an
// admin. Every action is a command through the one command service.
import { useEffect, useState } from 'preact/hooks';
import type { BotRow, ChatRow, Role } from '../api.ts';
import { commands } from '../commands.ts';
import { Field, FormMessage, Section, defined, formError, items, numOrText, type FormError } from '../forms.tsx';
import { fmt, t } from '../i18n.ts';
import { can, useLoad } from '../app-state.ts';

export function ChatsPage({ role, symbols }: { role: Role; symbols: readonly string[] }) {
  const { data: chats, reload, error } = useLoad<ChatRow[]>('/chats');
  const { data: bots } = useLoad<BotRow[]>('/bots');
  const [creating, setCreating] = useState(false);
  return (
    <div class="stack">
      <Section title={t('nav.chats')} actions={can(role, 'operator') && !creating ? <button id="new-chat" onClick={() => setCreating(true)}>{t('chats.new')}</button> : null}>
        {error ? <p class="form-error">{error}</p> : null}
        {creating ? <NewChat bots={bots ?? []} onDone={() => { setCreating(false); reload(); }} /> : null}
        {(chats ?? []).length === 0 && chats ? <p class="muted">{t('common.none')}</p> : null}
      </Section>
      {(chats ?? []).map((c) => <Chat key={c.id} chat={c} bots={bots ?? []} role={role} symbols={symbols} reload={reload} />)}
    </div>
  );
}

function Chat({ chat, bots, role, symbols, reload }: { chat: ChatRow; bots: readonly BotRow[]; role: Role; symbols: readonly string[]; reload: () => void }) {
  const [status, setStatus] = useState<Record<string, unknown>>();
  const [problem, setProblem] = useState<string>();
  const refresh = () => void commands.status(chat.id).then((s) => setStatus(s), (e: Error) => setProblem(e.message));
  useEffect(refresh, [chat.id]);
  const paused = status?.paused === true;
  const pace = (status?.pace as { perMinute?: number } | undefined)?.perMinute;
  const act = async (work: Promise<unknown>) => {
    setProblem(undefined);
    try {
      await work;
      refresh();
      reload();
    } catch (e) {
      setProblem(e instanceof Error ? e.message : String(e));
    }
  };
  const names = new Map(bots.map((b) => [b.id, b.name]));
  return (
    <Section title={`${chat.title}`} actions={<>
      <span class={`badge ${paused ? 'off' : 'ok'}`} data-chat-state={chat.id}>{status ? (paused ? t('chats.paused') : t('chats.running')) : '…'}</span>
      {can(role, 'operator') ? (paused
        ? <button id={`resume-${chat.id}`} onClick={() => act(commands.resume(chat.id))}>{t('chats.resume')}</button>
        : <button id={`pause-${chat.id}`} onClick={() => act(commands.pause(chat.id))}>{t('chats.pause')}</button>) : null}
      {can(role, 'admin') ? <button class="danger" onClick={() => confirm(t('chats.removeConfirm', { title: chat.title })) && act(commands.removeChat(chat.id))}>{t('common.remove')}</button> : null}
    </>}>
      <div data-chat={chat.id}>
        {problem ? <p class="form-error" role="alert">{problem}</p> : null}
        <dl class="facts">
          <dt>{t('chats.id')}</dt><dd>{chat.id}</dd>
          <dt>{t('chats.timezone')}</dt><dd>{chat.timezone}</dd>
          <dt>{t('chats.members')}</dt><dd>{chat.members.map((m) => names.get(m) ?? m).join(', ')}</dd>
          <dt>{t('chats.pace')}</dt><dd>{pace !== undefined ? t('chats.perMinute', { n: fmt(pace, 2) }) : '—'}</dd>
          <dt>{t('chats.lastHour')}</dt><dd>{fmt(chat.messagesLastHour)}</dd>
        </dl>
        {can(role, 'operator') ? (
          <div class="tools">
            <Pace chat={chat.id} onDone={refresh} />
            <Say chat={chat.id} members={chat.members.map((m) => [m, names.get(m) ?? m] as const)} />
            <News chat={chat.id} symbols={symbols} />
            <AddMember chat={chat.id} choices={bots.filter((b) => !chat.members.includes(b.id)).map((b) => [b.id, b.name] as const)} onDone={reload} />
          </div>
        ) : null}
      </div>
    </Section>
  );
}

/** A small form whose submit runs one command; the server's message shows at its field. */
function useCommandForm<T extends Record<string, string>>(initial: T, fields: readonly string[], run: (v: T) => Promise<unknown>, onDone?: () => void) {
  const [v, setV] = useState(initial);
  const [error, setError] = useState<FormError>();
  const [done, setDone] = useState(false);
  const submit = async (e: Event) => {
    e.preventDefault();
    setError(undefined);
    setDone(false);
    try {
      await run(v);
      setDone(true);
      onDone?.();
    } catch (x) {
      setError(formError(x, fields));
    }
  };
  return { v, set: (k: keyof T) => (x: string) => setV({ ...v, [k]: x }), error, done, submit };
}

function Pace({ chat, onDone }: { chat: string; onDone: () => void }) {
  const f = useCommandForm({ perMinute: '' }, ['perMinute'], (v) => commands.pace(chat, numOrText(v.perMinute)), onDone);
  return (
    <form class="tool" onSubmit={f.submit} noValidate data-form="pace">
      <h3>{t('chats.setPace')}</h3><FormMessage error={f.error} />
      <Field name="perMinute" label={t('chats.perMinuteLabel')} value={f.v.perMinute} onInput={f.set('perMinute')} error={f.error} />
      <button type="submit">{t('common.apply')}</button>{f.done ? <small class="ok-note">✓</small> : null}
    </form>
  );
}

function Say({ chat, members }: { chat: string; members: readonly (readonly [string, string])[] }) {
  const f = useCommandForm({ bot: members[0]?.[0] ?? '', text: '' }, ['bot', 'text'], (v) => commands.say(chat, v.bot, v.text));
  return (
    <form class="tool" onSubmit={f.submit} noValidate data-form="say">
      <h3>{t('chats.say')}</h3><FormMessage error={f.error} />
      <Field name="bot" label={t('chats.bot')} value={f.v.bot} onInput={f.set('bot')} error={f.error} options={members} />
      <Field name="text" label={t('chats.text')} value={f.v.text} onInput={f.set('text')} error={f.error} multiline />
      <button type="submit">{t('chats.send')}</button>{f.done ? <small class="ok-note">✓</small> : null}
    </form>
  );
}

function News({ chat, symbols }: { chat: string; symbols: readonly string[] }) {
  const f = useCommandForm({ headline: '', symbols: '', impact: '-0.03' }, ['headline', 'symbols', 'impact'],
    (v) => commands.news(chat, v.headline.trim(), items(v.symbols), numOrText(v.impact)));
  return (
    <form class="tool" onSubmit={f.submit} noValidate data-form="news">
      <h3>{t('chats.news')}</h3><FormMessage error={f.error} />
      <Field name="headline" label={t('chats.headline')} value={f.v.headline} onInput={f.set('headline')} error={f.error} />
      <Field name="symbols" label={t('chats.symbols')} value={f.v.symbols} onInput={f.set('symbols')} error={f.error} list="chat-symbols" hint={t('bot.watchlist.hint')} />
      <datalist id="chat-symbols">{symbols.map((s) => <option value={s} />)}</datalist>
      <Field name="impact" label={t('chats.impact')} value={f.v.impact} onInput={f.set('impact')} error={f.error} hint={t('chats.impact.hint')} />
      <button type="submit">{t('chats.shock')}</button>{f.done ? <small class="ok-note">✓</small> : null}
    </form>
  );
}

function AddMember({ chat, choices, onDone }: { chat: string; choices: readonly (readonly [string, string])[]; onDone: () => void }) {
  const f = useCommandForm({ bot: choices[0]?.[0] ?? '' }, ['bot'], (v) => commands.addMember(chat, v.bot), onDone);
  if (!choices.length) return null;
  return (
    <form class="tool" onSubmit={f.submit} noValidate data-form="member">
      <h3>{t('chats.addMember')}</h3><FormMessage error={f.error} />
      <Field name="bot" label={t('chats.bot')} value={f.v.bot} onInput={f.set('bot')} error={f.error} options={choices} />
      <button type="submit">{t('common.add')}</button>
    </form>
  );
}

function NewChat({ bots, onDone }: { bots: readonly BotRow[]; onDone: () => void }) {
  const fields = ['id', 'title', 'timezone', 'topics', 'members', 'paceScale', 'primeHours'];
  const f = useCommandForm({ id: '', title: '', timezone: 'Europe/Istanbul', topics: 'BIST, FX, Kripto, Makro', members: '', paceScale: '1', primeHours: '09:30-12:00, 14:00-18:00' }, fields,
    (v) => commands.addChat(defined({ id: v.id.trim(), title: v.title.trim(), timezone: v.timezone.trim() || undefined, topics: items(v.topics), members: items(v.members), paceScale: numOrText(v.paceScale), primeHours: items(v.primeHours) })), onDone);
  return (
    <form class="tool wide" onSubmit={f.submit} noValidate data-form="new-chat">
      <FormMessage error={f.error} />
      <Field name="id" label={t('chats.id')} value={f.v.id} onInput={f.set('id')} error={f.error} hint={t('chats.id.hint')} />
      <Field name="title" label={t('chats.title')} value={f.v.title} onInput={f.set('title')} error={f.error} />
      <Field name="timezone" label={t('chats.timezone')} value={f.v.timezone} onInput={f.set('timezone')} error={f.error} />
      <Field name="topics" label={t('chats.topics')} value={f.v.topics} onInput={f.set('topics')} error={f.error} />
      <Field name="members" label={t('chats.members')} value={f.v.members} onInput={f.set('members')} error={f.error} hint={bots.map((b) => b.id).join(', ')} />
      <Field name="paceScale" label={t('chats.paceScale')} value={f.v.paceScale} onInput={f.set('paceScale')} error={f.error} />
      <Field name="primeHours" label={t('chats.primeHours')} value={f.v.primeHours} onInput={f.set('primeHours')} error={f.error} />
      <button type="submit">{t('chats.create')}</button>
    </form>
  );
}
