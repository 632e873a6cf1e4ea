// The live transcript: the newest lines of every chat (or one chat, one bot, only people or only
// bots, words in the text), with new lines arriving from the live feed as they are written.
import { useEffect, useState } from 'preact/hooks';
import { api, type BotRow, type ChatRow, type TranscriptLine } from '../api.ts';
import { Section } from '../forms.tsx';
import { t, when } from '../i18n.ts';
import { useLoad } from '../app-state.ts';

interface Filter {
  chat: string;
  bot: string;
  who: '' | 'people' | 'bots';
  text: string;
}

const matches = (l: TranscriptLine, f: Filter): boolean =>
  (!f.chat || l.chatId === f.chat) && (!f.bot || l.botId === f.bot) && (f.who !== 'people' || l.botId === null) && (f.who !== 'bots' || l.botId !== null)
  && (!f.text || l.text.toLocaleLowerCase().includes(f.text.toLocaleLowerCase()));

export function TranscriptPage({ incoming }: { incoming: readonly TranscriptLine[] }) {
  const [f, setF] = useState<Filter>({ chat: '', bot: '', who: '', text: '' });
  const [lines, setLines] = useState<TranscriptLine[]>([]);
  const [error, setError] = useState<string>();
  const { data: chats } = useLoad<ChatRow[]>('/chats');
  const { data: bots } = useLoad<BotRow[]>('/bots');
  useEffect(() => {
    const q = new URLSearchParams({ limit: '200', ...(f.chat ? { chat: f.chat } : {}), ...(f.bot ? { bot: f.bot } : {}), ...(f.who ? { who: f.who } : {}), ...(f.text ? { text: f.text } : {}) });
    const timer = setTimeout(() => void api.get<TranscriptLine[]>(`/transcript?${q}`).then((l) => (setLines(l), setError(undefined)), (e: Error) => setError(e.message)), 200);
    return () => clearTimeout(timer);
  }, [f]);
  useEffect(() => {
    const fresh = incoming.filter((l) => matches(l, f));
    if (fresh.length) setLines((old) => [...fresh.filter((l) => !old.some((o) => o.id === l.id)), ...old].slice(0, 500));
  }, [incoming]);
  const set = (k: keyof Filter) => (e: Event) => setF({ ...f, [k]: (e.currentTarget as HTMLInputElement).value });
  return (
    <Section title={t('nav.transcript')}>
      <div class="filters">
        <select aria-label={t('transcript.chat')} value={f.chat} onChange={set('chat')}><option value="">{t('transcript.allChats')}</option>{(chats ?? []).map((c) => <option value={c.id}>{c.title}</option>)}</select>
        <select aria-label={t('transcript.bot')} value={f.bot} onChange={set('bot')}><option value="">{t('transcript.allBots')}</option>{(bots ?? []).map((b) => <option value={b.id}>{b.name}</option>)}</select>
        <select aria-label={t('transcript.who')} value={f.who} onChange={set('who')}><option value="">{t('transcript.everyone')}</option><option value="people">{t('transcript.people')}</option><option value="bots">{t('transcript.bots')}</option></select>
        <input type="search" placeholder={t('transcript.search')} value={f.text} onInput={set('text')} aria-label={t('transcript.search')} />
      </div>
      {error ? <p class="form-error">{error}</p> : null}
      <ol class="transcript" id="transcript">
        {lines.map((l) => (
          <li key={l.id} class={l.botId === null ? 'person' : 'bot'} data-line={l.id} data-chat={l.chatId} data-bot={l.botId ?? ''}>
            <time>{when(l.createdAt)}</time>
            <span class="chat">{l.chatId}</span>
            <strong class="speaker">{l.speaker}</strong>
            {l.replyTo ? <span class="reply">↳ #{l.replyTo}</span> : null}
            <span class="text">{l.text}</span>
          </li>
        ))}
      </ol>
      {lines.length === 0 ? <p class="muted">{t('common.none')}</p> : null}
    </Section>
  );
}
