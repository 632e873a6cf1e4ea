// The local server's default assistant text: a short Turkish market line that varies with the prompt
// (so dedup sees different drafts, as with a real model), deterministic per request body.
import type { ChatBody } from './server.ts';

const OPEN = ['Bence', 'Açıkçası', 'Valla', 'Şöyle düşünüyorum,', 'Bana sorarsan', 'Hmm,', 'Bak', 'Dürüst olayım,', 'Ne yalan söyleyeyim,', 'Şimdilik', 'Sanki', 'Bugün', 'Galiba', 'Kısaca', 'Aslında'];
const SUBJ = ['hacimler', 'alıcılar', 'satıcılar', 'fonlar', 'küçük yatırımcı', 'yabancılar', 'kısa vadeli trader', 'piyasa yapıcılar', 'bankalar', 'tahvil tarafı', 'kur tarafı', 'emtia', 'endeks', 'bizim portföy', 'teknik göstergeler'];
const VERB = ['temkinli duruyor', 'acele etmiyor', 'toparlanıyor gibi', 'biraz yorulmuş', 'fırsat kolluyor', 'yön arıyor', 'hâlâ iştahlı', 'kâr realize ediyor', 'sabırsızlanıyor', 'direnci test ediyor', 'desteği koruyor', 'haber bekliyor', 'sessizce topluyor', 'satışa geçmiş', 'dengeyi buldu'];
const TAIL = ['akşama doğru netleşir', 'haftaya bakarız', 'acele eden kaybeder', 'ben pozisyonumu korurum', 'stop seviyemi unutmam', 'bir kahve içip izleyeceğim', 'faiz kararı belirleyici olur', 'ortalamaya bakmak lazım', 'sabır şart', 'temettü dönemi yaklaşıyor', 'grafik başka şey söylüyor', 'risk yönetimi önemli', 'yarısını satmayı düşünüyorum', 'kademeli alım mantıklı', 'bu seviyeler tanıdık'];

function hash(text: string, seed: number): number {
  let h = 0x811c9dc5 ^ seed;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** A line like "Valla THYAO tarafında fonlar temkinli duruyor, sabır şart." */
export function fakeReply(body: ChatBody, n: number): string {
  const messages = Array.isArray(body.messages) ? body.messages as { content?: unknown }[] : [];
  const prompt = messages.map((m) => (typeof m.content === 'string' ? m.content : '')).join('\n');
  let h = hash(prompt, n);
  const next = (k: number): number => {
    h = Math.imul(h ^ (h >>> 15), 0x2c1b3c6d) >>> 0;
    h = (h ^ (h >>> 12)) >>> 0;
    return h % k;
  };
  const symbols = [...new Set(prompt.match(/\b[A-Z]{3,6}\b/g) ?? [])].filter((s) => !['JSON', 'UTC'].includes(s));
  const where = symbols.length ? `${symbols[next(symbols.length)]} tarafında ` : '';
  const first = `${OPEN[next(OPEN.length)]} ${where}${SUBJ[next(SUBJ.length)]} ${VERB[next(VERB.length)]}, ${TAIL[next(TAIL.length)]}.`;
  if (next(3) > 0) return first;
  return `${first} ${SUBJ[next(SUBJ.length)]!.replace(/^./, (c) => c.toLocaleUpperCase('tr'))} ${VERB[next(VERB.length)]}.`;
}
