// Reading a request body within limits: a byte cap that also applies after decompression (a small gzip body
// can inflate to gigabytes), a deadline for the whole body so a client that trickles bytes cannot hold
// the request open, and a budget shared by every body being read at once, so many large bodies together
// are answered 429 (exporters retry after Retry-After) instead of growing the receiver's buffers.

import type { IncomingMessage } from 'node:http';
import { createGunzip, createInflate, type Gunzip, type Inflate } from 'node:zlib';

export class BodyError extends Error {
  constructor(
    readonly status: 400 | 408 | 413 | 415 | 429,
    message: string,
  ) {
    super(message);
  }
}

/** Bytes of request bodies held at once, across a receiver's connections. */
export class BodyBudget {
  used = 0;
  constructor(readonly maxBytes: number) {}
  take(n: number): boolean {
    if (this.used + n > this.maxBytes) return false;
    this.used += n;
    return true;
  }
  give(n: number): void {
    this.used = Math.max(0, this.used - n);
  }
}

export function readBody(
  req: IncomingMessage,
  maxBytes: number,
  timeoutMs: number,
  budget?: BodyBudget,
): Promise<Buffer> {
  const encoding = String(req.headers['content-encoding'] ?? 'identity')
    .trim()
    .toLowerCase();
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
      // the caller handles the body at once (the session indexes it synchronously)
      budget?.give(size);
      req.removeListener('data', onRaw);
      if (err) {
        inflater?.destroy();
        // Keep reading (and discarding) so the client gets to see our answer instead of a reset.
        req.resume();
        reject(err);
      } else resolve(body!);
    };
    const timer = setTimeout(
      () => settle(new BodyError(408, `request body not received within ${timeoutMs} ms`)),
      timeoutMs,
    );
    const onDecoded = (c: Buffer) => {
      if (settled) return;
      if (budget !== undefined && !budget.take(c.length)) {
        const message = `the receiver holds ${budget.maxBytes} bytes of request bodies at most; retry later`;
        settle(new BodyError(429, message));
        return;
      }
      size += c.length;
      if (size > maxBytes)
        settle(new BodyError(413, `request body larger than ${maxBytes} bytes${inflater ? ' once decompressed' : ''}`));
      else parts.push(c);
    };
    const onRaw = (c: Buffer) => {
      rawSize += c.length;
      if (rawSize > maxBytes) {
        settle(new BodyError(413, `request body larger than ${maxBytes} bytes`));
        return;
      }
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
