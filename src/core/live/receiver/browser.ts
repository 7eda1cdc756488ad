// Telling a web page's request from a telemetry client's. A page the developer visits can reach 127.0.0.1, and
// some requests need no CORS preflight (a `no-cors` POST whose body has no type, or text/plain): the browser
// sends them and only hides the answer. Exporters, collectors and forwarders send no `Origin` and no
// `Sec-Fetch-*` headers, which a browser always adds and a page cannot remove. So a request with any of them is
// a browser's, and it is taken only from an origin the user listed (`threadline.receiver.allowedOrigins`).

import type { IncomingHttpHeaders } from 'node:http';

export interface BrowserVerdict {
  /** The request carries headers only a browser sends. */
  browser: boolean;
  /** Its `Origin` ("http://localhost:3000"), "null" for an opaque one, or null when absent. */
  origin: string | null;
  /** A browser request from a listed origin: serve it, with CORS headers. */
  allowed: boolean;
}

const BROWSER_HEADERS = ['origin', 'sec-fetch-site', 'sec-fetch-mode', 'sec-fetch-dest', 'sec-fetch-user'] as const;

/** "HTTP://LocalHost:3000/" → "http://localhost:3000"; null for what is not an origin. */
export function normalizeOrigin(text: string): string | null {
  const t = text.trim();
  if (t === '' || t === 'null') return null;
  try {
    const u = new URL(t);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') return null;
    return u.origin;
  } catch {
    return null;
  }
}

function header(headers: IncomingHttpHeaders, name: string): string | null {
  const v = headers[name];
  if (v === undefined) return null;
  return Array.isArray(v) ? v.join(',') : v;
}

export function judgeRequest(headers: IncomingHttpHeaders, allowedOrigins: ReadonlySet<string>): BrowserVerdict {
  const browser = BROWSER_HEADERS.some((h) => header(headers, h) !== null);
  const raw = header(headers, 'origin');
  const origin = raw === null ? null : raw.trim();
  if (!browser) return { browser: false, origin: null, allowed: false };
  const normal = origin === null ? null : normalizeOrigin(origin);
  // A browser request without an Origin (some navigations) or with an opaque one is never allowed.
  return { browser: true, origin, allowed: normal !== null && allowedOrigins.has(normal) };
}

/** The settings' list as a set of normalised origins; entries that are not origins are returned as `invalid`. */
export function parseAllowedOrigins(list: readonly unknown[] | undefined): { origins: Set<string>; invalid: string[] } {
  const origins = new Set<string>();
  const invalid: string[] = [];
  for (const v of list ?? []) {
    const o = typeof v === 'string' ? normalizeOrigin(v) : null;
    if (o) origins.add(o);
    else invalid.push(String(v));
  }
  return { origins, invalid };
}

/** Headers that let an allowed page read the answer (and send the request after a preflight). */
export function corsHeaders(origin: string): Record<string, string> {
  return { 'Access-Control-Allow-Origin': origin, 'Access-Control-Allow-Credentials': 'true', Vary: 'Origin' };
}

/** Request headers an allowed page may send (what OTel's browser exporters set). */
const PREFLIGHT_HEADERS = 'Content-Type, Content-Encoding';

export function preflightHeaders(origin: string): Record<string, string> {
  return {
    ...corsHeaders(origin),
    'Access-Control-Allow-Methods': 'POST',
    'Access-Control-Allow-Headers': PREFLIGHT_HEADERS,
    'Access-Control-Max-Age': '600',
  };
}

const HTTP_METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'CONNECT', 'OPTIONS', 'TRACE', 'PATCH']);
/** How much of a connection's start is looked at for a request line before deciding it is data. */
export const SNIFF_BYTES = 8192;

/**
 * Whether a TCP connection's first bytes are an HTTP request line (`POST / HTTP/1.1`): what a browser's fetch
 * to the JSON-lines port sends. 'undecided' while the first line is incomplete and could still be one.
 */
export function sniffHttpRequest(head: Buffer): 'http' | 'data' | 'undecided' {
  const nl = head.indexOf(10);
  const end = nl < 0 ? Math.min(head.length, SNIFF_BYTES) : nl;
  const sp = head.indexOf(32);
  // the method token: upper-case letters up to the first space
  const tokenEnd = sp < 0 || sp > end ? end : sp;
  for (let i = 0; i < tokenEnd; i++) if (head[i]! < 65 || head[i]! > 90) return 'data';
  if (tokenEnd > 7) return 'data';
  if (nl < 0) return head.length >= SNIFF_BYTES ? 'data' : 'undecided';
  const line = head.toString('latin1', 0, nl).replace(/\r$/, '');
  const m = /^([A-Z]+) \S+ HTTP\/\d(?:\.\d)?$/.exec(line);
  return m && HTTP_METHODS.has(m[1]!) ? 'http' : 'data';
}

/** The Origin header of a raw HTTP request head, when it is in the bytes given. */
export function originInHead(head: Buffer): string | null {
  const text = head.toString('latin1', 0, Math.min(head.length, SNIFF_BYTES));
  const m = /\r?\norigin:[ \t]*([^\r\n]*)/i.exec(text);
  return m ? m[1]!.trim() : null;
}
