// Liveness and readiness: /healthz says the process answers; /readyz runs every registered check
// (database, NATS, Telegram, partitions held) with a deadline and names what is not ready.
import type { HttpRoute } from '../../transport/index.ts';
import { sendJson } from '../../transport/index.ts';

/** One readiness check: resolves to undefined when ready, or to why not (one line, no secret). */
export type ReadyCheck = () => Promise<string | undefined> | string | undefined;

/** How long one check may take before it counts as not ready. */
export const CHECK_DEADLINE_MS = 2_000;

/** The node's readiness checks, by name; parts add theirs as they start and remove them as they stop. */
export class Readiness {
  private readonly checks = new Map<string, ReadyCheck>();

  add(name: string, check: ReadyCheck): () => void {
    this.checks.set(name, check);
    return () => {
      if (this.checks.get(name) === check) this.checks.delete(name);
    };
  }

  /** Every check at once, each within `deadlineMs`: name → 'ok' or why it is not ready. */
  async run(deadlineMs = CHECK_DEADLINE_MS): Promise<{ ready: boolean; checks: Record<string, string> }> {
    const entries = await Promise.all([...this.checks].map(async ([name, check]) => [name, await within(check, deadlineMs)] as const));
    const checks: Record<string, string> = {};
    let ready = true;
    for (const [name, problem] of entries) {
      checks[name] = problem ?? 'ok';
      if (problem !== undefined) ready = false;
    }
    return { ready, checks };
  }
}

async function within(check: ReadyCheck, ms: number): Promise<string | undefined> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      Promise.resolve().then(check),
      new Promise<string>((resolve) => {
        timer = setTimeout(() => resolve(`no answer within ${ms} ms`), ms);
      }),
    ]);
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  } finally {
    clearTimeout(timer);
  }
}

/** GET /healthz (alive: 200 while the event loop answers) and GET /readyz (200 when every check
 * passes, else 503 with `notReady` naming each failing check and why). */
export function healthRoutes(readiness: Readiness, node: { readonly id: string; readonly startedAt: number }): HttpRoute[] {
  return [
    { method: 'GET', path: '/healthz', handle: (_req, res) => sendJson(res, 200, { ok: true, node: node.id, uptimeSec: Math.round((Date.now() - node.startedAt) / 1000) }) },
    {
      method: 'GET', path: '/readyz',
      handle: async (_req, res) => {
        const { ready, checks } = await readiness.run();
        const notReady = Object.fromEntries(Object.entries(checks).filter(([, v]) => v !== 'ok'));
        sendJson(res, ready ? 200 : 503, { ready, node: node.id, checks, ...(ready ? {} : { notReady }) });
      },
    },
  ];
}
