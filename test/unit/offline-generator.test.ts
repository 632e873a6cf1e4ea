// The offline generator: deterministic, shaped by topic/market/target/emotion, distinct per persona,
// and — the big one — a 1,000-line simulated chat that passes the dedup gate with few regenerations.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { classifyMessage, compare, DEFAULT_THRESHOLDS, fingerprint, normalize } from '../../actors/index.ts';
import type { GenerationMode, Persona } from '../../actors/index.ts';
import { createOfflineGenerator, writeLine } from '../../transport/index.ts';
import { sentimentOf } from '../../transport/llm/offline/lexicon.ts';
import { CALL_OUT, OPENERS } from '../../transport/llm/offline/phrases/voices.ts';
import {
  BANNED, holdingsOf, human, market, persona, PERSONAS, request, sampleLines, simulate, TOPICS,
} from './offline-generator.fixtures.ts';

// ---------------------------------------------------------------- tests

test('the demo config holds the six personas', () => {
  assert.equal(PERSONAS.map((p) => p.id), ['mehmet_trader', 'ayse_scalp', 'ali_ekonomist', 'zeynep_newbie', 'can_chartist', 'fatma_temettu']);
});

test('generate() resolves with the offline model and no tokens', async () => {
  const r = await createOfflineGenerator().generate(request(PERSONAS[0]!));
  assert.is(r.model, 'offline');
  assert.is(r.promptTokens, 0);
  assert.is(r.completionTokens, 0);
  assert.ok(r.text.length > 0);
});

test('(a) deterministic for the same seed, different for another seed or attempt', () => {
  for (const p of PERSONAS) {
    for (let seed = 1; seed <= 30; seed++) {
      const r = request(p, { seed, topic: TOPICS[seed % 4]! });
      assert.is(writeLine(r), writeLine({ ...r }));
    }
    const texts = new Set(Array.from({ length: 30 }, (_, s) => writeLine(request(p, { seed: s }))));
    assert.ok(texts.size >= 28, `${p.id}: only ${texts.size} distinct lines in 30 seeds`);
    for (let seed = 1; seed <= 30; seed++) {
      const r = request(p, { seed, length: 'medium' });
      const again = writeLine({ ...r, attempt: 1 });
      assert.is.not(normalize(again), normalize(writeLine(r)));
    }
  }
});


const TOPIC_RE: Record<string, RegExp> = {
  BIST: /bist|borsa|hisse|endeks|tahta|THYAO|AKBNK|GARAN|ASELS|EREGL|BIMAS|KCHOL|TUPRS|SISE/i,
  FX: /dolar|euro|kur\b|kurda|döviz|altın|\bTL\b/i,
  Kripto: /kripto|bitcoin|btc|eth|\bsol\b|coin/i,
  Makro: /faiz|enflasyon|tcmb|merkez bankası|fed|büyüme|ppk|veri|ekonomi|cari açık|işsizlik|bütçe|makro/i,
};

test('(b) the topic shapes the text', () => {
  for (const p of PERSONAS) {
    for (const topic of TOPICS) {
      let hits = 0;
      let cryptoInOthers = 0;
      for (let seed = 1; seed <= 40; seed++) {
        const text = writeLine(request(p, { seed, topic, step: seed }));
        if (TOPIC_RE[topic]!.test(text)) hits++;
        if (topic !== 'Kripto' && /kripto|bitcoin|btc|coin/i.test(text)) cryptoInOthers++;
      }
      assert.ok(hits >= 32, `${p.id}/${topic}: only ${hits}/40 lines on topic`);
      assert.ok(cryptoInOthers <= 8, `${p.id}/${topic}: ${cryptoInOthers}/40 lines talk crypto`);
    }
  }
});

/** Independent Turkish formatting for the assertions (not the generator's own helper). */
function trPrice(v: number): string {
  const [int, frac] = (v >= 1000 ? v.toFixed(0) : v.toFixed(2)).split('.');
  return int!.replace(/\B(?=(\d{3})+(?!\d))/g, '.') + (frac ? ',' + frac : '');
}
const trPct = (f: number): string => '%' + (Math.abs(f) * 100).toFixed(1).replace('.', ',');

test('(c) live prices, moves and P&L appear, Turkish-formatted — in some lines, not most (issue 12: ≤ 40 % of lines quote a number)', () => {
  const m = market(0);
  const cases: [string, string, string][] = [['BIST', 'BIST:THYAO', 'THYAO'], ['Kripto', 'BTCUSDT', ''], ['FX', 'USDTRY', 'dolar']];
  for (const [topic, sym, name] of cases) {
    const q = m.quotes[sym]!;
    let figure = 0;
    let digits = 0;
    let named = 0;
    for (const p of PERSONAS) {
      for (let seed = 1; seed <= 20; seed++) {
        const text = writeLine(request(p, { seed, topic, symbols: [sym], length: 'short' }));
        if (text.includes(trPrice(q.price)) || text.includes(trPct(q.changePct))) figure++;
        if (/\d/.test(text)) digits++;
        if (name && text.toLocaleLowerCase('tr').includes(name.toLocaleLowerCase('tr'))) named++;
      }
    }
    assert.ok(figure >= 10, `${sym}: price ${trPrice(q.price)} or change ${trPct(q.changePct)} in only ${figure}/120 lines`);
    assert.ok(digits <= 60, `${sym}: ${digits}/120 lines quote a number`);
    if (name) assert.ok(named >= 90, `${sym}: named in only ${named}/120 lines`);
  }
  // Own holdings with live P&L show up now and then.
  const mehmet = persona('mehmet_trader');
  const views = holdingsOf(mehmet, m);
  let pnl = 0;
  for (let seed = 1; seed <= 100; seed++) {
    const text = writeLine(request(mehmet, { seed, length: 'long' }));
    if (views.some((h) => text.includes(trPct(h.pnlPct)) && /kâr|zarar|artı|eksi/.test(text))) pnl++;
  }
  assert.ok(pnl >= 10, `holding P&L in only ${pnl}/100 long lines`);
  assert.ok(trPrice(97123.4) === '97.123' && trPct(-0.018) === '%1,8');
});


test('(d) answering a human: addressed to them and about their question', () => {
  for (const p of PERSONAS) {
    const counts = { buy: 0, bought: 0, macro: 0 };
    for (let seed = 1; seed <= 30; seed++) {
      const a = writeLine(request(p, { seed, mode: 'answer', target: human(p.handle, 'THYAO alınır mı sizce?'), symbols: ['BIST:THYAO'] }));
      if (/deniz/i.test(a) && a.includes('THYAO')) counts.buy++;
      const holds = p.holdings.map((h) => h.symbol.replace('BIST:', '').replace('XAUTRY_GRAM', 'gram altın')
        .replace('BTCUSDT', 'Bitcoin').replace('ETHUSDT', 'ETH').replace('SOLUSDT', 'SOL').replace('EURTRY', 'euro/TL'));
      const b = writeLine(request(p, { seed, mode: 'answer', target: human(p.handle, 'bugün ne aldın?'), symbols: [] }));
      if (/deniz/i.test(b) && holds.some((h) => b.includes(h))) counts.bought++;
      const c = writeLine(request(p, { seed, mode: 'answer', topic: 'Makro', target: human(p.handle, "faiz kararı dolar/TL'yi nasıl etkiler?"), symbols: [] }));
      if (/deniz/i.test(c) && /faiz|dolar|enflasyon|tcmb|kur|ppk|politika/i.test(c)) counts.macro++;
    }
    assert.ok(counts.buy >= 28, `${p.id}: THYAO question answered to Deniz about THYAO in ${counts.buy}/30`);
    assert.ok(counts.bought >= 27, `${p.id}: "ne aldın" answered with a holding in ${counts.bought}/30`);
    assert.ok(counts.macro >= 25, `${p.id}: macro question answered on topic in ${counts.macro}/30`);
  }
});

test('a question to a member who is away: the one answering says so first, then answers in its own name', () => {
  const ayse = persona('ayse_scalp');
  assert.is(classifyMessage('selam, nasılsın?', []).kind, 'greeting');
  for (const p of PERSONAS.filter((x) => x.id !== ayse.id)) {
    const roster = PERSONAS.filter((x) => x.id !== p.id).map((x) => ({ name: x.name, handle: x.handle, tone: x.tone }));
    for (let seed = 1; seed <= 10; seed++) {
      const line = writeLine({ ...request(p, { seed, mode: 'answer', target: human(ayse.handle, "bugün ne aldın? THYAO'ya girdin mi?"), symbols: ['BIST:THYAO'] }), roster });
      assert.match(line, /^Ayşe (şu an|bu saatte|burada|yok)[^.:!?]*[.:] \S/, `${p.id}: ${line}`);
      assert.match(line, /deniz/i, `${p.id} still answers Deniz: ${line}`);
      const greeting = writeLine({ ...request(p, { seed, mode: 'answer', target: human(ayse.handle, 'selam, nasılsın?'), symbols: [] }), roster, intent: classifyMessage('selam, nasılsın?', []) });
      assert.not.match(greeting, /söyleyeyim|cevaplayayım/, `a greeting is not "told": ${greeting}`);
    }
    const own = writeLine({ ...request(p, { seed: 1, mode: 'answer', target: human(p.handle, "bugün ne aldın?"), symbols: [] }), roster });
    assert.not.match(own, /^Ayşe/, 'a message to this bot itself has no stand-in words');
  }
});

test('an answer about a position claims it once (never "THYAO\'da pozisyondayım, kârdayım!! THYAO\'da içerdeyim, kârdayım")', () => {
  const claim = /pozisyon(?:um|dayım)|içerdeyim|\bvarım\b/gi;
  let answers = 0;
  for (const p of PERSONAS) {
    for (const h of p.holdings.filter((x) => x.symbol.startsWith('BIST:'))) {
      const sym = h.symbol.slice(5);
      for (let seed = 1; seed <= 40; seed++) {
        for (const length of ['medium', 'long'] as const) {
          const line = writeLine(request(p, { seed, mode: 'answer', length, target: human(p.handle, `bugün ne aldın? ${sym}'ya girdin mi?`), symbols: [h.symbol] }));
          const claims = line.match(claim) ?? [];
          assert.ok(claims.length <= 1, `${p.id} (seed ${seed}, ${length}) claims its ${sym} position ${claims.length} times: ${line}`);
          answers++;
        }
      }
    }
  }
  assert.ok(answers >= 80, `answers checked: ${answers}`);
});

test('a question on one concept is answered on that concept (stop, not leverage)', () => {
  for (const p of PERSONAS) {
    for (let seed = 1; seed <= 10; seed++) {
      const line = writeLine(request(p, { seed, mode: 'answer', topic: 'BIST', target: human(p.handle, 'stop koymak şart mı?'), symbols: [] }));
      assert.not.match(line, /kaldıraç/i, `${p.id} (seed ${seed}): ${line}`);
    }
  }
});

test('a line\'s direction is the speaker\'s own view after a contrast ("temkinli bakıyorsun ama güzel görünüyor")', () => {
  assert.ok(sentimentOf("bimas'a temkinli bakıyorsun ama güzel görünüyor, umarım öyle olur!") > 0);
  assert.ok(sentimentOf('thyao güçlü diyorsun ama bence düşüş gelir') < 0);
  assert.ok(sentimentOf('dolar yükselir, alım var') > 0, 'no contrast: the whole line');
  assert.ok(sentimentOf('satış baskısı var ama bakalım') < 0, 'a neutral part after the contrast leaves the whole line to decide');
  assert.is(sentimentOf('artık bakalım, ben de öyle düşünüyorum, eksik bilgi var'), 0, '"artık", "bakalım", "düşünüyorum", "eksik" lean nowhere');
});

test('replies pick up the target and agree or disagree by stance', () => {
  const target = { speaker: 'Zeynep Yeni', text: 'Bitcoin uçuyor, bence devamı gelir 🚀', human: false, botId: 'zeynep_newbie' };
  const agree = /katılıyorum|aynen|haklı|bence de|doğru|hemfikir|aynı fikir|aynı kanaat|\+1|tam isabet|yerinde|düşündüğüm|gördüğüm/i;
  const rate = (id: string): number => {
    let yes = 0;
    let picked = 0;
    for (let seed = 1; seed <= 100; seed++) {
      const text = writeLine(request(persona(id), { seed, mode: 'reply', topic: 'Kripto', target, symbols: ['BTCUSDT'] }));
      if (agree.test(text)) yes++;
      if (/bitcoin|btc/i.test(text)) picked++;
    }
    assert.ok(picked >= 70, `${id}: picked up Bitcoin in ${picked}/100 replies`);
    return yes / 100;
  };
  const ayse = rate('ayse_scalp');
  const fatma = rate('fatma_temettu');
  assert.ok(ayse > fatma + 0.2, `the bullish scalper agrees more (${ayse}) than the crypto-averse retiree (${fatma})`);
});

test('(e) personas are distinguishable', () => {
  const lines = new Map(PERSONAS.map((p) => [p.id, sampleLines(p, 200, 1000)]));
  for (const p of PERSONAS) {
    const own = lines.get(p.id)!;
    const marks = [...p.signaturePhrases.map((s) => s.replace(/[.!?]+$/, '')), ...p.style.emojis];
    const ownHits = own.filter((l) => marks.some((m) => l.includes(m))).length;
    assert.ok(ownHits >= 20, `${p.id}: own signature/emoji in only ${ownHits}/200 lines`);
    for (const other of PERSONAS) {
      if (other.id === p.id) continue;
      const leak = lines.get(other.id)!.filter((l) => marks.some((m) => l.includes(m)));
      assert.is(leak.length, 0, `${p.id}'s marks leak into ${other.id}: ${leak[0]}`);
    }
  }
  // A naive-Bayes classifier on word unigrams, signature phrases and emoji removed, still tells them apart.
  const strip = (p: Persona, l: string): string[] => {
    let t = l;
    for (const s of p.signaturePhrases) t = t.replace(s.replace(/[.!?]+$/, ''), ' ');
    return t.toLocaleLowerCase('tr').replace(/[^\p{L}\s]/gu, ' ').split(/\s+/).filter((w) => w.length > 1);
  };
  const counts = new Map<string, Map<string, number>>();
  const totals = new Map<string, number>();
  const vocab = new Set<string>();
  for (const p of PERSONAS) {
    const c = new Map<string, number>();
    let total = 0;
    for (const l of lines.get(p.id)!.slice(0, 150)) for (const w of strip(p, l)) {
      c.set(w, (c.get(w) ?? 0) + 1);
      vocab.add(w);
      total++;
    }
    counts.set(p.id, c);
    totals.set(p.id, total);
  }
  let right = 0;
  let all = 0;
  for (const p of PERSONAS) {
    for (const l of lines.get(p.id)!.slice(150)) {
      let best = '';
      let bestScore = -Infinity;
      for (const q of PERSONAS) {
        const c = counts.get(q.id)!;
        let score = 0;
        for (const w of strip(p, l)) score += Math.log(((c.get(w) ?? 0) + 1) / (totals.get(q.id)! + vocab.size));
        if (score > bestScore) { bestScore = score; best = q.id; }
      }
      if (best === p.id) right++;
      all++;
    }
  }
  const acc = right / all;
  console.log(`      persona classifier accuracy (no signatures/emoji): ${(acc * 100).toFixed(1)} %`);
  assert.ok(acc >= 0.6, `classifier accuracy ${acc}`);
});

const SIM = simulate(1000, 23331);

test('(f) a 1,000-line chat passes the dedup gate: no exact duplicate, no near duplicate in any 100-line window', () => {
  const { lines, drafts, hits, drops } = SIM;
  assert.is(lines.length, 1000);
  console.log(`      drafts ${drafts}, dedup hits ${hits} (${((hits / drafts) * 100).toFixed(1)} %), dropped ${drops} (${((drops / drafts) * 100).toFixed(2)} %)`);
  const norms = new Map<string, number>();
  const exact: string[] = [];
  for (const [i, l] of lines.entries()) {
    const n = normalize(l);
    if (norms.has(n)) exact.push(`lines ${norms.get(n)} and ${i}: ${l}`);
    norms.set(n, i);
  }
  assert.is(exact.length, 0, `${exact.length} exact duplicates, e.g.\n  ${exact.slice(0, 8).join('\n  ')}`);
  const fps = lines.map(fingerprint);
  for (let i = 0; i < fps.length; i++) {
    for (let j = Math.max(0, i - 99); j < i; j++) {
      const hit = compare(fps[i]!, fps[j]!, DEFAULT_THRESHOLDS);
      assert.not.ok(hit, `near duplicate (${hit?.score.toFixed(2)}) lines ${j} and ${i}:\n  ${lines[j]}\n  ${lines[i]}`);
    }
  }
  assert.ok(hits / drafts < 0.1, `regeneration rate ${hits}/${drafts}`);
  assert.ok(drops / drafts < 0.01, `drop rate ${drops}/${drafts}`);
});

test('(g) content rules: no promises, no AI traces, 1..500 chars', () => {
  const all = [...SIM.lines, ...PERSONAS.flatMap((p) => sampleLines(p, 100, 5000))];
  for (const l of all) {
    assert.ok(l.trim().length > 0, 'empty line');
    assert.ok(l.length <= 500, `too long (${l.length}): ${l}`);
    assert.not.ok(BANNED.test(l), `banned phrase: ${l}`);
  }
  // Persona data that breaks the rules is filtered out rather than sent.
  const bad: Persona = { ...PERSONAS[0]!, signaturePhrases: ['Bu hisse kesin kazanç, garanti!'], anecdotes: ['Yapay zeka olarak söylüyorum.'] };
  for (let seed = 1; seed <= 200; seed++) {
    const l = writeLine(request(bad, { seed, length: 'long' }));
    assert.not.ok(BANNED.test(l), `banned phrase from persona data: ${l}`);
  }
});

test('(h) speed: mean microseconds per call over 5,000 calls', () => {
  const reqs = Array.from({ length: 500 }, (_, i) => {
    const p = PERSONAS[i % 6]!;
    const mode: GenerationMode = (['new', 'reply', 'answer'] as const)[i % 3]!;
    const target = mode === 'new' ? undefined : mode === 'reply'
      ? { speaker: 'Ayşe Scalper', text: 'THYAO uçuyor, devamı gelir', human: false, botId: 'ayse_scalp' } : human(p.handle, 'dolar nereye gider?');
    return request(p, { seed: i, mode, topic: TOPICS[i % 4]!, step: i, ...(target ? { target } : {}) });
  });
  for (let i = 0; i < 2000; i++) writeLine({ ...reqs[i % 500]!, seed: 100_000 + i }); // warm up
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < 5000; i++) writeLine({ ...reqs[i % 500]!, seed: i });
  const us = Number(process.hrtime.bigint() - t0) / 1000 / 5000;
  console.log(`      offline generator: ${us.toFixed(1)} µs per call (mean of 5,000)`);
  assert.ok(us < 500, `${us} µs per call`);
});

/** Sentences in a line: terminators followed by a space or the end (prices use "." and "," inside numbers). */
const sentenceCount = (l: string): number => (l.replace(/\s*[\p{Extended_Pictographic}\uFE0F]+/gu, '').match(/[.!?…]+(\s|$)/gu) ?? []).length || 1;

test('an opener phrase is not said twice in one line ("Açık konuşayım, ons altın için açık konuşayım")', () => {
  const phrases = Object.values(OPENERS).flat().filter((o) => o.includes(' ')).map((o) => o.toLocaleLowerCase('tr'));
  for (const p of PERSONAS) {
    for (let seed = 1; seed <= 300; seed++) {
      for (const topic of ['Kripto', 'FX']) {
        // Rare (about 1 line in 5,000): these seeds hold two ("eskiler bilir, … eskiler bilir, panik yok").
        const line = writeLine(request(p, { seed, topic })).toLocaleLowerCase('tr');
        for (const o of phrases) assert.ok(line.indexOf(o) === line.lastIndexOf(o), `"${o}" twice: ${line}`);
      }
    }
  }
});

test('a word that calls out goes with the name after it: "Abi Can, …", never "Abi, Can, …"', () => {
  const can = persona('can_chartist');
  const words = [...CALL_OUT].join('|');
  let joined = 0;
  for (const p of [persona('ayse_scalp'), persona('zeynep_newbie'), persona('fatma_temettu')]) {
    for (let seed = 1; seed <= 200; seed++) {
      const line = writeLine(request(p, { seed, mode: 'reply', target: { speaker: can.name, text: 'ASELS için kırılım geldi, hedef yukarı.', human: false, botId: can.id }, symbols: ['BIST:ASELS'] }));
      assert.not.match(line, new RegExp(`^(${words}), Can,`, 'iu'), line);
      if (new RegExp(`^(${words}) Can,`, 'iu').test(line)) joined++;
    }
  }
  assert.ok(joined >= 5, `only ${joined} lines called Can out`);
});

test('length short / medium / long gives about 1 / 2 / 3 sentences', () => {
  for (const p of PERSONAS) {
    const mean = (length: 'short' | 'medium' | 'long'): number => {
      let sum = 0;
      for (let seed = 1; seed <= 60; seed++) sum += sentenceCount(writeLine(request(p, { seed, length, topic: TOPICS[seed % 4]! })));
      return sum / 60;
    };
    const [s, m, l] = [mean('short'), mean('medium'), mean('long')];
    assert.ok(s <= 1.3 && m >= 1.6 && m <= 2.4 && l >= 2.5, `${p.id}: short ${s}, medium ${m}, long ${l}`);
  }
});

test('a regeneration (attempt 1) changes the structure, not just a word', () => {
  for (const p of PERSONAS) {
    let differentStart = 0;
    for (let seed = 1; seed <= 60; seed++) {
      const mode: GenerationMode = (['new', 'reply', 'answer'] as const)[seed % 3]!;
      const target = mode === 'reply' ? { speaker: 'Can Teknik', text: 'GARAN desteği test ediyor, dikkat', human: false, botId: 'can_chartist' }
        : mode === 'answer' ? human(p.handle, 'GARAN için ne düşünüyorsun?') : undefined;
      const r = request(p, { seed, mode, length: 'medium', ...(target ? { target } : {}) });
      const a = normalize(writeLine(r)).split(' ').slice(0, 2).join(' ');
      const b = normalize(writeLine({ ...r, attempt: 1 })).split(' ').slice(0, 2).join(' ');
      if (a !== b) differentStart++;
    }
    assert.ok(differentStart >= 45, `${p.id}: retry starts differently in only ${differentStart}/60`);
  }
});

test('emotion shapes wording: arousal → exclamations, low confidence → hedges, valence → mood words', () => {
  const hedges = /galiba|emin değilim|sanki|bilemedim|yanılıyor olabilirim|bana öyle geliyor|belki de/i;
  const happy = /moralim|keyfim|içim rahat|yüzümü güldürüyor|iyi gidiyor|keyifli|moral verici|iç açıcı/i;
  const gloomy = /canım|moral biraz bozuk|moral bozuk|rahat değil|bakmak istemiyorum|gerginim|tedirginim|can sıkıcı|tatsız|sinir bozucu/i;
  for (const p of PERSONAS) {
    const count = (re: RegExp, emotion: { valence: number; arousal: number; confidence: number }): number => {
      let n = 0;
      for (let seed = 1; seed <= 120; seed++) if (re.test(writeLine(request(p, { seed, emotion, length: 'long', topic: TOPICS[seed % 4]! })))) n++;
      return n;
    };
    const calm = { valence: 0, arousal: 0.1, confidence: 0.5 };
    assert.ok(count(/!/, { ...calm, arousal: 0.95 }) > count(/!/, calm) + 20, `${p.id}: arousal`);
    assert.ok(count(hedges, { ...calm, confidence: 0.1 }) > count(hedges, { ...calm, confidence: 0.95 }) + 10, `${p.id}: confidence`);
    assert.ok(count(happy, { ...calm, valence: 0.9 }) > count(happy, { ...calm, valence: -0.9 }), `${p.id}: happy valence`);
    assert.ok(count(gloomy, { ...calm, valence: -0.9 }) > count(gloomy, { ...calm, valence: 0.9 }), `${p.id}: gloomy valence`);
  }
});

test('works for any persona data, an empty market and unknown topics', () => {
  const bare: Persona = {
    ...PERSONAS[0]!, id: 'x', name: 'X Y', handle: 'x_bot', tone: 'normal', watchlist: [], neverDo: [], signaturePhrases: [],
    anecdotes: [], stances: [], holdings: [], style: { emojiRate: 0.5, emojis: [], length: 'medium', slangRate: 0.2, typoRate: 0.5 },
  };
  for (let seed = 1; seed <= 200; seed++) {
    const mode: GenerationMode = (['new', 'reply', 'answer'] as const)[seed % 3]!;
    const target = mode === 'new' ? undefined : human('x_bot', ['ne aldın?', 'neden?', 'hangi?', 'merhaba'][seed % 4]!);
    const r = request(bare, { seed, mode, topic: ['BIST', 'Emtia', 'Makro', ''][seed % 4]!, symbols: seed % 2 ? [] : ['BIST:FOO'], ...(target ? { target } : {}) });
    const line = writeLine({ ...r, market: { at: 0, quotes: {}, news: [] }, holdings: [] });
    assert.ok(line.trim().length > 3 && line.length <= 500 && !/undefined|NaN|\{|\}/.test(line), `bad line: ${line}`);
  }
});

test.run();
