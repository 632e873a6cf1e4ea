// Form pieces shared by every page: a labelled input that shows the server's message at its field,
// the mapping from a server's field path ("bot.style.emojiRate", "stances[1].confidence") to the
// form's fields, and the conversions from typed text to JSON values (wrong types go through as text
// so the server names the rule at the field).
import type { ComponentChildren } from 'preact';
import { ApiError } from './api.ts';
import { t } from './i18n.ts';

/** The server's refusal of a form: its line, and the form field it belongs to (if any). */
export interface FormError {
  readonly message: string;
  readonly field?: string;
}

export function formError(e: unknown, fields: readonly string[]): FormError {
  if (e instanceof ApiError) {
    const field = e.field === undefined ? undefined : matchField(e.field, fields);
    return { message: e.message, ...(field ? { field } : {}) };
  }
  return { message: e instanceof Error ? e.message : String(e) };
}

/** The form field a server's path belongs to: the longest field that the path names, wherever the
 * command nests the object ("bots.add.bot.watchlist[2]" → "watchlist"). */
export function matchField(path: string, fields: readonly string[]): string | undefined {
  const names = (f: string) => [f, `.${f}`];
  let best: string | undefined;
  for (const f of fields) {
    const hit = names(f).some((n) => {
      const i = path.indexOf(n);
      if (i < 0 || (n === f && i !== 0)) return false;
      const after = path[i + n.length];
      return after === undefined || after === '.' || after === '[';
    });
    if (hit && (!best || f.length > best.length)) best = f;
  }
  return best;
}

/** Text → number when it reads as one, undefined when empty, else the text itself. */
export function numOrText(s: string): number | string | undefined {
  const v = s.trim();
  if (v === '') return undefined;
  return /^-?\d+([.,]\d+)?$/.test(v) ? Number(v.replace(',', '.')) : v;
}

/** Items separated by commas or new lines, trimmed, empties dropped. */
export const items = (s: string): string[] => s.split(/[,\n]/).map((x) => x.trim()).filter(Boolean);
/** Items one per line. */
export const lines = (s: string): string[] => s.split('\n').map((x) => x.trim()).filter(Boolean);

/** Keeps only the keys whose value is defined (an empty optional field is left out of the body). */
export function defined<T extends Record<string, unknown>>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

interface FieldProps {
  readonly name: string;
  readonly label: string;
  readonly value: string;
  readonly onInput: (value: string) => void;
  readonly error?: FormError | undefined;
  readonly multiline?: boolean;
  readonly type?: 'text' | 'password';
  readonly hint?: string;
  readonly options?: readonly (readonly [string, string])[];
  readonly list?: string;
  readonly disabled?: boolean;
}

/** A labelled input; the error's message shows under it when the error names this field. */
export function Field(p: FieldProps) {
  const bad = p.error?.field === p.name;
  const id = `f-${p.name.replace(/[^A-Za-z0-9]/g, '-')}`;
  const common = {
    id, name: p.name, value: p.value, disabled: p.disabled, 'aria-invalid': bad,
    onInput: (e: Event) => p.onInput((e.currentTarget as HTMLInputElement).value),
  };
  return (
    <label class={`field${bad ? ' bad' : ''}`} for={id} data-field={p.name}>
      <span class="label">{p.label}</span>
      {p.options ? (
        <select {...common} onChange={common.onInput}>{p.options.map(([v, l]) => <option value={v}>{l}</option>)}</select>
      ) : p.multiline ? <textarea rows={3} {...common} />
        : p.type === 'password' ? <input type="password" autocomplete="off" {...common} /> : <input type="text" list={p.list} autocomplete="off" {...common} />}
      {p.hint && !bad ? <small class="hint">{p.hint}</small> : null}
      {bad ? <small class="error" role="alert">{p.error!.message}</small> : null}
    </label>
  );
}

/** The form's error when it names no field of the form. */
export function FormMessage({ error }: { error: FormError | undefined }) {
  if (!error || error.field) return null;
  return <p class="form-error" role="alert">{error.message}</p>;
}

export function Section({ title, children, actions }: { title: string; children: ComponentChildren; actions?: ComponentChildren }) {
  return (
    <section class="panel">
      <header><h2>{title}</h2>{actions ? <div class="actions">{actions}</div> : null}</header>
      {children}
    </section>
  );
}

export const saving = (busy: boolean, label: string): string => (busy ? t('common.saving') : label);
