// The console's calls to its server: JSON over fetch with the session cookie (same origin only), one
// error shape ({error, field}) for every refusal, and the live feed over EventSource.

export type Role = 'viewer' | 'operator' | 'admin';

export interface Me {
  readonly username: string;
  readonly role: Role;
  readonly totp: boolean;
}

/** A refusal from the server: the line to show, and the field it belongs to when there is one. */
export class ApiError extends Error {
  constructor(readonly status: number, message: string, readonly field?: string, readonly body?: Record<string, unknown>) {
    super(message);
  }
}

const BASE = new URL('./api', document.baseURI).pathname;

async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${BASE}${path}`, {
    method, credentials: 'same-origin',
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const data = (await res.json().catch(() => ({}))) as Record<string, unknown>;
  if (!res.ok || data.ok === false) {
    throw new ApiError(res.status, typeof data.error === 'string' ? data.error : `HTTP ${res.status}`, typeof data.field === 'string' ? data.field : undefined, data);
  }
  return data as T;
}

export const api = {
  get: <T>(path: string) => call<T>('GET', path),
  post: <T = Record<string, unknown>>(path: string, body: unknown) => call<T>('POST', path, body),
  patch: <T = Record<string, unknown>>(path: string, body: unknown) => call<T>('PATCH', path, body),
  /** A chat command (pause, resume, pace, say, news …) through the one command service. */
  chat: <T = Record<string, unknown>>(chatId: string, body: Record<string, unknown>) => call<T>('POST', `/chats/${encodeURIComponent(chatId)}/command`, body),
  /** A cluster command (bots.add, chats.add, settings.set …) through the one command service. */
  cluster: <T = Record<string, unknown>>(body: Record<string, unknown>) => call<T>('POST', '/command', body),
};

/** Opens the live feed; `on` gets each event's name and data. Returns a closer. */
export function live(on: (event: 'figures' | 'lines', data: unknown) => void, onState: (open: boolean) => void): () => void {
  const source = new EventSource(`${BASE}/events`, { withCredentials: true });
  source.addEventListener('figures', (e) => on('figures', JSON.parse((e as MessageEvent<string>).data)));
  source.addEventListener('lines', (e) => on('lines', JSON.parse((e as MessageEvent<string>).data)));
  source.onopen = () => onState(true);
  source.onerror = () => onState(false);
  return () => source.close();
}

export interface TranscriptLine {
  readonly id: number;
  readonly chatId: string;
  readonly botId: string | null;
  readonly speaker: string;
  readonly text: string;
  readonly telegramMessageId: number | null;
  readonly replyTo: number | null;
  readonly topic: string | null;
  readonly reaction: boolean;
  readonly at: number;
  readonly createdAt: number;
}

export interface BotRow {
  readonly id: string;
  readonly handle: string;
  readonly name: string;
  readonly enabled: boolean;
  readonly token: string | null;
  readonly persona: Record<string, unknown>;
  readonly chats: readonly string[];
  readonly emotion: Record<string, number> | null;
  readonly sentLastHour: number;
  readonly sentTotal: number;
}

export interface BotDetail extends BotRow {
  readonly stances: readonly { topic: string; text: string; confidence: number; cooldownUntil: number | null }[];
  readonly holdings: readonly { symbol: string; avgPrice: number; size: number; note: string | null }[];
  readonly memories: readonly { id: number; kind: string; content: string; about: string | null; relevance: number; usageCount: number; createdAt: number }[];
}

export interface ChatRow {
  readonly id: string;
  readonly title: string;
  readonly timezone: string;
  readonly enabled: boolean;
  readonly config: Record<string, unknown>;
  readonly members: readonly string[];
  readonly messagesLastHour: number;
}
