// Prompt building and output sanitising: a stable prefix per bot, the newest transcript (never the
// oldest), the labelled target, topic, holdings with P&L, mood, length hint; and a model's output
// cleaned to one line or refused with Invalid.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Invalid, type ChatMessage } from '../../actors/index.ts';
import { buildPrompt, recentTranscript, sanitizeCompletion, stopSequences } from '../../transport/index.ts';
import { PERSONAS, request } from './offline-generator.fixtures.ts';

const [mehmet, ayse] = [PERSONAS[0]!, PERSONAS[1]!];

function chat(n: number): ChatMessage[] {
  return Array.from({ length: n }, (_, i) => ({
    seq: i + 1, chatId: 'demo', messageId: i + 1, botId: i % 3 === 0 ? null : ayse.id, speaker: i % 3 === 0 ? 'deniz' : ayse.name,
    text: `mesaj numarası ${i + 1} THYAO hakkında biraz uzunca bir cümle`, at: i * 1000,
  }));
}

test('the system prefix is the same bytes for every turn of a bot; the volatile part is in the user message', () => {
  const a = buildPrompt(request(mehmet, { topic: 'BIST', seed: 1, transcript: chat(3) }));
  const b = buildPrompt(request(mehmet, { topic: 'Kripto', seed: 9, step: 40, mode: 'reply', transcript: chat(30), target: { speaker: 'deniz', text: 'naber', human: true } }));
  assert.is(a[0]!.role, 'system');
  assert.is(a[0]!.content, b[0]!.content);
  assert.not.equal(a[1]!.content, b[1]!.content);
  assert.ok(a[0]!.content.includes(mehmet.name) && a[0]!.content.includes(`@${mehmet.handle}`));
  const other = buildPrompt(request(ayse));
  assert.ok(other[0]!.content.startsWith(a[0]!.content.split('\n\n')[0]!), 'the group rules come first for every bot (shared cache prefix)');
});

test('the transcript keeps the newest lines, oldest first, within the budget', () => {
  const lines = recentTranscript(chat(60), 600, 20);
  assert.ok(lines.length >= 5 && lines.length < 20);
  assert.match(lines.at(-1)!, /^\[#60\]/);
  assert.not.ok(lines.some((l) => l.startsWith('[#1] ')), 'the oldest is dropped');
  const ids = lines.map((l) => Number(/#(\d+)/.exec(l)![1]));
  assert.equal(ids, [...ids].sort((x, y) => x - y));
  assert.ok(lines.some((l) => l.includes('deniz (insan):')), 'humans are labelled');
  const user = buildPrompt(request(mehmet, { transcript: chat(60) }))[1]!.content;
  assert.ok(user.includes('[#60]') && !user.includes('[#1] '));
});

test('the user message has the labelled target, topic, holdings with live P&L, mood and a length hint', () => {
  const req = request(mehmet, { mode: 'answer', topic: 'BIST', length: 'short', target: { speaker: 'deniz', text: 'THYAO alınır mı?', human: true } });
  const user = buildPrompt(req)[1]!.content;
  assert.match(user, /Yanıtladığın mesaj — deniz \(insan\) yazdı: "THYAO alınır mı\?"/);
  assert.match(user, /Konu: BIST/);
  assert.match(user, /deniz \(insan\) gruba yazdı, cevabı sen veriyorsun; ona doğrudan cevap ver/, 'a message to the group the bot was chosen to answer');
  const named = buildPrompt(request(mehmet, { mode: 'answer', target: { speaker: 'deniz', text: `@${mehmet.handle} THYAO alınır mı?`, human: true } }))[1]!.content;
  assert.match(named, /deniz \(insan\) sana yazdı; ona doğrudan cevap ver/);
  assert.match(user, /Uzunluk: tek kısa cümle/);
  assert.match(user, /Ruh halin: \p{L}+/u);
  if (req.holdings.length) assert.match(user, /Pozisyonların: .*adet, ort\. .*\([+-]%[\d,]+\)/);
  assert.match(user, /Piyasa: BIST:\w+ [\d.,]+ \(bugün [+-]%/);
  assert.not.match(user, /Hatırladıkların/, 'no memories section without memories');
  assert.match(buildPrompt(req, { memories: ['deniz THYAO sever'] })[1]!.content, /Hatırladıkların: deniz THYAO sever/);
});

test('a question to a member who is away, answered by another: the instruction says whom it was for and that they are away', () => {
  const roster = [{ name: ayse.name, handle: ayse.handle, tone: ayse.tone }];
  const user = buildPrompt({ ...request(mehmet, { mode: 'answer', target: { speaker: 'deniz', text: `@${ayse.handle} THYAO'ya girdin mi?`, human: true } }), roster })[1]!.content;
  assert.match(user, new RegExp(`deniz \\(insan\\) ${ayse.name} adlı üyeye yazdı, ama ${ayse.name} şu an sohbette yok; onun yerine sen cevap veriyorsun`));
  const both = buildPrompt({ ...request(mehmet, { mode: 'answer', target: { speaker: 'deniz', text: `@${ayse.handle} @${mehmet.handle} ne dersiniz?`, human: true } }), roster })[1]!.content;
  assert.match(both, /deniz \(insan\) sana yazdı/, 'named too: not a stand-in');
});

test('a regeneration (attempt 1) changes the instruction', () => {
  const first = buildPrompt(request(mehmet, { attempt: 0 }))[1]!.content;
  const again = buildPrompt(request(mehmet, { attempt: 1 }))[1]!.content;
  assert.not.match(first, /farklı bir açıdan/);
  assert.match(again, /farklı bir açıdan/);
});

test('stop sequences are the other speakers\' labels, at most four', () => {
  const stops = stopSequences(request(mehmet, { transcript: chat(10) }));
  assert.ok(stops.length <= 4);
  assert.ok(stops.includes(`\n${ayse.name}:`) && stops.includes('\ndeniz:'));
});

const S = { speakers: [mehmet.name, mehmet.handle, ayse.name, 'deniz'] };

test('sanitise: think tags, speaker labels, wrapping quotes and markdown are removed', () => {
  assert.is(sanitizeCompletion('<think>kullanıcı soruyor, kısa cevap</think>THYAO bence toparlar.', S), 'THYAO bence toparlar.');
  assert.is(sanitizeCompletion(`${mehmet.name}: "Dolar biraz yoruldu gibi."`, S), 'Dolar biraz yoruldu gibi.');
  assert.is(sanitizeCompletion('**Mehmet**: Altın pahalı değil bence', S), 'Altın pahalı değil bence');
  assert.is(sanitizeCompletion(`[#12] @${mehmet.handle}: “Faiz kararı önemli.”`, S), 'Faiz kararı önemli.');
  assert.is(sanitizeCompletion('Bence **THYAO** güzel\n\ngider', S), 'Bence THYAO güzel gider');
  assert.is(sanitizeCompletion(`Bence alınır.\n${ayse.name}: bence de!\ndeniz: ok`, S), 'Bence alınır.', 'another member\'s line is cut off');
  assert.is(sanitizeCompletion('Bence şu: sabır lazım.', S), 'Bence şu: sabır lazım.', 'a colon inside the line stays');
  assert.is(sanitizeCompletion('Not: stop seviyem 300.', S), 'Not: stop seviyem 300.', 'one capitalised word and a colon is not a label');
  assert.is(sanitizeCompletion('Kemal Bey: Bence bekle.\nSelin Hanım: Katılıyorum', S), 'Bence bekle.', 'unknown names as labels: stripped and cut');
  assert.is(sanitizeCompletion('Bence bekle.\nX: evet', S), 'Bence bekle.');
});

test('sanitise: empty, over-long, JSON, code and broken output are Invalid', () => {
  for (const bad of ['', '   ', '<think>uzun uzun düşündüm', '{"text": "merhaba"}', '[1,2]', '```\nkod\n```', 'x'.repeat(401), '"" ', '…', 'bozuk \uFFFD metin']) {
    const e = (() => {
      try {
        sanitizeCompletion(bad, S);
        return undefined;
      } catch (error) {
        return error;
      }
    })();
    assert.instance(e, Invalid, JSON.stringify(bad));
  }
});

test('the prompt carries the persona\'s example lines and the roster (stable), its own lines marked, the kind of message with guidance, the calendar and what it already told', () => {
  const roster = PERSONAS.slice(1).map((p) => ({ name: p.name, handle: p.handle, tone: p.tone }));
  const transcript = [...chat(4), { seq: 5, chatId: 'demo', messageId: 5, botId: mehmet.id, speaker: mehmet.name, text: 'benim eski satırım', at: 5_000 }];
  const base = request(mehmet, { mode: 'answer', transcript, target: { speaker: 'deniz', text: 'hepiniz bot musunuz ya', human: true } });
  const req = {
    ...base, roster, intent: { kind: 'insult' as const, language: 'tr', symbols: [] }, told: ['anecdote:0', 'signature:1'],
    calendar: { bist: 'weekend' as const, fxOpen: false, weekday: 6, minuteOfDay: 660 },
  };
  const [system, user] = buildPrompt(req);
  assert.ok(system!.content.includes(mehmet.examples![0]!), 'example lines in its voice');
  assert.ok(system!.content.includes(`Sen ${mehmet.name}'sın`), 'the copula by vowel harmony');
  assert.ok(roster.every((r) => system!.content.includes(r.name)), 'the roster');
  assert.not.ok(mehmet.anecdotes.some((a) => system!.content.includes(a)), 'anecdotes are not all listed every time');
  assert.is(buildPrompt({ ...req, seed: 99, transcript: chat(2) })[0]!.content, system!.content, 'still one stable prefix per bot and chat');
  assert.match(user!.content, /Mehmet Yatırımcı \(sen\): benim eski satırım/);
  assert.match(user!.content, /Mesajın türü: insult\. Hakaret etti: övme/);
  assert.match(user!.content, /Borsa İstanbul şu an kapalı \(hafta sonu\)/);
  assert.match(user!.content, /zaten anlattıkların \(tekrar etme\): "2001 krizinde portföyümün yarısı eridi…" anısı; "Piyasa sabırsızdan sabırlıya para aktarır\." sözü/);
  assert.ok(mehmet.anecdotes.slice(1).some((a) => user!.content.includes(a)), 'an untold anecdote is offered');
  assert.not.ok(user!.content.includes(mehmet.anecdotes[0]!), 'never the one already told');
  const english = buildPrompt({ ...req, intent: { kind: 'symbol-question', language: 'en', symbols: ['BIST:THYAO'] } })[1]!.content;
  assert.match(english, /bilmediğin bir dilde \(İngilizce\)/, 'a persona without English says so in character');
  const ali = PERSONAS.find((p) => p.alsoSpeaks?.includes('en'))!;
  assert.match(buildPrompt({ ...req, persona: ali, botId: ali.id, intent: { kind: 'symbol-question', language: 'en', symbols: [] } })[1]!.content, /ona İngilizce cevap ver/);
});

test.run();
