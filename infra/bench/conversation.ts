// `piyasa bench conversation`: does the demo group read like people? 24 simulated hours of the demo
// config with nobody else in the group and 24 with a scripted person, two seeds each, on a virtual
// clock with the offline generator; the figures come from conversation-metrics.ts, which reads the
// transcript with its own tokeniser, symbol table and BIST calendar.
import { seededRng, type Rng } from '../../actors/index.ts';
import { VirtualClock } from '../../transport/index.ts';
import { DEMO_CONFIG_PATH, loadConfig, type Config } from '../config/index.ts';
import { createSingleNode, type SingleNode } from '../root/single.ts';
import { memoryLogger } from '../log.ts';
import { numberFlag, type Flags } from '../cli/args.ts';
import { Progress } from './progress.ts';
import { classifierAccuracy, measure, type Figures, type Line, type PersonaFacts } from './conversation-metrics.ts';

const HOUR = 3_600_000;
/** Monday 2026-11-23 06:00 in Istanbul, as in the simulations. */
export const CONVERSATION_START = Date.UTC(2026, 10, 23, 3, 0, 0);

/** What the scripted person says, every kind a group sees, in Turkish and English. */
export const PERSON_LINES: readonly string[] = [
  'bugün piyasa nasıl?', 'dolar nereye gider sizce?', 'BTC için ne düşünüyorsunuz?', 'THYAO alınır mı şimdi?',
  'faiz kararı borsayı nasıl etkiler?', 'gram altın pahalı mı sizce?', 'temettü verimi ne demek tam olarak?', 'RSI nedir, nasıl okunur?',
  'ASELS için destek neresi?', 'enflasyon neden düşmüyor bir türlü?', 'bence bankalar bu ay uçar', 'dolar yıl sonu 55 olur bence',
  'selam millet', 'merhaba, gruba yeni katıldım', 'günaydın herkese', 'teşekkürler, çok yardımcı oldunuz', 'sağ olun hocam',
  'hepiniz bot musunuz ya, saçmalıyorsunuz', 'KAZANÇ GRUBUNA KATIL t.me/parakazan %500 kazanç', 'dün maçı izleyen var mı?',
  'akşam ne yesem bilemedim', 'hi everyone, what do you think about bitcoin?', 'is THYAO a good buy right now?', 'thanks guys!',
];

function demo(): Config {
  const base = loadConfig(DEMO_CONFIG_PATH);
  return { ...base, chats: base.chats.map((c) => ({ ...c, script: [] })) };
}

/** A person in the group from `from` to `until`: every 10–45 minutes a line; a quarter of them mention
 * a bot, a fifth reply to a recent bot line, the rest speak to the group. */
function person(node: SingleNode, chatId: string, clock: VirtualClock, rng: Rng, from: number, until: number): void {
  const bots = [...node.personas.values()];
  for (let t = from + rng.range(5, 20) * 60_000; t < until; t += rng.range(10, 45) * 60_000) {
    clock.setTimer(t - clock.now(), () => {
      const text = rng.pick(PERSON_LINES);
      const recent = node.telegram.sent.filter((s) => s.chatId === chatId).slice(-4);
      const roll = rng.next();
      if (roll < 0.25) node.telegram.human({ chatId, username: 'deniz', text: `@${rng.pick(bots).handle} ${text}` });
      else if (roll < 0.45 && recent.length) node.telegram.human({ chatId, username: 'deniz', text, replyTo: rng.pick(recent).messageId });
      else node.telegram.human({ chatId, username: 'deniz', text });
    });
  }
}

export interface ConversationRun {
  readonly seed: number;
  readonly people: boolean;
  readonly lines: readonly Line[];
  readonly figures: Figures;
}

/** One run: `hours` simulated hours of the demo chat from `start`. */
export async function conversationRun(opts: { seed: number; people: boolean; hours: number; start?: number }, tick?: (simMinutes: number) => void): Promise<ConversationRun> {
  const config = demo();
  const start = opts.start ?? CONVERSATION_START;
  const clock = new VirtualClock(start);
  const node = createSingleNode({ config, clock, seed: opts.seed, logger: memoryLogger('error'), script: false });
  const chatId = config.chats[0]!.id;
  const until = start + opts.hours * HOUR;
  if (opts.people) person(node, chatId, clock, seededRng(opts.seed).fork('person'), start, until);
  node.start();
  try {
    for (let t = start; t < until;) {
      t = Math.min(until, t + HOUR / 4);
      await clock.runUntil(t, () => node.system.settle());
      tick?.((t - start) / 60_000);
    }
  } finally {
    await node.stop();
  }
  const lines: Line[] = node.transcripts.all(chatId).filter((m) => !m.reaction)
    .map((m) => ({ messageId: m.messageId, botId: m.botId, speaker: m.speaker, text: m.text, at: m.at, ...(m.replyTo !== undefined ? { replyTo: m.replyTo } : {}) }));
  const personas: PersonaFacts[] = config.bots.map((b) => ({
    id: b.id, name: b.name, handle: b.handle, holdings: b.holdings.map((h) => h.symbol), stances: b.stances.map((s) => s.text), anecdotes: b.anecdotes,
  }));
  return { seed: opts.seed, people: opts.people, lines, figures: measure(lines, personas) };
}

const pct = (n: number, d: number): string => (d === 0 ? '—' : `${((100 * n) / d).toFixed(1)} %`);
const mark = (ok: boolean): string => (ok ? 'met' : 'MISSED');
const clockText = (at: number): string => new Date(at + 3 * HOUR).toISOString().slice(11, 16);

function report(r: ConversationRun): void {
  const f = r.figures;
  const top = f.topSkeletons[0];
  console.log(`\n${r.people ? 'with a scripted person' : 'no people'}, seed ${r.seed}: ${f.botLines} bot lines, ${f.humanLines} from the person, ${f.sentences} bot sentences`);
  console.log(`  replies to another bot:         ${pct(f.repliesToBots, f.botLines)} of bot lines (${f.repliesToBots})${r.people ? '' : `  target ≥ 25 %: ${mark(f.repliesToBots >= 0.25 * f.botLines)}`}`);
  console.log(`  bot questions answered:         ${pct(f.botQuestionsAnswered, f.botQuestions)} (${f.botQuestionsAnswered} of ${f.botQuestions})  target ≥ 50 %: ${mark(f.botQuestionsAnswered >= 0.5 * f.botQuestions)}`);
  console.log(`  most frequent sentence skeleton: ${pct(top?.count ?? 0, f.sentences)} (${top?.count ?? 0}× "${top?.skeleton ?? ''}")  target ≤ 1 %: ${mark((top?.count ?? 0) <= 0.01 * f.sentences)}`);
  for (const s of f.topSkeletons.slice(1, 4)) console.log(`      next: ${s.count}× "${s.skeleton}"`);
  console.log(`  stance/anecdote verbatim repeats: ${f.verbatimRepeats}  target 0: ${mark(f.verbatimRepeats === 0)}${f.repeatExamples.length ? ` — ${f.repeatExamples.slice(0, 3).join('; ')}` : ''}`);
  console.log(`  lines quoting a number:         ${pct(f.linesWithNumber, f.botLines)}  target ≤ 40 %: ${mark(f.linesWithNumber <= 0.4 * f.botLines)}`);
  console.log(`  longest run of one speaker:     ${f.longestRun.length} (${f.longestRun.speaker})  target ≤ 2: ${mark(f.longestRun.length <= 2)}`);
  console.log(`  position claims not held:       ${f.positionNotHeld.length}  target 0: ${mark(f.positionNotHeld.length === 0)}`);
  for (const e of f.positionNotHeld.slice(0, 3)) console.log(`      ${clockText(e.at)} ${e.speaker}: ${e.text}`);
  console.log(`  BIST moves while BIST is closed: ${f.bistClosedMoves.length}  target 0: ${mark(f.bistClosedMoves.length === 0)}`);
  for (const e of f.bistClosedMoves.slice(0, 3)) console.log(`      ${clockText(e.at)} ${e.speaker}: ${e.text}`);
  console.log(`  bot lines per hour (Istanbul 00…23): ${f.perHour.join(' ')}`);
}

export async function benchConversation(flags: Flags): Promise<number> {
  const hours = numberFlag(flags, 'hours', 24, { min: 1 });
  const seedA = numberFlag(flags, 'seed', 1, { min: 0, integer: true });
  const seedB = seedA + 1;
  console.log(`piyasa bench conversation — node ${process.version}, the demo config (6 personas, offline generator), ${hours} simulated hours from Monday 06:00 Istanbul per run, seeds ${seedA} and ${seedB}`);
  const progress = new Progress('simulated minutes');
  const plan = [{ seed: seedA, people: false }, { seed: seedB, people: false }, { seed: seedA, people: true }, { seed: seedB, people: true }];
  const runs: ConversationRun[] = [];
  const t0 = performance.now();
  for (const [i, p] of plan.entries()) {
    runs.push(await conversationRun({ ...p, hours }, (m) => progress.update(Math.round(i * hours * 60 + m), plan.length * hours * 60, performance.now() - t0)));
  }
  progress.done();
  for (const r of runs) report(r);
  console.log('\npersona classifier (word and emoji counts, naive Bayes), trained on one seed and tested on the other:');
  let allOk = true;
  for (const people of [false, true]) {
    const [a, b] = runs.filter((r) => r.people === people);
    const ab = classifierAccuracy(a!.lines, b!.lines);
    const ba = classifierAccuracy(b!.lines, a!.lines);
    const acc = Math.min(ab.correct / ab.total, ba.correct / ba.total);
    allOk &&= acc >= 0.9;
    console.log(`  ${people ? 'with a person' : 'no people'}: ${seedA}→${seedB} ${pct(ab.correct, ab.total)}, ${seedB}→${seedA} ${pct(ba.correct, ba.total)}  target ≥ 90 %: ${mark(acc >= 0.9)}`);
  }
  console.log(`\n${(performance.now() - t0) / 1000 | 0} s wall for ${plan.length} runs`);
  return 0;
}
