// One GET of a JSON answer from a remote store, with the limits every store client needs: a time limit that
// covers the whole exchange (connect, headers, body), a cap on the body's size, and failures sorted into
// `RemoteTraceError` kinds. Node's fetch; nothing here knows a particular store's API.

import { RemoteTraceError } from './traceStore';

export interface HttpLimits {
  /** Whole-exchange time limit (default 15 s). */
  timeoutMs?: number;
  /** Largest body read (default 64 MiB). */
  maxBytes?: number;
  /** Extra request headers (e.g. Authorization). */
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

export interface JsonAnswer {
  status: number;
  /** Parsed body, or undefined when the body was not JSON. */
  value: unknown;
  contentType: string;
  /** The body's first characters on one line, for messages. */
  excerpt: string;
}

export const DEFAULT_TIMEOUT_MS = 15_000;
export const DEFAULT_MAX_BYTES = 64 * 1024 * 1024;

/** GET `url`; resolves with any HTTP status (the caller decides what 404 means), rejects only as documented. */
export async function getJson(url: string, limits: HttpLimits = {}): Promise<JsonAnswer> {
  const timeoutMs = limits.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const maxBytes = limits.maxBytes ?? DEFAULT_MAX_BYTES;
  const timeout = AbortSignal.timeout(timeoutMs);
  const signal = limits.signal ? AbortSignal.any([timeout, limits.signal]) : timeout;
  const failed = (e: unknown): never => {
    if (timeout.aborted) {
      throw new RemoteTraceError('timeout', `${shortUrl(url)} did not answer within ${seconds(timeoutMs)}`, url);
    }
    if (limits.signal?.aborted) throw e; // the caller cancelled: let its AbortError through
    if (e instanceof RemoteTraceError) throw e;
    throw new RemoteTraceError('unreachable', `cannot reach ${shortUrl(url)}: ${networkReason(e)}`, url);
  };

  let res: Response;
  try {
    // A redirect is not followed: credentials must not travel to another address than the one they were given for.
    res = await fetch(url, { signal, headers: { accept: 'application/json', ...limits.headers }, redirect: 'manual' });
  } catch (e) {
    return failed(e);
  }
  const contentType = res.headers.get('content-type') ?? '';
  if (res.status >= 300 && res.status < 400) {
    await res.body?.cancel().catch(() => undefined);
    const to = res.headers.get('location');
    return { status: res.status, value: undefined, contentType, excerpt: to ? `redirects to ${to}` : 'a redirect' };
  }
  let bytes: Uint8Array;
  try {
    const declared = Number(res.headers.get('content-length') ?? NaN);
    if (declared > maxBytes) throw tooLarge(url, maxBytes);
    bytes = await readCapped(res, maxBytes, url);
  } catch (e) {
    return failed(e);
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return { status: res.status, value: undefined, contentType, excerpt: '(binary data)' };
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    value = undefined;
  }
  return { status: res.status, value, contentType, excerpt: excerptOf(text) };
}

async function readCapped(res: Response, maxBytes: number, url: string): Promise<Uint8Array> {
  if (!res.body) return new Uint8Array(0);
  const reader = res.body.getReader();
  const parts: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge(url, maxBytes);
    }
    parts.push(value);
  }
  const out = new Uint8Array(size);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.byteLength;
  }
  return out;
}

const tooLarge = (url: string, maxBytes: number) =>
  new RemoteTraceError('too-large', `${shortUrl(url)} answered more than ${(maxBytes / 1048576).toFixed(0)} MiB`, url);

/** The system's reason for a failed connection (fetch wraps it as `cause`). */
function networkReason(e: unknown): string {
  const cause = (e as { cause?: { code?: string; message?: string } })?.cause;
  const code = cause?.code ?? (e as { code?: string })?.code;
  const known: Record<string, string> = {
    ECONNREFUSED: 'connection refused (is the server running, and on this port?)',
    ENOTFOUND: 'host not found',
    EAI_AGAIN: 'host name lookup failed',
    ECONNRESET: 'the connection was reset',
    EHOSTUNREACH: 'host unreachable',
    ENETUNREACH: 'network unreachable',
    UND_ERR_SOCKET: 'the connection closed before an answer',
  };
  if (code && known[code]) return known[code]!;
  const msg = cause?.message ?? (e as Error)?.message ?? String(e);
  return code ? `${code}: ${msg}` : msg;
}

function excerptOf(text: string): string {
  const one = text.replace(/\s+/g, ' ').trim();
  return one.length > 120 ? `${one.slice(0, 120)}…` : one;
}

/** The URL without its query, for messages (queries can be long; IDs in paths stay). */
export function shortUrl(url: string): string {
  const q = url.indexOf('?');
  return q < 0 ? url : url.slice(0, q);
}

function seconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${(ms / 1000).toFixed(1)} s`;
}
