// `threadline receive`: the telemetry receivers without VS Code. Listens for OTLP/HTTP, Zipkin and JSON lines
// on 127.0.0.1, writes every record and span it reads as one JSON object per line (to a file or stdout), and on
// Ctrl-C or SIGTERM stops listening, writes what is left and prints a summary on stderr. A CI job can collect
// its services' telemetry into a file that Threadline opens later.

import { closeSync, openSync, writeSync } from 'node:fs';
import { createRecordStore } from '../core/index/store';
import type { Span } from '../core/model';
import type { SourceSummary, StreamSink } from '../core/session/api';
import { DEFAULT_PORTS, startReceiver, type ListenerKind, type Receiver } from '../core/live/receiver/index';
import { parseAllowedOrigins } from '../core/live/receiver/browser';
import { recordJson } from './inspect';
import { json } from './output';

const USAGE = `usage: threadline receive [--otlp-port N] [--zipkin-port N] [--json-lines-port N] [--host 127.0.0.1]
                          [--out FILE] [--allow-origin ORIGIN]...
  Listens for OTLP/HTTP (default port ${DEFAULT_PORTS.otlp}), Zipkin v2 (${DEFAULT_PORTS.zipkin}) and JSON lines
  over TCP (${DEFAULT_PORTS.jsonLines}); port 0 picks a free port, "off" turns a listener off. Writes every
  record and span as one JSON object per line ({"type":"record",…} / {"type":"span",…}) to FILE or stdout.
  Requests from web pages are refused unless their origin is given with --allow-origin. Ctrl-C stops and
  prints a summary.`;

export interface ReceiveIo {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  /** Ends receiving; defaults to SIGINT/SIGTERM of this process. */
  signal?: AbortSignal;
}

interface ReceiveOptions {
  ports: Record<ListenerKind, number | null>;
  host: string;
  out: string | null;
  origins: string[];
}

const PORT_FLAGS: Record<string, ListenerKind> = {
  '--otlp-port': 'otlp',
  '--zipkin-port': 'zipkin',
  '--json-lines-port': 'jsonLines',
};

function parseReceiveArgs(args: readonly string[]): ReceiveOptions | string {
  const o: ReceiveOptions = { ports: { ...DEFAULT_PORTS }, host: '127.0.0.1', out: null, origins: [] };
  for (let i = 0; i < args.length; i++) {
    const [flag, inline] =
      args[i]!.startsWith('--') && args[i]!.includes('=')
        ? [args[i]!.slice(0, args[i]!.indexOf('=')), args[i]!.slice(args[i]!.indexOf('=') + 1)]
        : [args[i]!, undefined];
    const value = () => inline ?? args[++i];
    if (flag in PORT_FLAGS) {
      const v = value();
      if (v === 'off') {
        o.ports[PORT_FLAGS[flag]!] = null;
        continue;
      }
      const n = Number(v);
      if (v === undefined || !/^\d+$/.test(v) || n > 65535) {
        return `${flag} needs a port number from 0 to 65535, or off (got ${v ?? 'nothing'})`;
      }
      o.ports[PORT_FLAGS[flag]!] = n;
    } else if (flag === '--host') {
      const v = value();
      if (!v) return '--host needs an address';
      o.host = v;
    } else if (flag === '--out' || flag === '-o') {
      const v = value();
      if (!v) return '--out needs a file';
      o.out = v;
    } else if (flag === '--allow-origin') {
      const v = value();
      if (!v) return '--allow-origin needs an origin such as http://localhost:3000';
      o.origins.push(v);
    } else return `unknown argument '${args[i]}' for receive`;
  }
  if (o.ports.otlp === null && o.ports.zipkin === null && o.ports.jsonLines === null) return 'every listener is off';
  return o;
}

const hexId = (v: string | null): string | null => (v === null ? null : v.toLowerCase());

function spanJson(s: Span, stream: string) {
  return {
    type: 'span',
    traceId: hexId(s.traceId),
    spanId: hexId(s.spanId),
    parentSpanId: hexId(s.parentSpanId),
    name: s.name,
    service: s.service,
    kind: s.kind,
    status: s.status,
    startNs: s.startNs.toString(),
    endNs: s.endNs.toString(),
    attributes: s.attributes,
    source: stream,
  };
}

/** Writes lines to a file descriptor in blocks, one turn of the event loop after they were produced. */
class LineWriter {
  private parts: string[] = [];
  private scheduled = false;
  constructor(private readonly write: (text: string) => void) {}
  push(line: string): void {
    this.parts.push(line);
    if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(() => this.flush());
    }
  }
  flush(): void {
    this.scheduled = false;
    if (this.parts.length === 0) return;
    const text = this.parts.join('');
    this.parts = [];
    this.write(text);
  }
}

export async function receiveCommand(
  args: string[],
  io: ReceiveIo = { stdout: process.stdout, stderr: process.stderr },
): Promise<number> {
  if (args[0] === '--help' || args[0] === '-h') {
    io.stdout.write(USAGE + '\n');
    return 0;
  }
  const opts = parseReceiveArgs(args);
  if (typeof opts === 'string') {
    io.stderr.write(`threadline: ${opts}\n${USAGE}\n`);
    return 2;
  }
  const { origins, invalid } = parseAllowedOrigins(opts.origins);
  if (invalid.length > 0) {
    io.stderr.write(`threadline: not an origin: ${invalid.join(', ')} (expected e.g. http://localhost:3000)\n`);
    return 2;
  }

  let fd: number | null = null;
  if (opts.out !== null) {
    try {
      fd = openSync(opts.out, 'a');
    } catch (e) {
      io.stderr.write(`threadline: cannot write ${opts.out}: ${(e as Error).message}\n`);
      return 1;
    }
  }
  const writer = new LineWriter((text) => {
    if (fd !== null) writeSync(fd, text);
    else io.stdout.write(text);
  });

  // The store indexes what arrives; each record is written once and then evicted, so memory stays flat.
  const store = createRecordStore();
  let nextRecord = 0,
    nextSpan = 0,
    records = 0,
    spans = 0;
  /** Writes what the store took in since the last call; spans appended meanwhile came from `stream`. */
  const drain = (stream: string) => {
    const to = store.count;
    const done: number[] = [];
    for (let id = nextRecord; id < to; id++) {
      try {
        const r = store.loadSync(id);
        writer.push(json({ type: 'record', ...recordJson({ ...r, position: store.position(id) }) }) + '\n');
        records++;
      } catch (e) {
        io.stderr.write(`threadline: record ${id} could not be read back: ${(e as Error).message}\n`);
      }
      done.push(id);
    }
    nextRecord = to;
    store.evictRecords(done);
    const all = store.spans;
    for (; nextSpan < all.length; nextSpan++) {
      writer.push(json(spanJson(all[nextSpan]!, stream)) + '\n');
      spans++;
    }
  };
  const sinks: StreamSink[] = [];
  const sinkFor = (kind: ListenerKind, port: number): StreamSink => {
    const name = `${{ otlp: 'OTLP', zipkin: 'Zipkin', jsonLines: 'JSON lines' }[kind]} ${opts.host}:${port}`;
    const inner = store.addStream(name);
    const sink: StreamSink = {
      write: (c) => {
        inner.write(c);
        drain(name);
      },
      writeDocument: (v, origin) => {
        inner.writeDocument(v, origin);
        drain(name);
      },
      end: () => {
        inner.end();
        drain(name);
      },
      summary: (): SourceSummary => inner.summary(),
    };
    sinks.push(sink);
    return sink;
  };

  let receiver: Receiver;
  const refusedOrigins = new Set<string>();
  const refused = (listener: ListenerKind, origin: string) => {
    if (refusedOrigins.has(`${listener} ${origin}`)) return;
    refusedOrigins.add(`${listener} ${origin}`);
    io.stderr.write(
      listener === 'jsonLines'
        ? `threadline: jsonLines: refused an HTTP request (Origin ${origin}): this port takes JSON lines over TCP\n`
        : `threadline: ${listener}: refused a request from a web page with Origin ${origin} ` +
            '(allow it with --allow-origin)\n',
    );
  };
  try {
    receiver = await startReceiver({
      host: opts.host,
      otlpPort: opts.ports.otlp,
      zipkinPort: opts.ports.zipkin,
      jsonLinesPort: opts.ports.jsonLines,
      allowedOrigins: origins,
      sinkFor,
      onRequest: (kind, e) => {
        if (e.browserOrigin !== undefined) refused(kind, e.browserOrigin);
        else if (e.status >= 400) {
          io.stderr.write(`threadline: ${kind}: ${e.status} for ${e.path} from ${e.remote}: ${e.message}\n`);
        }
      },
      onConnection: (e) => {
        if (e.type === 'http') refused('jsonLines', e.origin ?? 'null');
        else if (e.type === 'overlong' || e.type === 'refused') {
          io.stderr.write(`threadline: jsonLines: ${e.message} (${e.remote})\n`);
        }
      },
    });
  } catch (e) {
    if (fd !== null) closeSync(fd);
    io.stderr.write(`threadline: ${(e as Error).message}\n`);
    return 1;
  }
  const p = receiver.ports;
  const h = opts.host.includes(':') ? `[${opts.host}]` : opts.host;
  if (p.otlp !== null) io.stderr.write(`threadline: OTLP/HTTP on http://${h}:${p.otlp} (POST /v1/traces, /v1/logs)\n`);
  if (p.zipkin !== null) io.stderr.write(`threadline: Zipkin on http://${h}:${p.zipkin} (POST /api/v2/spans)\n`);
  if (p.jsonLines !== null) io.stderr.write(`threadline: JSON lines on tcp://${h}:${p.jsonLines}\n`);
  io.stderr.write(`threadline: receiving; writing to ${opts.out ?? 'stdout'}; Ctrl-C to stop\n`);

  await new Promise<void>((resolve) => {
    if (io.signal) {
      if (io.signal.aborted) resolve();
      else io.signal.addEventListener('abort', () => resolve(), { once: true });
      return;
    }
    const stop = () => {
      process.removeListener('SIGINT', stop);
      process.removeListener('SIGTERM', stop);
      resolve();
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });

  await receiver.close();
  const stats = receiver.stats();
  writer.flush();
  if (fd !== null) closeSync(fd);
  else await new Promise<void>((r) => (io.stdout.write('') ? r() : io.stdout.once('drain', () => r())));
  const parts: string[] = [];
  let browser = 0,
    errors = 0;
  for (const [kind, s] of Object.entries(stats)) {
    if (!s) continue;
    browser += s.browserRefused;
    errors += s.errors - s.browserRefused;
    parts.push(`${kind} ${s.requests} ${kind === 'jsonLines' ? 'connections' : 'requests'}`);
  }
  const bad = sinks.reduce((n, s) => n + s.summary().badLines.length, 0);
  io.stderr.write(
    `threadline: received ${records} records and ${spans} spans (${parts.join(', ')}); ${bad} bad lines, ` +
      `${errors} requests answered with an error, ${browser} browser requests refused\n`,
  );
  return 0;
}
