// The dashboard: the figures of the live feed (refreshed every two seconds without reloading) —
// message rates, bots, LLM quota used today per model, Telegram 429s, ambiguous sends, dead letters,
// and the cluster's nodes and partitions. An unknown figure shows as "—", never as 0.
import { fmt, t, when } from '../i18n.ts';
import { Section } from '../forms.tsx';

export interface Figures {
  readonly at: number;
  readonly botMessagesLastMinute: number;
  readonly botMessagesLastHour: number;
  readonly peopleMessagesLastHour: number;
  readonly botsEnabled: number;
  readonly botsTotal: number;
  readonly botsSpoke: number;
  readonly chats: number;
  readonly ambiguousSends: number;
  readonly failedSends: number;
  readonly llm: readonly { model: string; requestsToday: number; tokensToday: number; requestsPerDay?: number; tokensPerDay?: number }[] | null;
  readonly telegram429: number | null;
  readonly deadLetters: number | null;
  readonly cluster: { nodes: readonly { id: string; partitions: number; self?: boolean }[]; partitions: number } | null;
}

const unknown = (v: number | null | undefined, digits = 0): string => (v === null || v === undefined ? '—' : fmt(v, digits));

function Card({ id, label, value, note, warn }: { id: string; label: string; value: string; note?: string; warn?: boolean }) {
  return (
    <div class={`card${warn ? ' warn' : ''}`} data-figure={id}>
      <div class="value">{value}</div>
      <div class="label">{label}</div>
      {note ? <div class="note">{note}</div> : null}
    </div>
  );
}

export function Dashboard({ figures, connected }: { figures: Figures | undefined; connected: boolean }) {
  if (!figures) return <p class="muted">{t('common.loading')}</p>;
  const f = figures;
  const stale = Date.now() - f.at > 10_000;
  return (
    <div class="stack">
      <p class={`live ${connected && !stale ? 'on' : 'off'}`} id="live-state">{connected && !stale ? t('dash.live', { at: when(f.at) }) : t('dash.stale', { at: when(f.at) })}</p>
      <div class="cards">
        <Card id="per-minute" label={t('dash.perMinute')} value={fmt(f.botMessagesLastMinute)} />
        <Card id="per-hour" label={t('dash.perHour')} value={fmt(f.botMessagesLastHour)} note={t('dash.people', { n: fmt(f.peopleMessagesLastHour) })} />
        <Card id="bots" label={t('dash.bots')} value={`${fmt(f.botsEnabled)} / ${fmt(f.botsTotal)}`} note={t('dash.spoke', { n: fmt(f.botsSpoke) })} />
        <Card id="chats" label={t('dash.chats')} value={fmt(f.chats)} />
        <Card id="telegram-429" label={t('dash.429')} value={unknown(f.telegram429)} warn={(f.telegram429 ?? 0) > 0} />
        <Card id="ambiguous" label={t('dash.ambiguous')} value={fmt(f.ambiguousSends)} note={t('dash.failed', { n: fmt(f.failedSends) })} warn={f.ambiguousSends > 0} />
        <Card id="dead-letters" label={t('dash.deadLetters')} value={unknown(f.deadLetters)} warn={(f.deadLetters ?? 0) > 0} />
      </div>
      <Section title={t('dash.llm')}>
        {f.llm === null ? <p class="muted">{t('dash.llmOffline')}</p> : (
          <table class="list" id="llm-table"><thead><tr><th>{t('dash.model')}</th><th>{t('dash.requests')}</th><th>{t('dash.tokens')}</th></tr></thead>
            <tbody>{f.llm.map((m) => (
              <tr><td>{m.model}</td>
                <td>{fmt(m.requestsToday)}{m.requestsPerDay ? ` / ${fmt(m.requestsPerDay)}` : ''}{m.requestsPerDay ? <Bar used={m.requestsToday} of={m.requestsPerDay} /> : null}</td>
                <td>{fmt(m.tokensToday)}{m.tokensPerDay ? ` / ${fmt(m.tokensPerDay)}` : ''}{m.tokensPerDay ? <Bar used={m.tokensToday} of={m.tokensPerDay} /> : null}</td></tr>
            ))}</tbody></table>
        )}
      </Section>
      <Section title={t('dash.cluster')}>
        {f.cluster === null ? <p class="muted">{t('dash.single')}</p> : (
          <table class="list" id="cluster-table"><thead><tr><th>{t('dash.node')}</th><th>{t('dash.partitions')}</th></tr></thead>
            <tbody>{f.cluster.nodes.map((n) => <tr><td>{n.id}{n.self ? ` (${t('dash.thisNode')})` : ''}</td><td>{fmt(n.partitions)} / {fmt(f.cluster!.partitions)}</td></tr>)}</tbody></table>
        )}
      </Section>
    </div>
  );
}

function Bar({ used, of }: { used: number; of: number }) {
  const pct = Math.min(100, Math.round((used / of) * 100));
  return <span class="bar" title={`${pct}%`}><span style={{ width: `${pct}%` }} /></span>;
}
