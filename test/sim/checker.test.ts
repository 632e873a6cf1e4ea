// The simulations' checker can fail: on a fake transcript that keeps every rule it finds nothing; with
// a duplicate, an overrun, an after-hours send, a reply before its target (and the other rules)
// planted, it names each one. Its own text, mention and hour code is checked here too.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { alike, busiest, localMinute, mentioned, plain, violations, within, type Rules, type SeenMessage, type StoredLine, type Transcript } from './checker.ts';

const T0 = Date.UTC(2026, 10, 23, 9, 0, 0); // 12:00 in Istanbul
const MIN = 60_000;

const rules: Rules = {
  bots: [
    { id: 'ali', handle: 'ali_ekonomist_bot', hourlyLimit: 12, minGapSec: 20, activeHours: [] },
    { id: 'ayse', handle: 'ayse_scalp_bot', hourlyLimit: 12, minGapSec: 20, activeHours: ['09:00-18:00'] },
    { id: 'can', handle: 'can_chartist_bot', hourlyLimit: 12, minGapSec: 20, activeHours: ['22:00-02:00', '09:00-17:00'] },
  ],
  chats: [{ id: 'demo', timezone: 'Europe/Istanbul', members: ['ali', 'ayse', 'can'] }],
  telegram: { perChatPerSec: 1, perBotPerChatPerMin: 20, perBotPerSec: 30 },
  dedup: { chatWindow: 100, botWindow: 50, shingle: 0.6, words: 0.7 },
};

/** A clean transcript: people and bots in turn, a mention answered first, a threaded reply. */
function clean(): { seen: SeenMessage[]; stored: StoredLine[] } {
  const lines: [string | null, string, number?][] = [
    ['ali', 'Günaydın, BIST 100 bugün 10.450 puandan açıldı, bankalar önde.'],
    [null, '@ayse_scalp_bot THYAO alınır mı şimdi?'],
    ['ayse', 'Deniz, THYAO için 310 üstü kapanış görmeden girmem, stop şart.', 2],
    ['can', 'Grafikte 305 destek, kırılırsa plan değişir.'],
    [null, 'dolar ne olur sizce'],
    ['ali', 'Kurda sürpriz beklemiyorum, reel faiz pozitif kaldıkça sakin seyreder.'],
    ['ayse', 'Bugün SOL tarafında hacim arttı, kısa vadeli bir işlem düşünüyorum 🚀'],
  ];
  const seen = lines.map(([bot, text, replyTo], i): SeenMessage => ({
    chat: 'demo', id: i + 1, bot, text, at: T0 + i * MIN, ...(bot ? { key: `demo:${bot}:${i + 1}` } : { user: 42 }), ...(replyTo !== undefined ? { replyTo } : {}),
  }));
  const stored = seen.map((m, i): StoredLine => ({ chat: 'demo', seq: i + 1, id: m.id, bot: m.bot, text: m.text }));
  return { seen, stored };
}

const check = (t: Partial<Transcript> & { seen: SeenMessage[]; stored: StoredLine[] }): string[] => violations({ reactions: [], ...t }, rules);

test('a transcript that keeps the rules: nothing found', () => {
  assert.equal(check(clean()), []);
});

test('a planted duplicate is caught: exact after normalisation, and near', () => {
  const t = clean();
  t.seen.push({ chat: 'demo', id: 8, bot: 'can', text: 'GÜNAYDIN! BIST 100 bugün 10.512 puandan açıldı — bankalar önde…', at: T0 + 8 * MIN, key: 'k8' });
  t.stored.push({ chat: 'demo', seq: 8, id: 8, bot: 'can', text: t.seen[7]!.text });
  assert.match(check(t).join('\n'), /^duplicate: #8 .* and #1 .*\(the same text\)$/m);
  const near = clean();
  near.seen.push({ chat: 'demo', id: 8, bot: 'can', text: 'Kurda sürpriz beklemiyorum, reel faiz pozitif kaldıkça sakin seyreder bence.', at: T0 + 8 * MIN, key: 'k8' });
  near.stored.push({ chat: 'demo', seq: 8, id: 8, bot: 'can', text: near.seen[7]!.text });
  assert.match(check(near).join('\n'), /^duplicate: #8 .* and #6 .*alike/m);
});

test('a planted overrun is caught: the hourly limit, the minimum gap, Telegram\'s per-chat second', () => {
  const t = clean();
  // Ali: 12 more sends 25 s apart (14 in the hour with the two of the clean transcript).
  for (let i = 0; i < 12; i++) {
    const id = 10 + i * 2;
    t.seen.push({ chat: 'demo', id, bot: 'ali', text: `Ali'nin ${i}. gözlemi: ${['altın', 'kur', 'faiz', 'enflasyon', 'cari', 'bütçe', 'ihracat', 'istihdam', 'büyüme', 'rezerv', 'kredi', 'tahvil'][i]} tarafında yeni bir veri var`, at: T0 + 10 * MIN + i * 25_000, key: `a${i}` });
    t.seen.push({ chat: 'demo', id: id + 1, bot: null, text: `tamam ${i}`, at: T0 + 10 * MIN + i * 25_000 + 5_000, user: 42 });
  }
  t.stored.push(...t.seen.slice(7).map((m, i): StoredLine => ({ chat: 'demo', seq: 8 + i, id: m.id, bot: m.bot, text: m.text })));
  const found = check(t).join('\n');
  assert.match(found, /^budget: ali sent 14 in the hour from 2026-11-23T09:00:00 \(limit 12\)$/m);
  const gap = clean();
  gap.seen.push({ chat: 'demo', id: 8, bot: 'ayse', text: 'Bir şey daha: ASELS tarafında da hareket var.', at: gap.seen[6]!.at + 10_000, key: 'k8' });
  gap.stored.push({ chat: 'demo', seq: 8, id: 8, bot: 'ayse', text: gap.seen[7]!.text });
  assert.match(check(gap).join('\n'), /^gap: ayse sent 10\.0 s after its last send/m);
  const second = clean();
  second.seen.push({ chat: 'demo', id: 8, bot: 'can', text: 'Hacimsiz kırılıma güvenmem.', at: second.seen[6]!.at + 400, key: 'k8' });
  second.stored.push({ chat: 'demo', seq: 8, id: 8, bot: 'can', text: 'Hacimsiz kırılıma güvenmem.' });
  assert.match(check(second).join('\n'), /^telegram: 2 messages in one second in demo/m);
});

test('a planted after-hours send is caught (in the chat\'s timezone, ranges across midnight)', () => {
  const t = clean();
  const evening = Date.UTC(2026, 10, 23, 16, 30); // 19:30 in Istanbul: Ayşe's hours end at 18:00
  t.seen.push({ chat: 'demo', id: 8, bot: 'ayse', text: 'Akşam akşam kripto tarafına bakıyorum.', at: evening, key: 'k8' });
  t.stored.push({ chat: 'demo', seq: 8, id: 8, bot: 'ayse', text: 'Akşam akşam kripto tarafına bakıyorum.' });
  assert.match(check(t).join('\n'), /^hours: ayse spoke at 2026-11-23T16:30:00 \(Europe\/Istanbul 19h\), outside 09:00-18:00/m);
  const night = clean();
  night.seen.push({ chat: 'demo', id: 8, bot: 'can', text: 'Gece seansında ETH kanal içinde.', at: Date.UTC(2026, 10, 23, 22, 30), key: 'k8' }); // 01:30: inside 22:00-02:00
  night.stored.push({ chat: 'demo', seq: 8, id: 8, bot: 'can', text: 'Gece seansında ETH kanal içinde.' });
  assert.equal(check(night), []);
});

test('a planted reply before its target is caught, and a reply to nothing', () => {
  const t = clean();
  t.seen[3] = { ...t.seen[3]!, replyTo: 6 };
  assert.match(check(t).join('\n'), /^order: #4 by can replies to #6, which came after it/m);
  const none = clean();
  none.seen[3] = { ...none.seen[3]!, replyTo: 99 };
  assert.match(check(none).join('\n'), /^order: #4 by can replies to #99, which was never sent/m);
});

test('the other rules: addressed first, sent twice, a person lost, recorded twice, a phantom line, a broken sequence', () => {
  const first = clean();
  // Can speaks before Ayşe answers the person who mentioned her.
  [first.seen[2], first.seen[3]] = [{ ...first.seen[3]!, id: 3 }, { ...first.seen[2]!, id: 4 }];
  assert.match(check(first).join('\n'), /^addressed first: #2 addressed ayse, but #3 by can came first/m);
  const twice = clean();
  twice.seen.push({ ...twice.seen[0]!, id: 8, at: T0 + 8 * MIN });
  assert.match(check(twice).join('\n'), /^sent twice: key demo:ali:1 reached Telegram 2 times/m);
  const lost = clean();
  lost.stored.splice(4, 1);
  const found = check(lost).join('\n');
  assert.match(found, /^lost: demo #5 by a person \("dolar ne olur sizce"\) was never recorded/m);
  assert.match(found, /^sequence: demo line 5 has seq 6/m);
  const again = clean();
  again.stored.push({ ...again.stored[1]!, seq: 8 });
  assert.match(check(again).join('\n'), /^recorded twice: demo person:2 stored 2 times/m);
  const phantom = clean();
  phantom.stored.push({ chat: 'demo', seq: 8, id: 40, bot: 'ali', text: 'hiç gönderilmedi' });
  assert.match(check(phantom).join('\n'), /^phantom: demo stored #40 by ali, which Telegram never had/m);
  const unanswered = clean();
  unanswered.stored.splice(6, 1);
  assert.match(check(unanswered).join('\n'), /^lost: demo #7 by ayse reached Telegram but was never recorded/m);
  assert.equal(check({ ...unanswered, answerLost: new Set(['demo:ayse:7']) }), [], 'unless its answer was lost');
});

test('addressed first: a send already on its way when the person wrote is not a turn taken over them', () => {
  const { seen, stored } = clean();
  const mention = seen[1]!;
  // Can's line (#3) reaches Telegram 1.5 s after the person mentioned Ayşe (#2), before her answer (#4).
  const can: SeenMessage = { ...seen[3]!, id: 3, at: mention.at + 1_500, key: 'slow' };
  const ayse: SeenMessage = { ...seen[2]!, id: 4 };
  seen.splice(2, 2, can, ayse);
  stored.splice(2, 2, { chat: 'demo', seq: 3, id: 3, bot: 'can', text: can.text }, { chat: 'demo', seq: 4, id: 4, bot: 'ayse', text: ayse.text });
  const rule = /^addressed first: #2 addressed ayse, but #3 by can came first$/m;
  assert.match(check({ seen, stored }).join('\n'), rule, 'when it was asked for is not known');
  assert.equal(check({ seen, stored, requestedAt: new Map([['slow', mention.at - 200]]) }), [], 'asked for before the person wrote');
  assert.match(check({ seen, stored, requestedAt: new Map([['slow', mention.at + 200]]) }).join('\n'), rule, 'asked for after the person wrote');
});

test("the checker's own text, mention and hour code", () => {
  assert.is(plain('İstanbul\'da DOLAR %2,5 arttı! @ali_ekonomist_bot 🚀'), 'istanbul da dolar # arttı');
  assert.equal([...mentioned('@Ali_Ekonomist_bot ve @can_chartist_bot, @x ne dersiniz? @ali_ekonomist_bot_2')], ['ali_ekonomist_bot', 'can_chartist_bot', 'ali_ekonomist_bot_2']);
  assert.is(alike('Altın yükselir mi?', 'Borsa düşer mi?', rules.dedup), undefined);
  assert.is(localMinute(Date.UTC(2026, 10, 23, 21, 15), 'Europe/Istanbul'), 15); // 00:15 the next day
  assert.is(localMinute(Date.UTC(2026, 2, 29, 1, 30), 'Europe/Berlin'), 3 * 60 + 30); // after the spring change: UTC+2
  assert.is(localMinute(Date.UTC(2026, 2, 28, 1, 30), 'Europe/Berlin'), 2 * 60 + 30); // before it: UTC+1
  assert.ok(within(['22:00-02:00'], Date.UTC(2026, 10, 23, 22, 59), 'Europe/Istanbul')); // 01:59
  assert.not.ok(within(['22:00-02:00'], Date.UTC(2026, 10, 23, 23, 0), 'Europe/Istanbul')); // 02:00, the end is not in
  assert.ok(within([], 0, 'UTC'));
  assert.equal(busiest([0, 10, 3_599_999, 3_600_000, 7_200_000], 3_600_000), { count: 3, at: 0 });
});

test.run();
