// A battery of people's messages — every kind, in Turkish and English, to the group and to a named bot —
// sent to the demo bots: exactly one bot answers each, in time, and the answer fits the kind (a welcome
// for a newcomer, the asked symbol named, no praise for an insult, a warning at spam, back to the market
// off-topic, English for English when the bot writes it). The checks are written here from the rules.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { HOUR, SEEDS, SIM_START, checkInvariants, createSim, timeline } from './harness.ts';

/** Lower case with ı folded into i, so "BIMAS" and "bimas", "altın" and "altin" read the same. */
const lower = (t: string): string => t.replace(/İ/g, 'i').toLowerCase().replace(/ı/g, 'i');
const ENGLISH = /\b(the|is|are|you|to|and|it|on|for|of|welcome|market|today|not|me|i|would|watch|looks|before|with|in|here|good|be|so|far|no|that|glad|anytime|your)\b/g;
const PRAISE = /haklisin|katılıyorum|güzel söyledin|harika|süper|mükemmel|teşekkür|doğru söylüyorsun|aynen|bravo|tebrik/;
const MARKET = /piyasa|borsa|endeks|dolar|bitcoin|btc|kur|altin|grafik|tahta|hisse|faiz/;

interface Case {
  readonly text: string;
  /** Named bot handle, or none: to the group. */
  readonly to?: string;
  readonly fits: (answer: string) => string | undefined;
}

const fold = (re: RegExp): RegExp => new RegExp(re.source.replace(/ı/g, 'i'), re.flags);
const names = (re: RegExp, what: string) => (a: string): string | undefined => (fold(re).test(lower(a)) ? undefined : `does not ${what}`);
const CASES: readonly Case[] = [
  { text: 'THYAO alınır mı şimdi?', fits: names(/thyao/, 'name THYAO') },
  { text: 'ASELS için destek neresi?', to: 'can_chartist_bot', fits: (a) => (/asels/.test(lower(a)) && /\d/.test(a) ? undefined : 'does not give ASELS levels') },
  { text: 'dolar nereye gider sizce?', fits: names(/dolar/, 'name the dollar') },
  { text: 'BTC için ne düşünüyorsunuz?', to: 'ayse_scalp_bot', fits: names(/btc|bitcoin/, 'name Bitcoin') },
  { text: 'gram altın pahalı mı sizce?', fits: names(/altın/, 'name gold') },
  { text: 'faiz kararı borsayı nasıl etkiler?', fits: names(/faiz|indirim|politika|ppk/, 'talk about rates') },
  { text: 'temettü verimi ne demek tam olarak?', fits: names(/temettü/, 'explain dividends') },
  { text: 'RSI nedir, nasıl okunur?', fits: names(/rsi|göreli güç|aşırı alım/, 'explain RSI') },
  { text: 'enflasyon verisi ne zaman açıklanıyor?', fits: names(/ayın|her ay|saat|açıkl/, 'say when') },
  { text: 'bugün piyasa nasıl?', fits: (a) => ((lower(a).match(/endeks|borsa|dolar|bitcoin|kur/g)?.length ?? 0) >= 2 ? undefined : 'does not sum up the market') },
  { text: 'bugün ne aldın?', to: 'fatma_temettu_bot', fits: names(/eregl|tuprs|bimas|altın/, 'name a holding') },
  { text: 'bence bankalar bu ay uçar', fits: names(/deniz/, 'answer the person') },
  { text: 'selam millet', fits: names(/selam|merhaba|günaydın|iyi akşamlar|hoş geldin/, 'greet back') },
  { text: 'merhaba, gruba yeni katıldım', fits: names(/hoş geldin|hoş geldiniz/, 'welcome the newcomer') },
  { text: 'teşekkürler, çok yardımcı oldunuz', fits: names(/rica|ne demek|estağfurullah|her zaman/, 'accept the thanks') },
  { text: 'hepiniz bot musunuz ya, saçmalıyorsunuz', fits: (a) => (PRAISE.test(lower(a)) ? 'praises an insult' : undefined) },
  { text: '@Herkes KAZANÇ GRUBUNA KATIL t.me/parakazan %500 kazanç', fits: (a) => (PRAISE.test(lower(a)) ? 'praises spam' : /reklam|spam|link|dolandirici|tiklamayin|itibar|tuzak|vaat|zengin/.test(lower(a)) ? undefined : 'does not warn about spam') },
  { text: 'dün maçı izleyen var mı?', fits: names(MARKET, 'steer back to the market') },
  { text: 'is THYAO a good buy right now?', fits: (a) => ((a.toLowerCase().match(ENGLISH)?.length ?? 0) >= 3 && /thyao/i.test(a) ? undefined : 'is not an English answer about THYAO') },
  { text: 'hi everyone, just joined, what do you think about bitcoin?', fits: (a) => ((a.toLowerCase().match(ENGLISH)?.length ?? 0) >= 3 ? undefined : 'is not in English') },
  { text: 'thanks guys!', to: 'fatma_temettu_bot', fits: names(/türkçe|ingilizce|yabancı dil|dil bilmem/, 'say in character that it does not write English') },
  { text: 'Wie geht es dem DAX heute?', fits: names(/türkçe|yabancı dil|dil bilmem/, 'ask for Turkish') },
];

test(`people's messages of every kind get exactly one fitting answer, in time (${Math.min(SEEDS.length, 3)} seeds × ${CASES.length} messages)`, async () => {
  for (const seed of SEEDS.slice(0, 3)) {
    const sim = createSim(seed);
    const start = SIM_START + 4 * HOUR; // 10:00 in Istanbul: everyone is around
    await sim.run(start);
    sim.node.start();
    const GAP = 9 * 60_000;
    CASES.forEach((c, i) => sim.clock.setTimer(5 * 60_000 + i * GAP, () =>
      sim.node.telegram.human({ chatId: 'demo', username: 'deniz', text: c.to ? `@${c.to} ${c.text}` : c.text })));
    await sim.run(start + 5 * 60_000 + CASES.length * GAP + 30 * 60_000);
    checkInvariants(sim);
    const lines = timeline(sim, 'demo');
    for (const c of CASES) {
      const why = `seed ${seed}, "${c.text}"`;
      const sent = c.to ? `@${c.to} ${c.text}` : c.text;
      const q = lines.find((m) => m.botId === null && m.text === sent);
      assert.ok(q, `${why}: not in the chat`);
      const answers = lines.filter((m) => m.botId !== null && m.replyTo === q!.messageId);
      assert.is(answers.length, 1, `${why}: ${answers.length} answers: ${answers.map((a) => a.text).join(' | ')}`);
      const a = answers[0]!;
      if (c.to) assert.is(sim.node.personas.get(a.botId!)!.handle, c.to, `${why}: answered by ${a.botId}, not the bot named`);
      assert.ok(a.at - q!.at < 90_000, `${why}: answered after ${(a.at - q!.at) / 1000} s`);
      const unfit = c.fits(a.text);
      assert.not.ok(unfit, `${why}: the answer "${a.text}" ${unfit}`);
    }
    await sim.stop();
  }
});

test.run();
