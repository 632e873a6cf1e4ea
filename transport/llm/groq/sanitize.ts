// What comes back from a model is cleaned to one chat line or refused: think-tags, speaker labels,
// wrapping quotes and markdown go; empty, over-long, multi-speaker or JSON/code-shaped output is an
// Invalid error (the router falls back), so malformed text never reaches Telegram.
import { Invalid } from '../../../actors/index.ts';

export interface SanitizeOptions {
  /** Names and handles that may label a line ("Mehmet Yatırımcı:", "@ayse_scalper:"). */
  readonly speakers: readonly string[];
  /** Longest acceptable line after cleaning. Default 400. */
  readonly maxChars?: number;
}

const THINK = /<(think|thinking|reasoning)>[\s\S]*?<\/\1>/gi;
const OPEN_THINK = /<(think|thinking|reasoning)>[\s\S]*$/i;
const QUOTE_PAIRS: readonly [string, string][] = [['"', '"'], ['“', '”'], ['”', '”'], ['«', '»'], ["'", "'"], ['‘', '’'], ['„', '“']];
const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function labelRe(speakers: readonly string[]): RegExp {
  const names = [...new Set(speakers.flatMap((s) => [s, s.split(/\s+/)[0]!]).filter((s) => s.length > 0))]
    .sort((a, b) => b.length - a.length).map(escape);
  const alts = [...names, 'ben', 'cevap', 'yanıt', 'mesaj', 'assistant', 'asistan'].join('|');
  // "[#12] Mehmet:", "**Mehmet Yatırımcı**:", "@mehmet:", "Mehmet (insan):"
  return new RegExp(`^\\s*(?:\\[#\\d+\\]\\s*)?[*_]*@?(?:${alts})[*_]*(?:\\s*\\([^)]{1,20}\\))?[*_]*\\s*[:：]\\s*`, 'iu');
}

/** Two or three capitalised words and a colon opening a line: a speaker label whoever it names. */
const NAME_LABEL = /^\s*(?:\[#\d+\]\s*)?[*_]*@?\p{Lu}[\p{L}'’.-]*(?:\s+\p{Lu}[\p{L}'’.-]*){1,2}[*_]*(?:\s*\([^)]{1,20}\))?[*_]*\s*:\s+/u;
/** Any line (after the first) opening like a transcript line: "Name:", "[#12] x:", "@handle:". */
const ANY_LABEL = /^\s*(?:\[#\d+\]|[*_]*@?\p{Lu}[\p{L}'’.-]*(?:\s+\p{Lu}[\p{L}'’.-]*){0,2}[*_]*(?:\s*\([^)]{1,20}\))?[*_]*\s*:\s)/u;

/** Clean `raw` to one line or throw Invalid naming what was wrong. */
export function sanitizeCompletion(raw: string, opts: SanitizeOptions): string {
  const max = opts.maxChars ?? 400;
  let text = raw.replace(THINK, '').replace(OPEN_THINK, '').replace(/\r/g, '');
  if (/```|^\s*(?:\{|\[(?!#\d))/.test(text)) throw new Invalid('completion looks like code or JSON, not a chat line', 'completion');
  if (/\uFFFD/.test(text)) throw new Invalid('completion has broken characters', 'completion');
  const label = labelRe(opts.speakers);
  // The model may have written several members' lines: keep the first speaker's only.
  const lines = text.split('\n').map((l) => l.trim()).filter((l) => l.length > 0);
  const kept: string[] = [];
  for (const [i, line] of lines.entries()) {
    if (i > 0 && (label.test(line) || ANY_LABEL.test(line))) break;
    kept.push(line.replace(/^(?:[-*•]|\d+[.)])\s+/, ''));
  }
  text = kept.join(' ');
  for (let changed = true; changed;) {
    const before = text;
    text = text.replace(label, '').replace(NAME_LABEL, '').trim();
    for (const [a, b] of QUOTE_PAIRS) {
      if (text.length >= 2 && text.startsWith(a) && text.endsWith(b) && !text.slice(1, -1).includes(b)) text = text.slice(a.length, -b.length).trim();
    }
    changed = text !== before;
  }
  text = text.replace(/\*\*|__|(?<!\w)[*_](?=\w)|(?<=\w)[*_](?!\w)/g, '').replace(/<\/?[a-z][^>]*>/gi, '').replace(/\s+/g, ' ').trim();
  if (text === '' || !/\p{L}/u.test(text)) throw new Invalid('completion is empty after cleaning', 'completion');
  if (text.length > max) throw new Invalid(`completion is ${text.length} characters (at most ${max})`, 'completion');
  return text;
}
