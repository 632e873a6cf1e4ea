// Turkish and English for the console. The language is kept in localStorage; Turkish by default
// (the product's language), English on request. `t` falls back to the key itself, so a missing
// entry shows up in review instead of an empty label.
import { TR } from './lang-tr.ts';
import { EN } from './lang-en.ts';

export type Lang = 'tr' | 'en';
const DICTS: Record<Lang, Record<string, string>> = { tr: TR, en: EN };

let current: Lang = localStorage.getItem('piyasa.lang') === 'en' ? 'en' : 'tr';
const listeners = new Set<() => void>();

export const lang = (): Lang => current;

export function setLang(l: Lang): void {
  current = l;
  localStorage.setItem('piyasa.lang', l);
  document.documentElement.lang = l;
  for (const fn of listeners) fn();
}

export function onLang(fn: () => void): () => void {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

/** The text of `key` in the current language, `{name}` replaced from `vars`. */
export function t(key: string, vars: Record<string, string | number> = {}): string {
  const text = DICTS[current][key] ?? DICTS.tr[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (_, k: string) => String(vars[k] ?? `{${k}}`));
}

/** A number in the current language's format. */
export const fmt = (n: number, digits = 0): string => n.toLocaleString(current === 'tr' ? 'tr-TR' : 'en-GB', { maximumFractionDigits: digits });

/** A time of day (and the date when not today). */
export function when(ms: number): string {
  const d = new Date(ms);
  const today = new Date().toDateString() === d.toDateString();
  return d.toLocaleString(current === 'tr' ? 'tr-TR' : 'en-GB', today ? { hour: '2-digit', minute: '2-digit', second: '2-digit' } : { dateStyle: 'short', timeStyle: 'short' });
}
