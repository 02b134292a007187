// Who may talk to the dashboard's server. It listens on loopback only, but a web page the user
// has open elsewhere can still reach loopback: by DNS rebinding (a name of the attacker's that
// now points at 127.0.0.1, so the Host header is that name) or by a cross-site request (the
// Origin header is the other site). So every request must carry the run's random token (the
// Authorization header, the `t` query parameter of the printed URL, or the cookie that URL set)
// and name this server in Host, and in Origin when a browser sends one.
import { randomBytes, timingSafeEqual } from 'node:crypto';

export type GuardVerdict =
  | { ok: true; setCookie?: string }
  | { ok: false; status: 401 | 403; reason: string };

export interface GuardRequest {
  method: string;
  url: URL;
  headers: Record<string, string | string[] | undefined>;
}

/** A fresh token for one run: 32 random bytes, URL-safe. */
export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

/** The cookie name carries the port: cookies are shared between ports of one host. */
export function cookieName(port: number): string {
  return `repo_runner_dashboard_${port}`;
}

/** The Host values that name this server. */
export function allowedHosts(port: number): string[] {
  return [`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`];
}

/** Checks Host, Origin and the token; a valid `?t=` also gives the cookie to set. */
export function checkRequest(request: GuardRequest, port: number, token: string, extraOrigins: readonly string[] = []): GuardVerdict {
  const host = header(request.headers, 'host');
  if (!host || !allowedHosts(port).includes(host.toLowerCase())) return { ok: false, status: 403, reason: `Host "${host ?? ''}" is not this server` };
  const origin = header(request.headers, 'origin');
  if (origin !== undefined && origin !== 'null') {
    const allowed = [...allowedHosts(port).map((h) => `http://${h}`), ...extraOrigins];
    if (!allowed.includes(origin.toLowerCase())) return { ok: false, status: 403, reason: `Origin "${origin}" may not use this server` };
  } else if (origin === 'null') {
    return { ok: false, status: 403, reason: 'an opaque Origin may not use this server' };
  }
  // Browsers also say where a request comes from in Sec-Fetch-Site: another site is refused even without Origin.
  const site = header(request.headers, 'sec-fetch-site');
  if (site === 'cross-site') return { ok: false, status: 403, reason: 'cross-site requests are refused' };

  const authorization = header(request.headers, 'authorization');
  const bearer = authorization?.match(/^Bearer\s+(\S+)$/i)?.[1];
  if (bearer !== undefined) return same(bearer, token) ? { ok: true } : { ok: false, status: 401, reason: 'wrong token' };
  const query = request.url.searchParams.get('t');
  if (query !== null) {
    if (!same(query, token)) return { ok: false, status: 401, reason: 'wrong token' };
    return { ok: true, setCookie: `${cookieName(port)}=${token}; HttpOnly; SameSite=Strict; Path=/` };
  }
  const cookie = readCookie(header(request.headers, 'cookie'), cookieName(port));
  if (cookie !== undefined) return same(cookie, token) ? { ok: true } : { ok: false, status: 401, reason: 'wrong token' };
  return { ok: false, status: 401, reason: 'a token is required (Authorization: Bearer, or the ?t= of the printed URL)' };
}

function header(headers: GuardRequest['headers'], name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function readCookie(cookies: string | undefined, name: string): string | undefined {
  for (const part of (cookies ?? '').split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) return rest.join('=');
  }
  return undefined;
}

/** Compares in constant time, so the token cannot be guessed byte by byte. */
function same(given: string, token: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}
