// Start the telemetry receivers: OTLP/HTTP (default port 4318), Zipkin (9411) and newline-delimited JSON over
// TCP (5170, Fluent Bit's `tcp` default). Every listener binds 127.0.0.1 unless told otherwise: telemetry from
// this machine only. Port 0 picks a free port (tests); null leaves that listener off. Requests from web pages
// are refused unless their origin is allowed (browser.ts), and counted per listener.

import type { Server } from 'node:http';
import type { AddressInfo, Server as NetServer } from 'node:net';
import type { StreamSink } from '../../session/api';
import { PausableSink } from '../pausable';
import { createReceiverServer, type Endpoint, type RequestEvent } from './http';
import { createJsonLinesServer, type JsonLinesEvent } from './jsonLines';

export type { RequestEvent, Endpoint } from './http';
export { parseAllowedOrigins } from './browser';
export type { JsonLinesEvent } from './jsonLines';

export type ListenerKind = 'otlp' | 'zipkin' | 'jsonLines';

export const DEFAULT_PORTS: Record<ListenerKind, number> = { otlp: 4318, zipkin: 9411, jsonLines: 5170 };

export interface ReceiverOptions {
  host?: string;
  otlpPort?: number | null;
  zipkinPort?: number | null;
  jsonLinesPort?: number | null;
  /**
   * The sink for what a listener receives, asked once per listener when it is bound (so its name can carry
   * the port). An OTLP listener also takes Zipkin posts and vice versa; they go to that listener's sink.
   */
  sinkFor(kind: ListenerKind, port: number): StreamSink;
  /** Largest body (after decompression) or JSON line accepted; default 32 MiB. */
  maxBodyBytes?: number;
  headersTimeoutMs?: number;
  bodyTimeoutMs?: number;
  /** How long an idle TCP forwarder connection is kept; default 10 minutes. */
  idleTimeoutMs?: number;
  maxConnections?: number;
  /** While paused, how much each listener keeps before answering 503 / pausing sockets; default 64 MiB. */
  pauseBufferBytes?: number;
  /** Request body bytes an HTTP listener holds at once before answering 429; default twice `maxBodyBytes`. */
  maxInflightBytes?: number;
  /**
   * Origins (normalised, "http://localhost:3000") whose web pages may post telemetry and get CORS answers;
   * a function so a settings change applies to the running listeners. Default: none.
   */
  allowedOrigins?: ReadonlySet<string> | (() => ReadonlySet<string>);
  onRequest?(kind: ListenerKind, e: RequestEvent): void;
  onConnection?(e: JsonLinesEvent): void;
}

export interface ListenerStats {
  requests: number;
  rejected: number;
  items: number;
  errors: number;
  /** Requests (or TCP connections) from web pages that were refused. */
  browserRefused: number;
}

export interface Receiver {
  /** Bound ports; null for a listener that is off. */
  readonly ports: Record<ListenerKind, number | null>;
  readonly host: string;
  pause(): void;
  resume(): void;
  readonly paused: boolean;
  stats(): Record<ListenerKind, ListenerStats | null>;
  /** Stops listening, closes connections, ends the sinks. */
  close(): Promise<void>;
}

function listen(server: Server | NetServer, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (e: Error) => reject(e);
    server.once('error', onError);
    server.listen(port, host, () => {
      server.removeListener('error', onError);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

export async function startReceiver(opts: ReceiverOptions): Promise<Receiver> {
  const host = opts.host ?? '127.0.0.1';
  const maxBodyBytes = opts.maxBodyBytes ?? 32 * 1024 * 1024;
  const limits = {
    maxBodyBytes,
    headersTimeoutMs: opts.headersTimeoutMs ?? 10_000,
    bodyTimeoutMs: opts.bodyTimeoutMs ?? 30_000,
    maxConnections: opts.maxConnections ?? 256,
    maxInflightBytes: opts.maxInflightBytes ?? 2 * maxBodyBytes,
  };
  const given = opts.allowedOrigins;
  const none: ReadonlySet<string> = new Set();
  const allowedOrigins = typeof given === 'function' ? given : () => given ?? none;
  const wanted: Record<ListenerKind, number | null> = {
    otlp: opts.otlpPort === undefined ? DEFAULT_PORTS.otlp : opts.otlpPort,
    zipkin: opts.zipkinPort === undefined ? DEFAULT_PORTS.zipkin : opts.zipkinPort,
    jsonLines: opts.jsonLinesPort === undefined ? DEFAULT_PORTS.jsonLines : opts.jsonLinesPort,
  };
  const ports: Record<ListenerKind, number | null> = { otlp: null, zipkin: null, jsonLines: null };
  const sinks = new Map<ListenerKind, PausableSink>();
  const servers: { kind: ListenerKind; server: Server | NetServer }[] = [];
  const zero = (): ListenerStats => ({ requests: 0, rejected: 0, items: 0, errors: 0, browserRefused: 0 });
  const counters: Record<ListenerKind, ListenerStats> = { otlp: zero(), zipkin: zero(), jsonLines: zero() };
  let paused = false;
  const sockets = new Set<import('node:net').Socket>();

  const sinkOf = (kind: ListenerKind): PausableSink => {
    let s = sinks.get(kind);
    if (!s) {
      s = new PausableSink(opts.sinkFor(kind, ports[kind]!), opts.pauseBufferBytes);
      if (paused) s.pause();
      sinks.set(kind, s);
    }
    return s;
  };

  const closeAll = async () => {
    for (const { server } of servers) server.close();
    for (const s of sockets) s.destroy();
    await Promise.all(
      servers.map(({ server }) => new Promise<void>((r) => (server.listening ? server.once('close', () => r()) : r()))),
    );
  };

  try {
    for (const kind of ['otlp', 'zipkin'] as const) {
      const port = wanted[kind];
      if (port === null) continue;
      const server = createReceiverServer({
        sinkFor: (_e: Endpoint) => sinkOf(kind),
        limits,
        allowedOrigins,
        onRequest: (e) => {
          const c = counters[kind];
          c.requests++;
          c.items += e.items;
          c.rejected += e.rejected;
          if (e.status >= 400) c.errors++;
          if (e.browserOrigin !== undefined) c.browserRefused++;
          opts.onRequest?.(kind, e);
        },
      });
      server.on('connection', (s) => {
        sockets.add(s);
        s.on('close', () => sockets.delete(s));
      });
      servers.push({ kind, server });
      ports[kind] = await listen(server, port, host);
      sinkOf(kind); // the stream shows in the session as soon as the port is open
    }
    if (wanted.jsonLines !== null) {
      const server = createJsonLinesServer({
        sink: () => sinkOf('jsonLines'),
        maxLineBytes: maxBodyBytes,
        idleTimeoutMs: opts.idleTimeoutMs ?? 10 * 60_000,
        maxConnections: limits.maxConnections,
        onEvent: (e) => {
          if (e.type === 'connected') counters.jsonLines.requests++;
          if (e.type === 'overlong' || e.type === 'refused' || e.type === 'http') counters.jsonLines.errors++;
          if (e.type === 'http') counters.jsonLines.browserRefused++;
          opts.onConnection?.(e);
        },
      });
      server.on('connection', (s) => {
        sockets.add(s);
        s.on('close', () => sockets.delete(s));
      });
      servers.push({ kind: 'jsonLines', server });
      ports.jsonLines = await listen(server, wanted.jsonLines, host);
      sinkOf('jsonLines');
    }
  } catch (e) {
    await closeAll();
    const err = e as NodeJS.ErrnoException;
    const which = servers[servers.length - 1]?.kind;
    const port = which ? wanted[which] : '?';
    throw new Error(
      err.code === 'EADDRINUSE'
        ? `port ${port} on ${host} is already in use (another collector or receiver?): choose another port ` +
            `in the settings`
        : `could not listen on ${host}:${port}: ${err.message}`,
    );
  }

  return {
    ports,
    host,
    pause() {
      paused = true;
      for (const s of sinks.values()) s.pause();
    },
    resume() {
      paused = false;
      for (const s of sinks.values()) s.resume();
    },
    get paused() {
      return paused;
    },
    stats: () => ({
      otlp: ports.otlp === null ? null : { ...counters.otlp },
      zipkin: ports.zipkin === null ? null : { ...counters.zipkin },
      jsonLines: ports.jsonLines === null ? null : { ...counters.jsonLines },
    }),
    async close() {
      await closeAll();
      for (const s of sinks.values()) {
        s.resume();
        s.end();
      }
    },
  };
}
