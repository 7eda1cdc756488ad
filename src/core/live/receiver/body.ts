// Reading a request body within limits: a byte cap that also applies after decompression (a small gzip body
// can inflate to gigabytes), and a deadline for the whole body so a client that trickles bytes cannot hold
// the request open.

import type { IncomingMessage } from 'node:http';
import { createGunzip, createInflate, type Gunzip, type Inflate } from 'node:zlib';

export class BodyError extends Error {
  constructor(readonly status: 400 | 408 | 413 | 415, message: string) {
    super(message);
  }
}

export function readBody(req: IncomingMessage, maxBytes: number, timeoutMs: number): Promise<Buffer> {
  const encoding = String(req.headers['content-encoding'] ?? 'identity').trim().toLowerCase();
  let inflater: Gunzip | Inflate | null = null;
  if (encoding === 'gzip' || encoding === 'x-gzip') inflater = createGunzip();
  else if (encoding === 'deflate') inflater = createInflate();
  else if (encoding !== 'identity' && encoding !== '') {
    return Promise.reject(new BodyError(415, `unsupported Content-Encoding "${encoding}" (use gzip or none)`));
  }

  return new Promise<Buffer>((resolve, reject) => {
    const parts: Buffer[] = [];
    let size = 0;
    let rawSize = 0;
    let settled = false;
    const settle = (err: Error | null, body?: Buffer) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      req.removeListener('data', onRaw);
      if (err) {
        inflater?.destroy();
        // Keep reading (and discarding) so the client gets to see our answer instead of a reset.
        req.resume();
        reject(err);
      } else resolve(body!);
    };
    const timer = setTimeout(() => settle(new BodyError(408, `request body not received within ${timeoutMs} ms`)), timeoutMs);
    const onDecoded = (c: Buffer) => {
      size += c.length;
      if (size > maxBytes) settle(new BodyError(413, `request body larger than ${maxBytes} bytes${inflater ? ' once decompressed' : ''}`));
      else parts.push(c);
    };
    const onRaw = (c: Buffer) => {
      rawSize += c.length;
      if (rawSize > maxBytes) { settle(new BodyError(413, `request body larger than ${maxBytes} bytes`)); return; }
      if (inflater) inflater.write(c);
      else onDecoded(c);
    };
    req.on('data', onRaw);
    req.on('error', (e) => settle(new BodyError(400, `request failed: ${e.message}`)));
    req.on('aborted', () => settle(new BodyError(400, 'request aborted')));
    if (inflater) {
      inflater.on('data', onDecoded);
      inflater.on('error', (e) => settle(new BodyError(400, `body is not valid ${encoding}: ${e.message}`)));
      inflater.on('end', () => settle(null, Buffer.concat(parts)));
      req.on('end', () => inflater!.end());
    } else {
      req.on('end', () => settle(null, Buffer.concat(parts)));
    }
  });
}
