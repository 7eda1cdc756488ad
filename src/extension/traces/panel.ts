// The Traces table's editor tab: a webview panel whose page (webview/traces/) asks for rows and scatter points
// through the Traces protocol; this side answers from the feed and turns the page's notifications into actions.

import * as vscode from 'vscode';
import { randomBytes } from 'node:crypto';
import type { GroupRef } from '../../core/session/api';
import type { TracesHostMessage, TracesPageResponse, TracesQuery, TracesWebviewMessage } from '../../shared/protocol';
import { makeNonce } from '../webviewHtml';
import type { TracesFeed } from './feed';
import { tracesHtml } from './html';

export const TRACES_VIEW_TYPE = 'threadline.traces';

export interface TracesLinks {
  openTimeline(ref: GroupRef): Promise<void>;
  showLogs(ref: GroupRef, label: string): Promise<void>;
  filterLogs(filter: string): Promise<void>;
  select(ref: GroupRef): void;
}

/** Live sources change the session many times a second: the page re-asks at most this often. */
const CHANGED_EVERY_MS = 500;

export class TracesPanel implements vscode.Disposable {
  private ready = false;
  private held: TracesHostMessage[] = [];
  private changedTimer: NodeJS.Timeout | undefined;
  private readyWaiters: (() => void)[] = [];
  private disposed = false;
  /** Messages the page posted, newest last (the extension-host tests read them). */
  readonly received: TracesWebviewMessage[] = [];
  /** The last page answered: its query and rows (for the extension-host tests). */
  lastPage: { query: TracesQuery; answer: TracesPageResponse } | null = null;

  static create(extensionUri: vscode.Uri, feed: TracesFeed, links: TracesLinks, onDispose: () => void): TracesPanel {
    const dist = vscode.Uri.joinPath(extensionUri, 'dist');
    const panel = vscode.window.createWebviewPanel(
      TRACES_VIEW_TYPE,
      'Traces',
      { viewColumn: vscode.ViewColumn.Active },
      { enableScripts: true, retainContextWhenHidden: true, localResourceRoots: [dist] },
    );
    return new TracesPanel(panel, extensionUri, feed, links, onDispose);
  }

  constructor(
    readonly panel: vscode.WebviewPanel,
    extensionUri: vscode.Uri,
    private readonly feed: TracesFeed,
    private readonly links: TracesLinks,
    onDispose: () => void,
  ) {
    const dist = vscode.Uri.joinPath(extensionUri, 'dist');
    const w = panel.webview;
    w.options = { enableScripts: true, localResourceRoots: [dist] };
    w.html = tracesHtml({
      cspSource: w.cspSource,
      nonce: makeNonce((n) => randomBytes(n)),
      scriptUri: w.asWebviewUri(vscode.Uri.joinPath(dist, 'traces.js')).toString(),
      styleUri: w.asWebviewUri(vscode.Uri.joinPath(dist, 'traces.css')).toString(),
    });
    const sub = w.onDidReceiveMessage((m: unknown) => {
      if (typeof m === 'object' && m !== null && typeof (m as { type?: unknown }).type === 'string')
        void this.onMessage(m as TracesWebviewMessage);
    });
    panel.onDidDispose(() => {
      sub.dispose();
      this.disposed = true;
      if (this.changedTimer) clearTimeout(this.changedTimer);
      onDispose();
    });
  }

  /** Sends to the page, holding messages until its script listens. */
  post(m: TracesHostMessage): void {
    if (this.disposed) return;
    if (!this.ready) {
      this.held.push(m);
      return;
    }
    void this.panel.webview.postMessage(m);
  }

  whenReady(): Promise<void> {
    if (this.ready) return Promise.resolve();
    return new Promise((r) => this.readyWaiters.push(r));
  }

  /** The session changed: tell the page, at most every CHANGED_EVERY_MS. */
  changed(): void {
    if (this.disposed || !this.ready || this.changedTimer) return;
    this.changedTimer = setTimeout(() => {
      this.changedTimer = undefined;
      if (!this.disposed) void this.panel.webview.postMessage({ type: 'tracesChanged' } satisfies TracesHostMessage);
    }, CHANGED_EVERY_MS);
  }

  /** A message as the page posts it (the extension-host tests stand in for the page's clicks with this). */
  receive(m: TracesWebviewMessage): Promise<void> {
    return this.onMessage(m);
  }

  private async onMessage(m: TracesWebviewMessage): Promise<void> {
    this.received.push(m);
    if (this.received.length > 500) this.received.splice(0, 250);
    switch (m.type) {
      case 'tracesReady':
        this.ready = true;
        for (const h of this.held.splice(0)) void this.panel.webview.postMessage(h);
        for (const r of this.readyWaiters.splice(0)) r();
        return;
      case 'tracesOpen': {
        const ref =
          'id' in m.target ? { by: m.by, id: m.target.id } : this.feed.pointGroup(m.target.query, m.target.point);
        if (ref) await this.links.openTimeline(ref);
        return;
      }
      case 'tracesShowLogs':
        await this.links.showLogs(m.group, m.label);
        return;
      case 'tracesFilterLogs':
        await this.links.filterLogs(m.filter);
        return;
      case 'tracesSelect':
        this.links.select(m.group);
        return;
      default: {
        const answer = this.feed.answer(m);
        if (m.type === 'tracesPage' && answer.type === 'tracesPageResult') this.lastPage = { query: m.query, answer };
        if (!this.disposed) void this.panel.webview.postMessage(answer);
      }
    }
  }

  dispose(): void {
    this.panel.dispose();
  }
}
