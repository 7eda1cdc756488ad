// The Logs view's end of the protocol: requests answered by id, notifications both ways, persisted state.

import type {
  LogsHostMessage,
  LogsHostNotification,
  LogsRequest,
  LogsRequestParams,
  LogsResponseFor,
  LogsWebviewNotification,
} from '../../src/shared/protocol';

interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

type Pending = { resolve: (r: never) => void; reject: (e: Error) => void };

export class LogsClient {
  private readonly api = acquireVsCodeApi();
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();

  constructor(private readonly onNotification: (m: LogsHostNotification) => void) {
    window.addEventListener('message', (e: MessageEvent) => {
      const m = e.data as LogsHostMessage | null;
      if (typeof m === 'object' && m !== null && typeof m.type === 'string') this.receive(m);
    });
  }

  request<K extends LogsRequest['type']>(type: K, params: LogsRequestParams<K>): Promise<LogsResponseFor[K]> {
    const requestId = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(requestId, { resolve: resolve as (r: never) => void, reject });
      this.api.postMessage({ ...params, type, requestId });
    });
  }

  notify(m: LogsWebviewNotification): void {
    this.api.postMessage(m);
  }

  getState<T>(): T | undefined {
    return (this.api.getState() as T | undefined) ?? undefined;
  }

  setState(s: unknown): void {
    this.api.setState(s);
  }

  private receive(m: LogsHostMessage): void {
    if (m.type === 'logsShow' || m.type === 'logsReveal' || m.type === 'logsChanged') {
      this.onNotification(m);
      return;
    }
    if (!('requestId' in m)) return;
    const p = this.pending.get(m.requestId);
    if (!p) return;
    this.pending.delete(m.requestId);
    if (m.type === 'logsError') p.reject(new Error(m.message));
    else p.resolve(m as never);
  }
}
