// The Logs view in the panel: a webview view whose page (webview/logs/) asks for rows and summaries through the
// Logs protocol; this side answers from the feed and turns the page's notifications into the extension's actions.

import * as vscode from 'vscode';
import { randomBytes } from 'node:crypto';
import type { FilterProblem, LogsHostMessage, LogsQuery, LogsWebviewMessage } from '../../shared/protocol';
import { makeNonce } from '../webviewHtml';
import type { LogsFeed } from './feed';
import { logsHtml } from './html';

export interface LogsLinks {
  select(id: number): void;
  goToSource(id: number): Promise<void>;
  openFrame(id: number, line: number): Promise<void>;
  copy(id: number): Promise<void>;
  openTimeline(id: number): Promise<void>;
}

/** Live sources change the session many times a second; the page re-asks at most this often. */
const CHANGED_EVERY_MS = 250;

export class LogsViewProvider implements vscode.WebviewViewProvider, vscode.Disposable {
  private view: vscode.WebviewView | null = null;
  private ready = false;
  private held: LogsHostMessage[] = [];
  private changedTimer: NodeJS.Timeout | undefined;
  private readonly disposables: vscode.Disposable[] = [];
  /** Messages the page posted, newest last (the extension-host tests read them). */
  readonly received: LogsWebviewMessage[] = [];
  private readyWaiters: (() => void)[] = [];
  /** The last page the view was answered: its query and count (for the extension-host tests and the status). */
  lastPage: { query: LogsQuery; total: number; problem: FilterProblem | null } | null = null;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly feed: LogsFeed,
    private readonly links: LogsLinks,
  ) {}

  get visible(): boolean {
    return this.view?.visible ?? false;
  }

  resolveWebviewView(view: vscode.WebviewView): void {
    this.view = view;
    this.ready = false;
    const dist = vscode.Uri.joinPath(this.extensionUri, 'dist');
    view.webview.options = { enableScripts: true, localResourceRoots: [dist] };
    const w = view.webview;
    w.html = logsHtml({
      cspSource: w.cspSource,
      nonce: makeNonce((n) => randomBytes(n)),
      scriptUri: w.asWebviewUri(vscode.Uri.joinPath(dist, 'logs.js')).toString(),
      styleUri: w.asWebviewUri(vscode.Uri.joinPath(dist, 'logs.css')).toString(),
    });
    const sub = w.onDidReceiveMessage((m: unknown) => {
      if (typeof m === 'object' && m !== null && typeof (m as { type?: unknown }).type === 'string')
        void this.onMessage(m as LogsWebviewMessage);
    });
    view.onDidDispose(() => {
      sub.dispose();
      if (this.view === view) {
        this.view = null;
        this.ready = false;
      }
    });
  }

  /** Sends to the page, holding messages until its script listens. */
  post(m: LogsHostMessage): void {
    if (!this.view || !this.ready) {
      this.held.push(m);
      return;
    }
    void this.view.webview.postMessage(m);
  }

  /** Resolves once the page listens (after `threadline.logs.focus` created it). */
  whenReady(): Promise<void> {
    if (this.ready) return Promise.resolve();
    return new Promise((r) => this.readyWaiters.push(r));
  }

  /** The session changed: tell a visible page, at most every CHANGED_EVERY_MS. */
  changed(): void {
    if (!this.view || !this.ready || this.changedTimer) return;
    this.changedTimer = setTimeout(() => {
      this.changedTimer = undefined;
      if (this.view && this.ready)
        void this.view.webview.postMessage({ type: 'logsChanged' } satisfies LogsHostMessage);
    }, CHANGED_EVERY_MS);
  }

  /** A message as the page posts it (the extension-host tests stand in for the page's clicks with this). */
  receive(m: LogsWebviewMessage): Promise<void> {
    return this.onMessage(m);
  }

  private async onMessage(m: LogsWebviewMessage): Promise<void> {
    this.received.push(m);
    if (this.received.length > 500) this.received.splice(0, 250);
    switch (m.type) {
      case 'logsReady':
        this.ready = true;
        for (const h of this.held.splice(0)) void this.view?.webview.postMessage(h);
        for (const r of this.readyWaiters.splice(0)) r();
        return;
      case 'logsSelect':
        this.links.select(m.id);
        return;
      case 'logsGoToSource':
        await this.links.goToSource(m.id);
        return;
      case 'logsOpenFrame':
        await this.links.openFrame(m.id, m.line);
        return;
      case 'logsCopy':
        await this.links.copy(m.id);
        return;
      case 'logsOpenTimeline':
        await this.links.openTimeline(m.id);
        return;
      default: {
        const answer = await this.feed.answer(m);
        if (m.type === 'logsPage' && answer.type === 'logsPageResult')
          this.lastPage = { query: m.query, total: answer.total, problem: answer.problem };
        void this.view?.webview.postMessage(answer);
      }
    }
  }

  dispose(): void {
    if (this.changedTimer) clearTimeout(this.changedTimer);
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}
