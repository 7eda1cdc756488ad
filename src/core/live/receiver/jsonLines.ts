// Newline-delimited JSON over TCP, as Fluent Bit's `tcp` output and Fluentd's `out_forward`-less setups send it
// (`format json_lines`). Every connection is cut at newlines on its own, so concurrent forwarders never splice
// each other's lines in the shared sink; a line past the cap is dropped (and counted) rather than held forever.
// A connection that opens with an HTTP request line is a browser's fetch (a web page can reach this port, and
// its request body would otherwise be read as a log line): it is answered 403 and closed, no line taken from it.

import { createServer, type Server, type Socket } from 'node:net';
import { Flow } from '../flow';
import { LineAssembler } from '../lineAssembler';
import type { PausableSink } from '../pausable';
import { originInHead, SNIFF_BYTES, sniffHttpRequest } from './browser';

export interface JsonLinesEvent {
  type: 'connected' | 'closed' | 'overlong' | 'refused' | 'http';
  remote: string;
  message?: string;
  /** For 'http': the request's Origin header ("null" when it had none). */
  origin?: string;
}

const HTTP_ANSWER =
  'HTTP/1.1 403 Forbidden\r\nConnection: close\r\nContent-Type: text/plain\r\n\r\n' +
  'This port takes newline-delimited JSON over TCP, not HTTP.\n';

export interface JsonLinesOptions {
  sink(): PausableSink;
  maxLineBytes: number;
  idleTimeoutMs: number;
  maxConnections: number;
  onEvent?(e: JsonLinesEvent): void;
}

export function createJsonLinesServer(opts: JsonLinesOptions): Server {
  const emit = (e: JsonLinesEvent) => {
    try {
      opts.onEvent?.(e);
    } catch {
      /* listener's problem */
    }
  };
  const server = createServer((socket: Socket) => {
    const remote = `${socket.remoteAddress ?? '?'}:${socket.remotePort ?? '?'}`;
    emit({ type: 'connected', remote });
    const flow = new Flow(socket, opts.sink());
    const lines = new LineAssembler((whole) => flow.write(whole), opts.maxLineBytes, 'drop');
    let overlong = 0;
    // The connection's first bytes, until they show whether it opens with an HTTP request line.
    let head: Buffer | null = Buffer.alloc(0);
    let refused = false;
    socket.setTimeout(opts.idleTimeoutMs, () => socket.destroy());
    socket.on('data', (chunk: Buffer) => {
      if (refused) return;
      let c = chunk;
      if (head !== null) {
        head = head.length === 0 ? chunk : Buffer.concat([head, chunk]);
        const verdict = sniffHttpRequest(head.subarray(0, SNIFF_BYTES));
        if (verdict === 'undecided') return;
        c = head;
        head = null;
        if (verdict === 'http') {
          refused = true;
          const origin = originInHead(c) ?? 'null';
          const message = `refused an HTTP request (Origin ${origin}): this port takes JSON lines over TCP`;
          emit({ type: 'http', remote, origin, message });
          socket.end(HTTP_ANSWER);
          // the client may go on sending its body: the connection goes once the answer had time to leave
          setTimeout(() => socket.destroy(), 1000).unref();
          return;
        }
      }
      lines.push(c);
      flow.read(c.length);
      if (lines.overlongLines > overlong) {
        overlong = lines.overlongLines;
        emit({ type: 'overlong', remote, message: `a line longer than ${opts.maxLineBytes} bytes was dropped` });
      }
    });
    socket.on('error', () => {});
    socket.on('close', () => {
      // a connection that ended before its first line was complete: what it sent is still data
      if (head !== null && head.length > 0 && !refused) {
        lines.push(head);
        head = null;
      }
      if (!refused) lines.flush();
      emit({ type: 'closed', remote });
    });
  });
  server.maxConnections = opts.maxConnections;
  server.on('drop', (d) =>
    emit({
      type: 'refused',
      remote: `${d?.remoteAddress ?? '?'}:${d?.remotePort ?? '?'}`,
      message: 'too many connections',
    }),
  );
  return server;
}
