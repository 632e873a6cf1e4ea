// The conversation's domain pieces: the market calendar, levels derived from the market, what a
// person's message is, the discourse state (questions, claims, what was told), who answers a message.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  DEFAULT_SYMBOLS, answerFit, askedBefore, intentFor, chooseAnswerer, classifyMessage, claimOf, createDiscourse, createMarket, isAnswered, levelsOf, marketCalendar,
  noteLine, openBotQuestions, seededRng, sessionClock, stepMarket, toldKeys, traitsOf, type ChatMessage, type Quote,
} from '../../actors/index.ts';
import { DEMO_CONFIG_PATH, loadConfig } from '../../infra/config/index.ts';

const UNIVERSE = DEFAULT_SYMBOLS.map((s) => s.symbol);
const config = loadConfig(DEMO_CONFIG_PATH);
const personas = config.bots;
const byId = (id: string) => personas.find((p) => p.id === id)!;
/** Istanbul wall time as UTC epoch ms (Istanbul is UTC+3). */
const ist = (y: number, mo: number, d: number, h: number, mi = 0): number => Date.UTC(y, mo - 1, d, h - 3, mi);

test('calendar: BIST sessions, weekends, holidays and half days; FX on weekdays', () => {
  assert.is(marketCalendar(ist(2026, 11, 23, 11)).bist, 'open');
  assert.is(marketCalendar(ist(2026, 11, 23, 9, 59)).bist, 'pre-open');
  assert.is(marketCalendar(ist(2026, 11, 23, 18)).bist, 'closed-evening');
  assert.is(marketCalendar(ist(2026, 11, 28, 11)).bist, 'weekend');
  assert.not.ok(marketCalendar(ist(2026, 11, 28, 11)).fxOpen);
  const republic = marketCalendar(ist(2026, 10, 29, 11));
  assert.is(republic.bist, 'holiday');
  assert.is(republic.holiday, 'Cumhuriyet Bayramı');
  assert.is(marketCalendar(ist(2026, 10, 28, 12)).bist, 'open');
  assert.is(marketCalendar(ist(2026, 10, 28, 13)).bist, 'closed-evening', 'the eve of a holiday closes at 12:30');
  // The simulator follows the same calendar: nothing trades on a holiday.
  assert.not.ok(sessionClock('bist', ist(2026, 10, 29, 11)).open);
  const m = createMarket(ist(2026, 10, 29, 9), 1);
  const before = m.bySymbol.get('BIST:THYAO')!.price;
  const later = stepMarket(m, ist(2026, 10, 29, 15));
  assert.is(later.bySymbol.get('BIST:THYAO')!.price, before);
});

test('levels: the same for every speaker at the same quote, round, below and above the price', () => {
  const q: Quote = { symbol: 'BIST:THYAO', price: 372.4, changePct: 0.012, movePct: 0.001, open: true };
  const a = levelsOf(q);
  assert.equal(levelsOf({ ...q }), a);
  assert.ok(a.support < q.price && a.resistance > q.price, JSON.stringify(a));
  assert.is(Math.round(a.support / a.step) * a.step, a.support);
  assert.ok(a.rsi > 50 && a.rsi <= 85);
  // A small move inside the range keeps the levels.
  assert.equal(levelsOf({ ...q, price: 372.9, changePct: 0.0134 }).support, a.support);
  const btc = levelsOf({ symbol: 'BTCUSDT', price: 112_345, changePct: -0.02, movePct: -0.003, open: true });
  assert.ok(btc.support < 112_345 && btc.resistance > 112_345 && btc.rsi < 50);
});

test('a person\'s message is read by kind, language, symbol and concept', () => {
  const kind = (t: string) => classifyMessage(t, UNIVERSE).kind;
  assert.is(kind('THYAO alınır mı şimdi?'), 'symbol-question');
  assert.is(classifyMessage('THYAO alınır mı şimdi?', UNIVERSE).ask, 'buy');
  assert.is(classifyMessage('ASELS için destek neresi?', UNIVERSE).ask, 'levels');
  assert.is(kind('faiz kararı borsayı nasıl etkiler?'), 'concept-question');
  assert.is(classifyMessage('RSI nedir, nasıl okunur?', UNIVERSE).concept, 'RSI');
  // Each is answered for what was asked: a question on stops gets no lecture on leverage.
  assert.is(classifyMessage('stop koymak şart mı?', UNIVERSE).concept, 'stop');
  assert.is(classifyMessage('kaldıraç kullanmak mantıklı mı?', UNIVERSE).concept, 'kaldıraç');
  assert.is(kind('bugün piyasa nasıl?'), 'market-question');
  assert.is(kind('bugün ne aldın?'), 'market-question');
  assert.is(kind('bence bankalar bu ay uçar'), 'opinion');
  assert.is(kind('selam millet'), 'greeting');
  assert.is(kind('merhaba, gruba yeni katıldım'), 'newcomer');
  assert.is(kind('teşekkürler, çok yardımcı oldunuz'), 'thanks');
  assert.is(kind('hepiniz bot musunuz ya, saçmalıyorsunuz'), 'insult');
  assert.is(kind('KAZANÇ GRUBUNA KATIL t.me/parakazan %500 kazanç'), 'spam');
  assert.is(kind('dün maçı izleyen var mı?'), 'off-topic');
  const en = classifyMessage('is THYAO a good buy right now?', UNIVERSE);
  assert.equal([en.language, en.kind, en.symbols], ['en', 'symbol-question', ['BIST:THYAO']]);
  assert.is(classifyMessage('Wie geht es dem DAX heute?', UNIVERSE).language, 'other');
});

let id = 0;
const line = (botId: string | null, text: string, extra: Partial<ChatMessage> = {}): ChatMessage => {
  id++;
  return { seq: id, chatId: 'demo', messageId: id, botId, speaker: botId ? byId(botId).name : 'deniz', text, at: 1_000 + id * 60_000, ...extra };
};

test('discourse: questions and whom they are put to, answers, claims, what each bot told', () => {
  const d = createDiscourse();
  const q = line('zeynep_newbie', 'Can, ASELS için destek neresi sence?');
  noteLine(d, q, personas, UNIVERSE);
  assert.is(d.questions.at(-1)!.to, 'can_chartist');
  assert.is(intentFor(d, q, UNIVERSE)?.ask, 'levels');
  assert.equal(openBotQuestions(d, q.at + 60_000, 20 * 60_000).map((x) => x.messageId), [q.messageId]);
  const a = line('can_chartist', 'Zeynep, ASELS için destek 230, direnç 245.', { replyTo: q.messageId });
  noteLine(d, a, personas, UNIVERSE);
  assert.ok(isAnswered(d, q.messageId));
  assert.equal(openBotQuestions(d, a.at, 20 * 60_000), []);
  const claim = claimOf(line('ayse_scalp', 'THYAO yükselişte, 380 direnci kırılır bence'), UNIVERSE);
  assert.equal([claim.symbol, claim.direction, claim.level], ['BIST:THYAO', 'up', 380]);
  // A persona item told is cooling down for that bot, in this chat.
  const fatma = byId('fatma_temettu');
  noteLine(d, line('fatma_temettu', `Çocuklar, ${fatma.anecdotes[1]}`), personas, UNIVERSE);
  assert.ok(toldKeys(d, 'fatma_temettu', id * 60_000 + 2_000).includes('anecdote:1'));
  assert.not.ok(toldKeys(d, 'fatma_temettu', id * 60_000 + 25 * 3_600_000).includes('anecdote:1'), 'the cooldown ends');
  assert.equal(toldKeys(d, 'mehmet_trader', id * 60_000), []);
  // Every person's message expects one answer.
  const h = line(null, 'selam millet');
  noteLine(d, h, personas, UNIVERSE);
  assert.not.ok(isAnswered(d, h.messageId));
  noteLine(d, line('fatma_temettu', 'Hoş geldin Deniz', { replyTo: h.messageId }), personas, UNIVERSE);
  assert.ok(isAnswered(d, h.messageId));
  // A bot does not ask the same question twice in six hours, however it opens it.
  noteLine(d, line('can_chartist', "Ali, Fed'in faiz kararı ne zaman?"), personas, UNIVERSE);
  assert.ok(askedBefore(d, 'can_chartist', 'Teknik olarak, Ali, faiz kararı ne zaman? 🎯', id * 60_000 + 1_000 + 60_000));
  assert.not.ok(askedBefore(d, 'can_chartist', 'Ali, enflasyon verisi ne zaman?', id * 60_000 + 1_000));
  assert.not.ok(askedBefore(d, 'ali_ekonomist', "Fed'in faiz kararı ne zaman?", id * 60_000 + 1_000));
});

test('traits and who answers: levels to the chartist, rates to the economist, a newcomer to a warm voice', () => {
  assert.ok(traitsOf(byId('fatma_temettu')).rejects.includes('Kripto'), 'the retiree rejects crypto');
  assert.ok(traitsOf(byId('fatma_temettu')).affinity.Kripto < 0.05);
  assert.ok(traitsOf(byId('ali_ekonomist')).affinity.Makro > 0.3);
  const best = (text: string): string => {
    const intent = classifyMessage(text, UNIVERSE);
    return [...personas].sort((a, b) => answerFit(b, intent) - answerFit(a, intent))[0]!.id;
  };
  assert.is(best('ASELS için destek neresi?'), 'can_chartist');
  assert.is(best('faiz kararı borsayı nasıl etkiler?'), 'ali_ekonomist');
  assert.is(best('temettü verimi ne demek?'), 'fatma_temettu');
  assert.is(best('merhaba, gruba yeni katıldım'), 'fatma_temettu');
  assert.ok(['ali_ekonomist', 'can_chartist'].includes(best('is THYAO a good buy right now?')), 'someone who writes English');
  // Thanks go to whoever helped.
  const h = line(null, 'THYAO alınır mı?');
  const helped = line('mehmet_trader', 'Deniz, ben acele etmem.', { replyTo: h.messageId });
  const thanks = line(null, 'teşekkürler');
  const who = chooseAnswerer(personas, thanks, classifyMessage(thanks.text, UNIVERSE), [h, helped, thanks], seededRng(3));
  assert.is(who?.id, 'mehmet_trader');
});

test.run();
