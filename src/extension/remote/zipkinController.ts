// The Zipkin connection of this window: its URL (setting `threadline.zipkin.url`), its credentials (SecretStorage,
// per URL), the searches run so far and the traces fetched. Nothing is sent until a command asks: activation,
// opening the Sources view or expanding the Zipkin node send no request.

import * as vscode from 'vscode';
import { mergeRemoteTrace, type MergeResult } from '../../core/remote/merge';
import {
  RemoteTraceError,
  type RemoteTraceSummary,
  type TraceQuery,
  type TraceStore,
} from '../../core/remote/traceStore';
import { ZipkinTraceStore } from '../../core/remote/zipkin';
import { queryText } from '../../core/remote/queryText';
import type { SessionHost } from '../sessionHost';

export const ZIPKIN_URL_SETTING = 'zipkin.url';
const CONFIGURED_CONTEXT = 'threadline.zipkinConfigured';
const SEARCHES_KEPT = 10;

export interface ZipkinSearch {
  id: number;
  query: TraceQuery;
  /** The query as typed (queryText), for the tree's label. */
  text: string;
  state: 'running' | 'done' | 'failed';
  results: RemoteTraceSummary[];
  error: string | null;
}

/** A trace fetched into the session, or why it could not be. */
export type FetchedTrace =
  { traceId: string; merged: MergeResult; error: null } | { traceId: string; merged: null; error: RemoteTraceError };

const secretKey = (url: string) => `threadline.zipkin.authorization ${url}`;

export class ZipkinController implements vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<void>();
  readonly onDidChange = this.emitter.event;
  readonly searches: ZipkinSearch[] = [];
  /** Traces opened by ID or from a result, in the order fetched (latest fetch wins). */
  readonly fetched = new Map<string, FetchedTrace>();
  private nextSearch = 1;
  private readonly subs: vscode.Disposable[] = [];

  constructor(
    private readonly secrets: vscode.SecretStorage,
    private readonly host: SessionHost,
  ) {
    this.subs.push(
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (!e.affectsConfiguration(`threadline.${ZIPKIN_URL_SETTING}`)) return;
        this.searches.length = 0;
        this.fetched.clear();
        this.updateContext();
        this.emitter.fire();
      }),
      // A cleared session no longer holds the fetched spans: fetch again when asked.
      host.onDidChange((why) => {
        if (why !== 'clear' || this.fetched.size === 0) return;
        this.fetched.clear();
        this.emitter.fire();
      }),
    );
    this.updateContext();
  }

  /** The configured URL, normalised, or null when none is set. */
  url(): string | null {
    const raw = vscode.workspace.getConfiguration('threadline').get<string>(ZIPKIN_URL_SETTING, '').trim();
    if (!raw) return null;
    try {
      return new ZipkinTraceStore(raw).url;
    } catch {
      return raw;
    }
  }

  private timeoutMs(): number {
    const s = vscode.workspace.getConfiguration('threadline').get<number>('zipkin.timeoutSeconds', 15);
    return Math.max(1, Number.isFinite(s) ? s : 15) * 1000;
  }

  /** A store for `url` (default: the configured one) with its saved credentials; 'invalid-request' for a bad URL. */
  async store(url = this.url()): Promise<TraceStore> {
    if (!url)
      throw new RemoteTraceError(
        'invalid-request',
        'no Zipkin is connected: run "Threadline: Connect to Zipkin…" first',
        '',
      );
    const probe = new ZipkinTraceStore(url);
    const auth = await this.secrets.get(secretKey(probe.url));
    return new ZipkinTraceStore(url, {
      timeoutMs: this.timeoutMs(),
      ...(auth ? { headers: { authorization: auth } } : {}),
    });
  }

  /** Checks that `url` answers as Zipkin (one request), then remembers it and its credentials. */
  async connect(url: string, authorization: string | null): Promise<{ url: string; services: string[] }> {
    const base = new ZipkinTraceStore(url).url;
    const store = new ZipkinTraceStore(base, {
      timeoutMs: this.timeoutMs(),
      ...(authorization ? { headers: { authorization } } : {}),
    });
    const services = await store.services();
    if (authorization) await this.secrets.store(secretKey(base), authorization);
    else await this.secrets.delete(secretKey(base));
    const config = vscode.workspace.getConfiguration('threadline');
    const inWorkspace = config.inspect<string>(ZIPKIN_URL_SETTING)?.workspaceValue !== undefined;
    await config.update(
      ZIPKIN_URL_SETTING,
      base,
      inWorkspace ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global,
    );
    this.updateContext();
    this.emitter.fire();
    return { url: base, services };
  }

  async disconnect(): Promise<void> {
    const url = this.url();
    if (url) await this.secrets.delete(secretKey(url));
    const config = vscode.workspace.getConfiguration('threadline');
    const where = config.inspect<string>(ZIPKIN_URL_SETTING);
    if (where?.workspaceValue !== undefined)
      await config.update(ZIPKIN_URL_SETTING, undefined, vscode.ConfigurationTarget.Workspace);
    if (where?.globalValue !== undefined)
      await config.update(ZIPKIN_URL_SETTING, undefined, vscode.ConfigurationTarget.Global);
    this.searches.length = 0;
    this.fetched.clear();
    this.updateContext();
    this.emitter.fire();
  }

  async search(query: TraceQuery): Promise<ZipkinSearch> {
    const search: ZipkinSearch = {
      id: this.nextSearch++,
      query,
      text: queryText(query),
      state: 'running',
      results: [],
      error: null,
    };
    this.searches.unshift(search);
    this.searches.splice(SEARCHES_KEPT);
    this.emitter.fire();
    try {
      search.results = await (await this.store()).search(query);
      search.state = 'done';
    } catch (e) {
      search.state = 'failed';
      search.error = e instanceof Error ? e.message : String(e);
      throw e;
    } finally {
      this.emitter.fire();
    }
    return search;
  }

  get session() {
    return this.host.session;
  }

  /** The trace as fetched before, else fetched now: for a tree row that lists the spans when expanded. */
  async loadTrace(traceId: string): Promise<MergeResult> {
    const known = this.fetched.get(traceId.toLowerCase());
    if (known?.merged) return known.merged;
    if (known?.error) throw known.error;
    return this.fetchTrace(traceId);
  }

  /** Fetches a trace and merges it into the session (spans it holds already are not added again). */
  async fetchTrace(traceId: string): Promise<MergeResult> {
    const store = await this.store();
    try {
      const trace = await store.trace(traceId);
      const merged = mergeRemoteTrace(this.host.session, store, trace);
      this.fetched.delete(trace.traceId);
      this.fetched.set(trace.traceId, { traceId: trace.traceId, merged, error: null });
      this.host.refresh();
      return merged;
    } catch (e) {
      if (e instanceof RemoteTraceError)
        this.fetched.set(traceId.toLowerCase(), { traceId: traceId.toLowerCase(), merged: null, error: e });
      throw e;
    } finally {
      this.emitter.fire();
    }
  }

  private updateContext(): void {
    void vscode.commands.executeCommand('setContext', CONFIGURED_CONTEXT, this.url() !== null);
  }

  dispose(): void {
    for (const s of this.subs) s.dispose();
    this.emitter.dispose();
  }
}
