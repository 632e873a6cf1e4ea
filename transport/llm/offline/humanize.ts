// Making a rendered sentence sound like this person typed it — slang abbreviations, a small typo,
// punctuation by emotion — and the content rules every line must pass (no promises, no AI traces).
import type { Rng } from '../../../actors/index.ts';

/** [pattern, replacement, a literal every match contains]: the literal is a cheap pre-check. */
const SLANG: readonly (readonly [RegExp, string, string])[] = [
  [/\bbir\b/g, 'bi', 'bir'],
  [/tamam/g, 'tmm', 'tamam'],
  [/\bneden\b/g, 'niye', 'neden'],
  [/\bdeğil mi\b/g, 'di mi', 'değil mi'],
  [/([iıuü])yorum(?![\p{L}])/gu, '$1yom', 'yorum'],
  [/([iıuü])yor(?![\p{L}])/gu, '$1yo', 'yor'],
  [/\bherkes\b/g, 'herkez', 'herkes'],
  [/\bgerçekten\b/g, 'cidden', 'gerçekten'],
  [/\bbiliyorsun\b/g, 'biliyon', 'biliyorsun'],
];

/** Street-register abbreviations (bir→bi, -iyor→-iyo, neden→niye …), each applied with chance 0.6. */
export function slangify(text: string, rng: Rng): string {
  let out = text;
  for (let i = 0; i < SLANG.length; i++) {
    const [re, to, key] = SLANG[i]!;
    if (rng.chance(0.6) && out.includes(key)) out = out.replace(re, to);
  }
  return out;
}

const ATTACH = /(\p{L}+) (m[ıiuü])(\b)/u;
const LOWER_WORD = /^\p{Ll}{5,}$/u;

/** One small typo in one longer word: swapped letters, a dropped letter, or an attached "mı/mi". */
export function typo(text: string, rng: Rng): string {
  if (text.includes(' m') && ATTACH.test(text) && rng.chance(0.4)) return text.replace(ATTACH, '$1$2$3');
  const words = text.split(' ');
  const idx: number[] = [];
  for (let i = 0; i < words.length; i++) if (words[i]!.length >= 5 && LOWER_WORD.test(words[i]!)) idx.push(i);
  if (idx.length === 0) return text;
  const i = idx[rng.int(idx.length)]!;
  const w = words[i]!;
  const at = 1 + rng.int(w.length - 2);
  words[i] = rng.chance(0.6) ? w.slice(0, at) + w[at + 1]! + w[at]! + w.slice(at + 2) : w.slice(0, at) + w.slice(at + 1);
  return words.join(' ');
}

/** Phrases that must never be sent: profit promises and model traces. */
export const BANNED = /kesin kazanç|kesin getiri|garanti|bedava para|kesin yüksel|kesin yukarı|kesin çıkar|%\s?100|yüzde yüz|yatırım tavsiyesi veriyorum|yapay zeka|yapay zekâ|dil modeli|as an ai|language model|guaranteed|get rich/i;

/** Whether a piece of text breaks the content rules. */
export function violates(text: string): boolean {
  return BANNED.test(text);
}

/** Hard length cap: cut at a word boundary and end with an ellipsis. */
export function capLength(text: string, max = 500): string {
  if (text.length <= max) return text;
  const cut = text.lastIndexOf(' ', max - 2);
  return text.slice(0, cut > max / 2 ? cut : max - 1).replace(/[\s,;:]+$/, '') + '…';
}
