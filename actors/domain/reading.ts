// What a chat line says to the one it answers — agreement or disagreement — read from cue words.
// Feeds the answered bot's emotion; cheap and approximate by design.
import { lowerTr } from './dedup.ts';

const DISAGREE = /katılmıyorum|katılamıyorum|sanmıyorum|hiç sanmam|emin değilim|farklı düşünüyorum|farklı yerdeyiz|yanlış|abartıyorsun|öyle değil|aynı fikirde değilim|bence değil|katılmam|pek sanmam|\bhayır\b/u;
const AGREE = /katılıyorum|haklısın|aynen|kesinlikle öyle|aynı fikirdeyim|doğru söylüyorsun|bence de|çok doğru|tam da öyle|\bevet\b/u;

export type Reading = 'agreement' | 'disagreement';

/** Whether `text`, written in reply to someone, agrees or disagrees with them (undefined: neither). */
export function readReply(text: string): Reading | undefined {
  const lower = lowerTr(text);
  if (DISAGREE.test(lower)) return 'disagreement';
  if (AGREE.test(lower)) return 'agreement';
  return undefined;
}
