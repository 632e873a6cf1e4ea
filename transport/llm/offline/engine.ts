// The template engine of the offline generator: a tiny grammar with inline choices `[a|b|]` (empty
// alternative = optional) and named slots `{name}`, compiled once at module load, rendered per line.

type Node = string | { readonly slot: string } | { readonly alt: readonly (readonly Node[])[] };

/** A compiled template. */
export type Template = readonly Node[];

/** Resolves a slot name to text for the line being written. */
export type SlotResolver = (name: string) => string;

/** Picks an index in [0, n): the line's random stream, possibly biased toward a persona's habits. */
export type Picker = (n: number) => number;

function parse(src: string, pos: { i: number }, inAlt: boolean): Node[][] {
  const alts: Node[][] = [];
  let seq: Node[] = [];
  let lit = '';
  const flush = (): void => {
    if (lit) seq.push(lit);
    lit = '';
  };
  while (pos.i < src.length) {
    const c = src[pos.i]!;
    if (c === '[') {
      flush();
      pos.i++;
      seq.push({ alt: parse(src, pos, true) });
    } else if (c === ']' && inAlt) {
      pos.i++;
      flush();
      alts.push(seq);
      return alts;
    } else if (c === '|' && inAlt) {
      pos.i++;
      flush();
      alts.push(seq);
      seq = [];
    } else if (c === '{') {
      const end = src.indexOf('}', pos.i);
      if (end < 0) throw new SyntaxError(`unclosed slot in template: ${src}`);
      flush();
      seq.push({ slot: src.slice(pos.i + 1, end) });
      pos.i = end + 1;
    } else {
      lit += c;
      pos.i++;
    }
  }
  if (inAlt) throw new SyntaxError(`unclosed choice in template: ${src}`);
  flush();
  alts.push(seq);
  return alts;
}

/** Compile one template source. Throws on unbalanced brackets (caught at module load). */
export function compile(src: string): Template {
  return parse(src, { i: 0 }, false)[0] ?? [];
}

/** Compile a list of sources. */
export function pool(...sources: string[]): readonly Template[] {
  return sources.map(compile);
}

/** The slot names a template uses (also inside choices), for availability checks. */
export function slotsOf(t: Template, out: Set<string> = new Set()): Set<string> {
  for (const node of t) {
    if (typeof node === 'string') continue;
    if ('slot' in node) out.add(node.slot);
    else for (const seq of node.alt) slotsOf(seq, out);
  }
  return out;
}

function renderSeq(seq: readonly Node[], pick: Picker, slot: SlotResolver): string {
  let out = '';
  for (let i = 0; i < seq.length; i++) {
    const node = seq[i]!;
    if (typeof node === 'string') out += node;
    else if ('slot' in node) out += slot(node.slot);
    else out += renderSeq(node.alt[pick(node.alt.length)]!, pick, slot);
  }
  return out;
}

/** Render without tidying (for slot values that are spliced into a larger sentence). */
export function renderRaw(t: Template, pick: Picker, slot: SlotResolver): string {
  return renderSeq(t, pick, slot);
}

/** Render a template; collapses doubled spaces and stray spaces before punctuation. */
export function render(t: Template, pick: Picker, slot: SlotResolver): string {
  return tidy(renderSeq(t, pick, slot));
}

const UNTIDY = /\s\s|\s[,;:.!?]|[,;:][,;:]|^[\s,;:.!?]|[\s,;:]$|[\n\t]/;

/** Collapse whitespace and fix spaces around punctuation left by empty choices or slots. */
export function tidy(text: string): string {
  if (!UNTIDY.test(text)) return text;
  let out = '';
  let space = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === ' ' || c === '\n' || c === '\t') {
      space = out.length > 0;
      continue;
    }
    const punct = c === ',' || c === ';' || c === ':' || c === '.' || c === '!' || c === '?';
    if (punct && out.length === 0) continue;
    if ((c === ',' || c === ';' || c === ':') && out[out.length - 1] === c) continue;
    if (space && !punct) out += ' ';
    space = false;
    out += c;
  }
  let end = out.length;
  while (end > 0 && (out[end - 1] === ',' || out[end - 1] === ';' || out[end - 1] === ':')) end--;
  return end === out.length ? out : out.slice(0, end);
}
