// The bot form: a persona with its style, speed, hours, stances and holdings, as text fields turned
// into the config's shape on save. The server validates with the config's own schema; its message
// shows at the field it names, and nothing is saved.
import { useState } from 'preact/hooks';
import { commands } from '../commands.ts';
import { Field, FormMessage, defined, formError, items, lines, numOrText, saving, type FormError } from '../forms.tsx';
import { t } from '../i18n.ts';

type Row = Record<string, string>;
export interface BotFormState {
  readonly f: Record<string, string>;
  readonly stances: Row[];
  readonly holdings: Row[];
}

const SCALARS = ['id', 'name', 'handle', 'language', 'tone', 'risk', 'watchlist', 'neverDo', 'style.emojiRate', 'style.emojis', 'style.length', 'style.slangRate', 'style.typoRate',
  'signaturePhrases', 'anecdotes', 'speed.readCps', 'speed.typingWpm', 'speed.talkativeness', 'speed.baseDelaySec', 'speed.delayMultiplier', 'activeHours', 'hourlyLimit', 'minGapSec'];

/** Every field path of the form (for placing the server's message). */
export function botFields(s: BotFormState): string[] {
  const rows = (name: string, list: Row[], keys: string[]) => list.flatMap((_, i) => keys.map((k) => `${name}[${i}].${k}`));
  return [...SCALARS, 'stances', 'holdings', ...rows('stances', s.stances, ['topic', 'text', 'confidence', 'cooldownUntil']), ...rows('holdings', s.holdings, ['symbol', 'avgPrice', 'size', 'note'])];
}

const str = (v: unknown): string => (v === undefined || v === null ? '' : Array.isArray(v) ? v.join(', ') : String(v));
const block = (v: unknown): string => (Array.isArray(v) ? v.join('\n') : '');

export function emptyBot(): BotFormState {
  return {
    f: {
      id: '', name: '', handle: '', language: 'tr', tone: 'sakin, veriye dayalı', risk: 'medium', watchlist: 'BIST:XU100, USDTRY', neverDo: '',
      'style.emojiRate': '0.1', 'style.emojis': '📈', 'style.length': 'short', 'style.slangRate': '0.1', 'style.typoRate': '0.02',
      signaturePhrases: '', anecdotes: '', 'speed.readCps': '20', 'speed.typingWpm': '40', 'speed.talkativeness': '0.6', 'speed.baseDelaySec': '30',
      'speed.delayMultiplier': '1', activeHours: '', hourlyLimit: '12', minGapSec: '20',
    },
    stances: [],
    holdings: [],
  };
}

/** The form of a stored persona (its stances and holdings as the bot's tables hold them). */
export function botForm(p: Record<string, unknown>): BotFormState {
  const style = (p.style ?? {}) as Record<string, unknown>;
  const speed = (p.speed ?? {}) as Record<string, unknown>;
  const f: Record<string, string> = {
    id: str(p.id), name: str(p.name), handle: str(p.handle), language: str(p.language), tone: str(p.tone), risk: str(p.risk),
    watchlist: str(p.watchlist), neverDo: block(p.neverDo), signaturePhrases: block(p.signaturePhrases), anecdotes: block(p.anecdotes),
    activeHours: str(p.activeHours), hourlyLimit: str(p.hourlyLimit), minGapSec: str(p.minGapSec),
  };
  for (const k of ['emojiRate', 'emojis', 'length', 'slangRate', 'typoRate']) f[`style.${k}`] = k === 'emojis' ? ((style.emojis as string[] | undefined) ?? []).join(' ') : str(style[k]);
  for (const k of ['readCps', 'typingWpm', 'talkativeness', 'baseDelaySec', 'delayMultiplier']) f[`speed.${k}`] = str(speed[k]);
  const stances = ((p.stances ?? []) as Record<string, unknown>[]).map((s) => ({
    topic: str(s.topic), text: str(s.text), confidence: str(s.confidence), cooldownUntil: typeof s.cooldownUntil === 'number' ? new Date(s.cooldownUntil).toISOString() : str(s.cooldownUntil),
  }));
  const holdings = ((p.holdings ?? []) as Record<string, unknown>[]).map((h) => ({ symbol: str(h.symbol), avgPrice: str(h.avgPrice), size: str(h.size), note: str(h.note) }));
  return { f, stances, holdings };
}

/** The persona the form describes, in the config's shape; empty optional fields are left out. */
export function personaOf(s: BotFormState, keep: Record<string, unknown> = {}): Record<string, unknown> {
  const f = s.f;
  const text = (k: string) => (f[k]!.trim() === '' ? undefined : f[k]!.trim());
  return defined({
    ...keep,
    id: f.id!.trim(), name: f.name!.trim(), handle: f.handle!.trim().replace(/^@/, ''), language: text('language'), tone: f.tone!.trim(), risk: f.risk,
    watchlist: items(f.watchlist!), neverDo: lines(f.neverDo!), signaturePhrases: lines(f.signaturePhrases!), anecdotes: lines(f.anecdotes!),
    style: defined({ emojiRate: numOrText(f['style.emojiRate']!), emojis: f['style.emojis']!.split(/[\s,]+/).filter(Boolean), length: f['style.length'], slangRate: numOrText(f['style.slangRate']!), typoRate: numOrText(f['style.typoRate']!) }),
    speed: defined({
      readCps: numOrText(f['speed.readCps']!), typingWpm: numOrText(f['speed.typingWpm']!), talkativeness: numOrText(f['speed.talkativeness']!),
      baseDelaySec: numOrText(f['speed.baseDelaySec']!), delayMultiplier: numOrText(f['speed.delayMultiplier']!),
    }),
    activeHours: items(f.activeHours!), hourlyLimit: numOrText(f.hourlyLimit!), minGapSec: numOrText(f.minGapSec!),
    stances: s.stances.map((r) => defined({ topic: r.topic!.trim(), text: r.text!.trim(), confidence: numOrText(r.confidence!), cooldownUntil: r.cooldownUntil!.trim() || undefined })),
    holdings: s.holdings.map((r) => defined({ symbol: r.symbol!.trim(), avgPrice: numOrText(r.avgPrice!), size: numOrText(r.size!), note: r.note!.trim() || undefined })),
  });
}

interface Props {
  readonly initial: BotFormState;
  readonly creating: boolean;
  /** Fields of the stored persona the form does not show (kept as they are). */
  readonly keep?: Record<string, unknown>;
  readonly symbols: readonly string[];
  readonly onSaved: (id: string) => void;
  readonly onCancel: () => void;
}

export function BotForm(p: Props) {
  const [s, setS] = useState<BotFormState>(p.initial);
  const [error, setError] = useState<FormError>();
  const [busy, setBusy] = useState(false);
  const set = (k: string) => (v: string) => setS({ ...s, f: { ...s.f, [k]: v } });
  const setRow = (list: 'stances' | 'holdings', i: number, k: string) => (v: string) => setS({ ...s, [list]: s[list].map((r, j) => (j === i ? { ...r, [k]: v } : r)) });
  const addRow = (list: 'stances' | 'holdings') => setS({ ...s, [list]: [...s[list], list === 'stances' ? { topic: '', text: '', confidence: '0.6', cooldownUntil: '' } : { symbol: '', avgPrice: '', size: '', note: '' }] });
  const dropRow = (list: 'stances' | 'holdings', i: number) => setS({ ...s, [list]: s[list].filter((_, j) => j !== i) });
  const field = (name: string, extra: Partial<Parameters<typeof Field>[0]> = {}) => (
    <Field name={name} label={t(`bot.${name}`)} value={s.f[name] ?? ''} onInput={set(name)} error={error} {...extra} />
  );

  async function save(e: Event) {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      const bot = personaOf(s, p.keep);
      await (p.creating ? commands.addBot(bot) : commands.updateBot(bot));
      p.onSaved(String(bot.id));
    } catch (x) {
      setError(formError(x, botFields(s)));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form class="bot-form" onSubmit={save} noValidate>
      <FormMessage error={error} />
      <datalist id="symbols">{p.symbols.map((x) => <option value={x} />)}</datalist>
      <fieldset><legend>{t('bot.identity')}</legend>
        {field('id', { disabled: !p.creating, hint: t('bot.id.hint') })}
        {field('name')}
        {field('handle', { hint: t('bot.handle.hint') })}
        {field('language')}
        {field('tone')}
        {field('risk', { options: [['low', t('risk.low')], ['medium', t('risk.medium')], ['high', t('risk.high')]] })}
        {field('watchlist', { hint: t('bot.watchlist.hint'), list: 'symbols' })}
      </fieldset>
      <fieldset><legend>{t('bot.voice')}</legend>
        {field('signaturePhrases', { multiline: true, hint: t('hint.perLine') })}
        {field('anecdotes', { multiline: true, hint: t('hint.perLine') })}
        {field('neverDo', { multiline: true, hint: t('hint.perLine') })}
        {field('style.length', { options: [['short', t('length.short')], ['medium', t('length.medium')], ['long', t('length.long')]] })}
        {field('style.emojis')}
        {field('style.emojiRate', { hint: '0–1' })}
        {field('style.slangRate', { hint: '0–1' })}
        {field('style.typoRate', { hint: '0–1' })}
      </fieldset>
      <fieldset><legend>{t('bot.pace')}</legend>
        {field('activeHours', { hint: t('bot.activeHours.hint') })}
        {field('hourlyLimit')}
        {field('minGapSec')}
        {field('speed.talkativeness', { hint: '0–1' })}
        {field('speed.baseDelaySec')}
        {field('speed.delayMultiplier')}
        {field('speed.readCps')}
        {field('speed.typingWpm')}
      </fieldset>
      <fieldset class="rows"><legend>{t('bot.stances')}</legend>
        {s.stances.map((r, i) => (
          <div class="row" key={i}>
            {(['topic', 'text', 'confidence', 'cooldownUntil'] as const).map((k) => <Field name={`stances[${i}].${k}`} label={t(`stance.${k}`)} value={r[k] ?? ''} onInput={setRow('stances', i, k)} error={error} />)}
            <button type="button" class="ghost" onClick={() => dropRow('stances', i)}>{t('common.remove')}</button>
          </div>
        ))}
        <button type="button" class="ghost" onClick={() => addRow('stances')}>{t('bot.addStance')}</button>
      </fieldset>
      <fieldset class="rows"><legend>{t('bot.holdings')}</legend>
        {s.holdings.map((r, i) => (
          <div class="row" key={i}>
            {(['symbol', 'avgPrice', 'size', 'note'] as const).map((k) => <Field name={`holdings[${i}].${k}`} label={t(`holding.${k}`)} value={r[k] ?? ''} onInput={setRow('holdings', i, k)} error={error} {...(k === 'symbol' ? { list: 'symbols' } : {})} />)}
            <button type="button" class="ghost" onClick={() => dropRow('holdings', i)}>{t('common.remove')}</button>
          </div>
        ))}
        <button type="button" class="ghost" onClick={() => addRow('holdings')}>{t('bot.addHolding')}</button>
      </fieldset>
      <div class="buttons">
        <button type="submit" id="save-bot" disabled={busy}>{saving(busy, p.creating ? t('bot.create') : t('common.save'))}</button>
        <button type="button" class="ghost" onClick={p.onCancel}>{t('common.cancel')}</button>
      </div>
    </form>
  );
}
