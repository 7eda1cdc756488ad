// HTTP servers that are not Zipkin, for the error paths: one answering HTML, one that never answers, and a port
// nobody listens on. All on 127.0.0.1.

import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

export interface TestServer {
  url: string;
  /** Requests received so far (path and query). */
  requests: string[];
  close(): Promise<void>;
}

export async function serve(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<TestServer> {
  const requests: string[] = [];
  const sockets = new Set<Socket>();
  const server: Server = createServer((req, res) => {
    requests.push(req.url ?? '');
    handler(req, res);
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((r) => {
        for (const s of sockets) s.destroy();
        server.close(() => r());
      }),
  };
}

/** A web page for every path: 200 text/html, 404 for paths under /api. */
export const htmlServer = () =>
  serve((req, res) => {
    const api = (req.url ?? '').startsWith('/api');
    res.writeHead(api ? 404 : 200, { 'content-type': 'text/html' });
    res.end('<!doctype html><title>Not Zipkin</title><h1>Welcome</h1>');
  });

/** JSON, but not Zipkin's: an object where Zipkin sends arrays. */
export const otherJsonServer = () =>
  serve((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end('{"status":"ok","items":[]}');
  });

/** Accepts the request and never answers (a hung proxy). */
export const silentServer = () => serve(() => undefined);

/** A port that was free a moment ago: nothing listens there. */
export async function closedPortUrl(): Promise<string> {
  const s = await serve(() => undefined);
  await s.close();
  return s.url;
}
