// The fast paths of content.ts (the one-scan fold, the clean-text check, the key pre-checks before the
// promise and trace regexes) give exactly what the plain regex pipeline gives: a reference copy of that
// pipeline runs over generator output, every banned phrase in many spellings, and random strings.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { seededRng } from '../../actors/domain/rng.ts';
import { PROMISE_PHRASES, TRACE_PATTERNS, applyContentRules, foldTurkish, wordsRegex } from '../../actors/domain/content.ts';
import type { ContentResult } from '../../actors/domain/content.ts';
import { PERSONAS, sampleLines } from './offline-generator.fixtures.ts';

// ---------------------------------------------------------------- the reference pipeline

const ASCII: Readonly<Record<string, string>> = { ı: 'i', ç: 'c', ş: 's', ğ: 'g', ö: 'o', ü: 'u', â: 'a', î: 'i', û: 'u' };
function refFold(text: string, full: boolean): string {
  return text.replace(/İ/g, 'i').toLowerCase().replace(full ? /[ıçşğöüâîû]/g : /[ıâîû]/g, (c) => ASCII[c]!);
}
const PROMISES = PROMISE_PHRASES;
const REF_PROMISE = wordsRegex(PROMISES.map((p) => refFold(p, true)), [], '')!;
const L = 'a-z0-9\\u00c0-\\u024f';
const REF_TRACE = new RegExp(`(?<![${L}])(?:${TRACE_PATTERNS.join('|')})(?![${L}]) ?[,.:;!]?`, 'g');
const INVISIBLE = /[\x00-\x08\x0E-\x1F\x7F-\x9F\u00AD\u200B\u200E\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF]/g;

function reference(text: string): ContentResult {
  let t = text.replace(INVISIBLE, '').replace(/\s+/g, ' ').trim();
  if (!/[^\s\p{P}]/u.test(t)) return { ok: false, reason: 'empty' };
  const folded = refFold(t, true);
  if (REF_PROMISE.test(folded)) return { ok: false, reason: 'promise' };
  let out = '';
  let from = 0;
  REF_TRACE.lastIndex = 0;
  for (let m = REF_TRACE.exec(folded); m; m = REF_TRACE.exec(folded)) {
    out += `${t.slice(from, m.index)} `;
    from = m.index + m[0].length;
  }
  if (from !== 0) {
    t = (out + t.slice(from)).replace(/\s+/g, ' ').replace(/\s+([,.;:!?…])/g, '$1').replace(/^[\s,.;:!?-]+/, '').trim();
    if (!/[^\s\p{P}]/u.test(t)) return { ok: false, reason: 'ai-trace' };
  }
  // Longer than the cap: the cut is shared code, compare uncut texts only.
  return { ok: true, text: t };
}

function same(text: string): void {
  if (text.length > 480) return;
  assert.equal(applyContentRules(text), reference(text), JSON.stringify(text));
  assert.is(foldTurkish(text, true), refFold(text, true), `full fold ${JSON.stringify(text)}`);
  assert.is(foldTurkish(text, false), refFold(text, false), `light fold ${JSON.stringify(text)}`);
}

// ---------------------------------------------------------------- inputs

const TRACES = [
  'As an AI', "I'm an AI language model", 'i’m just a large language model', 'I am only an AI assistant',
  'as an artificial intelligence', 'Ben bir yapay zekâ olarak', 'yapay zeka modeli olarak', 'sadece bir yapay zekayım',
  'Büyük dil modeli olarak', 'bir dil modeliyim', 'BEN SADECE BİR YAPAY ZEKA ASİSTANIYIM', 'as an ai chatbot,',
];
const SPELLINGS = (p: string): string[] => [
  p, p.toLocaleUpperCase('tr'), p.toUpperCase(), p[0]!.toLocaleUpperCase('tr') + p.slice(1),
  refFold(p, true), p.replace(/ı/g, 'i').replace(/i/g, 'ı'), p.replace(/ /g, '  '), p.replace(/ /g, '\u00a0'),
  p.replace(/ /g, ' \u200b'), p.replace(/a/g, 'â'), p.replace(/k/g, '\u212a'),
];
const JUNK = ['', ' ', '  ', '\t', '\n', '\u00a0', '\u200b', '\u200d', '\u2028', '\u3000', '\ufeff', '\u0007', '\u00ad',
  '…', '’', '.', ',', '!', '?', '-', '%', '1', '0', 'I', 'İ', 'ı', 'i', 'â', 'k', 'a', 'x', '😀', 'THYAO ', 'kazanç'];

test('generator lines: the fast paths agree with the regex pipeline', () => {
  for (const p of PERSONAS) for (const line of sampleLines(p, 150, 77)) same(line);
});

test('every promise and trace in many spellings and surroundings agrees', () => {
  const rng = seededRng(42);
  for (const phrase of [...PROMISES, ...TRACES]) {
    for (const s of SPELLINGS(phrase)) {
      for (let k = 0; k < 12; k++) {
        const before = JUNK[rng.int(JUNK.length)]! + JUNK[rng.int(JUNK.length)]!;
        const after = JUNK[rng.int(JUNK.length)]! + JUNK[rng.int(JUNK.length)]!;
        same(`${before}${s}${after}`);
        same(`dolar ${before}${s}${after} bugün`);
      }
    }
  }
  assert.equal(applyContentRules('Garantİ KAZANÇ'), { ok: false, reason: 'promise' });
});

test('random strings over a tricky alphabet agree', () => {
  const rng = seededRng(7);
  const alphabet = [...JUNK, 'kesin ', 'garanti ', 'risk', 'yüzde ', '100', 'as ', 'an ', 'ai', 'dil ', 'modeli', 'yapay ', 'zeka'];
  for (let n = 0; n < 4000; n++) {
    let s = '';
    const len = rng.int(14);
    for (let i = 0; i < len; i++) s += alphabet[rng.int(alphabet.length)]!;
    same(s);
  }
});

test.run();
