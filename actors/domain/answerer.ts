// Who answers a person's message that names no bot: the member best placed for what was asked — the
// chartist for levels, the economist for rates, whoever holds the symbol for "did you buy", a warm
// voice for a newcomer, a calm one for an insult, the one who speaks the language — so exactly one
// bot answers, and the right one.
import type { RosterEntry, Rng } from '../ports.ts';
import type { ChatMessage, Persona } from './types.ts';
import type { MessageIntent } from './intent.ts';
import { topicOfSymbol, traitsOf } from './traits.ts';
import { mentions } from './director.ts';

/** How well `p` answers a message read as `intent` (higher is better; noise not included). */
export function answerFit(p: Persona, intent: MessageIntent): number {
  const t = traitsOf(p);
  let s = p.speed.talkativeness * 0.5;
  if (intent.language !== 'tr') s += t.languages.includes(intent.language) ? 6 : 0;
  for (const sym of intent.symbols) {
    if (p.watchlist.includes(sym)) s += 1.5;
    if (p.holdings.some((h) => h.symbol === sym)) s += intent.ask === 'bought' ? 3 : 1.5;
    const topic = topicOfSymbol(sym);
    s += t.affinity[topic] * 3;
    if (t.rejects.includes(topic)) s -= 2;
  }
  if (intent.ask === 'levels') s += t.technical ? 3.5 : 0;
  switch (intent.family) {
    case 'macro': s += t.macro ? 3.5 : 0; break;
    case 'technical': s += t.technical ? 3.5 : 0; break;
    case 'dividend': s += t.dividend ? 3.5 : 0; break;
    case 'trading': s += t.trader ? 3.5 : 0; break;
    case 'crypto': s += t.affinity.Kripto * 6 - (t.rejects.includes('Kripto') ? 3 : 0); break;
    case 'fx': s += t.affinity.FX * 5; break;
    default: break;
  }
  switch (intent.kind) {
    case 'greeting': case 'newcomer': s += (t.warm ? 2.5 : 0) + (t.curious ? 1 : 0); break;
    case 'insult': case 'spam': s += (t.calm ? 2 : 0) + (t.neat ? 1 : 0); break;
    case 'off-topic': s += t.slang || t.warm ? 1.5 : 0; break;
    case 'market-question': s += t.curious ? -1 : 0.5; break;
    default: break;
  }
  return s;
}

/** The bot that last answered `speaker` in `transcript` (thanks go to it). */
export function lastHelper(transcript: readonly ChatMessage[], speaker: string): string | undefined {
  for (let i = transcript.length - 1; i >= 0; i--) {
    const m = transcript[i]!;
    if (m.botId === null || m.replyTo === undefined) continue;
    const target = transcript.find((x) => x.messageId === m.replyTo);
    if (target?.botId === null && target.speaker === speaker) return m.botId;
  }
  return undefined;
}

/** The best of `candidates` to answer `message` (read as `intent`), a little noise breaking near-ties. */
export function chooseAnswerer(candidates: readonly Persona[], message: ChatMessage, intent: MessageIntent, transcript: readonly ChatMessage[], rng: Rng): Persona | undefined {
  const helper = intent.kind === 'thanks' ? lastHelper(transcript, message.speaker) : undefined;
  let best: Persona | undefined;
  let bestScore = -Infinity;
  for (const p of candidates) {
    const score = answerFit(p, intent) + (p.id === helper ? 6 : 0) + rng.range(0, 1.2);
    if (score > bestScore) {
      best = p;
      bestScore = score;
    }
  }
  return best;
}

/** The member a person named (by handle) whom this bot answers for: the director gives a message to
 * an away bot to the best-placed member present, and that member's line should say so ("Ayşe şu an
 * yok, …") rather than answer as if asked itself. Undefined when the message named this bot, or no one. */
export function standingInFor(req: {
  readonly mode: string;
  readonly persona: Pick<Persona, 'handle'>;
  readonly target?: { readonly text: string; readonly human: boolean };
  readonly roster?: readonly RosterEntry[];
}): RosterEntry | undefined {
  const t = req.target;
  if (req.mode !== 'answer' || !t?.human || !req.roster?.length || mentions(t.text, req.persona)) return undefined;
  return req.roster.find((m) => mentions(t.text, m));
}
