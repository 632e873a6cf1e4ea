// Bots: the list with search, and one bot — its persona (edited in the bot form), stances, holdings,
// memories, its mood and sends, enable/disable and removal. Buttons a role may not use are absent.
import { useEffect, useState } from 'preact/hooks';
import { api, type BotDetail, type BotRow, type Role } from '../api.ts';
import { commands } from '../commands.ts';
import { Field, FormMessage, Section, formError, numOrText, type FormError } from '../forms.tsx';
import { fmt, t, when } from '../i18n.ts';
import { can, go, useLoad } from '../app-state.ts';
import { BotForm, botForm, emptyBot } from './bot-form.tsx';

const moodOf = (e: Record<string, number> | null): string =>
  e ? `${e.valence! >= 0.2 ? '🙂' : e.valence! <= -0.2 ? '😟' : '😐'} ${fmt(e.valence ?? 0, 2)} / ${fmt(e.arousal ?? 0, 2)}` : '—';

export function BotsPage({ role, symbols }: { role: Role; symbols: readonly string[] }) {
  const [q, setQ] = useState('');
  const [creating, setCreating] = useState(false);
  const { data: bots, reload, error } = useLoad<BotRow[]>('/bots');
  const needle = q.trim().toLowerCase();
  const shown = (bots ?? []).filter((b) => !needle || [b.id, b.name, b.handle, String(b.persona.tone ?? '')].some((x) => x.toLowerCase().includes(needle)));
  if (creating) {
    return (
      <Section title={t('bots.new')}>
        <BotForm initial={emptyBot()} creating symbols={symbols} onCancel={() => setCreating(false)} onSaved={(id) => { setCreating(false); reload(); go(`/bots/${id}`); }} />
      </Section>
    );
  }
  return (
    <Section title={t('nav.bots')} actions={can(role, 'operator') ? <button id="new-bot" onClick={() => setCreating(true)}>{t('bots.new')}</button> : null}>
      <input class="search" type="search" placeholder={t('bots.search')} value={q} onInput={(e) => setQ(e.currentTarget.value)} aria-label={t('bots.search')} />
      {error ? <p class="form-error">{error}</p> : null}
      <table class="list" id="bots-table">
        <thead><tr><th>{t('bot.name')}</th><th>{t('bot.handle')}</th><th>{t('bots.state')}</th><th>{t('bots.chats')}</th><th>{t('bots.mood')}</th><th>{t('bots.sentHour')}</th></tr></thead>
        <tbody>
          {shown.map((b) => (
            <tr key={b.id} data-bot={b.id} class="clickable" onClick={() => go(`/bots/${b.id}`)}>
              <td><strong>{b.name}</strong> <small class="muted">{b.id}</small></td>
              <td>@{b.handle}</td>
              <td><span class={`badge ${b.enabled ? 'ok' : 'off'}`}>{b.enabled ? t('bots.enabled') : t('bots.disabled')}</span></td>
              <td>{b.chats.join(', ') || '—'}</td>
              <td>{moodOf(b.emotion)}</td>
              <td>{fmt(b.sentLastHour)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {bots && shown.length === 0 ? <p class="muted">{t('common.none')}</p> : null}
    </Section>
  );
}

export function BotPage({ id, role, symbols }: { id: string; role: Role; symbols: readonly string[] }) {
  const { data: bot, reload, error } = useLoad<BotDetail>(`/bots/${id}`);
  const [editing, setEditing] = useState(false);
  const [problem, setProblem] = useState<string>();
  useEffect(() => setEditing(false), [id]);
  if (error) return <Section title={id}><p class="form-error">{error}</p></Section>;
  if (!bot) return <p class="muted">{t('common.loading')}</p>;
  const act = async (work: Promise<unknown>, after?: () => void) => {
    setProblem(undefined);
    try {
      await work;
      after ? after() : reload();
    } catch (x) {
      setProblem(x instanceof Error ? x.message : String(x));
    }
  };
  if (editing) {
    const persona = { ...bot.persona, stances: bot.stances, holdings: bot.holdings };
    return (
      <Section title={`${t('common.edit')}: ${bot.name}`}>
        <BotForm initial={botForm(persona)} creating={false} keep={bot.persona} symbols={symbols} onCancel={() => setEditing(false)} onSaved={() => { setEditing(false); reload(); }} />
      </Section>
    );
  }
  const p = bot.persona;
  return (
    <div class="stack">
      <Section title={`${bot.name} (@${bot.handle})`} actions={<>
        {can(role, 'operator') ? <button id="edit-bot" onClick={() => setEditing(true)}>{t('common.edit')}</button> : null}
        {can(role, 'operator') ? <button class="ghost" id="toggle-bot" onClick={() => act(commands.enableBot(bot.id, !bot.enabled))}>{bot.enabled ? t('bots.disable') : t('bots.enable')}</button> : null}
        {can(role, 'admin') ? <button class="danger" id="remove-bot" onClick={() => confirm(t('bots.removeConfirm', { name: bot.name })) && act(commands.removeBot(bot.id), () => go('/bots'))}>{t('common.remove')}</button> : null}
      </>}>
        {problem ? <p class="form-error" role="alert">{problem}</p> : null}
        <dl class="facts">
          <dt>{t('bots.state')}</dt><dd>{bot.enabled ? t('bots.enabled') : t('bots.disabled')}</dd>
          <dt>{t('bot.tone')}</dt><dd>{String(p.tone ?? '')}</dd>
          <dt>{t('bot.risk')}</dt><dd>{t(`risk.${String(p.risk)}`)}</dd>
          <dt>{t('bot.watchlist')}</dt><dd>{((p.watchlist ?? []) as string[]).join(', ')}</dd>
          <dt>{t('bot.activeHours')}</dt><dd>{((p.activeHours ?? []) as string[]).join(', ') || t('bots.always')}</dd>
          <dt>{t('bots.mood')}</dt><dd>{moodOf(bot.emotion)}</dd>
          <dt>{t('bots.sentHour')}</dt><dd>{fmt(bot.sentLastHour)} / {String(p.hourlyLimit ?? '')}</dd>
          <dt>{t('bots.sentTotal')}</dt><dd>{fmt(bot.sentTotal)}</dd>
          <dt>{t('bots.chats')}</dt><dd>{bot.chats.join(', ') || '—'}</dd>
          <dt>{t('bots.token')}</dt><dd>{bot.token ?? t('bots.noToken')}</dd>
        </dl>
        <h3>{t('bot.signaturePhrases')}</h3>
        <ul>{((p.signaturePhrases ?? []) as string[]).map((x) => <li>{x}</li>)}</ul>
      </Section>
      <Section title={t('bot.stances')}>
        <table class="list"><thead><tr><th>{t('stance.topic')}</th><th>{t('stance.text')}</th><th>{t('stance.confidence')}</th></tr></thead>
          <tbody>{bot.stances.map((s) => <tr><td>{s.topic}</td><td>{s.text}</td><td>{fmt(s.confidence, 2)}</td></tr>)}</tbody></table>
      </Section>
      <Section title={t('bot.holdings')}>
        <table class="list"><thead><tr><th>{t('holding.symbol')}</th><th>{t('holding.avgPrice')}</th><th>{t('holding.size')}</th><th>{t('holding.note')}</th></tr></thead>
          <tbody>{bot.holdings.map((h) => <tr><td>{h.symbol}</td><td>{fmt(h.avgPrice, 4)}</td><td>{fmt(h.size, 4)}</td><td>{h.note ?? ''}</td></tr>)}</tbody></table>
      </Section>
      <Memories bot={bot} role={role} reload={reload} />
    </div>
  );
}

const KINDS = ['personal_fact', 'past_event', 'relationship', 'preference', 'routine'];

function Memories({ bot, role, reload }: { bot: BotDetail; role: Role; reload: () => void }) {
  const [f, setF] = useState({ kind: 'personal_fact', content: '', relevance: '1' });
  const [error, setError] = useState<FormError>();
  async function add(e: Event) {
    e.preventDefault();
    setError(undefined);
    try {
      await commands.addMemory(bot.id, { kind: f.kind, content: f.content.trim(), relevance: numOrText(f.relevance) });
      setF({ ...f, content: '' });
      reload();
    } catch (x) {
      setError(formError(x, ['kind', 'content', 'relevance']));
    }
  }
  return (
    <Section title={t('bot.memories')}>
      <table class="list"><thead><tr><th>{t('memory.kind')}</th><th>{t('memory.content')}</th><th>{t('memory.relevance')}</th><th>{t('memory.used')}</th><th>{t('memory.created')}</th><th /></tr></thead>
        <tbody>{bot.memories.map((m) => (
          <tr><td>{t(`kind.${m.kind}`)}</td><td>{m.content}{m.about ? <small class="muted"> ({m.about})</small> : null}</td><td>{fmt(m.relevance, 2)}</td><td>{fmt(m.usageCount)}</td><td>{when(m.createdAt)}</td>
            <td>{can(role, 'operator') ? <button class="ghost small" onClick={() => void commands.removeMemory(bot.id, m.id).then(reload, (x: Error) => setError({ message: x.message }))}>{t('common.remove')}</button> : null}</td></tr>
        ))}</tbody></table>
      {can(role, 'operator') ? (
        <form class="inline" onSubmit={add} noValidate>
          <FormMessage error={error} />
          <Field name="kind" label={t('memory.kind')} value={f.kind} onInput={(v) => setF({ ...f, kind: v })} error={error} options={KINDS.map((k) => [k, t(`kind.${k}`)] as const)} />
          <Field name="content" label={t('memory.content')} value={f.content} onInput={(v) => setF({ ...f, content: v })} error={error} />
          <Field name="relevance" label={t('memory.relevance')} value={f.relevance} onInput={(v) => setF({ ...f, relevance: v })} error={error} hint="0–1" />
          <button type="submit">{t('memory.add')}</button>
        </form>
      ) : null}
    </Section>
  );
}
