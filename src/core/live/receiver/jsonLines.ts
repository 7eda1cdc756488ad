// Newline-delimited JSON over TCP, as Fluent Bit's `tcp` output and Fluentd's `out_forward`-less setups send it
// (`format json_lines`). Every connection is cut at newlines on its own, so concurrent forwarders never splice
// each other's lines in the shared sink; a line past the cap is dropped (and counted) rather than held forever.

import { createServer, type Server, type Socket } from 'node:net';
import { Flow } from '../flow';
import { LineAssembler } from '../lineAssembler';
import type { PausableSink } from '../pausable';

export interface JsonLinesEvent {
  type: 'connected' | 'closed' | 'overlong' | 'refused';
  remote: string;
  message?: string;
}

export interface JsonLinesOptions {
  sink(): PausableSink;
  maxLineBytes: number;
  idleTimeoutMs: number;
  maxConnections: number;
  onEvent?(e: JsonLinesEvent): void;
}

export function createJsonLinesServer(opts: JsonLinesOptions): Server {
  const emit = (e: JsonLinesEvent) => { try { opts.onEvent?.(e); } catch { /* listener's problem */ } };
  const server = createServer((socket: Socket) => {
    const remote = `${socket.remoteAddress ?? '?'}:${socket.remotePort ?? '?'}`;
    emit({ type: 'connected', remote });
    const flow = new Flow(socket, opts.sink());
    const lines = new LineAssembler((whole) => flow.write(whole), opts.maxLineBytes, 'drop');
    let overlong = 0;
    socket.setTimeout(opts.idleTimeoutMs, () => socket.destroy());
    socket.on('data', (c: Buffer) => {
      lines.push(c);
      flow.read(c.length);
      if (lines.overlongLines > overlong) {
        overlong = lines.overlongLines;
        emit({ type: 'overlong', remote, message: `a line longer than ${opts.maxLineBytes} bytes was dropped` });
      }
    });
    socket.on('error', () => {});
    socket.on('close', () => {
      lines.flush();
      emit({ type: 'closed', remote });
    });
  });
  server.maxConnections = opts.maxConnections;
  server.on('drop', (d) => emit({ type: 'refused', remote: `${d?.remoteAddress ?? '?'}:${d?.remotePort ?? '?'}`, message: 'too many connections' }));
  return server;
}
