// The prompt for one chat line: a stable prefix first (the group's rules, the persona card with example
// lines in its voice, the roster — the same bytes every turn of that bot in that chat, so the provider's
// prompt cache applies), then the volatile part: the newest transcript lines (its own marked), the
// labelled message being answered and what kind it is with guidance, topic, market and its calendar,
// news, stances, holdings with live P&L, what it already told, memories, mood, time, the instruction.
import { expression, inCase, standingInFor } from '../../../actors/index.ts';
import type { ChatMessage, GenerationRequest, MessageIntent, Persona, RosterEntry } from '../../../actors/index.ts';
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

const LANGUAGES: Readonly<Record<string, string>> = { tr: 'Türkçe', en: 'İngilizce', de: 'Almanca', fr: 'Fransızca', ar: 'Arapça', ru: 'Rusça' };
const language = (code: string): string => LANGUAGES[code] ?? code;

/** The persona card: everything about the bot that does not change between its turns. Its anecdotes
 * are not here: the turn offers one it has not told lately. */
export function personaCard(p: Persona, chatTitle: string): string {
  const speaks = p.alsoSpeaks?.length ? ` Ayrıca ${p.alsoSpeaks.map(language).join(', ')} yazabilirsin.` : '';
  const lines = [
    `Sen ${inCase(p.name, 'cop2')} (@${p.handle}), "${chatTitle}" grubunun bir üyesi. Yazı dilin: ${language(p.language)}.${speaks}`,
    `Üslubun: ${p.tone}. Risk tarzın: ${RISK[p.risk]}.`,
    `İlgilendiğin semboller: ${p.watchlist.join(', ') || '—'}.`,
    `Yazış: emoji ${p.style.emojiRate >= 0.3 ? `sık (${p.style.emojis.join(' ')})` : p.style.emojiRate > 0.05 ? `ara sıra (${p.style.emojis.join(' ')})` : 'yok'}; argo ve kısaltma ${p.style.slangRate >= 0.3 ? 'bolca' : p.style.slangRate > 0.05 ? 'biraz' : 'yok'}; ${p.style.typoRate > 0.05 ? 'arada küçük yazım hataları olur' : 'düzgün yazarsın'}.`,
  ];
  if (p.signaturePhrases.length) lines.push(`Sık kullandığın sözler: ${p.signaturePhrases.map((s) => `"${s}"`).join(', ')} (her mesajda değil).`);
  if (p.neverDo.length) lines.push(`Asla: ${p.neverDo.join('; ')}.`);
  if (p.examples?.length) lines.push(`Senin gibi yazılmış örnek mesajlar (kopyalama, üslubu al):\n${p.examples.map((e) => `- ${e}`).join('\n')}`);
  return lines.join('\n');
}

/** The other members, so the bot knows whom it talks to. */
export function rosterCard(roster: readonly RosterEntry[] | undefined): string {
  if (!roster?.length) return '';
  return `Gruptaki diğer üyeler: ${roster.map((r) => `${r.name} (@${r.handle}; ${r.tone})`).join('; ')}.`;
}

function speakerLabel(m: ChatMessage, self?: string): string {
  return m.botId === null ? `${m.speaker} (insan)` : m.botId === self ? `${m.speaker} (sen)` : m.speaker;
}

/** "+%1,8" / "-%0,4" (formatPct is unsigned). */
const signedPct = (x: number): string => `${x < 0 ? '-' : '+'}${formatPct(x)}`;

const clip = (text: string, max: number): string => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

/** The newest lines that fit `chars` and `lines`, oldest first (the old system kept the oldest); the
 * bot's own lines (botId `self`) are marked "(sen)". */
export function recentTranscript(transcript: readonly ChatMessage[], chars: number, lines: number, self?: string): string[] {
  const out: string[] = [];
  let used = 0;
  for (let i = transcript.length - 1; i >= 0 && out.length < lines; i--) {
    const m = transcript[i]!;
    if (m.reaction) continue;
    const line = `[#${m.messageId}] ${speakerLabel(m, self)}: ${clip(m.text.replace(/\s+/g, ' '), 140)}`;
    if (used + line.length > chars && out.length > 0) break;
    out.push(line);
    used += line.length + 1;
  }
  return out.reverse();
}

/** What to do with each kind of message a person sends. */
const GUIDANCE: Readonly<Record<MessageIntent['kind'], string>> = {
  'symbol-question': 'Sorulan sembolün adını an ve tam olarak sorulana cevap ver (alınır mı, seviye, neden, ne zaman…); kendi tarzınla, vaat vermeden.',
  'concept-question': 'Sorulan kavramı kendi üslubunla, bir iki cümlede, sade anlat; gerekirse piyasaya etkisini söyle.',
  'market-question': 'Piyasanın genel durumunu kısaca özetle (endeks, dolar, kripto); sadece verilen verilerden.',
  opinion: 'Kişinin görüşünü ele al: katılıyorsan neden, katılmıyorsan kendi gerekçenle söyle.',
  greeting: 'Selamını al, sıcak ve kısa karşıla; günün saatine uygun selam ver.',
  newcomer: 'Gruba yeni katılmış: hoş geldin de, kendi tarzından kısa bir ilk tavsiye ver.',
  thanks: 'Teşekkür etti: kısa ve samimi bir "rica ederim" yeter, yeni konu açma.',
  insult: 'Hakaret etti: övme, hak verme; kendi karakterinde sakin ve kısa geçiştir, gerekirse konuya dön.',
  spam: 'Reklam/spam: linke itibar etme, grubu kibarca uyar, kazanç vaadinin gerçekçi olmadığını söyle.',
  'off-topic': 'Konu dışı: kısa ve hafif bir cevap ver, sonra nazikçe piyasa konusuna dön.',
};

/** What the answered message is, and what to do with it. */
function intentLine(req: GenerationRequest): string | undefined {
  const i = req.intent;
  if (!i || !req.target) return undefined;
  const parts = [`Mesajın türü: ${i.kind}${i.symbols.length ? ` (semboller: ${i.symbols.join(', ')})` : ''}${i.concept ? ` (kavram: ${i.concept})` : ''}.`];
  if (req.target.human) parts.push(GUIDANCE[i.kind]);
  if (i.language !== 'tr') {
    const speaks = [req.persona.language, ...(req.persona.alsoSpeaks ?? [])].includes(i.language);
    parts.push(speaks ? `Kişi ${language(i.language)} yazdı: ona ${language(i.language)} cevap ver.`
      : `Kişi senin bilmediğin bir dilde (${language(i.language)}) yazdı: bunu kendi karakterinde, Türkçe ve kısaca söyle, Türkçe yazmasını rica et.`);
  }
  return parts.join(' ');
}

/** "BIST kapalı" and what that means for the turn. */
function calendarLine(req: GenerationRequest): string | undefined {
  const c = req.calendar;
  if (!c || c.bist === 'open') return undefined;
  const why = c.bist === 'holiday' ? `tatil: ${c.holiday ?? 'resmî tatil'}` : c.bist === 'weekend' ? 'hafta sonu' : c.bist === 'pre-open' ? 'seans 10:00\'da açılacak' : 'seans kapandı';
  return `Borsa İstanbul şu an kapalı (${why})${c.fxOpen ? '' : ', döviz de hafta sonu kapalı'}: hisseler için "şu an yükseliyor/düşüyor" deme, son kapanıştan ve açılıştan bahset.`;
}

/** What the bot already told here, abstractly (so a small model does not copy it), and one untold story. */
function toldLines(req: GenerationRequest): string[] {
  const p = req.persona;
  const told = req.told ?? [];
  const out: string[] = [];
  const labels = told.map((key) => {
    const [kind, at] = key.split(':') as [string, string];
    if (kind === 'anecdote') return `"${p.anecdotes[Number(at)]?.split(' ').slice(0, 5).join(' ') ?? ''}…" anısı`;
    if (kind === 'stance') return `${at} görüşün`;
    return `"${p.signaturePhrases[Number(at)] ?? ''}" sözü`;
  });
  if (labels.length) out.push(`Bu sohbette zaten anlattıkların (tekrar etme): ${labels.join('; ')}.`);
  const untold = p.anecdotes.filter((_, i) => !told.includes(`anecdote:${i}`));
  if (untold.length) out.push(`Yeri gelirse anlatabileceğin bir anın (şart değil): ${untold[req.seed % untold.length]}`);
  return out;
}

function instruction(req: GenerationRequest): string {
  const t = req.target;
  const who = t ? `${t.speaker}${t.human ? ' (insan)' : ''}` : '';
  const toMe = t !== undefined && t.text.toLowerCase().includes(`@${req.persona.handle.toLowerCase()}`);
  const away = standingInFor(req);
  const task = req.mode === 'answer' && t
    ? away
      ? `${who} ${away.name} adlı üyeye yazdı, ama ${away.name} şu an sohbette yok; onun yerine sen cevap veriyorsun: bunu kısaca söyle, sonra kendi adına doğrudan cevap ver, sorusu varsa yanıtla.`
      : `${who} ${toMe ? 'sana yazdı' : 'gruba yazdı, cevabı sen veriyorsun'}; ona doğrudan cevap ver, sorusu varsa yanıtla.`
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
  const transcript = recentTranscript(req.transcript, opts.transcriptChars ?? 700, opts.transcriptLines ?? 8, req.botId);
  parts.push(transcript.length ? `Sohbetin son mesajları (eskiden yeniye):\n${transcript.join('\n')}` : 'Sohbet şu an sessiz.');
  if (req.target) parts.push(`Yanıtladığın mesaj — ${req.target.speaker}${req.target.human ? ' (insan)' : ''} yazdı: "${clip(req.target.text.replace(/\s+/g, ' '), 400)}"`);
  const kind = intentLine(req);
  if (kind) parts.push(kind);
  const c = req.claim;
  if (c && req.target && !req.target.human && (c.symbol || c.direction)) {
    const dir = c.direction === 'up' ? 'yukarı' : c.direction === 'down' ? 'aşağı' : c.direction === 'flat' ? 'yatay' : 'yön yok';
    parts.push(`O mesajın iddiası: ${c.symbol ?? 'piyasa'} ${dir}${c.level !== undefined ? `, seviye ${c.level}` : ''} — buna katıl ya da kendi gerekçenle itiraz et, tekrar etme.`);
  }
  parts.push(`Konu: ${req.topic}`);
  const quotes = req.symbols.map((s) => req.market.quotes[s]).filter((q) => q !== undefined)
    .map((q) => `${q.symbol} ${formatPrice(q.price)} (bugün ${signedPct(q.changePct)}${q.open ? '' : ', seans kapalı'})`);
  if (quotes.length) parts.push(`Piyasa: ${quotes.join('; ')}`);
  const closed = calendarLine(req);
  if (closed) parts.push(closed);
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
  parts.push(...toldLines(req));
  if (opts.memories?.length) {
    const about = req.target?.human ? ` (önce ${req.target.speaker} ile ilgili olanlar)` : '';
    parts.push(`Hatırladıkların: ${opts.memories.slice(0, 5).join('; ')}${about ? `\n${about.trim()}` : ''}`);
  }
  parts.push(`Ruh halin: ${expression(req.emotion).mood}. Saat ${String(req.localHour).padStart(2, '0')}:00.`);
  parts.push(instruction(req));
  return parts.join('\n');
}

/** System (stable) then user (volatile). */
export function buildPrompt(req: GenerationRequest, opts: PromptOptions = {}): PromptMessage[] {
  return [
    { role: 'system', content: `${RULES}\n\n${personaCard(req.persona, req.chatTitle)}${req.roster?.length ? `\n${rosterCard(req.roster)}` : ''}` },
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
