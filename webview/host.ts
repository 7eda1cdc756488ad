// The webview's end of the protocol: typed requests answered by id, notifications both ways, and the
// persisted state. `acquireVsCodeApi` is provided by VS Code (or by the test page standing in for it).

import {
  isHostMessage,
  type HostMessage,
  type HostNotification,
  type RequestParams,
  type ResponseFor,
  type TimelineRequest,
  type WebviewNotification,
} from '../src/shared/protocol';

export interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

type Pending = { resolve: (r: never) => void; reject: (e: Error) => void };

export class HostClient {
  private readonly api: VsCodeApi;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();

  constructor(private readonly onNotification: (m: HostNotification) => void) {
    this.api = acquireVsCodeApi();
    window.addEventListener('message', (e: MessageEvent) => {
      if (isHostMessage(e.data)) this.receive(e.data);
    });
  }

  request<K extends TimelineRequest['type']>(type: K, params: RequestParams<K>): Promise<ResponseFor[K]> {
    const requestId = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(requestId, { resolve: resolve as (r: never) => void, reject });
      this.api.postMessage({ ...params, type, requestId });
    });
  }

  notify(m: WebviewNotification): void {
    this.api.postMessage(m);
  }

  getState<T>(): T | undefined {
    return (this.api.getState() as T | undefined) ?? undefined;
  }

  setState(s: unknown): void {
    this.api.setState(s);
  }

  private receive(m: HostMessage): void {
    switch (m.type) {
      case 'show':
      case 'reveal':
      case 'invalidate':
        this.onNotification(m);
        return;
      case 'error': {
        const p = this.pending.get(m.requestId);
        this.pending.delete(m.requestId);
        p?.reject(new Error(m.message));
        return;
      }
      case 'openGroupResult':
      case 'spanChunkResult':
      case 'markerChunkResult':
      case 'spanDetailResult':
      case 'recordsResult':
      case 'criticalPathResult':
      case 'searchRecordsResult':
      case 'markerRecordResult':
      case 'recordViewResult': {
        const p = this.pending.get(m.requestId);
        this.pending.delete(m.requestId);
        p?.resolve(m as never);
        return;
      }
      default: {
        const never: never = m;
        void never;
      }
    }
  }
}
