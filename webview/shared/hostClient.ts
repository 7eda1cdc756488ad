// A webview's end of a request/response protocol with its host: requests answered by id, notifications both
// ways, persisted state. Typed by the protocol's request and response maps (src/shared/protocol.ts).

interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

type Pending = { resolve: (r: never) => void; reject: (e: Error) => void };

export interface HostProtocol {
  /** Requests by type, without `type` and `requestId`. */
  params: object;
  responses: object;
  notification: { type: string };
  outgoing: { type: string };
}

export class HostClient<P extends HostProtocol> {
  private readonly api = acquireVsCodeApi();
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();

  /** `notifications`: the message types the host sends unasked; `errorType`: a failed request's answer. */
  constructor(
    notifications: readonly string[],
    private readonly errorType: string,
    onNotification: (m: P['notification']) => void,
  ) {
    const unasked = new Set(notifications);
    window.addEventListener('message', (e: MessageEvent) => {
      const m = e.data as { type?: unknown; requestId?: unknown; message?: unknown } | null;
      if (typeof m !== 'object' || m === null || typeof m.type !== 'string') return;
      if (unasked.has(m.type)) {
        onNotification(m as P['notification']);
        return;
      }
      if (typeof m.requestId !== 'number') return;
      const p = this.pending.get(m.requestId);
      if (!p) return;
      this.pending.delete(m.requestId);
      if (m.type === this.errorType) p.reject(new Error(String(m.message)));
      else p.resolve(m as never);
    });
  }

  request<K extends keyof P['params'] & keyof P['responses'] & string>(
    type: K,
    params: P['params'][K],
  ): Promise<P['responses'][K]> {
    const requestId = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(requestId, { resolve: resolve as (r: never) => void, reject });
      this.api.postMessage({ ...params, type, requestId });
    });
  }

  notify(m: P['outgoing']): void {
    this.api.postMessage(m);
  }

  getState<T>(): T | undefined {
    return (this.api.getState() as T | undefined) ?? undefined;
  }

  setState(s: unknown): void {
    this.api.setState(s);
  }
}
