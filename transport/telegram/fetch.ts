// The HTTP layer under grammY (its `fetch` client option, over the same node-fetch grammY uses by
// default): an answer that is not the Bot API's JSON shape — an HTTP 500 from a proxy, an HTML error
// page, a `{"message": …}` from an emulator — becomes a Telegram-shaped error carrying the HTTP status
// and the start of the body. grammY then throws a GrammyError with a real code and description (not
// "undefined undefined"), the breaker counts a 5xx, and the log line says what the server said.
import nodeFetch from 'node-fetch';

/** Characters of a non-Bot-API body kept in the description. */
const BODY_CHARS = 300;

type Fetch = typeof globalThis.fetch;

/** Is `v` the Bot API's answer shape? */
function telegramShaped(v: unknown): boolean {
  if (typeof v !== 'object' || v === null) return false;
  const o = v as { ok?: unknown; error_code?: unknown; description?: unknown };
  return o.ok === true || (o.ok === false && typeof o.error_code === 'number' && typeof o.description === 'string');
}

/** A fetch for grammY's client options: 2xx answers pass through untouched; any other answer that is not
 * Telegram-shaped is answered as `{ ok: false, error_code: <status>, description: "HTTP <status> …: <body>" }`. */
export function botApiFetch(inner: Fetch = nodeFetch): Fetch {
  return (async (url: Parameters<Fetch>[0], init?: Parameters<Fetch>[1]) => {
    const res = await inner(url, init);
    if (res.status >= 200 && res.status < 300) return res;
    const text = await res.text();
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      body = undefined;
    }
    const answer = telegramShaped(body) ? body : {
      ok: false,
      error_code: res.status,
      description: `HTTP ${res.status}${res.statusText ? ` ${res.statusText}` : ''}: ${text.replace(/\s+/g, ' ').trim().slice(0, BODY_CHARS) || '(empty body)'}`,
    };
    // grammY reads only `json()` of the answer.
    return { status: res.status, ok: false, json: async () => answer } as unknown as Response;
  }) as Fetch;
}
