// Settings: every engine setting as the database holds it; an admin changes them here (each changed
// key is one settings.set command, validated by the config's own schema, its message at the field).
import { useEffect, useState } from 'preact/hooks';
import type { Role } from '../api.ts';
import { commands } from '../commands.ts';
import { Field, FormMessage, Section, formError, matchField, numOrText, type FormError } from '../forms.tsx';
import { t } from '../i18n.ts';
import { can, useLoad } from '../app-state.ts';

type Flat = Record<string, string>;

function flatten(settings: Record<string, unknown>): Flat {
  const out: Flat = {};
  for (const [k, v] of Object.entries(settings)) {
    if (v && typeof v === 'object' && !Array.isArray(v)) for (const [k2, v2] of Object.entries(v)) out[`${k}.${k2}`] = String(v2);
    else out[k] = String(v);
  }
  return out;
}

const typed = (s: string): unknown => (s === 'true' ? true : s === 'false' ? false : numOrText(s));

/** The value of top-level `key` from the flat form. */
function valueOf(key: string, flat: Flat): unknown {
  if (key in flat) return typed(flat[key]!);
  return Object.fromEntries(Object.entries(flat).filter(([k]) => k.startsWith(`${key}.`)).map(([k, v]) => [k.slice(key.length + 1), typed(v)]));
}

export function SettingsPage({ role }: { role: Role }) {
  const { data, reload, error: loadError } = useLoad<Record<string, unknown>>('/settings');
  const [form, setForm] = useState<Flat>({});
  const [error, setError] = useState<FormError>();
  const [saved, setSaved] = useState(false);
  useEffect(() => data && setForm(flatten(data)), [data]);
  if (!data) return <p class="muted">{loadError ?? t('common.loading')}</p>;
  const original = flatten(data);
  const fields = Object.keys(original);
  const editable = can(role, 'admin');

  async function save(e: Event) {
    e.preventDefault();
    setError(undefined);
    setSaved(false);
    const keys = [...new Set(fields.filter((f) => form[f] !== original[f]).map((f) => f.split('.')[0]!))];
    for (const key of keys) {
      try {
        await commands.setting(key, valueOf(key, form));
      } catch (x) {
        const err = formError(x, fields);
        const field = err.field ?? matchField(key, fields) ?? fields.find((f) => f.startsWith(`${key}.`));
        setError({ message: err.message, ...(field ? { field } : {}) });
        reload();
        return;
      }
    }
    setSaved(true);
    reload();
  }

  return (
    <Section title={t('nav.settings')}>
      {!editable ? <p class="muted">{t('settings.adminOnly')}</p> : null}
      <form class="settings" onSubmit={save} noValidate>
        <FormMessage error={error} />
        <div class="grid">
          {fields.map((f) => (
            <Field key={f} name={f} label={t(`setting.${f}`) === `setting.${f}` ? f : t(`setting.${f}`)} value={form[f] ?? ''} hint={f}
              onInput={(v) => setForm({ ...form, [f]: v })} error={error} disabled={!editable}
              {...(original[f] === 'true' || original[f] === 'false' ? { options: [['true', t('common.yes')], ['false', t('common.no')]] as const } : {})} />
          ))}
        </div>
        {editable ? <div class="buttons"><button type="submit" id="save-settings">{t('common.save')}</button>{saved ? <small class="ok-note">{t('common.saved')}</small> : null}</div> : null}
      </form>
    </Section>
  );
}
