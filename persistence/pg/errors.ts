// What a failed write means: the database is away (keep the write queued and retry) or one row is bad
// (drop that row alone, with its reason). Only data and integrity errors (SQLSTATE classes 22 and 23)
// are a row's fault; everything else — a lost connection, a server shutting down, a dropped database,
// a revoked login or privilege, a full disk, an error we do not know — keeps the data.

export type DbFault =
  /** Retry later; nothing is dropped. */
  /** `family`: what kind of absence — a lost connection, a dropped database, a refused login, a revoked
   * privilege, … — so a log can say once per kind. */
  | { readonly kind: 'away'; readonly reason: string; readonly family: string }
  /** This row can never be written as it is. */
  | { readonly kind: 'row'; readonly reason: string };

/** SQLSTATE classes and codes named in the reasons (the rest keep PostgreSQL's own message). */
const AWAY_CODES: Readonly<Record<string, string>> = {
  '57P01': 'the server is shutting down (57P01)',
  '57P02': 'the server crashed (57P02)',
  '57P03': 'the server is starting or in recovery (57P03)',
  '3D000': 'the database does not exist any more (3D000)',
  '42501': 'permission denied (42501)',
};

const NETWORK = /^E(CONNREFUSED|CONNRESET|PIPE|TIMEDOUT|HOSTUNREACH|NETUNREACH|NOTFOUND|AI_AGAIN)$/;

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0]!;
}

/** The SQLSTATE or system error code of `error` (pg's DatabaseError, a socket error, or MikroORM's wrapper). */
export function errorCode(error: unknown): string | undefined {
  const e = error as { code?: unknown; cause?: unknown; errors?: { code?: unknown }[] } | undefined;
  if (typeof e?.code === 'string') return e.code;
  const inner = e?.errors?.[0]?.code ?? (e?.cause as { code?: unknown } | undefined)?.code;
  return typeof inner === 'string' ? inner : undefined;
}

/** Classifies a failed statement or transaction (see the file header). */
export function classifyDbError(error: unknown): DbFault {
  const code = errorCode(error);
  const text = firstLine(error);
  if (code && /^2[23][0-9A-Z]{3}$/.test(code)) return { kind: 'row', reason: `${text} (${code})` };
  const away = (family: string, reason: string): DbFault => ({ kind: 'away', reason, family });
  if (code === '3D000') return away('database', `${AWAY_CODES[code]}: ${text}`);
  if (code === '42501') return away('privilege', `${AWAY_CODES[code]}: ${text}`);
  if (code && AWAY_CODES[code]) return away('connection', `${AWAY_CODES[code]}: ${text}`);
  if (code?.startsWith('28')) return away('login', `the login was refused (${code}): ${text}`);
  if (code?.startsWith('08') || (code && NETWORK.test(code))) return away('connection', `no connection (${code}): ${text}`);
  if (code?.startsWith('53')) return away('resources', `the server is out of resources (${code}): ${text}`);
  if (!code) return away('connection', text);
  return away(code, `${text} (${code})`);
}

/** A lost connection (not a refused statement): kept for callers that only ask "is it the network?". */
export function isConnectionError(error: unknown): boolean {
  const code = errorCode(error);
  if ((error as { name?: string } | undefined)?.name === 'ConnectionException') return true;
  if (code && (/^(08|57P0)/.test(code) || NETWORK.test(code))) return true;
  return /connect|terminat|ECONN|timeout|Connection ended|not queryable/i.test(firstLine(error));
}
