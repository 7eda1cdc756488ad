// OTLP/HTTP (traces, logs; JSON and protobuf) and Zipkin v2 JSON over one request handler. Answers follow the
// OTLP/HTTP specification: 200 with an Export*ServiceResponse in the request's encoding (partial_success when
// the importer could not read some items), 400 with a google.rpc.Status for malformed bodies, 413 past the size
// cap, 415 for other media types or encodings, 404/405 for other paths and methods, 503 + Retry-After while a
// paused source's buffer is full and 429 + Retry-After while the bodies being read at once reach their budget
// (exporters retry those). Requests a web page made are refused with 403 unless their origin is allowed
// (browser.ts). Bodies go to the session as whole documents; the trace importers read them, this module never
// maps OTLP to spans itself.

import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { SourceSummary } from '../../session/api';
import type { PausableSink } from '../pausable';
import { BodyBudget, BodyError, readBody } from './body';
import { corsHeaders, judgeRequest, preflightHeaders } from './browser';
import {
  decodeLogsRequest,
  decodeTraceRequest,
  encodeExportResponse,
  encodeStatus,
  type PartialSuccess,
} from './otlpProto';

export type Endpoint = 'otlp-traces' | 'otlp-logs' | 'zipkin';

export interface RequestEvent {
  endpoint: Endpoint | null;
  path: string;
  status: number;
  remote: string;
  /** Items in an accepted body (spans or log records). */
  items: number;
  rejected: number;
  message: string | null;
  /** Set when the request came from a browser page that is not allowed: its Origin ("null" when opaque or none). */
  browserOrigin?: string;
}

export interface HttpLimits {
  maxBodyBytes: number;
  headersTimeoutMs: number;
  bodyTimeoutMs: number;
  maxConnections: number;
  /** Request body bytes held at once across connections; past it requests are answered 429 (default 2 × body). */
  maxInflightBytes?: number;
}

const ROUTES: Record<string, Endpoint> = {
  '/v1/traces': 'otlp-traces',
  '/v1/logs': 'otlp-logs',
  '/api/v2/spans': 'zipkin',
};

// gRPC status codes carried in google.rpc.Status bodies.
const GRPC = {
  400: 3,
  403: 7,
  404: 12,
  405: 12,
  408: 4,
  413: 8,
  415: 3,
  429: 8,
  500: 13,
  503: 14,
} as Record<number, number>;

type Encoding = 'json' | 'proto';

function mediaType(req: IncomingMessage): string {
  return String(req.headers['content-type'] ?? '')
    .split(';')[0]
    .trim()
    .toLowerCase();
}

function send(
  res: ServerResponse,
  status: number,
  body: Uint8Array | string,
  type: string | null,
  extra: Record<string, string> = {},
) {
  if (res.headersSent) return;
  const headers: Record<string, string | number> = { ...extra, 'Content-Length': Buffer.byteLength(body) };
  if (type) headers['Content-Type'] = type;
  res.writeHead(status, headers);
  res.end(body);
}

function sendOtlpError(
  res: ServerResponse,
  status: number,
  message: string,
  enc: Encoding,
  extra: Record<string, string> = {},
) {
  const code = GRPC[status] ?? 2;
  if (enc === 'proto') send(res, status, encodeStatus(code, message), 'application/x-protobuf', extra);
  else send(res, status, JSON.stringify({ code, message }), 'application/json', extra);
}

function countItems(endpoint: Endpoint, doc: unknown): number {
  const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
  let n = 0;
  if (endpoint === 'zipkin') return list(doc).length;
  const d = doc as Record<string, unknown>;
  if (endpoint === 'otlp-traces') {
    for (const rs of list(d.resourceSpans))
      for (const ss of list((rs as Record<string, unknown>)?.scopeSpans))
        n += list((ss as Record<string, unknown>)?.spans).length;
  } else {
    for (const rl of list(d.resourceLogs))
      for (const sl of list((rl as Record<string, unknown>)?.scopeLogs))
        n += list((sl as Record<string, unknown>)?.logRecords).length;
  }
  return n;
}

/** The shape checks that decide 400 versus 200: the top level only; item-level problems are partial success. */
function shapeError(endpoint: Endpoint, doc: unknown): string | null {
  if (endpoint === 'zipkin') return Array.isArray(doc) ? null : 'a Zipkin v2 body is a JSON array of spans';
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) return 'an OTLP body is a JSON object';
  const key = endpoint === 'otlp-traces' ? 'resourceSpans' : 'resourceLogs';
  const v = (doc as Record<string, unknown>)[key];
  if (v !== undefined && !Array.isArray(v)) return `"${key}" must be an array`;
  return null;
}

/**
 * How many of the body's items the importer did not take, judged from the session's own counts before and
 * after (the session indexes a document as it is written). Unknown while the sink is paused (queued).
 */
function rejectedItems(
  endpoint: Endpoint,
  items: number,
  before: SourceSummary | null,
  after: SourceSummary | null,
): PartialSuccess | null {
  if (!before || !after || items === 0) return null;
  const accepted = endpoint === 'otlp-logs' ? after.records - before.records : after.spans - before.spans;
  const rejected = items - accepted;
  if (rejected <= 0) return null;
  const reasons = after.badLines.slice(before.badLines.length).map((b) => b.reason);
  const noun = endpoint === 'otlp-logs' ? 'log records' : 'spans';
  return {
    rejected,
    errorMessage:
      `${rejected} of ${items} ${noun} could not be read (missing or invalid ids or ` +
      `times)${reasons.length ? ': ' + [...new Set(reasons)].slice(0, 5).join('; ') : ''}`,
  };
}

export interface HttpReceiverDeps {
  sinkFor(endpoint: Endpoint): PausableSink;
  limits: HttpLimits;
  /** Normalised origins whose pages may post (and get CORS answers); read on every request. */
  allowedOrigins?(): ReadonlySet<string>;
  onRequest?(e: RequestEvent): void;
}

const NO_ORIGINS: ReadonlySet<string> = new Set();

export function createReceiverServer(deps: HttpReceiverDeps): Server {
  const { limits } = deps;
  const budget = new BodyBudget(limits.maxInflightBytes ?? 2 * limits.maxBodyBytes);
  const server = createServer(
    {
      requestTimeout: limits.bodyTimeoutMs + limits.headersTimeoutMs,
      headersTimeout: limits.headersTimeoutMs,
      // How often those deadlines are checked (Node checks every
      // 30 s by default: a slow client would hold on that long).
      connectionsCheckingInterval: 1000,
      maxHeaderSize: 64 * 1024,
    },
    (req, res) => {
      void handle(req, res).catch((e) => {
        try {
          sendOtlpError(res, 500, `internal error: ${(e as Error).message}`, 'json');
        } catch {
          /* socket gone */
        }
      });
    },
  );
  server.keepAliveTimeout = 5000;
  server.maxConnections = limits.maxConnections;
  // Idle sockets (no bytes either way) are closed: a silent client cannot hold a connection slot forever.
  server.setTimeout(limits.bodyTimeoutMs + limits.headersTimeoutMs, (socket) => socket.destroy());
  server.on('clientError', (err: NodeJS.ErrnoException, socket) => {
    const code = String(err.code ?? '');
    const status = code.includes('TIMEOUT')
      ? '408 Request Timeout'
      : code === 'HPE_HEADER_OVERFLOW'
        ? '431 Request Header Fields Too Large'
        : '400 Bad Request';
    if (socket.writable) socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
    else socket.destroy();
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? '/').split('?')[0];
    const endpoint = ROUTES[path] ?? null;
    const remote = `${req.socket.remoteAddress ?? '?'}:${req.socket.remotePort ?? '?'}`;
    const verdict = judgeRequest(req.headers, deps.allowedOrigins?.() ?? NO_ORIGINS);
    // An allowed page gets CORS headers on every answer, so it can read errors too.
    const cors = verdict.allowed ? corsHeaders(verdict.origin!) : {};
    const report = (
      status: number,
      items: number,
      rejected: number,
      message: string | null,
      browserOrigin?: string,
    ) => {
      const e: RequestEvent = { endpoint, path, status, remote, items, rejected, message };
      if (browserOrigin !== undefined) e.browserOrigin = browserOrigin;
      try {
        deps.onRequest?.(e);
      } catch {
        /* listener's problem */
      }
    };
    const refuse = (status: number, message: string, enc: Encoding = 'json', extra: Record<string, string> = {}) => {
      // Unread request bytes are discarded, and the connection closed after the answer when the body was not read.
      req.resume();
      if (endpoint === 'zipkin') send(res, status, message + '\n', 'text/plain; charset=utf-8', { ...cors, ...extra });
      else sendOtlpError(res, status, message, enc, { ...cors, ...extra });
      report(status, 0, 0, message);
    };

    if (verdict.browser && !verdict.allowed) {
      // Nothing of it is read; the page learns nothing (no CORS headers), the user finds the origin in the log.
      const origin = verdict.origin ?? 'null';
      req.resume();
      const message =
        `refused a request from a web page (Origin ${origin}): add the origin to ` +
        'threadline.receiver.allowedOrigins to accept it';
      send(res, 403, message + '\n', 'text/plain; charset=utf-8', { Connection: 'close' });
      report(403, 0, 0, message, origin);
      return;
    }
    if (req.method === 'OPTIONS' && verdict.allowed) {
      req.resume();
      send(res, 204, '', null, preflightHeaders(verdict.origin!));
      report(204, 0, 0, null);
      return;
    }
    if (!endpoint)
      return refuse(
        404,
        `no such endpoint ${path}: this receiver serves POST /v1/traces, /v1/logs (OTLP/HTTP) and ` +
          `/api/v2/spans (Zipkin v2)`,
      );
    if (req.method !== 'POST')
      return refuse(405, `${req.method} is not allowed on ${path}: use POST`, 'json', { Allow: 'POST' });

    const type = mediaType(req);
    let enc: Encoding;
    if (type === 'application/json' || (endpoint === 'zipkin' && type === '')) enc = 'json';
    else if (type === 'application/x-protobuf' && endpoint !== 'zipkin') enc = 'proto';
    else {
      const want =
        endpoint === 'zipkin' ? 'application/json (Zipkin v2 JSON)' : 'application/json or application/x-protobuf';
      return refuse(415, `unsupported Content-Type "${type || '(none)'}" on ${path}: send ${want}`);
    }

    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > limits.maxBodyBytes) {
      return refuse(
        413,
        `request body of ${declared} bytes is larger than the limit of ${limits.maxBodyBytes} bytes`,
        enc,
        { Connection: 'close' },
      );
    }
    const sink = deps.sinkFor(endpoint);
    if (!sink.accepting) {
      return refuse(503, 'source is paused and its buffer is full; retry later', enc, { 'Retry-After': '1' });
    }

    if (Number.isFinite(declared) && declared > budget.maxBytes - budget.used) {
      return refuse(429, `the receiver is reading ${budget.used} bytes of other request bodies; retry later`, enc, {
        'Retry-After': '1',
        Connection: 'close',
      });
    }
    let body: Buffer;
    try {
      body = await readBody(req, limits.maxBodyBytes, limits.bodyTimeoutMs, budget);
    } catch (e) {
      if (e instanceof BodyError) {
        refuse(e.status, e.message, enc, { Connection: 'close', ...(e.status === 429 ? { 'Retry-After': '1' } : {}) });
        return;
      }
      throw e;
    }

    let doc: unknown;
    try {
      if (enc === 'proto') doc = endpoint === 'otlp-traces' ? decodeTraceRequest(body) : decodeLogsRequest(body);
      else doc = JSON.parse(body.toString('utf8'));
    } catch (e) {
      const what =
        enc === 'proto'
          ? 'protobuf Export' + (endpoint === 'otlp-traces' ? 'Trace' : 'Logs') + 'ServiceRequest'
          : 'JSON document';
      return refuse(400, `body is not a valid ${what}: ${(e as Error).message}`, enc);
    }
    const bad = shapeError(endpoint, doc);
    if (bad) return refuse(400, bad, enc);

    const items = countItems(endpoint, doc);
    const origin = `${req.method} ${path} from ${remote}${enc === 'proto' ? ' (protobuf)' : ''}`;
    const before = sink.paused ? null : safeSummary(sink);
    sink.writeDocument(doc, origin, body.length);
    const after = before ? safeSummary(sink) : null;
    const partial = rejectedItems(endpoint, items, before, after);

    if (endpoint === 'zipkin') {
      send(res, 202, '', null, cors);
    } else if (enc === 'proto') {
      const answer = encodeExportResponse(endpoint === 'otlp-traces' ? 'traces' : 'logs', partial);
      send(res, 200, answer, 'application/x-protobuf', cors);
    } else {
      const key = endpoint === 'otlp-traces' ? 'rejectedSpans' : 'rejectedLogRecords';
      const json = partial
        ? { partialSuccess: { [key]: String(partial.rejected), errorMessage: partial.errorMessage } }
        : {};
      send(res, 200, JSON.stringify(json), 'application/json', cors);
    }
    report(endpoint === 'zipkin' ? 202 : 200, items, partial?.rejected ?? 0, partial?.errorMessage ?? null);
  }

  return server;
}

function safeSummary(sink: PausableSink): SourceSummary | null {
  try {
    return sink.summary();
  } catch {
    return null;
  }
}
