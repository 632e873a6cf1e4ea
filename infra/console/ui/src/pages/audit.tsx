// The audit trail: every change — who, what, to what, when, and whether it was done — newest first.
import { Section } from '../forms.tsx';
import { t, when } from '../i18n.ts';
import { useLoad } from '../app-state.ts';

interface Row {
  id: number;
  at: number;
  actor: string;
  action: string;
  target?: string;
  detail?: unknown;
  ok: boolean;
}

export function AuditPage() {
  const { data, error } = useLoad<Row[]>('/audit?limit=200');
  return (
    <Section title={t('nav.audit')}>
      {error ? <p class="form-error">{error}</p> : null}
      <table class="list" id="audit-table">
        <thead><tr><th>{t('audit.when')}</th><th>{t('audit.who')}</th><th>{t('audit.what')}</th><th>{t('audit.target')}</th><th>{t('audit.result')}</th><th>{t('audit.detail')}</th></tr></thead>
        <tbody>{(data ?? []).map((r) => (
          <tr data-action={r.action} class={r.ok ? '' : 'refused'}>
            <td>{when(r.at)}</td><td>{r.actor}</td><td>{r.action}</td><td>{r.target ?? ''}</td>
            <td>{r.ok ? t('audit.done') : t('audit.refused')}</td>
            <td><code class="detail">{r.detail === undefined ? '' : JSON.stringify(r.detail).slice(0, 160)}</code></td>
          </tr>
        ))}</tbody>
      </table>
    </Section>
  );
}
