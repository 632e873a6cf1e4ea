// The prompt for one chat line: a stable prefix first (the group's rules, then the persona card — the
// same bytes every call of that bot, so the provider's prompt cache applies), then the volatile part:
// the newest transcript lines, the labelled message being answered, topic, market, news, stances,
// holdings with live P&L, memories, mood, time and the instruction with a length hint.
import { expression } from '../../../actors/index.ts';
import type { ChatMessage, GenerationRequest, Persona } from '../../../actors/index.ts';
import { formatPct, formatPrice } from '../offline/index.ts';
import type { PromptMessage } from './types.ts';

/**
 * Memories relevant to this turn (the bot's notes about people and past talk), for a request that
 * brings none of its own (the bot actor recalls them from the node's memory store into
 * `GenerationRequest.memories`). Undefined or empty leaves the section out of the prompt.
 */
export type MemoryHook = (request: GenerationRequest) => readonly string[];

export interface PromptOptions {
  /** Transcript characters kept, newest first. Default 700 (tokens per day are the free tier's
   * tightest limit: 200K a day is 200 a request at 1K requests). */
  readonly transcriptChars?: number;
  /** Transcript lines kept at most. Default 8. */
  readonly transcriptLines?: number;
  readonly memories?: readonly string[];
}

const RULES = `Bir Telegram piyasa sohbet grubundasın; grup borsa, döviz, kripto ve ekonomi konuşur.
Kurallar: gerçek bir insan gibi yaz, tek bir sohbet mesajı yaz. Asistan gibi konuşma, yapay zekâ olduğunu söyleme, uyarı veya yasal not ekleme, madde işareti ya da başlık kullanma. Başka bir üyenin ağzından yazma, isim etiketi veya tırnak koyma. Kesin kazanç, garanti getiri gibi vaatlerde bulunma. Sayıları sohbetteki ve piyasa satırındaki verilerden al, uydurma.`;

const RISK = { low: 'temkinli, riskten kaçan', medium: 'dengeli', high: 'cesur, risk seven' } as const;
const LENGTH = { short: 'tek kısa cümle (en fazla 100 karakter)', medium: '1–2 cümle (en fazla 200 karakter)', long: '2–3 cümle (en fazla 320 karakter)' } as const;

/** The persona card: everything about the bot that does not change between its turns. */
export function personaCard(p: Persona, chatTitle: string): string {
  const lines = [
    `Sen ${p.name}'sın (@${p.handle}), "${chatTitle}" grubunun bir üyesi. Yazı dilin: ${p.language === 'tr' ? 'Türkçe' : p.language}.`,
    `Üslubun: ${p.tone}. Risk tarzın: ${RISK[p.risk]}.`,
    `İlgilendiğin semboller: ${p.watchlist.join(', ') || '—'}.`,
    `Yazış: emoji ${p.style.emojiRate >= 0.3 ? `sık (${p.style.emojis.join(' ')})` : p.style.emojiRate > 0.05 ? `ara sıra (${p.style.emojis.join(' ')})` : 'yok'}; argo ve kısaltma ${p.style.slangRate >= 0.3 ? 'bolca' : p.style.slangRate > 0.05 ? 'biraz' : 'yok'}; ${p.style.typoRate > 0.05 ? 'arada küçük yazım hataları olur' : 'düzgün yazarsın'}.`,
  ];
  if (p.signaturePhrases.length) lines.push(`Sık kullandığın sözler: ${p.signaturePhrases.map((s) => `"${s}"`).join(', ')} (her mesajda değil).`);
  if (p.anecdotes.length) lines.push(`Anıların: ${p.anecdotes.join(' / ')}`);
  if (p.neverDo.length) lines.push(`Asla: ${p.neverDo.join('; ')}.`);
  return lines.join('\n');
}

function speakerLabel(m: ChatMessage): string {
  return m.botId === null ? `${m.speaker} (insan)` : m.speaker;
}

/** "+%1,8" / "-%0,4" (formatPct is unsigned). */
const signedPct = (x: number): string => `${x < 0 ? '-' : '+'}${formatPct(x)}`;

const clip = (text: string, max: number): string => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

/** The newest lines that fit `chars` and `lines`, oldest first (the old system kept the oldest). */
export function recentTranscript(transcript: readonly ChatMessage[], chars: number, lines: number): string[] {
  const out: string[] = [];
  let used = 0;
  for (let i = transcript.length - 1; i >= 0 && out.length < lines; i--) {
    const m = transcript[i]!;
    if (m.reaction) continue;
    const line = `[#${m.messageId}] ${speakerLabel(m)}: ${clip(m.text.replace(/\s+/g, ' '), 140)}`;
    if (used + line.length > chars && out.length > 0) break;
    out.push(line);
    used += line.length + 1;
  }
  return out.reverse();
}

function instruction(req: GenerationRequest): string {
  const t = req.target;
  const who = t ? `${t.speaker}${t.human ? ' (insan)' : ''}` : '';
  const task = req.mode === 'answer' && t
    ? `${who} sana yazdı; ona doğrudan cevap ver, sorusu varsa yanıtla.`
    : req.mode === 'reply' && t
      ? `${who} adlı üyenin mesajına kendi görüşünle cevap ver (katılabilir ya da itiraz edebilirsin).`
      : 'Sohbete konuyla ilgili kendi görüşünle katıl; yeni bir şey söyle.';
  const again = req.attempt > 0
    ? ' Az önceki taslağın sohbette söylenmiş bir şeyi tekrar ediyordu: bu kez farklı bir açıdan, farklı kelimelerle yaz (başka bir sayı, başka bir gerekçe ya da bir soru).'
    : '';
  return `${task}${again} Uzunluk: ${LENGTH[req.length]}. Sadece mesajın metnini yaz.`;
}

/** The volatile part of the prompt, one user message (Groq rejects `messages[].name`). */
export function turnContext(req: GenerationRequest, opts: PromptOptions = {}): string {
  const parts: string[] = [];
  const transcript = recentTranscript(req.transcript, opts.transcriptChars ?? 700, opts.transcriptLines ?? 8);
  parts.push(transcript.length ? `Sohbetin son mesajları (eskiden yeniye):\n${transcript.join('\n')}` : 'Sohbet şu an sessiz.');
  if (req.target) parts.push(`Yanıtladığın mesaj — ${req.target.speaker}${req.target.human ? ' (insan)' : ''} yazdı: "${clip(req.target.text.replace(/\s+/g, ' '), 400)}"`);
  parts.push(`Konu: ${req.topic}`);
  const quotes = req.symbols.map((s) => req.market.quotes[s]).filter((q) => q !== undefined)
    .map((q) => `${q.symbol} ${formatPrice(q.price)} (bugün ${signedPct(q.changePct)}${q.open ? '' : ', seans kapalı'})`);
  if (quotes.length) parts.push(`Piyasa: ${quotes.join('; ')}`);
  if (req.news) parts.push(req.newsFirst ? `Haber (bu mesajda ona değin): ${req.news.headline}` : `Haber: ${req.news.headline}`);
  const now = req.market.at;
  const stances = req.persona.stances.filter((s) => s.topic === req.topic || req.symbols.includes(s.topic)).slice(0, 4)
    .map((s) => `${s.topic}: ${s.text}${s.cooldownUntil !== undefined && s.cooldownUntil > now ? ' (bu görüşten dönme)' : ''}`);
  if (stances.length) parts.push(`Görüşlerin (tutarlı kal): ${stances.join('; ')}`);
  // The holdings this turn is about first (their P&L is what the bot would talk about), at most three.
  const holdings = [...req.holdings].sort((a, b) => Number(req.symbols.includes(b.symbol)) - Number(req.symbols.includes(a.symbol))).slice(0, 3);
  if (holdings.length) {
    parts.push(`Pozisyonların: ${holdings.map((h) => `${h.symbol} ${h.size} adet, ort. ${formatPrice(h.avgPrice)}, şimdi ${formatPrice(h.price)} (${signedPct(h.pnlPct)})`).join('; ')}`);
  }
  if (opts.memories?.length) parts.push(`Hatırladıkların: ${opts.memories.slice(0, 5).join('; ')}`);
  parts.push(`Ruh halin: ${expression(req.emotion).mood}. Saat ${String(req.localHour).padStart(2, '0')}:00.`);
  parts.push(instruction(req));
  return parts.join('\n');
}

/** System (stable) then user (volatile). */
export function buildPrompt(req: GenerationRequest, opts: PromptOptions = {}): PromptMessage[] {
  return [
    { role: 'system', content: `${RULES}\n\n${personaCard(req.persona, req.chatTitle)}` },
    { role: 'user', content: turnContext(req, opts) },
  ];
}

/** Cut the completion where the model starts another member's line. Groq takes at most four. */
export function stopSequences(req: GenerationRequest): string[] {
  const names = [...new Set(req.transcript.filter((m) => m.botId !== req.botId).map((m) => m.speaker).reverse())];
  return names.slice(0, 3).map((n) => `\n${n}:`).concat(['\n[#']);
}

/** Completion cap by length, with room for gpt-oss's short reasoning. */
export const MAX_TOKENS = { short: 160, medium: 220, long: 300 } as const;
