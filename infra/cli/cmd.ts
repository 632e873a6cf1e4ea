// `piyasa cmd`: one command over NATS, its JSON answer printed (exit 0 ok, 1 ok:false, 2 no answer or
// bad input); `--watch <chat>` follows a chat's said/heard events live. Credentials from the standard
// NATS environment (infra/config/nats.ts).
import type { NatsConnection } from '@nats-io/transport-node';
import type { HeardEvent, SaidEvent } from '../../actors/index.ts';
import { ConfigError, natsEnv } from '../config/index.ts';
import { connectNats, NatsStartupError } from '../../transport/index.ts';
import { numberFlag, stringFlag, type Flags } from './args.ts';
import { untilStopped } from './run.ts';
import { SpeakerIndex, formatLine } from './transcript.ts';

/** `cluster` → piyasa.cmd; `demo` → piyasa.chat.demo.cmd; anything with a dot is a subject as is. */
export function commandSubject(target: string): string {
  if (target === 'cluster') return 'piyasa.cmd';
  return target.includes('.') ? target : `piyasa.chat.${target}.cmd`;
}

/** The body: JSON as given, or a bare word as `{"cmd": word}` (`piyasa cmd demo pause`). */
export function commandBody(raw: string | undefined): string | undefined {
  if (raw === undefined) return undefined;
  const text = raw.trim();
  if (/^[a-z][a-z.]*$/.test(text)) return JSON.stringify({ cmd: text });
  JSON.parse(text); // bad JSON is bad input: refused here, before anything is sent
  return text;
}

async function open(): Promise<NatsConnection | undefined> {
  let env;
  try {
    env = natsEnv();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(`piyasa cmd: ${error.message}`);
    return undefined;
  }
  if (!env) {
    console.error('piyasa cmd: NATS_URL is not set (e.g. NATS_URL=nats://127.0.0.1:4222, with NATS_USER/NATS_PASSWORD, NATS_TOKEN or NATS_CREDS)');
    return undefined;
  }
  try {
    return await connectNats({ ...env, name: 'piyasa-cmd', timeoutMs: 5_000 });
  } catch (error) {
    if (!(error instanceof NatsStartupError)) throw error;
    console.error(`piyasa cmd: ${error.message}`);
    return undefined;
  }
}

/** Sends one command; prints the answer. */
async function send(target: string, raw: string | undefined, timeout: number): Promise<number> {
  let body: string | undefined;
  try {
    body = commandBody(raw);
  } catch (error) {
    console.error(`piyasa cmd: the body is not valid JSON (${(error as Error).message}); e.g. '{"cmd":"status"}'`);
    return 2;
  }
  if (body === undefined) {
    console.error('piyasa cmd: give the command, e.g. piyasa cmd demo \'{"cmd":"status"}\' (see --help)');
    return 2;
  }
  const nc = await open();
  if (!nc) return 2;
  const subject = commandSubject(target);
  try {
    const reply = await nc.request(subject, body, { timeout });
    let answer: { ok?: unknown };
    try {
      answer = JSON.parse(reply.string()) as { ok?: unknown };
    } catch {
      console.error(`piyasa cmd: the answer on ${subject} is not JSON: ${reply.string().slice(0, 200)}`);
      return 2;
    }
    console.log(JSON.stringify(answer, null, 2));
    return answer.ok === true ? 0 : 1;
  } catch (error) {
    const e = error as Error & { code?: string };
    const why = /no responders/i.test(`${e.message} ${e.code ?? ''}`) ? 'no node is listening' : /timeout/i.test(`${e.name} ${e.message}`) ? `no answer within ${timeout} ms` : e.message;
    console.error(`piyasa cmd: ${subject}: ${why}`);
    return 2;
  } finally {
    await nc.close();
  }
}

/** Follows a chat's (or every chat's: `*`) said and heard events until Ctrl+C; `json` prints them raw. */
async function watch(chat: string, json: boolean): Promise<number> {
  if (!/^([a-z0-9_-]{1,64}|\*)$/.test(chat)) {
    console.error(`piyasa cmd --watch: "${chat}" is not a chat id (a-z, 0-9, _ and -, or * for every chat)`);
    return 2;
  }
  const nc = await open();
  if (!nc) return 2;
  const speakers = new SpeakerIndex();
  const ansi = process.stdout.isTTY === true;
  let refused = '';
  const print = (kind: 'said' | 'heard', e: SaidEvent | HeardEvent): void => {
    if (json) return void console.log(JSON.stringify({ event: kind, ...e }));
    speakers.note(e.chat, e.messageId, e.speaker);
    const line = {
      at: e.at, chat: e.chat, speaker: e.speaker, messageId: e.messageId, text: 'edited' in e && e.edited ? `(edited) ${e.text}` : e.text, human: kind === 'heard',
      ...(e.replyTo !== undefined ? { replyTo: e.replyTo, replyToSpeaker: speakers.speaker(e.chat, e.replyTo) } : {}),
      ...('mood' in e && e.mood ? { mood: e.mood } : {}), ...('reaction' in e && e.reaction ? { reaction: true } : {}),
    };
    console.log(`${chat === '*' ? `[${e.chat}] ` : ''}${formatLine(line as Parameters<typeof formatLine>[0], 'Europe/Istanbul', ansi)}`);
  };
  for (const kind of ['said', 'heard'] as const) {
    nc.subscribe(`piyasa.chat.${chat}.${kind}`, {
      callback: (error, m) => {
        if (error) return void (refused = error.message);
        try {
          print(kind, m.json<SaidEvent | HeardEvent>());
        } catch {
          console.error(`piyasa cmd --watch: an event on ${m.subject} is not JSON`);
        }
      },
    });
  }
  await nc.flush();
  void (async () => {
    for await (const s of nc.status()) if (s.type === 'error') refused = String((s as { error?: Error }).error?.message);
  })();
  await new Promise((r) => setTimeout(r, 200));
  if (refused) {
    console.error(`piyasa cmd --watch: the server refused: ${refused}`);
    await nc.close();
    return 2;
  }
  console.error(`watching ${chat === '*' ? 'every chat' : `chat ${chat}`} (said and heard) — Ctrl+C stops`);
  await Promise.race([untilStopped(), nc.closed()]);
  await nc.close().catch(() => undefined);
  return 0;
}

export async function cmdCommand(flags: Flags, rest: readonly string[]): Promise<number> {
  const timeout = numberFlag(flags, 'timeout', 35_000, { min: 1, integer: true });
  if (flags.watch !== undefined) return watch(stringFlag(flags, 'watch', ''), flags.json === true);
  const [target, raw, extra] = rest;
  if (!target || extra !== undefined) {
    console.error('piyasa cmd: usage: piyasa cmd <chat|cluster|subject> \'<json>\' (see --help)');
    return 2;
  }
  return send(target, raw, timeout);
}
